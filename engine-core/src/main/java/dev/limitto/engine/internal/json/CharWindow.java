package dev.limitto.engine.internal.json;

/**
 * A reusable read-only view of part of a char array, so that a value can be matched straight from
 * the scanner's buffer without building a String. Valid only until the scanner moves on.
 */
final class CharWindow implements CharSequence {

  private char[] chars = new char[0];
  private int offset;
  private int length;
  // matchers that need a String ask for it; several predicates on one value share one copy
  private String string;

  void set(char[] chars, int offset, int length) {
    this.chars = chars;
    this.offset = offset;
    this.length = length;
    this.string = null;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException("index " + index + ", length " + length);
    }
    return chars[offset + index];
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    if (start < 0 || end > length || start > end) {
      throw new IndexOutOfBoundsException(
          "start " + start + ", end " + end + ", length " + length);
    }
    return new String(chars, offset + start, end - start);
  }

  @Override
  public String toString() {
    if (string == null) {
      string = new String(chars, offset, length);
    }
    return string;
  }
}
