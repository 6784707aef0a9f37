package dev.limitto.engine.internal.match;

import com.google.re2j.Pattern;

/**
 * A regex that passed {@link Matchers}' checks, as the tiers need it: its tree in the subset that
 * {@link SubsetParser} accepts ({@code null} outside it) and its RE2J pattern, which a regex
 * checked without RE2J gets compiled only when a tier needs it. Lives for one compile, on one
 * thread; no matcher keeps it.
 */
final class CheckedRegex {

  private final String text;
  private final RegexNode tree;
  private Pattern pattern;

  private CheckedRegex(String text, RegexNode tree, Pattern pattern) {
    this.text = text;
    this.tree = tree;
    this.pattern = pattern;
  }

  /** A regex RE2J compiled; its tree is parsed here unless RE2J flags make it RE2J's alone. */
  static CheckedRegex compiled(String text, Pattern pattern) {
    return compiled(text, pattern, pattern.flags() != 0 ? null : SubsetParser.parse(text));
  }

  /** A regex RE2J compiled, with its already parsed tree ({@code null}: outside the subset). */
  static CheckedRegex compiled(String text, Pattern pattern, RegexNode tree) {
    return new CheckedRegex(text, tree, pattern);
  }

  /**
   * A regex in the subset whose RE2J program is known to be within the limit, so that RE2J would
   * accept it ({@code SubsetRe2jAgreementProperties}); RE2J compiles it when a tier needs it.
   */
  static CheckedRegex ofTree(String text, RegexNode tree) {
    return new CheckedRegex(text, tree, null);
  }

  String text() {
    return text;
  }

  /** The tree in the subset, or {@code null} when the regex is outside it. */
  RegexNode tree() {
    return tree;
  }

  Pattern pattern() {
    if (pattern == null) {
      pattern = Pattern.compile(text);
    }
    return pattern;
  }
}
