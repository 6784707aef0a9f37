package dev.limitto.engine.internal.json;

/**
 * Short, printable excerpts of request data for failure reasons: bounded in length, and with
 * control and line-breaking characters escaped so that a reason cannot forge log lines.
 */
final class Excerpt {

  /** Most characters of a body value, selector or regex quoted in one reason. */
  static final int MAX_CHARS = 32;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Excerpt() {}

  /** The text in double quotes, JSON-style escaped, cut after {@link #MAX_CHARS} characters. */
  static String quoted(CharSequence s) {
    StringBuilder sb = new StringBuilder(MAX_CHARS + 8).append('"');
    append(sb, s, true);
    return sb.append('"').toString();
  }

  /** The text as it is (numbers, literals, selectors, regexes), escaped and cut like {@link #quoted}. */
  static String plain(CharSequence s) {
    StringBuilder sb = new StringBuilder(MAX_CHARS + 8);
    append(sb, s, false);
    return sb.toString();
  }

  private static void append(StringBuilder sb, CharSequence s, boolean quoting) {
    int n = Math.min(s.length(), MAX_CHARS);
    if (n < s.length() && n > 0 && Character.isHighSurrogate(s.charAt(n - 1))) {
      n--; // do not cut a surrogate pair in half
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (quoting && (c == '"' || c == '\\')) {
        sb.append('\\').append(c);
      } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
        sb.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
            .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
      } else {
        sb.append(c);
      }
    }
    if (n < s.length()) {
      sb.append("...");
    }
  }
}
