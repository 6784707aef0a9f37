package dev.limitto.engine.internal.json;

/**
 * The name of the field the scanner is in, compared with selector names without building a
 * String: either the raw bytes of the body (a name without escapes and all ASCII, the usual
 * case, compared as they are) or its decoded chars. Per-use state of one scanner, reused.
 */
final class FieldName {

  private byte[] bytes;
  private int from;
  private char[] chars;
  private int length;
  private boolean raw;

  /** The ASCII bytes {@code bytes[from, from + length)} are the name. */
  void setRaw(byte[] bytes, int from, int length) {
    this.bytes = bytes;
    this.from = from;
    this.length = length;
    this.raw = true;
  }

  /** The chars {@code chars[0, length)} are the decoded name. */
  void setChars(char[] chars, int length) {
    this.chars = chars;
    this.length = length;
    this.raw = false;
  }

  /** Drops the references to a body and a buffer. */
  void clear() {
    bytes = null;
    chars = null;
    length = 0;
  }

  /** A name given as a String (for callers that have one). */
  static FieldName of(String name) {
    FieldName field = new FieldName();
    field.setChars(name.toCharArray(), name.length());
    return field;
  }

  /** Whether this name is exactly {@code name} (case-sensitive, after JSON unescaping). */
  boolean is(char[] name) {
    int n = length;
    if (name.length != n) {
      return false;
    }
    if (raw) {
      // ASCII bytes: a byte equals a char exactly when the char is that ASCII character
      byte[] b = bytes;
      int at = from;
      for (int i = 0; i < n; i++) {
        if (name[i] != b[at + i]) {
          return false;
        }
      }
    } else {
      char[] c = chars;
      for (int i = 0; i < n; i++) {
        if (name[i] != c[i]) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return raw ? new String(bytes, from, length, java.nio.charset.StandardCharsets.US_ASCII)
        : new String(chars, 0, length);
  }
}
