package dev.limitto.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A decision that needs no JSON body allocates nothing: allowed or denied, on URL, method or
 * query predicates, with query values that need decoding. Measured with the JVM's per-thread
 * allocation counter over many evaluations of prepared requests (in the interpreter as much as
 * after compilation: nothing here relies on escape analysis). What does allocate: JSON bodies,
 * regexes on the RE2J tier, methods outside the standard nine, a path with a non-ASCII
 * character (see docs/benchmarks.md).
 */
class ZeroAllocationTest {

  private static final int RUNS = 20_000;

  private static final String RULES = """
      [get].*/rest/api/2/issue/KANBAN-[0-9]+
      [post].*/rest/api/2/issue/KANBAN-[0-9]+/comment
      [get].*/rest/api/2/search[QueryParam::jql==project = KANBAN.*][QueryParam::maxResults==[0-9]{1,3}]
      [get]{base}/rest/api/2/myself
      """;

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "GET    | /jira/rest/api/2/issue/KANBAN-12                               | ALLOW (line 1)",
      "POST   | /jira/rest/api/2/issue/KANBAN-12/comment                       | ALLOW (line 2)",
      "GET    | /jira/rest/api/2/search?jql=project+%3D+KANBAN&maxResults=50    | ALLOW (line 3)",
      "GET    | /jira/rest/api/2/search?maxResults=5&jql=project%20%3D%20KANBAN%20ORDER%20BY%20key | ALLOW (line 3)",
      "GET    | /jira/rest/api/2/myself                                        | ALLOW (line 4)",
      "GET    | /jira/rest/api/2/issue/KANBAN-%31%32                           | ALLOW (line 1)",
      "GET    | /jira/rest/api/2/issue/%4BANBAN-12?fields=summary              | ALLOW (line 1)",
      "PUT    | /jira/rest/api/2/issue/KANBAN-%31%32                           | DENY (line 1: method PUT not in [GET])",
      "DELETE | /jira/rest/api/2/issue/KANBAN-12                               | DENY (line 1: method DELETE not in [GET])",
      "GET    | /jira/rest/api/2/issue/OPS-12                                  | DENY (line 1: URL does not match .*/rest/api/2/issue/KANBAN-[0-9]+)",
      "PROPFIND | /jira/rest/api/2/projects                                    | DENY (line 1: URL does not match .*/rest/api/2/issue/KANBAN-[0-9]+)",
      "GET    | /jira/rest/api/2/search?jql=project+%3D+OPS&maxResults=50       | DENY (line 3: QueryParam jql value does not match project = KANBAN.*)",
      "GET    | /jira/rest/api/2/search?jql=project+%3D+KANBAN                  | DENY (line 3: QueryParam maxResults missing)",
      "GET    | /jira/rest/api/2/search?jql=project+%3D+KANBAN&maxResults=5000  | DENY (line 3: QueryParam maxResults value does not match [0-9]{1,3})",
      "GET    | /jira/rest/api/2/issue/KANBAN-1/../../../admin                 | DENY (request rejected: path contains a dot segment ('.' or '..'))",
      "GET    | /jira/rest/api/2/issue/KANBAN-1%2F..%2Fadmin                   | DENY (request rejected: path contains an encoded '/' (%2F))",
      "GET    | /jira/rest/api/2/issue/KANBAN-1%EF%BC%8F..%EF%BC%8Fadmin       | DENY (request rejected: path contains a character that looks like or normalizes to '/', '\\', '.', ';', '%', '?' or '#')",
      "GET    | /jira/rest/api/2/issue/KANBAN-1%E2%80%AE                       | DENY (request rejected: path contains an invisible format character (zero-width, bidi control or BOM))",
      "GET    | /jira/rest/api/2/search?jql=project+%3D+KANBAN%zz               | DENY (request rejected: query string contains malformed percent-encoding ('%' not followed by two hex digits))",
  })
  void decisionWithoutJsonWhenRepeatedThenAllocatesNothing(String method, String target,
      String expected) {
    RuleSet rules = RuleSet.compiler().baseUrl("https://jira.example.com/jira").compile(RULES);
    Request request = Request.of(method, target);
    assertThat(rules.evaluate(request)).hasToString(expected);

    assertThat(allocatedOverRuns(rules, request)).isZero();
  }

  @Test
  void thousandLinesWhenAllowingAndDenyingThenAllocateNothing() {
    String lines = IntStream.range(0, 1_000)
        .mapToObj(i -> "[get,post].*/rest/api/2/issue/P" + i + "-[0-9]+(/comment)?")
        .collect(Collectors.joining("\n"));
    RuleSet rules = RuleSet.compiler().baseUrl("https://jira.example.com/jira").compile(lines);
    Request allowed = Request.of("POST", "/jira/rest/api/2/issue/P777-3/comment");
    Request wrongMethod = Request.of("PUT", "/jira/rest/api/2/issue/P777-3");
    Request unknown = Request.of("GET", "/jira/rest/api/2/issue/Q777-3");
    assertThat(rules.evaluate(allowed)).hasToString("ALLOW (line 778)");
    assertThat(rules.evaluate(wrongMethod).reason()).startsWith("line 778: method PUT not in");
    assertThat(rules.evaluate(unknown).reason()).startsWith("line 1: URL does not match");

    assertThat(allocatedOverRuns(rules, allowed)).isZero();
    assertThat(allocatedOverRuns(rules, wrongMethod)).isZero();
    assertThat(allocatedOverRuns(rules, unknown)).isZero();
  }

  @Test
  void requestsThatOnceLeftTheIndexWhenDecidedThenAllocateNothing() {
    RuleSet rules = RuleSet.compiler().baseUrl("https://jira.example.com/jira").compile(RULES);
    Request encodedName = Request.of("GET",
        "/jira/rest/api/2/search?jql=project+%3D+KANBAN&maxResults=50&f%69elds=summary");
    Request encodedPredicateName = Request.of("GET",
        "/jira/rest/api/2/search?%6Aql=project+%3D+KANBAN&maxResults=50");
    Request overrideHeader = Request.builder("GET", "/jira/rest/api/2/issue/KANBAN-12")
        .header("X-HTTP-Method-Override", "DELETE").build();
    Request encodedOverride = Request.of("GET", "/jira/rest/api/2/issue/KANBAN-12?%5Fmethod=x");
    assertThat(rules.evaluate(encodedName)).hasToString("ALLOW (line 3)");
    assertThat(rules.evaluate(encodedPredicateName)).hasToString("ALLOW (line 3)");
    assertThat(rules.evaluate(overrideHeader).reason())
        .isEqualTo("request rejected: method-override header is not allowed for a restricted token: "
            + "X-HTTP-Method-Override");
    assertThat(rules.evaluate(encodedOverride).reason())
        .isEqualTo("request rejected: _method query parameter is not allowed for a restricted token");

    assertThat(allocatedOverRuns(rules, encodedName)).isZero();
    assertThat(allocatedOverRuns(rules, encodedPredicateName)).isZero();
    assertThat(allocatedOverRuns(rules, overrideHeader)).isZero();
    assertThat(allocatedOverRuns(rules, encodedOverride)).isZero();
  }

  @Test
  void thousandLinesSharingTheirUrlWhenAllowingAndDenyingThenAllocateNothing() {
    String lines = IntStream.range(0, 1_000)
        .mapToObj(i -> i % 10 == 0
            ? "[get].*/rest/api/2/search[QueryParam::jql==project = P" + i + "( ORDER BY [a-z]+)?]"
            : "[get,post].*/rest/api/2/issue/P" + i + "-[0-9]+(/comment)?")
        .collect(Collectors.joining("\n"));
    RuleSet rules = RuleSet.compiler().baseUrl("https://jira.example.com/jira").compile(lines);
    Request allowed = Request.of("GET", "/jira/rest/api/2/search?jql=project+%3D+P770&maxResults=5");
    Request otherProject = Request.of("GET", "/jira/rest/api/2/search?jql=project+%3D+Q770");
    Request missing = Request.of("GET", "/jira/rest/api/2/search?maxResults=5");
    assertThat(rules.evaluate(allowed)).hasToString("ALLOW (line 771)");
    assertThat(rules.evaluate(otherProject).reason())
        .startsWith("line 1: QueryParam jql value does not match project = P0(");
    assertThat(rules.evaluate(missing).reason()).isEqualTo("line 1: QueryParam jql missing");

    assertThat(allocatedOverRuns(rules, allowed)).isZero();
    assertThat(allocatedOverRuns(rules, otherProject)).isZero();
    assertThat(allocatedOverRuns(rules, missing)).isZero();
  }

  @Test
  void decisionWhenItAllocatesThenTheCounterSeesIt() {
    // the measurement can fail: a regex with a flag runs on RE2J, which allocates per match
    RuleSet rules = RuleSet.compiler().compile("(?i).*/issue/kanban-1");
    Request request = Request.of("GET", "/issue/KANBAN-1");
    assertThat(rules.evaluate(request).isAllowed()).isTrue();

    assertThat(allocatedOverRuns(rules, request)).isPositive();
  }

  /** Bytes allocated by {@link #RUNS} evaluations (see {@link AllocationMeter}); 0: none. */
  private static long allocatedOverRuns(RuleSet rules, Request request) {
    int line = rules.evaluate(request).line().orElse(0);
    return AllocationMeter.allocatedBeyondSlack(
        RUNS, (long) RUNS * line, () -> rules.evaluate(request).line().orElse(0));
  }
}
