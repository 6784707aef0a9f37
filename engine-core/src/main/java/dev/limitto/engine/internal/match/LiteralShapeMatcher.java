package dev.limitto.engine.internal.match;

import java.util.List;

/**
 * Full match of a regex that is literals joined by {@code .*}: {@code LIT}, {@code LIT.*},
 * {@code .*LIT}, {@code .*LIT.*}, {@code A.*B.*C} and so on, decided with plain string
 * operations. Immutable and thread-safe.
 *
 * <p>Exact for every input, non-ASCII included: the literals hold no {@code \n} and only ASCII,
 * so a {@code .*} gap matches exactly a run of characters without {@code \n} (RE2 reads a lone
 * surrogate as one code point, which {@code .} matches too), and a greedy leftmost search for
 * each middle literal finds a match whenever one exists.
 */
final class LiteralShapeMatcher implements StringMatcher {

  private final String regex;
  private final String head; // must start the input ("" when the regex starts with .*)
  private final String[] middle; // must occur in order between head and tail
  private final String tail; // must end the input ("" when the regex ends with .*)
  private final boolean wildcard; // false: the regex is the literal head, exactly
  private final int minLength;

  /**
   * @param parts the literals; with {@code wildcard}, the first is the head and the last the
   *     tail (either may be empty) and a {@code .*} stands between any two
   */
  LiteralShapeMatcher(String regex, List<String> parts, boolean wildcard) {
    this.regex = regex;
    this.wildcard = wildcard;
    this.head = parts.get(0);
    if (!wildcard) {
      if (parts.size() != 1) {
        throw new IllegalArgumentException("a literal without .* has one part");
      }
      this.middle = new String[0];
      this.tail = "";
    } else {
      if (parts.size() < 2) {
        throw new IllegalArgumentException("a .* shape has a head and a tail");
      }
      this.middle = parts.subList(1, parts.size() - 1).toArray(new String[0]);
      this.tail = parts.get(parts.size() - 1);
    }
    int min = head.length() + tail.length();
    for (String m : middle) {
      min += m.length();
    }
    this.minLength = min;
  }

  @Override
  public boolean matches(CharSequence input) {
    String s = input instanceof String str ? str : input.toString();
    if (!wildcard) {
      return s.equals(head);
    }
    int n = s.length();
    if (n < minLength || !s.startsWith(head) || !s.endsWith(tail) || s.indexOf('\n') >= 0) {
      return false;
    }
    int from = head.length();
    int end = n - tail.length();
    for (String m : middle) {
      int at = s.indexOf(m, from);
      if (at < 0 || at + m.length() > end) {
        return false;
      }
      from = at + m.length();
    }
    return true;
  }

  @Override
  public String toString() {
    return "LiteralShape[" + regex + "]";
  }
}
