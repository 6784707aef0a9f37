package dev.limitto.engine.internal.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link Matchers} accepts a regex of the parsed subset without asking RE2J when its estimated
 * program is within the limit. That is right only while two things hold, both checked here
 * against RE2J itself: the parser accepts nothing RE2J refuses, and for what it accepts the
 * estimate is never below RE2J's program size. The last property checks the whole: for any regex
 * and limit, {@link Matchers#compile} refuses exactly what RE2J-first checking refuses, for the
 * same reason, and what it accepts matches as RE2J does.
 */
class SubsetRe2jAgreementProperties {

  /** Pieces of valid and invalid syntax near the subset's edges, joined at random. */
  private static final List<String> FRAGMENTS = List.of(
      "a", "b", "1", "_", "-", ".", "\\.", "\\_", "\\ ", "\\-", "\\d", "\\W", "\\s", "\\b", "\\A",
      "\\z", "\\Z", "\\", "\\é", "é", "(", ")", "(?:", "(?P<n>", "(?<n>", "(?P<", "(?<", "(?<=",
      "(?<!", "(?<=n>", "(?P<n-1>", "(?P=n)", ">", "n", "(?i)", "|", "*", "+", "?", "*?", "+?", "??", "{0}", "{1,3}",
      "{2,}", "{3,1}", "{1001}", "{01}", "{,2}", "{", "}", ",", "^", "$", "[", "]", "[^", "[a-z]",
      "[z-a]", "[a-]", "[]a]", "[^]a]", "[[:alpha:]]", "[\\d-z]", "[a-\\d]", "[\\pL]", "\\pL");

  @Provide
  Arbitrary<String> fragmentRegexes() {
    return Arbitraries.of(FRAGMENTS).list().ofMaxSize(10).map(l -> String.join("", l));
  }

  /** Valid regexes of the subset's grammar: groups of every kind, empty parts, counted repeats. */
  @Provide
  Arbitrary<String> subsetRegexes() {
    return subsetRegex(4);
  }

  private Arbitrary<String> subsetRegex(int depth) {
    Arbitrary<String> atom = Arbitraries.of(
        "a", "b", "/", "\\.", "-", ".", "[a-c]", "[^/]", "\\d", "\\w", "\\S", "^", "$", "\\A", "\\z",
        "");
    if (depth == 0) {
      return atom;
    }
    Arbitrary<String> sub = Arbitraries.lazy(() -> subsetRegex(depth - 1));
    Arbitrary<String> quantifier = Arbitraries.of(
        "*", "+", "?", "*?", "+?", "??", "{0}", "{1}", "{2}", "{0,1}", "{0,2}", "{1,3}", "{2,}",
        "{0,}", "{3}?", "{0}?");
    // names RE2J refuses among them: empty, "=" or "!" (a look-behind), "-", non-ASCII, repeated
    Arbitrary<String> named = Combinators.combine(
            Arbitraries.of("(?P<", "(?<"), Arbitraries.strings().withChars("gh_1=!-é").ofMaxLength(2))
        .as((open, name) -> open + name + ">");
    Arbitrary<String> group = Combinators.combine(
            Arbitraries.oneOf(Arbitraries.of("(", "(?:"), named), sub.list().ofMinSize(1).ofMaxSize(3))
        .as((open, alts) -> open + String.join("|", alts) + ")");
    return Arbitraries.frequencyOf(
        Tuple.of(5, atom),
        Tuple.of(3, Combinators.combine(Arbitraries.oneOf(atom, group), quantifier).as(String::concat)),
        Tuple.of(2, group),
        Tuple.of(3, sub.list().ofMinSize(2).ofMaxSize(4).map(l -> String.join("", l))),
        Tuple.of(1, sub.list().ofMinSize(2).ofMaxSize(3).map(l -> String.join("|", l))));
  }

  @Property(tries = 3000)
  void theSubsetAcceptsOnlyWhatRe2jAcceptsFromNearItsEdges(@ForAll("fragmentRegexes") String regex) {
    acceptedByTheSubsetMeansAcceptedByRe2jWithinTheEstimate(regex);
  }

  @Property(tries = 2000)
  void theEstimateBoundsRe2jsProgramAcrossTheSubsetsGrammar(@ForAll("subsetRegexes") String regex) {
    acceptedByTheSubsetMeansAcceptedByRe2jWithinTheEstimate(regex);
  }

  private static void acceptedByTheSubsetMeansAcceptedByRe2jWithinTheEstimate(String regex) {
    long estimate;
    try {
      estimate = RegexShape.analyse(regex, Matchers.MAX_NESTING).estimatedSize();
    } catch (InvalidRegexException e) {
      Statistics.collect("refused before parsing");
      return; // refused before the subset is asked
    }
    RegexNode tree = SubsetParser.parse(regex);
    Statistics.collect(tree == null ? "outside the subset" : "in the subset");
    if (tree == null) {
      return;
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new AssertionError("the subset accepts " + regex + ", RE2J refuses it: " + e.getMessage());
    }
    assertThat(estimate).as("estimate of %s", regex).isGreaterThanOrEqualTo(pattern.programSize());
  }

  @Property(tries = 2000)
  void matchersRefuseWhatRe2jRefusesAndMatchAsRe2jDoes(
      @ForAll("anyRegexes") String regex,
      @ForAll @IntRange(min = 3, max = 60) int limit,
      @ForAll("inputs") List<String> inputs) {
    InvalidRegexException.Problem expected = re2jFirstProblem(regex, limit);
    StringMatcher matcher;
    try {
      matcher = Matchers.compile(regex, limit);
    } catch (InvalidRegexException e) {
      assertThat(e.problem()).as("%s within %d", regex, limit).isEqualTo(expected);
      return;
    }
    assertThat(expected).as("%s within %d: accepted", regex, limit).isNull();
    Pattern pattern = Pattern.compile(regex);
    for (String input : inputs) {
      assertThat(matcher.matches(input)).as("%s on %s", regex, input)
          .isEqualTo(pattern.matcher(input).matches());
    }
  }

  @Provide
  Arbitrary<String> anyRegexes() {
    return Arbitraries.oneOf(fragmentRegexes(), subsetRegexes());
  }

  @Provide
  Arbitrary<List<String>> inputs() {
    return Arbitraries.strings().withChars("ab/.-1_ n>é\n").ofMaxLength(8).list().ofMaxSize(6);
  }

  /** What checking with RE2J first refuses a regex for, or {@code null} when it accepts it. */
  private static InvalidRegexException.Problem re2jFirstProblem(String regex, int limit) {
    RegexShape.Shape shape;
    try {
      shape = RegexShape.analyse(regex, Matchers.MAX_NESTING);
    } catch (InvalidRegexException e) {
      return e.problem();
    }
    if (shape.estimatedSize() > 4L * limit) {
      return InvalidRegexException.Problem.PROGRAM_SIZE_ESTIMATE;
    }
    try {
      return Pattern.compile(regex).programSize() > limit
          ? InvalidRegexException.Problem.PROGRAM_SIZE : null;
    } catch (PatternSyntaxException e) {
      return InvalidRegexException.Problem.SYNTAX;
    }
  }

  @Example
  void groupNamesRe2jRefusesAreLeftToRe2jToRefuse() {
    for (String regex : List.of("(?P<a>x)(?P<a>y)", "(?<a>x)|(?P<a>y)", "(?<=a>b)", "(?<!a>b)",
        "(?P<>a)", "(?<a-b>c)", "(?P<é>c)")) {
      assertThat(SubsetParser.parse(regex)).as(regex).isNull();
      assertThatThrownBy(() -> Matchers.compile(regex, 1000)).as(regex)
          .isInstanceOfSatisfying(InvalidRegexException.class,
              e -> assertThat(e.problem()).isEqualTo(InvalidRegexException.Problem.SYNTAX));
    }
    assertThat(SubsetParser.parse("(?P<a_1>x)(?<B>y)")).isNotNull();
  }

  @Example
  void anEmptyRepeatInsideAConcatenationCostsRe2jANoOp() throws InvalidRegexException {
    for (String regex : List.of("a{0}b", "(?:a{0}b){3}", "x(?:a{0,0})y", "(a{0})")) {
      long estimate = RegexShape.analyse(regex, Matchers.MAX_NESTING).estimatedSize();
      assertThat(estimate).as(regex).isEqualTo(Pattern.compile(regex).programSize());
    }
    // at its exact size the regex is accepted; one below, refused with RE2J's count
    assertThat(Matchers.compile("a{0}b", 4).matches("b")).isTrue();
    assertThatThrownBy(() -> Matchers.compile("a{0}b", 3))
        .isInstanceOfSatisfying(InvalidRegexException.class,
            e -> assertThat(e.problem()).isEqualTo(InvalidRegexException.Problem.PROGRAM_SIZE));
  }
}
