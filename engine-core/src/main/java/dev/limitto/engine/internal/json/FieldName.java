package dev.limitto.engine.internal.json;

/**
 * The name of the field the scanner is in, compared with selector names without building a
 * String: either the raw bytes of the body (a name without escapes and all ASCII, the usual
 * case, compared as they are) or chars decoded into this name's own buffer. Per-use state of one
 * scanner, reused.
 *
 * <p>The buffer belongs to the name: a name is decoded into the array {@link #buffer} returns
 * and then {@link #setDecoded} says how much of it is the name, so a decoded name is always read
 * from the array it was written into. When the buffer is replaced to fit a longer name, the
 * current name is forgotten with the old array: nothing can compare against bytes that an earlier
 * name left there.
 */
final class FieldName {

  private final int initialChars;
  private byte[] bytes;
  private int from;
  private char[] chars;
  private int length;
  private boolean raw;

  /** An empty name whose decode buffer starts at {@code initialChars} chars. */
  FieldName(int initialChars) {
    this.initialChars = initialChars;
    this.chars = new char[initialChars];
  }

  /** The ASCII bytes {@code bytes[from, from + length)} are the name. */
  void setRaw(byte[] bytes, int from, int length) {
    this.bytes = bytes;
    this.from = from;
    this.length = length;
    this.raw = true;
  }

  /**
   * The array to decode the next name into, at least {@code capacity} chars long; then call
   * {@link #setDecoded}. The current name is forgotten (it is empty until then). A buffer that is
   * too small is replaced by one of at least twice its size; its content is not carried over.
   */
  char[] buffer(int capacity) {
    bytes = null;
    length = 0;
    raw = false;
    if (chars.length < capacity) {
      chars = new char[grown(chars.length, capacity)];
    }
    return chars;
  }

  /** The first {@code length} chars of the array {@link #buffer} returned last are the name. */
  void setDecoded(int length) {
    if (length < 0 || length > chars.length) {
      // a defect: refuse the body (JsonBodyCheck turns this into a body problem), never guess
      throw new IllegalStateException("decoded name length " + length + " outside its buffer of "
          + chars.length);
    }
    this.bytes = null;
    this.length = length;
    this.raw = false;
  }

  /**
   * Drops the reference to a body and empties the name; a buffer grown beyond {@code keepChars}
   * is dropped too, so that one very long name does not keep a large array pooled.
   */
  void clear(int keepChars) {
    bytes = null;
    length = 0;
    raw = false;
    if (chars.length > keepChars) {
      chars = new char[initialChars];
    }
  }

  /** The size a buffer of {@code length} chars grows to when it must hold {@code capacity}. */
  static int grown(int length, int capacity) {
    // at least doubled, so that a run of ever longer names allocates only a few times; long
    // arithmetic, as twice a large buffer may not fit an int
    return Math.max(capacity, (int) Math.min(length * 2L, Integer.MAX_VALUE - 8));
  }

  /** A name given as a String (for callers that have one). */
  static FieldName of(String name) {
    FieldName field = new FieldName(name.length());
    name.getChars(0, name.length(), field.buffer(name.length()), 0);
    field.setDecoded(name.length());
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
