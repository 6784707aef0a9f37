package dev.limitto.jira.gate;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The adapter's one percent-decoding of query strings and form bodies ({@code +} is a space,
 * {@code %XX} a byte): {@link #decode} is lenient as servlet containers are, so that the gate
 * sees a name as the host will ({@code os%5Fusername} is {@code os_username}) and a malformed
 * escape is kept as it is; {@link #decodeStrict} refuses a malformed escape or malformed UTF-8
 * (the admin API's query parameters). {@link TokenMask} reads escapes with {@link #hexValue}.
 * The engine's canonical target keeps its own decoder, inside engine-core.
 */
public final class PercentCodec {

  private PercentCodec() {}

  /** The value of a hexadecimal digit, or -1. */
  static int hexValue(char c) {
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

  /**
   * Decodes {@code s[from, to)} of a query string or form body: {@code +} is a space, {@code %XX}
   * a byte, bytes in {@code charset}. With {@code bytes}, characters up to U+00FF stand for one
   * byte each (a form body read as ISO-8859-1); otherwise a non-ASCII character is encoded in
   * {@code charset}.
   */
  static String decode(String s, int from, int to, Charset charset, boolean bytes) {
    return decode(s, from, to, charset, bytes, false);
  }

  /**
   * Decodes a whole query component as UTF-8, refusing what a lenient decoder would keep.
   *
   * @throws IllegalArgumentException for a {@code %} not followed by two hexadecimal digits, or
   *     bytes that are not UTF-8
   */
  public static String decodeStrict(String s) {
    return decode(s, 0, s.length(), StandardCharsets.UTF_8, false, true);
  }

  private static String decode(
      String s, int from, int to, Charset charset, boolean bytes, boolean strict) {
    boolean plain = true;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%' || c == '+' || c >= 0x80) {
        plain = false;
        break;
      }
    }
    if (plain) {
      return s.substring(from, to);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '+') {
        out.write(' ');
      } else if (c == '%' && i + 2 < to && hexValue(s.charAt(i + 1)) >= 0
          && hexValue(s.charAt(i + 2)) >= 0) {
        out.write(hexValue(s.charAt(i + 1)) * 16 + hexValue(s.charAt(i + 2)));
        i += 2;
      } else if (c == '%' && strict) {
        throw new IllegalArgumentException("malformed percent escape at " + (i - from));
      } else if (c < 0x80 || (bytes && c < 0x100)) {
        out.write(c);
      } else {
        byte[] b = String.valueOf(c).getBytes(charset);
        out.write(b, 0, b.length);
      }
    }
    if (!strict) {
      return out.toString(charset);
    }
    try {
      return charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not " + charset.name(), e);
    }
  }
}
