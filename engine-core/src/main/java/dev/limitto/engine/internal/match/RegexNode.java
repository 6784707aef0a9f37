package dev.limitto.engine.internal.match;

import java.util.List;

/**
 * The syntax tree of a regex in the subset that {@link SubsetParser} accepts. Character sets are
 * over ASCII only: the matchers built from this tree never decide a non-ASCII input themselves.
 */
sealed interface RegexNode {

  /** The empty string. */
  record Empty() implements RegexNode {}

  /** One ASCII character out of a set, as two 64-bit masks (bits 0..63 and 64..127). */
  record CharSet(long lo, long hi) implements RegexNode {
    private static final CharSet[] SINGLES = new CharSet[128];

    static {
      for (int c = 0; c < 128; c++) {
        SINGLES[c] = c < 64 ? new CharSet(1L << c, 0) : new CharSet(0, 1L << (c - 64));
      }
    }

    static CharSet of(char c) {
      return SINGLES[c]; // a parse of a long literal makes no set per character
    }

    boolean contains(int c) {
      return c < 64 ? (lo & (1L << c)) != 0 : c < 128 && (hi & (1L << (c - 64))) != 0;
    }

    boolean isSingle() {
      return Long.bitCount(lo) + Long.bitCount(hi) == 1;
    }

    /** The only member of a {@link #isSingle() single} set. */
    char single() {
      return (char) (lo != 0 ? Long.numberOfTrailingZeros(lo) : 64 + Long.numberOfTrailingZeros(hi));
    }

    boolean isDot() {
      return this.equals(SubsetParser.DOT);
    }
  }

  /**
   * A zero-width assertion: {@code ^} / {@code \A} (beginning of text) or {@code $} /
   * {@code \z} (end of text), as RE2 reads them without the {@code m} flag.
   */
  record Assert(boolean begin) implements RegexNode {}

  /** The items one after another. */
  record Concat(List<RegexNode> items) implements RegexNode {}

  /** Any one of the items. */
  record Alt(List<RegexNode> items) implements RegexNode {}

  /** {@code body} between {@code min} and {@code max} times; {@code max < 0} means unbounded. */
  record Repeat(RegexNode body, int min, int max) implements RegexNode {}
}
