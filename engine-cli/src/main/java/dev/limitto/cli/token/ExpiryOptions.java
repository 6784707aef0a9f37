package dev.limitto.cli.token;

import dev.limitto.cli.TimeText;
import dev.limitto.cli.UsageException;
import dev.limitto.jira.token.DurationText;
import dev.limitto.jira.token.TokenSettings;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Option;

/**
 * {@code --expires-in}, {@code --days} and {@code --expires}: a token's expiry as a lifetime or a
 * point in time, at most one of them. Errors quote what the admin typed ({@code 400d}), never a
 * {@link Duration}'s ISO form.
 */
final class ExpiryOptions {

  static final String ERR_SEVERAL =
      "give one of --expires-in, --days and --expires, not several";
  static final String ERR_DAYS = "--days must be a whole number of days from 1, was '%s'";
  static final String ERR_TOO_LONG =
      "%s %s is longer than the maximum lifetime of %s (" + TokenSettings.MAX_LIFETIME + ")";

  @Option(names = "--expires-in", paramLabel = "DURATION",
      description = "Lifetime from now: a number and a unit, s, m, h, d or w (30s, 15m, 12h,"
          + " 30d, 2w, 1d12h).")
  String expiresIn;

  @Option(names = "--days", paramLabel = "N",
      description = "Lifetime from now in days, the same as --expires-in Nd.")
  String days;

  @Option(names = "--expires", paramLabel = "WHEN",
      description = "Expiry as a point in time: a date (2026-12-31, meaning the end of that day"
          + " in UTC), a date and time in UTC (2026-12-31T18:00) or with a zone"
          + " (2026-12-31T18:00:00Z).")
  String expires;

  /** Whether any of the options was given. */
  boolean given() {
    return expiresIn != null || days != null || expires != null;
  }

  /** The lifetime asked for with {@code --expires-in} or {@code --days}, or null. */
  Duration lifetime() {
    check();
    if (expiresIn != null) {
      try {
        return DurationText.parse(expiresIn);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--expires-in: " + e.getMessage());
      }
    }
    if (days != null) {
      String n = days.strip();
      if (!n.matches("[0-9]{1,6}") || Long.parseLong(n) == 0) {
        throw new UsageException(String.format(ERR_DAYS, days));
      }
      return Duration.ofDays(Long.parseLong(n));
    }
    return null;
  }

  /**
   * Refuses a lifetime beyond the maximum, quoting the option as the admin wrote it ({@code
   * --expires-in 400d}) and the maximum as a duration ({@code 365d}).
   */
  void checkLifetime(Duration lifetime, TokenSettings settings) {
    Duration max = settings.maxLifetime();
    if (lifetime == null || max.isZero() || lifetime.compareTo(max) <= 0) {
      return;
    }
    String option = expiresIn != null ? "--expires-in" : "--days";
    String text = (expiresIn != null ? expiresIn : days).strip();
    throw new UsageException(String.format(ERR_TOO_LONG, option, text, DurationText.format(max)));
  }

  /** The point in time asked for with {@code --expires}, or null. */
  Instant at() {
    check();
    if (expires == null) {
      return null;
    }
    try {
      return TimeText.parse(expires, TimeText.DateMeans.END_OF_DAY);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--expires: " + e.getMessage());
    }
  }

  private void check() {
    int n = (expiresIn != null ? 1 : 0) + (days != null ? 1 : 0) + (expires != null ? 1 : 0);
    if (n > 1) {
      throw new UsageException(ERR_SEVERAL);
    }
  }
}
