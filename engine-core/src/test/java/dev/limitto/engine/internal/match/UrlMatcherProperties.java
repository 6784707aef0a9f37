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
