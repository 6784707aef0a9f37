package dev.limitto.engine.internal.match;

import com.google.re2j.Pattern;
import dev.limitto.engine.internal.target.RequestTarget;

/**
 * Full match on the project's lazily built {@link AsciiDfa}: one table lookup per character, no
 * allocation once the states an input needs exist. An input with a non-ASCII character, or one
 * that needs a state when the automaton's cache is full, goes to RE2J (linear time too), which
 * counts code points where the table would count UTF-16 units. The RE2J pattern is compiled
 * the first time it is needed, not before: most rule sets never need it, and it is several
 * times the size of the automaton. Immutable in behaviour and thread-safe.
 *
 * <p>The automaton itself can be made on first use too ({@link #deferred}): a rule set of
 * thousands of lines then pays at compile time only for the syntax tree and the checks, and a
 * line that no request reaches never holds an NFA, a class map or a start state. The first match
 * builds it under this matcher's lock and publishes it through a volatile field; every later
 * match reads that field once.
 */
final class DfaMatcher implements StringMatcher {

  private volatile AsciiDfa dfa; // null until the first match of a deferred matcher
  private final String regex;
  private final String head; // the constant start the automaton was built after ("": none)
  private volatile Pattern fallback; // compiled on first use; a racy second compile is harmless

  DfaMatcher(AsciiDfa dfa, String regex) {
    this(dfa, regex, "");
  }

  /** A matcher on an automaton built after {@code head} ({@link AsciiDfa#buildAfter}). */
  DfaMatcher(AsciiDfa dfa, String regex, String head) {
    this.dfa = dfa;
    this.regex = regex;
    this.head = head;
  }

  /**
   * A matcher whose automaton ({@link AsciiDfa#buildAfter} of {@code regex} after {@code head})
   * is built by its first match. Only for a regex of the parsed subset for which {@link
   * AsciiDfa#builds} holds, so that the construction cannot fail later.
   */
  static DfaMatcher deferred(String regex, String head) {
    return new DfaMatcher(null, regex, head);
  }

  /** The automaton, built now if this matcher was deferred and nothing has built it yet. */
  private AsciiDfa dfa() {
    AsciiDfa d = dfa;
    return d != null ? d : build();
  }

  private synchronized AsciiDfa build() {
    AsciiDfa d = dfa;
    if (d == null) {
      d = AsciiDfa.buildAfter(regex, SubsetParser.parse(regex), head);
      if (d == null) {
        // AsciiDfa.builds said it would: a broken promise must not decide a request
        throw new IllegalStateException("no automaton for a regex that was checked to have one");
      }
      dfa = d;
    }
    return d;
  }

  private Pattern fallback() {
    Pattern p = fallback;
    if (p == null) {
      p = Pattern.compile(regex);
      fallback = p;
    }
    return p;
  }

  @Override
  public boolean matches(CharSequence input) {
    if (!head.isEmpty()) {
      String in = input.toString();
      return in.startsWith(head)
          ? matchesAfter(head, in.substring(head.length()))
          : fallback().matches(in);
    }
    AsciiDfa dfa = dfa();
    int s = dfa.run(dfa.start(), input);
    if (s < 0) {
      return fallback().matcher(input).matches();
    }
    return s != 0 && dfa.accepts(s);
  }

  @Override
  public boolean matchesQueryComponent(String s, int from, int to) {
    if (!head.isEmpty()) {
      return matches(RequestTarget.decodeQueryComponent(s, from, to));
    }
    AsciiDfa dfa = dfa();
    int st = dfa.runQueryComponent(dfa.start(), s, from, to);
    if (st < 0) {
      return fallback().matcher(RequestTarget.decodeQueryComponent(s, from, to)).matches();
    }
    return st != 0 && dfa.accepts(st);
  }

  /**
   * Whether {@code head + tail} matches, where {@code head} is the one this matcher was built
   * after: only the tail is run, and the concatenation is built only when RE2J has to decide.
   */
  boolean matchesAfter(String head, CharSequence tail) {
    AsciiDfa dfa = dfa();
    int s = dfa.run(dfa.start(), tail);
    if (s < 0) {
      return fallback().matches(head + tail);
    }
    return s != 0 && dfa.accepts(s);
  }

  /**
   * The state after {@code head + lead}, where every input begins with {@code head} and this
   * call's {@code lead} is ASCII; 0 when it dies there or the state is not at hand (a full
   * cache): the caller then runs the whole tail.
   */
  int stateAfter(String lead) {
    AsciiDfa dfa = dfa();
    int s = dfa.run(dfa.start(), lead);
    return s > 0 ? s : 0;
  }

  /**
   * {@link #matchesAfter} for a tail whose first {@code from} characters led to {@code state}
   * ({@link #stateAfter}): only the rest is run.
   */
  boolean matchesAfter(String head, CharSequence tail, int state, int from) {
    AsciiDfa dfa = dfa();
    int s = dfa.run(state, tail, from);
    if (s < 0) {
      return fallback().matches(head + tail);
    }
    return s != 0 && dfa.accepts(s);
  }

  /** Whether the automaton's cache is full (tests). */
  boolean cacheFull() {
    return dfa().isFull();
  }

  @Override
  public String toString() {
    AsciiDfa d = dfa;
    return "Dfa[" + regex + ", " + (d == null ? "not built yet" : d.stateCount() + " states") + "]";
  }
}
