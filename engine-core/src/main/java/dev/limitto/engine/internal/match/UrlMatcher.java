package dev.limitto.engine.internal.match;

import com.google.re2j.Pattern;

/**
 * Full match of a URL regex against a canonical URL given as its two parts: the rule set's
 * constant origin and the request's canonical path. On the DFA tier the origin is run once, at
 * compile time, and a request runs only its path: no concatenation, no allocation. Other tiers
 * see the concatenated URL. Immutable and thread-safe.
 */
public final class UrlMatcher implements StringMatcher {

  private final String regex;
  private final String origin;
  private final DfaMatcher dfa; // null: not on the DFA tier
  private final int afterOrigin; // DFA state after the origin
  private final StringMatcher general; // used when dfa is null
  // How far a path gets, for the closest line of a denial (null / 0 / null: not measurable)
  private final String pathPrefix; // the literal every matchable path begins with
  private final int afterPrefix; // DFA state after the origin and pathPrefix
  private final char[] depth; // by DFA state: shortest input from afterOrigin to it

  /** The longest {@link #pathPrefix} kept: beyond it the automaton measures the path itself. */
  static final int MAX_PATH_PREFIX = 256;

  private UrlMatcher(String regex, String origin, DfaMatcher dfa, StringMatcher general) {
    this.regex = regex;
    this.origin = origin;
    this.dfa = dfa;
    this.afterOrigin = dfa == null ? 0 : dfa.stateAfter(origin);
    this.general = general;
    if (dfa != null && afterOrigin > 0) {
      this.pathPrefix = dfa.forcedPrefix(afterOrigin, MAX_PATH_PREFIX);
      this.afterPrefix = dfa.stateAfter(afterOrigin, pathPrefix);
      this.depth = dfa.depthsFrom(afterOrigin);
    } else {
      this.pathPrefix = null;
      this.afterPrefix = 0;
      this.depth = null;
    }
  }

  /**
   * Compiles a URL regex for URLs that start with {@code origin}.
   *
   * @param pattern the regex compiled by RE2J (validated by the caller)
   */
  public static UrlMatcher compile(String regex, Pattern pattern, String origin) {
    DfaMatcher dfa = TieredMatchers.compileDfa(regex, pattern);
    return new UrlMatcher(regex, origin, dfa, dfa == null ? TieredMatchers.compile(regex, pattern) : null);
  }

  /**
   * Whether {@code origin + path} matches; the path may be a reused buffer (a decoded path). On
   * the DFA tier nothing is concatenated or allocated.
   */
  public boolean matchesPath(CharSequence path) {
    if (dfa != null) {
      return dfa.matchesAfter(afterOrigin, origin, path);
    }
    return general.matches(origin + path);
  }

  /** Whether a whole URL matches, for callers that hold the concatenated URL anyway. */
  @Override
  public boolean matches(CharSequence url) {
    return dfa != null ? dfa.matches(url) : general.matches(url);
  }

  /**
   * The literal that every path this URL regex can still match begins with (after the origin),
   * or {@code null} when how far a path gets cannot be measured: the regex is not on the DFA
   * tier, or no URL that begins with the origin can match it.
   */
  public String pathPrefix() {
    return pathPrefix;
  }

  /**
   * Whether the origin itself rules every URL out: the automaton dies in it, so no request of
   * this rule set can match.
   */
  public boolean diesInOrigin() {
    return dfa != null && afterOrigin == 0;
  }

  /**
   * How far the canonical path {@code path} got into this URL regex, given that it begins with
   * {@link #pathPrefix()} (not null): the greatest depth of the automaton's states on the way
   * through the path, that is the length of the shortest path that would have come as far
   * ({@code pathPrefix().length()} at least). The scan stops where the automaton dies or at a
   * non-ASCII character. Allocates nothing.
   */
  public int progressAfterPrefix(CharSequence path) {
    return progressAfterPrefix(path, 0); // 0: nothing is out of reach, the scan is exact
  }

  /**
   * {@link #progressAfterPrefix(CharSequence)} for a caller that only needs to know whether the
   * path got {@code atLeast} far: a result of {@code atLeast} or more is exact, a smaller one may
   * be cut short (the scan stops as soon as {@code atLeast} is out of reach).
   */
  public int progressAfterPrefix(CharSequence path, int atLeast) {
    return dfa.deepest(afterPrefix, depth, path, pathPrefix.length(), atLeast);
  }

  /** The longest literal every matching URL contains, for the rule-set index ({@code ""}: none). */
  public String requiredLiteral() {
    return TieredMatchers.requiredLiteral(regex);
  }

  @Override
  public String toString() {
    return "Url[" + (dfa != null ? dfa : general) + "]";
  }
}
