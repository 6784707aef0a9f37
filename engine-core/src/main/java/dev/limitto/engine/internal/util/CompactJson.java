package dev.limitto.engine.internal.util;

import java.util.List;
import java.util.Map;

/**
 * Writes the small JSON bodies the analyses show as examples (a diff's witness, a lint
 * warning's body): maps as objects, lists as arrays, {@link Raw} as written, anything else as a
 * string. Compact, keys in the map's order, control characters escaped.
 */
public final class CompactJson {

  /** A JSON literal written as it is ({@code null}, {@code true}, a number). */
  public record Raw(String text) {}

  private CompactJson() {}

  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    append(sb, value);
    return sb.toString();
  }

  private static void append(StringBuilder sb, Object value) {
    if (value instanceof Raw raw) {
      sb.append(raw.text());
    } else if (value instanceof Map<?, ?> map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        string(sb, String.valueOf(e.getKey()));
        sb.append(':');
        append(sb, e.getValue());
      }
      sb.append('}');
    } else if (value instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        append(sb, list.get(i));
      }
      sb.append(']');
    } else {
      string(sb, String.valueOf(value));
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }
}
