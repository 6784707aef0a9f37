package dev.limitto.engine.internal.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A URL regex anchored on the origin matches a path exactly when RE2J matches the whole URL,
 * whether the path leaves the regex's leading literal, follows it into the rest, or carries a
 * non-ASCII character after it; also once the state after the literal is known (second match).
 */
class UrlMatcherProperties {

  private static final String ORIGIN = "https://jira.example.com/jira";

  @Property(tries = 1000)
  void matchesPathAgreesWithRe2jOnTheWholeUrl(
      @ForAll("anchored") String regex, @ForAll("paths") String path) {
    UrlMatcher url = UrlMatcher.compile(regex, Pattern.compile(regex), ORIGIN);
    boolean expected = Pattern.compile(regex).matches(ORIGIN + path);
    assertThat(url.matchesPath(path)).as("%s on %s", regex, path).isEqualTo(expected);
    assertThat(url.matchesPath(new StringBuilder(path))).isEqualTo(expected);
    assertThat(url.matchesPath(path)).isEqualTo(expected);
  }

  /**
   * {@code .*X} and {@code .*X.*} are decided by string operations on the path ({@link
   * LiteralPath}), also when X begins in the origin, the path holds a new line or non-ASCII.
   */
  @Property(tries = 1500)
  void literalShapesOnThePathAgreeWithRe2jOnTheWholeUrl(
      @ForAll("literalShapes") String regex, @ForAll("paths") String path,
      @ForAll("shapeOrigins") String origin) {
    UrlMatcher url = UrlMatcher.compile(regex, Pattern.compile(regex), origin);
    boolean expected = Pattern.compile(regex).matches(origin + path);
    assertThat(url.matchesPath(path)).as("%s on %s + %s", regex, origin, path).isEqualTo(expected);
    assertThat(url.matchesPath(new StringBuilder(path))).isEqualTo(expected);
    assertThat(url.matches(origin + path)).isEqualTo(expected);
  }

  /**
   * A line {@code .*X...} matches as RE2J decides the whole URL, though its automaton runs only
   * from X's first occurrence on; and measured only far enough to know whether it reaches {@code
   * atLeast}
   * ({@link UrlMatcher#progressAfterPrefix(CharSequence, int)}), which a string search for X's
   * start may answer without the automaton: exact at {@code atLeast} or beyond, below it
   * otherwise; also when the origin ends in a start of X or holds X, the path holds a new line or
   * non-ASCII, or the path is a buffer.
   */
  @Property(tries = 1500)
  void progressTowardsAtLeastIsExactThereAndBelowItOtherwise(
      @ForAll("searched") String regex, @ForAll("searchedPaths") String path,
      @ForAll("searchedOrigins") String origin, @ForAll @net.jqwik.api.constraints.IntRange(max = 24) int atLeast) {
    UrlMatcher url = UrlMatcher.compile(regex, Pattern.compile(regex), origin);
    net.jqwik.api.statistics.Statistics.collect(
        url.pathPrefix() == null ? "not measured" : url.pathPrefix().isEmpty() ? "after .*" : "prefix");
    // a line .*X... runs its automaton from X's first occurrence on: the same answers as RE2J
    boolean expected = Pattern.compile(regex).matches(origin + path);
    assertThat(url.matchesPath(path)).as("%s after %s on %s", regex, origin, path)
        .isEqualTo(expected);
    assertThat(url.matchesPath(new StringBuilder(path))).isEqualTo(expected);
    assertThat(url.matchesPath(path)).isEqualTo(expected); // the state after X now known
    if (url.pathPrefix() == null || !path.startsWith(url.pathPrefix())) {
      return;
    }
    int exact = url.progressAfterPrefix(path);
    for (CharSequence p : java.util.List.of(path, new StringBuilder(path))) {
      int got = url.progressAfterPrefix(p, atLeast);
      if (exact >= atLeast) {
        assertThat(got).as("%s after %s on %s, at least %d", regex, origin, path, atLeast)
            .isEqualTo(exact);
      } else {
        assertThat(got).as("%s after %s on %s, at least %d", regex, origin, path, atLeast)
            .isLessThan(atLeast);
      }
    }
  }

  /**
   * {@link UrlMatcher#longestStart}: the longest start of X, at most k characters, found at a
   * position of the path where k characters fit, as comparing every position says.
   */
  @Property(tries = 1500)
  void longestStartIsTheLongestStartFoundWhereKCharactersFit(
      @ForAll("startPaths") String s, @ForAll("startPaths") String x,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 8) int k) {
    net.jqwik.api.Assume.that(!x.isEmpty() && k <= x.length());
    int expected = 0;
    for (int i = 0; i + k <= s.length(); i++) {
      int j = 0;
      while (j < k && s.charAt(i + j) == x.charAt(j)) {
        j++;
      }
      expected = Math.max(expected, j);
    }
    assertThat(UrlMatcher.longestStart(s, x, k)).as("%s in %s, k=%d", x, s, k).isEqualTo(expected);
    assertThat(UrlMatcher.longestStart(new StringBuilder(s), x, k)).isEqualTo(expected);
    assertThat(UrlMatcher.containsStart(s, x, k)).isEqualTo(s.contains(x.substring(0, k)));
  }

  @Provide
  Arbitrary<String> startPaths() {
    return Arbitraries.of("a", "b", "ab", "/", "ba", "aab").list().ofMaxSize(6)
        .map(parts -> String.join("", parts));
  }

  /**
   * A line {@code .*X...} is run from X's first occurrence: a later one may leave too little
   * for the rest ({@code abab} four times over), and a new line before X ends the loop.
   */
  @net.jqwik.api.Example
  void aLineLedByDotStarAndALiteralRunsFromTheLiteralsFirstOccurrence() {
    String regex = ".*abab[a-z]+";
    String origin = "https://h.example"; // ends in no start of abab
    UrlMatcher url = UrlMatcher.compile(regex, Pattern.compile(regex), origin);
    for (String path : java.util.List.of("abababab", "xababab", "abab", "ab\nabab")) {
      boolean expected = Pattern.compile(regex).matches(origin + path);
      assertThat(url.matchesPath(path)).as(path).isEqualTo(expected);
      assertThat(url.matchesPath(new StringBuilder(path))).as(path).isEqualTo(expected);
    }
    String api = ".*/rest/api/2/[a-z]+";
    UrlMatcher rest = UrlMatcher.compile(api, Pattern.compile(api), ORIGIN);
    assertThat(rest.matchesPath("/jira/rest/api/2/issue")).isTrue();
    assertThat(rest.matchesPath("/j\n/rest/api/2/issue")).isFalse(); // . does not match \n
    assertThat(rest.matchesPath("/é/rest/api/2/issue")).isTrue();
  }

  /**
   * An origin that holds X leaves the automaton in X's rest, which the path can take further
   * without containing any of X: such a line is scanned, not searched.
   */
  @net.jqwik.api.Example
  void aLineWhoseLiteralTheOriginHoldsIsScanned() {
    String regex = ".*aab[0-9]{2,5}q";
    UrlMatcher url = UrlMatcher.compile(regex, Pattern.compile(regex), "https://h/aab");
    assertThat(url.progressAfterPrefix("1234")).isEqualTo(4);
    assertThat(url.progressAfterPrefix("1234", 3)).isEqualTo(4);
    assertThat(url.progressAfterPrefix(new StringBuilder("1234"), 4)).isEqualTo(4);
  }

  @Provide
  Arbitrary<String> searched() {
    Arbitrary<String> x = Arbitraries.of("/rest/api/2/", "abab", "aab", "m/ji", "ra/", "a", "/")
        .map(Pattern::quote);
    Arbitrary<String> rest = Arbitraries.of("", "[a-z]+", "(x|/)*b", ".*", "/issue/[0-9]+", "\\n?a",
        "[0-9]{2,5}q", "(b|^)", "/?$", "(/rest/api/2/|a)+b");
    return Combinators.combine(Arbitraries.of(".*", ".*?", "[^\\n]*", "(?s).*", "[^/]*"), x, rest)
        .as((lead, l, r) -> lead + l + r);
  }

  @Provide
  Arbitrary<String> searchedOrigins() {
    return Arbitraries.of(ORIGIN, "https://jira.example.com", "", "https://h/jira/rest/api/2/",
        "https://h/aba", "https://h/aa", "https://h/é", "https://h/aab.x", "https://h/aab");
  }

  @Provide
  Arbitrary<String> searchedPaths() {
    return Arbitraries.of("/rest/api/2/", "abab", "aab", "/ji", "/", "a", "b", "x", "\n", "é",
            "/issue/7", "12", "/res", "aba")
        .list().ofMaxSize(6).map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<String> literalShapes() {
    Arbitrary<String> literal = Arbitraries.of("", "/rest/api/2/issue/", "DEMO-12", "a/jira/",
        "example.com/jira/rest", "m/j", "/", "ira", "é", "DEMO-12/acx", "\n", "x")
        .map(l -> l.equals("\n") ? l : Pattern.quote(l));
    return Combinators.combine(literal, Arbitraries.of(".*", "", "(?s).*"))
        .as((l, end) -> ".*" + l + end);
  }

  @Provide
  Arbitrary<String> shapeOrigins() {
    return Arbitraries.of(ORIGIN, "https://jira.example.com", "", "https://jira.example.com/j");
  }

  @Provide
  Arbitrary<String> anchored() {
    Arbitrary<String> lead = Arbitraries.of("/rest/api/2/issue/", "/rest/", "/r", "/rest/api/2/");
    Arbitrary<String> rest = Arbitraries.of("[A-Z]+-[0-9]+", "DEMO-[0-9]+(/comment)?", ".*",
        "(a|b)*c", "x", "", "[^/]+/worklog/[0-9]{1,3}", "é?");
    return Combinators.combine(lead, rest)
        .as((l, r) -> ORIGIN.replace(".", "\\.") + l + r);
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> start = Arbitraries.of("/rest/api/2/issue/", "/rest/", "/r", "/rest/api/2/",
        "", "/", "/rest/api/2/issuE/", "/res");
    Arbitrary<String> tail = Arbitraries.strings().withChars("DEMO-12/acxbéworklog\u00ff\n")
        .ofMaxLength(14);
    return Combinators.combine(start, tail).as(String::concat);
  }
}
