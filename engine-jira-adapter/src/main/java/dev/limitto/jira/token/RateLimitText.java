package dev.limitto.jira.token;

import dev.limitto.jira.store.TokenControls.RateLimit;
import java.time.Duration;
import java.util.Locale;

/**
 * The text form of a rate limit, as the command line, the admin API and the docs write it:
 * {@code 5/s}, {@code 300/m} or {@code 10000/h} requests per second, minute or hour, and a burst
 * (how many requests may come at once; by default the count per period, at least 1).
 */
public final class RateLimitText {

  /** Most requests per period a limit may name. */
  public static final long MAX_PERMITS = 1_000_000;
  /** Largest burst. */
  public static final long MAX_BURST = 1_000_000;

  public static final String ERR_SHAPE =
      "rate limit '%s' is not COUNT/UNIT with a whole COUNT of 1 to " + MAX_PERMITS
          + " and UNIT s, m or h (e.g. 5/s, 300/m)";
  public static final String ERR_BURST = "burst %d must be 1 to " + MAX_BURST;
  public static final String ERR_BURST_WITHOUT_RATE = "a burst needs a rate limit";

  private RateLimitText() {}

  /**
   * Parses {@code COUNT/UNIT}; {@code burst} null for the default.
   *
   * @throws TokenAdminException naming the text and the limits
   */
  public static RateLimit parse(String text, Long burst) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    int slash = t.indexOf('/');
    if (slash <= 0 || slash != t.lastIndexOf('/') || slash + 2 != t.length()) {
      throw new TokenAdminException(String.format(ERR_SHAPE, text));
    }
    Duration period = switch (t.charAt(slash + 1)) {
      case 's' -> Duration.ofSeconds(1);
      case 'm' -> Duration.ofMinutes(1);
      case 'h' -> Duration.ofHours(1);
      default -> throw new TokenAdminException(String.format(ERR_SHAPE, text));
    };
    long permits;
    try {
      permits = Long.parseLong(t.substring(0, slash));
    } catch (NumberFormatException e) {
      throw new TokenAdminException(String.format(ERR_SHAPE, text));
    }
    if (permits < 1 || permits > MAX_PERMITS || !Character.isDigit(t.charAt(0))) {
      throw new TokenAdminException(String.format(ERR_SHAPE, text));
    }
    long b = burst == null ? permits : burst;
    if (b < 1 || b > MAX_BURST) {
      throw new TokenAdminException(String.format(ERR_BURST, b));
    }
    return new RateLimit(permits, period, b);
  }

  /** {@code 5/s burst 10}. */
  public static String format(RateLimit r) {
    return rate(r) + " burst " + r.burst();
  }

  /** {@code 5/s}. */
  public static String rate(RateLimit r) {
    long s = r.period().toSeconds();
    String unit = s == 3600 ? "h" : s == 60 ? "m" : s == 1 ? "s" : null;
    return unit != null ? r.permits() + "/" + unit
        : r.permits() + " per " + DurationText.format(r.period());
  }
}
