package dev.limitto.engine.internal.rules;

/**
 * The texts of denial reasons and line explanations (LIMIT-TO.md §6). A denial names the rejection
 * rule of the request target, or the closest line and the part of it that failed (how the closest
 * line is chosen: {@link CompiledRules}, {@link ClosestLine}).
 *
 * <p>A reason quotes the rule set, never what the request carried: no path, no query value, no
 * body value. Reasons end up in 403 responses, logs and the audit log, which must not hold query
 * values or bodies; and a reason that quotes only the rule set can be made once per line at
 * compile time, so that a denial costs no allocation. The one request text a reason names is a
 * request method that a line does not admit (an HTTP token, echoed bounded). Rule text is
 * echoed bounded and with control characters escaped, so a reason is safe to log and to show.
 */
public final class Reasons {

  private Reasons() {}

  /** The rejection of the request target (§4). */
  public static final String REJECTED = "request rejected: %s";

  /** A request view whose method is null or empty. */
  public static final String NO_METHOD = "request has no method";

  /** The body could not be read from the request. */
  public static final String BODY_UNREADABLE = "request body could not be read";

  /** Line number, detail. */
  public static final String LINE = "line %d: %s";

  /** Request method, method set. */
  public static final String METHOD_NOT_IN = "method %s not in %s";

  /** URL regex as written. */
  public static final String URL_NO_MATCH = "URL does not match %s";

  /** Parameter name. */
  public static final String QUERY_MISSING = "QueryParam %s missing";

  /** Parameter name, value regex as written. */
  public static final String QUERY_NO_MATCH = "QueryParam %s value does not match %s";

  /**
   * {@code JsonData <selector>: <problem>}: the selector as written, why the body could not be
   * used (headers, size, syntax). Concatenated rather than formatted: a denial of a JSON body
   * is on the request path.
   */
  static String jsonBodyFailed(String selector, String problem) {
    return "JsonData " + selector + ": " + problem;
  }

  /** {@code JsonData: <why>}: what the JSON check said of one predicate (naming its selector). */
  static String jsonFailed(String why) {
    return "JsonData: " + why;
  }

  /** The detail of a line that matched. */
  public static final String MATCHED = "all parts match";

  /**
   * {@link #LINE} filled in without a {@code Formatter}: denials are on the request path, where
   * {@code String.format} costs microseconds; the text is the same.
   */
  static String line(int number, String detail) {
    return "line " + number + ": " + detail;
  }


  /** Most characters of request or rule text echoed in one reason. */
  public static final int MAX_ECHO = 200;

  /**
   * Echoes text into a reason: control and line-separator characters as {@code \\uXXXX}, at most
   * {@link #MAX_ECHO} characters, then {@code ...}.
   */
  public static String echo(String text) {
    if (text == null) {
      return "(none)";
    }
    int n = Math.min(text.length(), MAX_ECHO);
    if (n < text.length() && Character.isHighSurrogate(text.charAt(n - 1))) {
      n--; // never cut a character in half
    }
    StringBuilder sb = null;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      boolean unsafe = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
      if (unsafe && sb == null) {
        sb = new StringBuilder(n + 16).append(text, 0, i);
      }
      if (sb != null) {
        if (unsafe) {
          sb.append(String.format("\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
    }
    String head = sb == null ? text.substring(0, n) : sb.toString();
    return n < text.length() ? head + "..." : head;
  }
}
