package dev.limitto.engine.internal.match;

import com.google.re2j.Pattern;
import dev.limitto.engine.internal.target.RequestTarget;

/**
 * Full match on the project's {@link AsciiDfa}: one table lookup per character, no allocation.
 * An input with a non-ASCII character goes to RE2J, which counts code points where the table
 * would count UTF-16 units. Immutable and thread-safe.
 */
final class DfaMatcher implements StringMatcher {

  private final AsciiDfa dfa;
  private final Pattern fallback;

  DfaMatcher(AsciiDfa dfa, Pattern fallback) {
    this.dfa = dfa;
    this.fallback = fallback;
  }

  @Override
  public boolean matches(CharSequence input) {
    int s = dfa.run(dfa.start(), input);
    if (s == AsciiDfa.NON_ASCII) {
      return fallback.matcher(input).matches();
    }
    return s != 0 && dfa.accepts(s);
  }

  @Override
  public boolean matchesQueryComponent(String s, int from, int to) {
    int st = dfa.runQueryComponent(dfa.start(), s, from, to);
    if (st == AsciiDfa.NON_ASCII) {
      return fallback.matcher(RequestTarget.decodeQueryComponent(s, from, to)).matches();
    }
    return st != 0 && dfa.accepts(st);
  }

  /**
   * The state after {@code head}, to continue with {@link #matchesAfter}: a rule set runs its
   * constant origin once at compile time. {@link AsciiDfa#NON_ASCII} when {@code head} is not
   * ASCII.
   */
  int stateAfter(String head) {
    return dfa.run(dfa.start(), head);
  }

  /**
   * Whether {@code head + tail} matches, given {@code state = stateAfter(head)}: the
   * concatenation is built only when RE2J has to decide.
   */
  boolean matchesAfter(int state, String head, CharSequence tail) {
    if (state == AsciiDfa.NON_ASCII) {
      return fallback.matches(head + tail);
    }
    if (state == 0) {
      return false;
    }
    int s = dfa.run(state, tail);
    if (s == AsciiDfa.NON_ASCII) {
      return fallback.matches(head + tail);
    }
    return s != 0 && dfa.accepts(s);
  }

  /** See {@link AsciiDfa#depthsFrom}. */
  char[] depthsFrom(int state) {
    return dfa.depthsFrom(state);
  }

  /** See {@link AsciiDfa#forcedPrefix}. */
  String forcedPrefix(int state, int max) {
    return dfa.forcedPrefix(state, max);
  }

  /** The state after {@code text} from {@code state}; 0 when dead, NON_ASCII as {@link AsciiDfa#run}. */
  int stateAfter(int state, String text) {
    return dfa.run(state, text);
  }

  /** See {@link AsciiDfa#deepest}. */
  int deepest(int state, char[] depth, CharSequence input, int from, int atLeast) {
    return dfa.deepest(state, depth, input, from, atLeast);
  }

  @Override
  public String toString() {
    return "Dfa[" + fallback.pattern() + ", " + dfa.stateCount() + " states]";
  }
}
