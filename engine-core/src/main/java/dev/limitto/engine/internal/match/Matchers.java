package dev.limitto.engine.internal.match;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.limitto.engine.internal.util.WeakInterner;

/**
 * The one place where the rule compiler turns regex text into a {@link StringMatcher}. Every
 * regex is checked as RE2J would check it (syntax, nesting, program size): by RE2J itself, or,
 * for the common subset the fast tiers parse, by that parse and a program-size bound; the matcher
 * is then the fastest exact tier for it ({@link TieredMatchers}): string operations, the ASCII
 * DFA, or RE2J.
 *
 * <p>Compiled matchers are shared: the same regex, compiled for the same use under the same
 * program-size limit, is compiled once per process and the one immutable, thread-safe matcher
 * serves every rule set that holds it ({@link WeakInterner}: held weakly, so that it goes with
 * the last rule set that uses it). A Jira where many tokens share a few rule templates keeps one
 * copy of each regex's automaton, and its states, once warm, serve every token.
 */
public final class Matchers {

  private enum Use {
    FULL,
    QUERY_VALUE,
    URL
  }

  /** What makes two compiled matchers interchangeable. */
  private record Key(Use use, String regex, String origin, int maxProgramSize) {}

  private static final WeakInterner<Key, StringMatcher> SHARED = new WeakInterner<>();

  /**
   * Deepest group nesting accepted. RE2J's simplifier and compiler recurse once per level; Go's
   * regexp/syntax uses the same bound.
   */
  public static final int MAX_NESTING = 1000;

  /**
   * How far above the limit the estimate may be and still be compiled to get the exact size. The
   * estimate can be too high (RE2J factors common prefixes of alternatives), so a regex estimated
   * just above the limit is compiled and measured; one estimated far above it is refused unseen.
   */
  private static final long COMPILE_HEADROOM = 4;

  private Matchers() {}

  /**
   * Compiles a regex for full matches.
   *
   * @param regex RE2 syntax
   * @param maxProgramSize most RE2 program instructions accepted ({@code Limits.maxRegexProgramSize})
   * @throws InvalidRegexException when the regex is invalid, nests too deeply, or its program is
   *     larger than {@code maxProgramSize}
   */
  public static StringMatcher compile(String regex, int maxProgramSize)
      throws InvalidRegexException {
    return SHARED.get(new Key(Use.FULL, regex, null, maxProgramSize),
        k -> TieredMatchers.compile(checked(regex, maxProgramSize)));
  }

  /**
   * Compiles a {@code QueryParam} value regex: as {@link #compile}, on the tier that can match a
   * raw query value without decoding it into a new string where there is one.
   *
   * @throws InvalidRegexException as {@link #compile}
   */
  public static StringMatcher compileQueryValue(String regex, int maxProgramSize)
      throws InvalidRegexException {
    return SHARED.get(new Key(Use.QUERY_VALUE, regex, null, maxProgramSize),
        k -> TieredMatchers.compileQueryValue(checked(regex, maxProgramSize)));
  }

  /**
   * Compiles a URL regex for canonical URLs that start with {@code origin}, so that a request
   * runs only its path through it ({@link UrlMatcher#matchesPath}).
   *
   * @throws InvalidRegexException as {@link #compile}
   */
  public static UrlMatcher compileUrl(String regex, int maxProgramSize, String origin)
      throws InvalidRegexException {
    return (UrlMatcher) SHARED.get(new Key(Use.URL, regex, origin, maxProgramSize),
        k -> UrlMatcher.compile(checked(regex, maxProgramSize), origin, true));
  }

  /**
   * A regex that passes every check. A regex in the subset the fast tiers parse whose estimated
   * program is within the limit needs no RE2J compile to know it: RE2J accepts every regex of the
   * subset, and for them the estimate is never below RE2J's exact size (both checked against RE2J
   * by {@code SubsetRe2jAgreementProperties}). Any other regex is compiled by RE2J, which reports
   * its syntax errors and exact program size.
   */
  private static CheckedRegex checked(String regex, int maxProgramSize)
      throws InvalidRegexException {
    RegexShape.Shape shape = RegexShape.analyse(regex, MAX_NESTING);
    if (shape.estimatedSize() > COMPILE_HEADROOM * maxProgramSize) {
      throw new InvalidRegexException(
          InvalidRegexException.Problem.PROGRAM_SIZE_ESTIMATE, "", regex, 0, shape.estimatedSize());
    }
    boolean parsed = shape.estimatedSize() <= maxProgramSize;
    RegexNode tree = parsed ? SubsetParser.parse(regex) : null;
    if (tree != null) {
      return CheckedRegex.ofTree(regex, tree);
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      String description = e.getDescription() == null ? "" : e.getDescription();
      String fragment = e.getPattern() == null ? "" : e.getPattern();
      throw new InvalidRegexException(
          InvalidRegexException.Problem.SYNTAX, description, fragment,
          locate(regex, description, fragment, shape), 0);
    }
    int size = pattern.programSize();
    if (size > maxProgramSize) {
      throw new InvalidRegexException(
          InvalidRegexException.Problem.PROGRAM_SIZE, "", regex, 0, size);
    }
    return parsed ? CheckedRegex.compiled(regex, pattern, null) : CheckedRegex.compiled(regex, pattern);
  }

  /** RE2J reports no position (index -1): recover it from the fragment it quotes. */
  private static int locate(
      String regex, String description, String fragment, RegexShape.Shape shape) {
    if (description.startsWith("missing closing )") && shape.unclosedParenIndex() >= 0) {
      return shape.unclosedParenIndex();
    }
    if (description.startsWith("trailing backslash")) {
      return Math.max(0, regex.length() - 1);
    }
    if (description.startsWith("missing closing ]") && regex.endsWith(fragment)) {
      return regex.length() - fragment.length(); // RE2J quotes the rest of the regex from '['
    }
    return fragment.isEmpty() ? -1 : regex.indexOf(fragment);
  }
}
