package dev.limitto.engine.internal.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A URL matcher whose automaton is deferred to its first match answers every question exactly as
 * one built at compile time: the same path prefix, the same "dies in the origin", the same
 * required literal and the same matches; and {@link AsciiDfa#builds} tells without building
 * whether the automaton will exist.
 */
class DeferredAutomatonProperties {

  private static final String INPUT_ALPHABET = "ab/.-_1A: é";

  @Property(tries = 1500)
  void deferredUrlMatcherAnswersAsTheEagerOne(@ForAll("urlRegexes") String regex,
      @ForAll("origins") String origin, @ForAll("paths") List<String> paths) {
    Pattern pattern = re2jOrSkip(regex);
    UrlMatcher deferred = UrlMatcher.compile(regex, pattern, origin, true);
    UrlMatcher eager = UrlMatcher.compile(regex, pattern, origin, false);
    // asked before any match: what the deferred one knows without its automaton
    assertThat(deferred.pathPrefix()).as("%s after %s", regex, origin).isEqualTo(eager.pathPrefix());
    assertThat(deferred.diesInOrigin()).as("%s after %s", regex, origin)
        .isEqualTo(eager.diesInOrigin());
    assertThat(deferred.requiredLiteral()).isEqualTo(eager.requiredLiteral());
    for (String path : paths) {
      boolean expected = pattern.matcher(origin + path).matches();
      assertThat(deferred.matchesPath(path)).as("%s on %s + %s", regex, origin, path)
          .isEqualTo(expected);
      assertThat(eager.matchesPath(path)).isEqualTo(expected);
      assertThat(deferred.matches(origin + path)).isEqualTo(expected);
    }
    if (deferred.pathPrefix() != null && !paths.isEmpty()
        && paths.get(0).startsWith(deferred.pathPrefix())) {
      assertThat(deferred.progressAfterPrefix(paths.get(0)))
          .isEqualTo(eager.progressAfterPrefix(paths.get(0)));
    }
  }

  @Property(tries = 1500)
  void buildsTellsWhetherTheAutomatonWillExist(@ForAll("urlRegexes") String regex,
      @ForAll("origins") String origin) {
    RegexNode node = SubsetParser.parse(regex);
    Assume.that(node != null);
    assertThat(AsciiDfa.builds(node, origin)).as("%s after %s", regex, origin)
        .isEqualTo(AsciiDfa.buildAfter(regex, node, origin) != null);
  }

  @Example
  void nfaSizeIsExactAtTheCap() {
    // (a|b) is three nodes, each optional copy one split more; the MATCH node makes the cap
    String within = "((a|b){0,999}){0,5}"; // 5 * (999 * 4 + 1) + 1 = 19,986 nodes
    String beyond = "((a|b){0,1000}){0,5}"; // 5 * (1000 * 4 + 1) + 1 = 20,006 nodes
    String exact = "([ab]{1000}){19}(a|b){0,83}[ab]{16}"; // 19,000 + 332 + 16 + 1 = 19,349
    String overByOne = "([ab]{1000}){19}[ab]{1000}"; // 20,000 + 1
    String atCap = "([ab]{1000}){19}[ab]{999}"; // 19,999 + 1 = 20,000
    assertThat(AsciiDfa.nfaSize(SubsetParser.parse(within))).isEqualTo(19_985);
    assertThat(AsciiDfa.nfaSize(SubsetParser.parse(beyond))).isEqualTo(20_005);
    assertThat(AsciiDfa.nfaSize(SubsetParser.parse(exact))).isEqualTo(19_348);
    for (String regex : List.of(within, beyond, exact, overByOne, atCap)) {
      RegexNode node = SubsetParser.parse(regex);
      assertThat(node).as(regex).isNotNull();
      assertThat(AsciiDfa.builds(node, "")).as(regex)
          .isEqualTo(AsciiDfa.build(regex, node) != null);
    }
    assertThat(AsciiDfa.builds(SubsetParser.parse(atCap), "")).isTrue();
    assertThat(AsciiDfa.builds(SubsetParser.parse(overByOne), "")).isFalse();
    assertThat(AsciiDfa.builds(SubsetParser.parse("a"), "é")).isFalse();
  }

  @Provide
  Arbitrary<String> urlRegexes() {
    Arbitrary<String> lead = Arbitraries.of("", "^", ".*", "^.*", "[^ ]*", "[a-z]*", "(.*)",
        "https://jira\\.example\\.com", "https://jira\\.example\\.com/jira", "https://jira",
        "https://other\\.host", ".+", "a*", "(https://jira\\.example\\.com)?");
    Arbitrary<String> rest = Arbitraries.of("/rest/api/2/issue/[A-Z]+-[0-9]+", "/rest/.*", "",
        "/(a|b)*c", "/x$", "$", "^/x", "/[^/]+/worklog/[0-9]{1,3}", "é", "/\\pL", "/a{2}b?",
        ".*", "/jira/rest", "(/x|/y)z", "[^\\x00-\\x7f]");
    return Combinators.combine(lead, rest).as(String::concat);
  }

  @Provide
  Arbitrary<String> origins() {
    return Arbitraries.of("", "a", "https://jira.example.com", "https://jira.example.com/jira",
        "é/", "https://jira.example.com:8443");
  }

  @Provide
  Arbitrary<List<String>> paths() {
    Arbitrary<String> start = Arbitraries.of("", "/", "/rest/api/2/issue/", "/jira/rest", "/x",
        "/rest/", "/a", "z");
    Arbitrary<String> tail =
        Arbitraries.strings().withChars(INPUT_ALPHABET + "DEMO-12worklogcz").ofMaxLength(12);
    return Combinators.combine(start, tail).as(String::concat).list().ofMaxSize(6);
  }

  private static Pattern re2jOrSkip(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      Assume.that(false);
      return null;
    }
  }
}
