package dev.limitto.engine.internal.match;

import com.google.re2j.Pattern;

/**
 * Full match of a URL regex against a canonical URL given as its two parts: the rule set's
 * constant origin and the request's canonical path. On the DFA tier the origin is run once, at
 * compile time, and a request runs only its path: no concatenation, no allocation. Other tiers
 * see the concatenated URL. Immutable and thread-safe; shared by every rule set with the same
 * regex and origin ({@link Matchers}).
 */
public final class UrlMatcher implements StringMatcher {

  private final String regex;
  private final String origin;
  private final DfaMatcher dfa; // null: not on the DFA tier; starts after the origin
  private final StringMatcher general; // used when dfa is null
  private final String requiredLiteral; // for the rule-set index

  private UrlMatcher(String regex, String origin, DfaMatcher dfa, StringMatcher general,
      String requiredLiteral) {
    this.regex = regex;
    this.origin = origin;
    this.dfa = dfa;
    this.general = general;
    this.requiredLiteral = requiredLiteral;
  }

  /**
   * Compiles a URL regex for URLs that start with {@code origin}.
   *
   * @param pattern the regex compiled by RE2J (validated by the caller); kept only when the
   *     regex is outside the DFA tier
   */
  public static UrlMatcher compile(String regex, Pattern pattern, String origin) {
    RegexNode node = pattern.flags() != 0 ? null : SubsetParser.parse(regex);
    String literal = node == null ? "" : RegexAnalysis.requiredLiteral(node);
    AsciiDfa automaton = node == null ? null : AsciiDfa.buildAfter(regex, node, origin);
    DfaMatcher dfa = automaton == null ? null : new DfaMatcher(automaton, regex, origin);
    return new UrlMatcher(regex, origin, dfa,
        dfa == null ? TieredMatchers.compile(regex, pattern) : null, literal);
  }

  /**
   * Whether {@code origin + path} matches; the path may be a reused buffer (a decoded path). On
   * the DFA tier nothing is concatenated or allocated.
   */
  public boolean matchesPath(CharSequence path) {
    if (dfa != null) {
      return dfa.matchesAfter(origin, path);
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
    return requiredLiteral;
  }

  @Override
  public String toString() {
    return "Url[" + (dfa != null ? dfa : general) + "]";
  }
}
