package dev.limitto.engine.internal.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import dev.limitto.engine.internal.match.RegexLanguages.Answer;
import dev.limitto.engine.internal.match.RegexLanguages.Language;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The answers of {@link RegexLanguages} against RE2J itself: a proven inclusion or disjointness
 * must hold for every string, non-ASCII ones included (the reduction of the class comment).
 */
class RegexLanguagesProperties {

  /** Strings over a small alphabet that tells the character sets apart, with non-ASCII ones. */
  private static final List<String> ALPHABET =
      List.of("a", "b", "/", "é", "\uD83D\uDE00", "\n", "\u0001", "-", "7");

  @Property(tries = 1000)
  void includesWhenProvenThenHoldsForEveryString(@ForAll("regexes") String wide,
      @ForAll("regexes") String narrow, @ForAll("inputs") List<String> inputs) {
    Language w = RegexLanguages.of(wide);
    Language n = RegexLanguages.of(narrow);
    if (w == null || n == null || w.includes(n, budget()) != Answer.YES) {
      return;
    }
    Pattern pw = Pattern.compile(wide);
    Pattern pn = Pattern.compile(narrow);
    for (String s : inputs) {
      if (pn.matches(s)) {
        assertThat(pw.matches(s)).as("%s ⊇ %s on <%s>", wide, narrow, s).isTrue();
      }
    }
  }

  @Property(tries = 1000)
  void includesWhenDisprovenThenTheExampleOfTheNarrowOneShowsIt(@ForAll("regexes") String wide,
      @ForAll("regexes") String narrow) {
    Language w = RegexLanguages.of(wide);
    Language n = RegexLanguages.of(narrow);
    if (w == null || n == null) {
      return;
    }
    // the example is a member of its language
    String example = n.example();
    if (example != null) {
      assertThat(Pattern.compile(narrow).matches(example)).isTrue();
    } else {
      assertThat(n.isEmpty()).isTrue();
    }
    assertThat(w.includes(w, budget())).isEqualTo(Answer.YES);
  }

  @Property(tries = 1000)
  void disjointWhenProvenThenNoStringMatchesBoth(@ForAll("regexes") String a,
      @ForAll("regexes") String b, @ForAll("inputs") List<String> inputs) {
    Language la = RegexLanguages.of(a);
    Language lb = RegexLanguages.of(b);
    if (la == null || lb == null || la.isDisjointFrom(lb, budget()) != Answer.YES) {
      return;
    }
    Pattern pa = Pattern.compile(a);
    Pattern pb = Pattern.compile(b);
    for (String s : inputs) {
      assertThat(pa.matches(s) && pb.matches(s)).as("%s ∩ %s on <%s>", a, b, s).isFalse();
    }
  }

  @Property(tries = 1000)
  void afterLiteralWhenGivenThenMatchesWhatFollowsAnyLiteral(@ForAll("rests") String rest,
      @ForAll("literals") String literal, @ForAll("asciiInputs") List<String> inputs) {
    Language after = RegexLanguages.afterLiteral(rest);
    if (after == null) {
      return;
    }
    // as the rule compiler expands {base}: the literal quoted, the rest as written after it
    Pattern whole = Pattern.compile(Pattern.quote(literal) + rest);
    for (String s : inputs) {
      assertThat(after.matches(s)).as("%s after %s on <%s>", rest, literal, s)
          .isEqualTo(whole.matches(literal + s));
    }
  }

  @Example
  void afterLiteralWhenRestDoesNotReadOnItsOwnThenUnknown() {
    assertThat(RegexLanguages.afterLiteral("/a|/b")).isNull(); // (x/a)|(/b)
    assertThat(RegexLanguages.afterLiteral("*/a")).isNull(); // the * binds to x's last letter
    assertThat(RegexLanguages.afterLiteral("{2}")).isNull();
    assertThat(RegexLanguages.afterLiteral("^/a")).isNull(); // never true after x
    assertThat(RegexLanguages.afterLiteral("(?i)/a")).isNull();
    assertThat(RegexLanguages.afterLiteral("/(a|b)").includes(RegexLanguages.of("/a"), budget()))
        .isEqualTo(Answer.YES);
    assertThat(RegexLanguages.afterLiteral("").example()).isEmpty();
  }

  @Example
  void exampleWhenShortestStringsDifferThenPrefersPrintableOnes() {
    assertThat(RegexLanguages.of("a.b").example()).isEqualTo("a b");
  }

  @Provide
  Arbitrary<String> rests() {
    Arbitrary<String> around = Arbitraries.of("", "", "|a", "*", "+b", "^", "?", "{2}", "$", "|");
    return net.jqwik.api.Combinators.combine(around, regex(2), around)
        .as((before, r, after) -> before + r + after);
  }

  @Provide
  Arbitrary<String> literals() {
    return Arbitraries.of("ab", "https://j.example.com/jira", "a", "/", "a.b", "-7");
  }

  @Provide
  Arbitrary<List<String>> asciiInputs() {
    Arbitrary<String> s = Arbitraries.of("a", "b", "/", "\n", "-", "7", ".")
        .list().ofMaxSize(6).map(l -> String.join("", l));
    return s.list().ofMinSize(20).ofMaxSize(60);
  }

  @Example
  void includesWhenNegatedClassAdmitsNonAsciiThenNotIncludedInAsciiRange() {
    assertThat(RegexLanguages.of("[!-~]+").includes(RegexLanguages.of("[^/]+"), budget()))
        .isEqualTo(Answer.NO);
    assertThat(RegexLanguages.of(".*").includes(RegexLanguages.of("[^a]*"), budget())).isEqualTo(Answer.NO);
    assertThat(RegexLanguages.of("[^/]*").includes(RegexLanguages.of("\\W*"), budget())).isEqualTo(Answer.NO);
    assertThat(RegexLanguages.of("[^a]*").includes(RegexLanguages.of("\\W*"), budget())).isEqualTo(Answer.YES);
    assertThat(RegexLanguages.of("(?:.|\\n)*").includes(RegexLanguages.of("[^a]*"), budget()))
        .isEqualTo(Answer.YES);
  }

  @Example
  void ofWhenRegexHasRawControlCharacterOrFlagsThenUnknown() {
    assertThat(RegexLanguages.of("a\u0001")).isNull();
    assertThat(RegexLanguages.of("(?i)a")).isNull();
  }

  private static RegexLanguages.Budget budget() {
    return new RegexLanguages.Budget(1_000_000);
  }

  @Example
  void includesWhenBudgetRunsOutThenUnknown() {
    RegexLanguages.Budget budget = new RegexLanguages.Budget(3);
    assertThat(RegexLanguages.of("[a-z]*x[a-z]{5}").includes(RegexLanguages.of("[a-z]*x[a-z]{5}"),
        budget)).isEqualTo(Answer.UNKNOWN);
    assertThat(budget.exhausted()).isTrue();
  }

  @Provide
  Arbitrary<String> regexes() {
    return regex(3);
  }

  private Arbitrary<String> regex(int depth) {
    Arbitrary<String> atom = Arbitraries.of("a", "b", "/", ".", "[^a]", "[ab]", "\\w", "\\W",
        "\\D", "[^/]", "[a-z]", "[\\S]", "\\n", "-", "[0-9]");
    if (depth == 0) {
      return atom;
    }
    Arbitrary<String> sub = regex(depth - 1);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, atom),
        net.jqwik.api.Tuple.of(3, net.jqwik.api.Combinators.combine(sub, sub).as((x, y) -> x + y)),
        net.jqwik.api.Tuple.of(1, net.jqwik.api.Combinators.combine(sub, sub)
            .as((x, y) -> "(?:" + x + "|" + y + ")")),
        net.jqwik.api.Tuple.of(2, sub.map(x -> "(?:" + x + ")*")),
        net.jqwik.api.Tuple.of(1, sub.map(x -> "(?:" + x + ")?")));
  }

  @Provide
  Arbitrary<List<String>> inputs() {
    Arbitrary<String> s = Arbitraries.of(ALPHABET).list().ofMaxSize(6).map(l -> String.join("", l));
    return s.list().ofMinSize(20).ofMaxSize(60);
  }
}
