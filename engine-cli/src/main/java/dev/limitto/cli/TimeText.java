package dev.limitto.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Points in time as admins type them on the command line: a date ({@code 2026-12-31}), a date and
 * time in UTC ({@code 2026-12-31T18:00}, seconds optional), or with a zone ({@code
 * 2026-12-31T18:00:00Z}, {@code 2026-12-31T20:00+02:00}).
 */
public final class TimeText {

  /** What a date alone stands for. */
  public enum DateMeans {
    /** The start of that day in UTC: "since 2026-03-01" includes all of March 1st. */
    START_OF_DAY,
    /** The end of that day in UTC: "expires 2026-12-31" leaves all of December 31st. */
    END_OF_DAY
  }

  public static final String ERR_TIME =
      "'%s' is neither a date (2026-12-31) nor a date and time (2026-12-31T18:00 in UTC,"
          + " 2026-12-31T18:00:00Z, 2026-12-31T20:00+02:00)";

  private TimeText() {}

  /**
   * Parses a date, a date and time in UTC, or a date and time with a zone.
   *
   * @throws IllegalArgumentException ({@link #ERR_TIME}) quoting the text
   */
  public static Instant parse(String text, DateMeans date) {
    String s = text.strip();
    try {
      if (s.length() == 10) {
        LocalDate d = LocalDate.parse(s);
        return (date == DateMeans.END_OF_DAY ? d.plusDays(1) : d).atStartOfDay()
            .toInstant(ZoneOffset.UTC);
      }
      if (s.endsWith("Z") || s.lastIndexOf('+') > 10 || s.lastIndexOf('-') > 10) {
        return OffsetDateTime.parse(s).toInstant();
      }
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(String.format(ERR_TIME, text));
    }
  }
}
