package dev.limitto.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A denial on a URL miss names the line whose URL regex the request's path got furthest into,
 * among the lines that admit the method, ties to the earlier line; a line whose URL matched
 * (method or predicate failed) still comes before any URL miss.
 */
class ClosestLineTest {

  private static final String DEMO_BASE = "http://localhost:8080";
  /** The rules of {@code ./limit-to serve}'s demo token. */
  private static final String DEMO_RULES = String.join("\n",
      "[get]{base}/rest/api/2/myself",
      "[get]{base}/rest/api/2/issue/DEMO-[0-9]+",
      "[post]{base}/rest/api/2/issue/DEMO-1/comment[JsonData::body==.{1,500}]",
      "[get]{base}/rest/api/2/search[QueryParam::jql==project = DEMO]");

  private static String reason(String base, String rules, String method, String target) {
    RuleSet set = RuleSet.compiler().baseUrl(base).compile(rules);
    Decision d = set.evaluate(Request.of(method, target));
    assertThat(d.isAllowed()).as("%s %s", method, target).isFalse();
    return d.reason();
  }

  @Test
  void demoRulesWhenIssueOfAnotherProjectThenTheIssueLineIsNamed() {
    assertThat(reason(DEMO_BASE, DEMO_RULES, "GET", "/rest/api/2/issue/OPS-1"))
        .isEqualTo("line 2: URL does not match {base}/rest/api/2/issue/DEMO-[0-9]+");
  }

  @Test
  void demoRulesWhenAnotherEndpointThenTheLineSharingMostOfItsStartIsNamed() {
    // "/rest/api/2/se" of .../search, "/rest/api/2/" of the others
    assertThat(reason(DEMO_BASE, DEMO_RULES, "GET", "/rest/api/2/serverInfo"))
        .isEqualTo("line 4: URL does not match {base}/rest/api/2/search");
  }

  @Test
  void demoRulesWhenThePathGoesPastTheLiteralThenTheAutomatonDecides() {
    // /rest/api/2/issue/DEMO- and one digit, then the automaton dies at 'x'
    assertThat(reason(DEMO_BASE, DEMO_RULES, "GET", "/rest/api/2/issue/DEMO-1x"))
        .isEqualTo("line 2: URL does not match {base}/rest/api/2/issue/DEMO-[0-9]+");
  }

  @Test
  void urlMissWhenTwoLinesGetEquallyFarThenTheEarlierIsNamed() {
    String rules = "[get]{base}/rest/api/2/issue/TEST-[0-9]+\n[get]{base}/rest/api/2/issue/DEMO-[0-9]+";
    assertThat(reason(DEMO_BASE, rules, "GET", "/rest/api/2/issue/OPS-1"))
        .isEqualTo("line 1: URL does not match {base}/rest/api/2/issue/TEST-[0-9]+");
  }

  @Test
  void urlMissWhenALaterLineGetsFurtherThenTheLaterIsNamed() {
    String rules = "[get]{base}/rest/api/2/myself\n[get]{base}/rest/api/2/issue/[A-Z]+-[0-9]+";
    assertThat(reason(DEMO_BASE, rules, "GET", "/rest/api/2/issue/OPS-x"))
        .isEqualTo("line 2: URL does not match {base}/rest/api/2/issue/[A-Z]+-[0-9]+");
  }

  @Test
  void urlMissWhenRegexStartsWithDotStarThenItsLiteralCountsNotTheLoop() {
    // .* absorbs any path without dying: how far counts the part of the literal matched
    String rules = "[get].*/myself\n[get].*/rest/api/2/issue/DEMO-[0-9]+";
    assertThat(reason(DEMO_BASE, rules, "GET", "/rest/api/2/issue/OPS-1"))
        .isEqualTo("line 2: URL does not match .*/rest/api/2/issue/DEMO-[0-9]+");
  }

  @Test
  void urlMissWhenLinesDoNotAdmitTheMethodThenTheyAreNotRanked() {
    String rules = "[post]{base}/rest/api/2/issue/DEMO-[0-9]+\n[get]{base}/rest/api/2/myself";
    assertThat(reason(DEMO_BASE, rules, "GET", "/rest/api/2/issue/OPS-1"))
        .isEqualTo("line 2: URL does not match {base}/rest/api/2/myself");
  }

  @Test
  void methodMismatchWhenUrlMatchedThenItBeatsALineThatGotFurtherOnItsUrl() {
    String rules = "[get]{base}/rest/api/2/issue/DEMO-1/comment\n[post]{base}/rest/api/2/issue/DEMO-[0-9]+";
    assertThat(reason(DEMO_BASE, rules, "GET", "/rest/api/2/issue/DEMO-1"))
        .isEqualTo("line 2: method GET not in [POST]");
  }

  @Test
  void predicateFailureWhenUrlMatchedThenItBeatsAnyUrlMiss() {
    String rules = "[get]{base}/rest/api/2/search/extra/long/path\n"
        + "[get]{base}/rest/api/2/search[QueryParam::jql==project = DEMO]";
    assertThat(reason(DEMO_BASE, rules, "GET", "/rest/api/2/search?jql=x"))
        .isEqualTo("line 2: QueryParam jql value does not match project = DEMO");
  }

  @Test
  void thousandLinesWhenTheClosestIsDeepInTheSetThenItIsNamedWithoutAllocating() {
    String rules = IntStream.range(0, 1_000)
        .mapToObj(i -> "[get]{base}/rest/api/2/project/P" + i)
        .collect(Collectors.joining("\n"));
    RuleSet set = RuleSet.compiler().baseUrl(DEMO_BASE).compile(rules);
    Request request = Request.of("GET", "/rest/api/2/project/P777x");
    assertThat(set.evaluate(request).reason())
        .isEqualTo("line 778: URL does not match {base}/rest/api/2/project/P777");

    // the least of three measurements: a real allocation per decision shows in each of them,
    // a compilation of the JIT in one of them only
    long least = Long.MAX_VALUE;
    for (int k = 0; k < 3; k++) {
      least = Math.min(least,
          AllocationMeter.allocatedBeyondSlack(20_000, 0, () -> set.evaluate(request).line().orElse(0)));
    }
    assertThat(least).isZero();
  }

  @Test
  void thousandDotStarLinesWhenTheClosestLiteralOccursThenItIsNamed() {
    String rules = IntStream.range(0, 1_000)
        .mapToObj(i -> "[get,post].*/rest/api/2/issue/P" + i + "-[0-9]+(/comment)?")
        .collect(Collectors.joining("\n"));
    assertThat(reason(DEMO_BASE, rules, "GET", "/rest/api/2/issue/P777-3/attachments"))
        .isEqualTo("line 778: URL does not match .*/rest/api/2/issue/P777-[0-9]+(/comment)?");
  }

  @Test
  void manyLinesSharingALiteralWhenPastTheCapThenLaterOnesCountAsFarAsTheLiteral() {
    // 40 lines share the literal "/": the first 8 automata run, the rest count as far as "/"
    String rules = IntStream.range(0, 40)
        .mapToObj(i -> "[get]{base}/(a|b)/c" + i)
        .collect(Collectors.joining("\n"));
    assertThat(reason(DEMO_BASE, rules, "GET", "/a/c39z"))
        .isEqualTo("line 4: URL does not match {base}/(a|b)/c3");
    assertThat(reason(DEMO_BASE, rules, "GET", "/a/c7z"))
        .isEqualTo("line 8: URL does not match {base}/(a|b)/c7");
  }
}
