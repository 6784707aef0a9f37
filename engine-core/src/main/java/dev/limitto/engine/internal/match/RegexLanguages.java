package dev.limitto.engine.internal.match;

import dev.limitto.engine.internal.match.RegexNode.Alt;
import dev.limitto.engine.internal.match.RegexNode.Assert;
import dev.limitto.engine.internal.match.RegexNode.CharSet;
import dev.limitto.engine.internal.match.RegexNode.Concat;
import dev.limitto.engine.internal.match.RegexNode.Empty;
import dev.limitto.engine.internal.match.RegexNode.Repeat;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides questions about the languages of two regexes (inclusion, disjointness) on the DFAs of
 * {@link AsciiDfa}, for {@code lint}. Every answer is either proven or {@link Answer#UNKNOWN}:
 * a caller that warns only on a proven answer never warns wrongly.
 *
 * <p>The DFAs read ASCII only. The answers still hold for all strings because of a reduction
 * that is exact for the regexes accepted here: in the parsed subset, a non-ASCII code point is
 * matched only by {@code .}, a negated class or {@code \D \W \S} (inside a class or not), and
 * each of these matches every non-ASCII code point and also {@code \u0001}; every other
 * character set of the subset contains neither, provided the regex text holds no raw control
 * character (which could write {@code \u0001} into a class). So replacing each non-ASCII code
 * point of a string by {@code \u0001} keeps its membership in both languages, and a property
 * proven over ASCII strings holds over all strings. Regexes with a raw control character, flags
 * or anything outside the subset get {@link Answer#UNKNOWN}.
 *
 * <p>Immutable; a {@code Language} may be shared.
 */
public final class RegexLanguages {

  /** Most state pairs one question may visit before it gives up with {@link Answer#UNKNOWN}. */
  static final int MAX_PAIRS = 20_000;

  /** A proven yes, a proven no, or no proof either way. */
  public enum Answer {
    YES,
    NO,
    UNKNOWN
  }

  private static final String[] ASCII = new String[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII[c] = String.valueOf(c);
    }
  }

  private RegexLanguages() {}

  /**
   * The language of a regex (full match), or {@code null} when it is outside what this class can
   * reason about.
   */
  public static Language of(String regex) {
    for (int i = 0; i < regex.length(); i++) {
      if (regex.charAt(i) < 0x20 || regex.charAt(i) == 0x7f) {
        return null; // see the class comment: \u0001 must stand for "non-ASCII" alone
      }
    }
    RegexNode node = SubsetParser.parse(regex);
    if (node == null) {
      return null;
    }
    AsciiDfa dfa = AsciiDfa.complete(node);
    return dfa == null ? null : new Language(dfa);
  }

  /**
   * The language of {@code rest} as it reads after a literal: the language L such that, for every
   * non-empty literal text x quoted in front of it, the regex x + rest matches exactly x
   * followed by a string of L. {@code null} when rest does not read that way (a top-level
   * {@code |}, a leading quantifier that would bind to the last character of x, a {@code ^} that
   * x makes unsatisfiable) or is outside what this class can reason about. This is how lint
   * reasons about {@code {base}...} without knowing the base URL.
   */
  public static Language afterLiteral(String rest) {
    for (int i = 0; i < rest.length(); i++) {
      if (rest.charAt(i) < 0x20 || rest.charAt(i) == 0x7f) {
        return null;
      }
    }
    // a one-letter stand-in: the parse of x + rest is the parse of "x" + rest with x's letters
    // in its place, since a quoted literal is a sequence of plain characters
    RegexNode node = SubsetParser.parse("x" + rest);
    RegexNode tail;
    if (node instanceof CharSet c && c.equals(CharSet.of('x'))) {
      tail = new Empty();
    } else if (node instanceof Concat concat && concat.items().get(0).equals(CharSet.of('x'))) {
      List<RegexNode> items = concat.items().subList(1, concat.items().size());
      tail = items.size() == 1 ? items.get(0) : new Concat(List.copyOf(items));
    } else {
      return null;
    }
    if (hasBeginAssert(tail)) {
      return null;
    }
    AsciiDfa dfa = AsciiDfa.complete(tail);
    return dfa == null ? null : new Language(dfa);
  }

  private static boolean hasBeginAssert(RegexNode node) {
    if (node instanceof Assert a) {
      return a.begin();
    }
    if (node instanceof Repeat r) {
      return hasBeginAssert(r.body());
    }
    List<RegexNode> items = node instanceof Concat c ? c.items()
        : node instanceof Alt a ? a.items() : List.of();
    for (RegexNode item : items) {
      if (hasBeginAssert(item)) {
        return true;
      }
    }
    return false;
  }

  /** The compiled automaton of one regex, for the questions of {@link RegexLanguages}. */
  public static final class Language {
    private final AsciiDfa dfa;

    private Language(AsciiDfa dfa) {
      this.dfa = dfa;
    }

    /** Whether no string matches. */
    public boolean isEmpty() {
      return AsciiDfa.isDead(dfa.start());
    }

    /**
     * Whether the language holds {@code s}; true also when {@code s} has a non-ASCII character,
     * which this automaton cannot decide (callers use this only to disprove).
     */
    public boolean matches(String s) {
      int end = dfa.run(dfa.start(), s);
      return end == AsciiDfa.NON_ASCII || (!AsciiDfa.isDead(end) && dfa.accepts(end));
    }

    /**
     * One shortest string that matches, or {@code null} when the language is empty. Among the
     * shortest ones, printable characters are tried before control characters, so that the
     * example can be shown to a person.
     */
    public String example() {
      int start = dfa.start();
      if (AsciiDfa.isDead(start)) {
        return null;
      }
      // breadth first: the first accepting state found is at the least depth
      java.util.Map<Integer, int[]> parent = new java.util.HashMap<>();
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      parent.put(start, null);
      queue.add(start);
      while (!queue.isEmpty()) {
        int s = queue.poll();
        if (dfa.accepts(s)) {
          StringBuilder sb = new StringBuilder();
          for (int[] p = parent.get(s); p != null; p = parent.get(p[0])) {
            sb.append((char) p[1]);
          }
          return sb.reverse().toString();
        }
        for (int i = 0; i < 128; i++) {
          char c = (char) ((i + ' ') & 0x7f); // ' ' to '~', then DEL and the controls
          int t = dfa.run(s, ASCII[c]);
          if (!AsciiDfa.isDead(t) && !parent.containsKey(t)) {
            parent.put(t, new int[] {s, c});
            queue.add(t);
          }
        }
      }
      return null; // unreachable: a live start state reaches an accepting one
    }

    /**
     * Whether every string that {@code other} matches is matched by this language too.
     *
     * @param budget state pairs still allowed to be visited; drawn from, and {@link
     *     Answer#UNKNOWN} when it runs out
     */
    public Answer includes(Language other, Budget budget) {
      return explore(other.dfa, dfa, true, budget);
    }

    /**
     * One shortest string that both languages match, printable characters first as in {@link
     * #example()}; {@code null} when none does or {@code budget} ran out before one was found.
     */
    public String exampleAlsoIn(Language other, Budget budget) {
      AsciiDfa b = other.dfa;
      int a0 = dfa.start();
      int b0 = b.start();
      if (AsciiDfa.isDead(a0) || AsciiDfa.isDead(b0)) {
        return null;
      }
      java.util.Map<Long, long[]> parent = new java.util.HashMap<>();
      ArrayDeque<long[]> queue = new ArrayDeque<>();
      parent.put(key(a0, b0), null);
      queue.add(new long[] {a0, b0});
      while (!queue.isEmpty()) {
        long[] pair = queue.poll();
        int sa = (int) pair[0];
        int sb = (int) pair[1];
        if (dfa.accepts(sa) && b.accepts(sb)) {
          StringBuilder sb2 = new StringBuilder();
          for (long[] p = parent.get(key(sa, sb)); p != null; p = parent.get(p[0])) {
            sb2.append((char) p[1]);
          }
          return sb2.reverse().toString();
        }
        for (int i = 0; i < 128; i++) {
          char c = (char) ((i + ' ') & 0x7f);
          int ta = dfa.run(sa, ASCII[c]);
          int tb = AsciiDfa.isDead(ta) ? ta : b.run(sb, ASCII[c]);
          if (AsciiDfa.isDead(ta) || AsciiDfa.isDead(tb)) {
            continue;
          }
          long k = key(ta, tb);
          if (!parent.containsKey(k)) {
            if (parent.size() > MAX_PAIRS || !budget.take()) {
              return null;
            }
            parent.put(k, new long[] {key(sa, sb), c});
            queue.add(new long[] {ta, tb});
          }
        }
      }
      return null;
    }

    /** Whether no string matches both languages; {@code budget} as for {@link #includes}. */
    public Answer isDisjointFrom(Language other, Budget budget) {
      return explore(dfa, other.dfa, false, budget);
    }
  }

  /**
   * How many state pairs the questions asked with it may still visit in total, so that a caller
   * asking many questions (lint on a rule set of 1,000 lines) has a bound on its whole work.
   * Not thread-safe.
   */
  public static final class Budget {
    private long remaining;

    public Budget(long pairs) {
      this.remaining = pairs;
    }

    boolean take() {
      return remaining-- > 0;
    }

    /** Whether some question gave up because the budget ran out. */
    public boolean exhausted() {
      return remaining < 0;
    }
  }

  /**
   * Walks the product of {@code a} and {@code b} from their start states. For inclusion, a pair
   * where {@code a} accepts and {@code b} does not disproves L(a) ⊆ L(b); for disjointness, a
   * pair where both accept disproves it.
   */
  private static Answer explore(AsciiDfa a, AsciiDfa b, boolean inclusion, Budget budget) {
    int a0 = a.start();
    int b0 = b.start();
    if (AsciiDfa.isDead(a0) || (!inclusion && AsciiDfa.isDead(b0))) {
      return Answer.YES;
    }
    Set<Long> seen = new HashSet<>();
    ArrayDeque<long[]> queue = new ArrayDeque<>();
    seen.add(key(a0, b0));
    queue.add(new long[] {a0, b0});
    while (!queue.isEmpty()) {
      long[] pair = queue.poll();
      int sa = (int) pair[0];
      int sb = (int) pair[1];
      if (inclusion) {
        // dead states are pruned to 0, so a live state of a always reaches acceptance
        if (AsciiDfa.isDead(sb) || (a.accepts(sa) && !b.accepts(sb))) {
          return Answer.NO;
        }
      } else if (a.accepts(sa) && b.accepts(sb)) {
        return Answer.NO;
      }
      for (char c = 0; c < 128; c++) {
        int ta = a.run(sa, ASCII[c]);
        if (AsciiDfa.isDead(ta)) {
          continue;
        }
        int tb = b.run(sb, ASCII[c]);
        if (!inclusion && AsciiDfa.isDead(tb)) {
          continue;
        }
        if (seen.add(key(ta, tb))) {
          if (seen.size() > MAX_PAIRS || !budget.take()) {
            return Answer.UNKNOWN;
          }
          queue.add(new long[] {ta, tb});
        }
      }
    }
    return Answer.YES;
  }

  private static long key(int a, int b) {
    return ((long) a << 32) | (b & 0xffffffffL);
  }

  /**
   * ASCII text as a regex of escapes this class reads ({@code \\Q...\\E} is outside its subset),
   * or null when the text holds something else.
   */
  public static String asciiLiteral(String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x21 || c >= 0x7f) {
        return null;
      }
      if (!Character.isLetterOrDigit(c)) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
