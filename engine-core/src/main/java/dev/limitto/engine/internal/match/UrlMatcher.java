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

  private UrlMatcher(String regex, String origin, DfaMatcher dfa, StringMatcher general) {
    this.regex = regex;
    this.origin = origin;
    this.dfa = dfa;
    this.afterOrigin = dfa == null ? 0 : dfa.stateAfter(origin);
    this.general = general;
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

  /** The longest literal every matching URL contains, for the rule-set index ({@code ""}: none). */
  public String requiredLiteral() {
    return TieredMatchers.requiredLiteral(regex);
  }

  @Override
  public String toString() {
    return "Url[" + (dfa != null ? dfa : general) + "]";
  }
}
