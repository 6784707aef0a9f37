package dev.limitto.engine.internal.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Differential properties: every tier decides exactly as RE2J's full match, for random regexes
 * of the supported grammar (plus constructs outside it, which must fall back) against random
 * and adversarial inputs, non-ASCII, {@code \n} and lone surrogates included.
 */
class TieredMatcherEquivalenceProperties {

  /** Characters inputs are made of: the regex alphabet, separators, and the awkward ones. */
  private static final String INPUT_ALPHABET = "ab/.-_1A \n\té\uD83D\uDE00\uD800";

  @Property(tries = 1500)
  @StatisticsReport(format = net.jqwik.api.statistics.Histogram.class)
  void compiledMatcherAgreesWithRe2jFullMatch(
      @ForAll("regexes") String regex, @ForAll("inputLists") List<String> inputs) {
    Pattern pattern = re2jOrSkip(regex);
    StringMatcher matcher = TieredMatchers.compile(regex, pattern);
    Statistics.label("tier").collect(matcher.getClass().getSimpleName());
    for (String input : inputs) {
      assertThat(matcher.matches(input))
          .as("%s on %s", matcher, escape(input))
          .isEqualTo(pattern.matcher(input).matches());
    }
  }

  @Property(tries = 1500)
  void dfaAgreesWithRe2jFullMatchAlsoForLiteralShapes(
      @ForAll("regexes") String regex, @ForAll("inputLists") List<String> inputs) {
    Pattern pattern = re2jOrSkip(regex);
    DfaMatcher dfa = TieredMatchers.compileDfa(regex, pattern);
    Assume.that(dfa != null);
    for (String input : inputs) {
      boolean expected = pattern.matcher(input).matches();
      assertThat(dfa.matches(input)).as("%s on %s", dfa, escape(input)).isEqualTo(expected);
      // as a rule set runs it: built after a constant head, the rest per request
      for (int cut = 0; cut <= input.length(); cut++) {
        String head = input.substring(0, cut);
        String tail = input.substring(cut);
        AsciiDfa after = AsciiDfa.buildAfter(regex, SubsetParser.parse(regex), head);
        if (after == null) {
          continue; // a non-ASCII head: the URL matcher uses another tier
        }
        DfaMatcher afterHead = new DfaMatcher(after, regex, head);
        assertThat(afterHead.matchesAfter(head, tail))
            .as("%s on %s | %s", dfa, escape(head), escape(tail))
            .isEqualTo(expected);
        assertThat(afterHead.matches(input)).isEqualTo(expected);
      }
    }
  }

  @Property(tries = 1000)
  void urlMatcherOnOriginAndPathAgreesWithRe2jOnTheirConcatenation(
      @ForAll("regexes") String regex,
      @ForAll("origins") String origin,
      @ForAll("inputLists") List<String> paths) {
    Pattern pattern = re2jOrSkip(regex);
    UrlMatcher url = UrlMatcher.compile(regex, pattern, origin);
    for (String path : paths) {
      boolean expected = pattern.matcher(origin + path).matches();
      assertThat(url.matchesPath(path)).as("%s on %s + %s", url, origin, escape(path)).isEqualTo(expected);
      assertThat(url.matches(origin + path)).isEqualTo(expected);
    }
  }

  @Provide
  Arbitrary<String> origins() {
    return Arbitraries.of("", "a", "ab/", "https://jira.example.com", "é/");
  }

  @Property(tries = 1500)
  void everyMatchContainsTheRequiredLiteral(
      @ForAll("regexes") String regex, @ForAll("inputLists") List<String> inputs) {
    Pattern pattern = re2jOrSkip(regex);
    String required = TieredMatchers.requiredLiteral(regex);
    for (String input : inputs) {
      if (pattern.matcher(input).matches()) {
        assertThat(input).as("match of %s", regex).contains(required);
      }
    }
  }

  @Property(tries = 1000)
  void literalShapesAgreeWithRe2jFullMatch(
      @ForAll("literalShapes") String regex, @ForAll("inputLists") List<String> inputs) {
    Pattern pattern = re2jOrSkip(regex);
    StringMatcher matcher = TieredMatchers.compile(regex, pattern);
    assertThat(matcher).isInstanceOf(LiteralShapeMatcher.class);
    for (String input : inputs) {
      assertThat(matcher.matches(input))
          .as("%s on %s", matcher, escape(input))
          .isEqualTo(pattern.matcher(input).matches());
    }
  }

  // --- generators -------------------------------------------------------------------------------

  @Property(tries = 1000)
  void automatonWithATinyStateCacheAgreesWithRe2jWhenTheCacheOverflows(
      @ForAll("regexes") String regex, @ForAll("inputLists") List<String> inputs) {
    Pattern pattern = re2jOrSkip(regex);
    RegexNode node = SubsetParser.parse(regex);
    Assume.that(node != null && pattern.flags() == 0);
    AsciiDfa tiny = AsciiDfa.build(regex, node, 3);
    Assume.that(tiny != null);
    DfaMatcher matcher = new DfaMatcher(tiny, regex);
    Statistics.label("cache full").collect(tiny.isFull());
    for (String input : inputs) {
      boolean expected = pattern.matcher(input).matches();
      assertThat(matcher.matches(input)).as("%s on %s", matcher, escape(input)).isEqualTo(expected);
      assertThat(matcher.matches(new StringBuilder(input))).isEqualTo(expected);
      String form = java.net.URLEncoder.encode(input, java.nio.charset.StandardCharsets.UTF_8);
      String decoded = java.net.URLDecoder.decode(form, java.nio.charset.StandardCharsets.UTF_8);
      assertThat(matcher.matchesQueryComponent(form, 0, form.length()))
          .isEqualTo(pattern.matcher(decoded).matches());
    }
    assertThat(tiny.stateCount()).isLessThanOrEqualTo(3);
  }

  @Property(tries = 1000)
  void completeAutomatonRunsAsTheLazyOne(
      @ForAll("regexes") String regex, @ForAll("inputLists") List<String> inputs) {
    RegexNode node = SubsetParser.parse(regex);
    Assume.that(node != null);
    AsciiDfa lazy = AsciiDfa.build(regex, node);
    AsciiDfa complete = AsciiDfa.complete(node);
    Assume.that(complete != null);
    for (String input : inputs) {
      int l = lazy.run(lazy.start(), input);
      int c = complete.run(complete.start(), input);
      // the complete automaton prunes states that cannot accept, so it may die earlier: before
      // a non-ASCII character that the lazy one hands to RE2J, never after
      if (c == AsciiDfa.NON_ASCII) {
        assertThat(l).as("%s on %s", regex, escape(input)).isEqualTo(AsciiDfa.NON_ASCII);
      } else if (l == AsciiDfa.NON_ASCII) {
        assertThat(c).as("%s on %s", regex, escape(input)).isZero();
      } else {
        assertThat(c != 0 && complete.accepts(c)).as("%s on %s", regex, escape(input))
            .isEqualTo(l != 0 && lazy.accepts(l));
      }
    }
  }

  @Property(tries = 1000)
  void queryValueMatcherOnRawComponentAgreesWithRe2jOnDecodedValue(
      @ForAll("regexes") String regex, @ForAll("inputLists") List<String> inputs) {
    Pattern pattern = re2jOrSkip(regex);
    StringMatcher matcher = TieredMatchers.compileQueryValue(regex, pattern);
    for (String input : inputs) {
      // form encoding ('+' for a space) and plain percent-encoding, inside a longer query; a
      // lone surrogate cannot be encoded (it becomes '?'), so the reference is the decoded text
      String form = java.net.URLEncoder.encode(input, java.nio.charset.StandardCharsets.UTF_8);
      String decoded = java.net.URLDecoder.decode(form, java.nio.charset.StandardCharsets.UTF_8);
      boolean expected = pattern.matcher(decoded).matches();
      String percent = form.replace("+", "%20");
      for (String encoded : List.of(form, percent)) {
        String query = "x=1&q=" + encoded + "&y=2";
        int from = 6;
        assertThat(matcher.matchesQueryComponent(query, from, from + encoded.length()))
            .as("%s on %s", matcher, encoded)
            .isEqualTo(expected);
      }
    }
  }

  @Provide
  Arbitrary<String> regexes() {
    return regex(4);
  }

  private Arbitrary<String> regex(int depth) {
    Arbitrary<String> atom =
        Arbitraries.frequencyOf(
            weighted(10, Arbitraries.of("a", "b", "/", "\\.", "-", "_", "1", "A", " ")),
            weighted(4, Arbitraries.of(".", "\\d", "\\w", "\\s", "\\D", "\\W", "\\S")),
            weighted(
                4,
                Arbitraries.of(
                    "[ab]", "[a-c]", "[^a]", "[^/]", "[/.]", "[\\d.]", "[a-]", "[]a]", "[^]a]",
                    "[\\w-]", "[--/]", "[^\\n]", "[A-Za-z0-9_]")),
            weighted(2, Arbitraries.of("^", "$", "\\A", "\\z", "()", "(?:)")),
            // outside the subset: must fall back to RE2J, never decide differently
            weighted(
                1,
                Arbitraries.of(
                    "\\b", "\\B", "(?i)a", "\\pL", "é", "[é]", "[[:alpha:]]", "\\x41", "a{,2}",
                    "(?s).", "\\Qa.\\E", "(?U)a*")));
    if (depth == 0) {
      return atom;
    }
    Arbitrary<String> sub = Arbitraries.lazy(() -> regex(depth - 1));
    return Arbitraries.frequencyOf(
        weighted(6, atom),
        weighted(5, sub.list().ofMinSize(2).ofMaxSize(4).map(l -> String.join("", l))),
        weighted(2, sub.list().ofMinSize(2).ofMaxSize(3).map(l -> "(" + String.join("|", l) + ")")),
        weighted(1, sub.map(s -> "(?:" + s + ")")),
        weighted(1, sub.map(s -> "(?P<g>" + s + ")")),
        weighted(
            4,
            Combinators.combine(
                    sub,
                    Arbitraries.of(
                        "*", "+", "?", "*?", "+?", "??", "{2}", "{0,2}", "{1,}", "{2,3}", "{0}",
                        "{3}?"))
                .as((s, q) -> "(" + s + ")" + q)));
  }

  @Provide
  Arbitrary<String> literalShapes() {
    Arbitrary<String> literal =
        Arbitraries.strings().withChars("ab/.-1").ofMinLength(0).ofMaxLength(4).map(Pattern::quote);
    return literal
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(l -> String.join(".*", l))
        .flatMap(
            body ->
                Arbitraries.of("", "^").flatMap(pre -> Arbitraries.of("", "$").map(post -> pre + body + post)));
  }

  @Provide
  Arbitrary<List<String>> inputLists() {
    Arbitrary<String> random =
        Arbitraries.strings().withChars(INPUT_ALPHABET).ofMinLength(0).ofMaxLength(10);
    Arbitrary<String> narrow = Arbitraries.strings().withChars("ab/.").ofMinLength(0).ofMaxLength(8);
    Arbitrary<String> adversarial =
        Arbitraries.integers()
            .between(0, 40)
            .flatMap(n -> Arbitraries.of("a", "ab", "a/", "1").map(u -> u.repeat(n)));
    return Arbitraries.oneOf(random, narrow, adversarial).list().ofMinSize(1).ofMaxSize(12);
  }

  private static Tuple2<Integer, Arbitrary<? extends String>> weighted(
      int weight, Arbitrary<String> a) {
    return Tuple.of(weight, a);
  }

  private static Pattern re2jOrSkip(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      Assume.that(false);
      throw new AssertionError("unreachable");
    }
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c < 32 || c > 126) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
