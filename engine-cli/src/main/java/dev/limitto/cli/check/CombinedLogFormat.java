package dev.limitto.cli.check;

import dev.limitto.engine.Request;

/**
 * One line of an Apache or Tomcat access log in the common or combined format,
 * {@code host ident user [time] "METHOD TARGET HTTP/1.1" status bytes "referer" "agent"}: only
 * the method and the request-target are read (a log has no headers and no body). The fields
 * after the request are not needed and not checked, so the common format, the combined format
 * and formats that append fields all work. Stateless and thread-safe.
 *
 * <p>The request is read as Apache writes it: {@code \"} and {@code \\} are a quote and a
 * backslash, {@code \xhh} a byte (kept as the character U+00hh, which the engine then rejects as
 * it would the raw byte). A target is passed to the engine exactly as logged, not decoded.
 */
final class CombinedLogFormat implements InputFormat {

  static final String EMPTY_LINE = "empty line";
  static final String NO_TIME = "no [time] field";
  static final String NO_REQUEST = "no quoted request after the [time] field";
  static final String UNCLOSED_REQUEST = "the quoted request is not closed";
  static final String DASH_REQUEST = "no request line (\"-\"): the client sent no request";
  static final String BAD_REQUEST = "request \"%s\" is not METHOD TARGET HTTP/VERSION";
  static final String BAD_METHOD = "method \"%s\" is not an HTTP token";

  /** Longest request text quoted in a message. */
  private static final int MAX_QUOTE = 80;

  @Override
  public Parsed parse(String line) {
    if (line.isBlank()) {
      return new Malformed(EMPTY_LINE);
    }
    int open = line.indexOf('[');
    int close = open < 0 ? -1 : line.indexOf(']', open + 1);
    if (close < 0) {
      return new Malformed(NO_TIME);
    }
    int q = close + 1;
    while (q < line.length() && line.charAt(q) == ' ') {
      q++;
    }
    if (q >= line.length() || line.charAt(q) != '"') {
      return new Malformed(NO_REQUEST);
    }
    StringBuilder request = new StringBuilder(64);
    int i = q + 1;
    boolean closed = false;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '"') {
        closed = true;
        break;
      }
      if (c == '\\' && i + 1 < line.length()) {
        char e = line.charAt(i + 1);
        if (e == 'x' && i + 3 < line.length() && hex(line.charAt(i + 2)) >= 0
            && hex(line.charAt(i + 3)) >= 0) {
          request.append((char) (hex(line.charAt(i + 2)) * 16 + hex(line.charAt(i + 3))));
          i += 4;
          continue;
        }
        request.append(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
        i += 2;
        continue;
      }
      request.append(c);
      i++;
    }
    if (!closed) {
      return new Malformed(UNCLOSED_REQUEST);
    }
    return request(request.toString());
  }

  private static Parsed request(String text) {
    if (text.equals("-") || text.isEmpty()) {
      return new Malformed(DASH_REQUEST);
    }
    int sp1 = text.indexOf(' ');
    if (sp1 <= 0) {
      return new Malformed(String.format(BAD_REQUEST, quote(text)));
    }
    int sp2 = text.indexOf(' ', sp1 + 1);
    String method = text.substring(0, sp1);
    String target;
    if (sp2 < 0) {
      target = text.substring(sp1 + 1); // HTTP/0.9: no version
    } else {
      target = text.substring(sp1 + 1, sp2);
      String version = text.substring(sp2 + 1);
      if (!version.startsWith("HTTP/") || version.indexOf(' ') >= 0) {
        return new Malformed(String.format(BAD_REQUEST, quote(text)));
      }
    }
    if (target.isEmpty()) {
      return new Malformed(String.format(BAD_REQUEST, quote(text)));
    }
    for (int k = 0; k < method.length(); k++) {
      if (!isTokenChar(method.charAt(k))) {
        return new Malformed(String.format(BAD_METHOD, quote(method)));
      }
    }
    return new Ok(Request.of(method, target));
  }

  private static boolean isTokenChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Request text for a message: bounded, control characters escaped. */
  static String quote(String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length() && i < MAX_QUOTE; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return text.length() > MAX_QUOTE ? sb + "..." : sb.toString();
  }
}
