package dev.limitto.engine.internal.match;

import com.google.re2j.Pattern;

/**
 * Picks the fastest exact matcher for a regex, once, at compile time. Same language as RE2J
 * full match in every tier:
 *
 * <ol>
 *   <li>literals joined by {@code .*} ({@code LIT}, {@code LIT.*}, {@code .*LIT.*}, ...): plain
 *       string operations ({@link LiteralShapeMatcher});
 *   <li>the common regex subset ({@link SubsetParser}) within {@link AsciiDfa#MAX_NFA_NODES}:
 *       the project's lazily built DFA ({@link DfaMatcher}), which hands an input to RE2J when
 *       its bounded state cache is full;
 *   <li>anything else: RE2J behind a required-literal prefilter ({@link PrefilteredRe2jMatcher}).
 * </ol>
 */
public final class TieredMatchers {

  private TieredMatchers() {}

  /**
   * The matcher for {@code regex}, given its RE2J pattern (compiled by the caller, which also
   * reports syntax errors and program-size limits).
   */
  public static StringMatcher compile(String regex, Pattern pattern) {
    return compile(CheckedRegex.compiled(regex, pattern));
  }

  /** The matcher for a regex that passed {@link Matchers}' checks. */
  static StringMatcher compile(CheckedRegex regex) {
    RegexNode node = regex.tree();
    if (node == null) {
      return new PrefilteredRe2jMatcher(regex.pattern(), "");
    }
    RegexAnalysis.Shape shape = RegexAnalysis.literalShape(node);
    if (shape != null) {
      return new LiteralShapeMatcher(regex.text(), shape.parts(), shape.wildcard());
    }
    DfaMatcher dfa = dfaMatcher(regex.text(), node);
    if (dfa != null) {
      return dfa;
    }
    return new PrefilteredRe2jMatcher(regex.pattern(), RegexAnalysis.requiredLiteral(node));
  }

  /**
   * The matcher for {@code regex} on its DFA tier even where a literal shape exists, so that it
   * be tested against every input, as RE2J is; {@code null} when the
   * regex has no DFA.
   */
  static DfaMatcher compileDfa(String regex, Pattern pattern) {
    return compileDfa(CheckedRegex.compiled(regex, pattern));
  }

  private static DfaMatcher compileDfa(CheckedRegex regex) {
    return regex.tree() == null ? null : dfaMatcher(regex.text(), regex.tree());
  }

  /**
   * The DFA-tier matcher of a parsed regex, its automaton built by its first match; {@code null}
   * when the regex's NFA would exceed the caps ({@link AsciiDfa#builds}, exact: the automaton
   * then could not be built either).
   */
  private static DfaMatcher dfaMatcher(String regex, RegexNode node) {
    return AsciiDfa.builds(node, "") ? DfaMatcher.deferred(regex, "") : null;
  }

  /**
   * The matcher for a {@code QueryParam} value: the DFA tier where the regex has one, even where
   * a literal shape exists, since the DFA decodes a raw query value as it scans ({@link
   * StringMatcher#matchesQueryComponent}) and a literal shape would need the decoded copy.
   */
  static StringMatcher compileQueryValue(String regex, Pattern pattern) {
    return compileQueryValue(CheckedRegex.compiled(regex, pattern));
  }

  /** {@link #compileQueryValue(String, Pattern)} for a regex that passed {@link Matchers}' checks. */
  static StringMatcher compileQueryValue(CheckedRegex regex) {
    DfaMatcher dfa = compileDfa(regex);
    return dfa != null ? dfa : compile(regex);
  }

  /**
   * The longest literal every match of {@code regex} contains, or {@code ""} when none is known
   * (for instance outside the parsed subset).
   */
  public static String requiredLiteral(String regex) {
    RegexNode node = SubsetParser.parse(regex);
    return node == null ? "" : RegexAnalysis.requiredLiteral(node);
  }
}
