package dev.limitto.jira.token;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Durations as admins write them: a number and a unit, {@code 30s}, {@code 15m}, {@code 12h},
 * {@code 7d}, {@code 2w}, or several of them from the largest unit down ({@code 1d12h}). The one
 * parser of the token lifetimes and look-back windows that admins type (the command line, and
 * any other admin front end), and the one formatter for durations shown back to them, so that a
 * message says {@code 365d}, never {@code PT8760H}.
 *
 * <p>Settings files have their own, wider grammar ({@link TokenSettings#parseDuration}: also
 * {@code 500ms}, {@code 0} and ISO-8601), since they configure intervals, not lifetimes.
 */
public final class DurationText {

  /** Most digits of one number: 999,999,999 weeks is far beyond any lifetime, yet no overflow. */
  static final int MAX_DIGITS = 9;

  public static final String ERR_DURATION =
      "'%s' is not a duration: write a number and a unit, s, m, h, d or w (e.g. 30s, 15m, 12h,"
          + " 7d, 2w, or 1d12h)";
  public static final String ERR_ZERO = "'%s' is not a duration: it must be longer than zero";

  /** The units from the largest down, as written. */
  private static final String UNITS = "wdhms";
  private static final long[] SECONDS = {7 * 86_400L, 86_400L, 3_600L, 60L, 1L};

  private DurationText() {}

  /**
   * Parses {@code 30s}, {@code 15m}, {@code 12h}, {@code 7d}, {@code 2w}, or a combination from the
   * largest unit down ({@code 2w3d}, {@code 1h30m}). Letters are case-insensitive; surrounding
   * spaces are ignored. Zero is refused: a lifetime or a look-back window of nothing is a mistake.
   *
   * @throws IllegalArgumentException ({@link #ERR_DURATION}, {@link #ERR_ZERO}) quoting the text
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.strip().toLowerCase(Locale.ROOT);
    long seconds = 0;
    int i = 0;
    int lastUnit = -1;
    if (s.isEmpty()) {
      throw new IllegalArgumentException(String.format(ERR_DURATION, text));
    }
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == start || i - start > MAX_DIGITS || i == s.length()) {
        throw new IllegalArgumentException(String.format(ERR_DURATION, text));
      }
      int unit = UNITS.indexOf(s.charAt(i));
      if (unit < 0 || unit <= lastUnit) {
        throw new IllegalArgumentException(String.format(ERR_DURATION, text));
      }
      seconds += Long.parseLong(s, start, i, 10) * SECONDS[unit];
      lastUnit = unit;
      i++;
    }
    if (seconds == 0) {
      throw new IllegalArgumentException(String.format(ERR_ZERO, text));
    }
    return Duration.ofSeconds(seconds);
  }

  /**
   * A duration the way {@link #parse} reads it, largest unit first without weeks ({@code 365d},
   * {@code 1d12h}, {@code 90s} as {@code 1m30s}); milliseconds are kept as {@code ms}, zero is
   * {@code 0}. Negative durations get a leading {@code -}.
   */
  public static String format(Duration d) {
    Objects.requireNonNull(d, "d");
    if (d.isZero()) {
      return "0";
    }
    StringBuilder sb = new StringBuilder();
    if (d.isNegative()) {
      sb.append('-');
      d = d.negated();
    }
    long s = d.getSeconds();
    // days, hours, minutes, seconds: weeks would turn the admin's 14d into 2w
    for (int u = 1; u < UNITS.length(); u++) {
      long n = s / SECONDS[u];
      if (n > 0) {
        sb.append(n).append(UNITS.charAt(u));
        s -= n * SECONDS[u];
      }
    }
    long millis = d.getNano() / 1_000_000;
    if (millis > 0) {
      sb.append(millis).append("ms");
    } else if (sb.length() == 0 || sb.charAt(sb.length() - 1) == '-') {
      sb.append(d.getNano()).append("ns");
    }
    return sb.toString();
  }
}
