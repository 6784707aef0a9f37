package dev.limitto.engine.internal.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSet;
import dev.limitto.engine.lint.LintFinding.Check;
import dev.limitto.engine.lint.LintFinding;
import dev.limitto.engine.lint.RuleLinter;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Lint never reports a line as shadowed (or duplicate) wrongly: for random pairs of lines, when
 * lint says line 2 is covered by line 1, every request that line 2 alone allows is allowed by
 * line 1 alone, as the engine decides them.
 */
class ShadowSoundnessProperties {

  private static final String BASE = "https://jira.example.com/jira";

  @Property(tries = 1500)
  void shadowedWhenReportedThenEveryRequestOfTheLaterLineIsAllowedByTheEarlier(
      @ForAll("lines") String first, @ForAll("lines") String second,
      @ForAll("requests") List<Request> requests) {
    List<LintFinding> findings = RuleLinter.lint(first + "\n" + second, BASE);
    boolean covered = findings.stream().anyMatch(f -> f.line() == 2
        && (f.check() == Check.SHADOWED_LINE || f.check() == Check.DUPLICATE_LINE));
    Statistics.collect(covered);
    // the property says nothing unless lint does report covered lines often enough
    Statistics.coverage(c -> c.check(true).percentage(p -> p > 2.0));
    if (!covered) {
      return;
    }
    RuleSet earlier = RuleSet.compiler().baseUrl(BASE).compile(first);
    RuleSet later = RuleSet.compiler().baseUrl(BASE).compile(second);
    for (Request r : requests) {
      if (later.evaluate(r).isAllowed()) {
        assertThat(earlier.evaluate(r).isAllowed())
            .as("%s shadows %s, but not for %s", first, second, r).isTrue();
      }
    }
  }

  @Provide
  Arbitrary<String> lines() {
    Arbitrary<String> methods = Arbitraries.of("", "[get]", "[post]", "[get,post]", "[GET|HEAD]");
    Arbitrary<String> url = Arbitraries.of("{base}/rest/.*", "{base}/rest/[a-z]+",
        "{base}/rest/issue", "{base}/rest/issue/[A-Z]+-[0-9]+", "{base}/rest/issue/ABC-1",
        ".*", ".*/issue", "{base}/rest/[^/]+", "{base}/rest/(issue|project)",
        "{base}/rest/\\w+", "(?i){base}/REST/issue", "{base}/rest/.+");
    Arbitrary<String> predicates = Arbitraries.of("", "[QueryParam::a==x]",
        "[QueryParam::a==[a-z]+]", "[QueryParam::a==.*]", "[QueryParam::b==x]",
        "[QueryParam::a==x][QueryParam::b==.*]", "[QueryParam::a==[^y]*]");
    return Combinators.combine(methods, url, predicates).as((m, u, p) -> m + u + p);
  }

  @Provide
  Arbitrary<List<Request>> requests() {
    Arbitrary<String> method = Arbitraries.of("GET", "POST", "HEAD", "PUT", "PROPFIND");
    Arbitrary<String> path = Arbitraries.of("/jira/rest/issue", "/jira/rest/issue/ABC-1",
        "/jira/rest/project", "/jira/rest/x/issue", "/jira/rest/%C3%A9t%C3%A9", "/jira/REST/issue",
        "/jira/rest/", "/other/rest/issue", "/jira/rest/a_1");
    Arbitrary<String> query = Arbitraries.of("", "?a=x", "?a=abc", "?a=y", "?b=x", "?a=x&b=1",
        "?a=%C3%A9", "?a=", "?a=x&a=Y");
    Arbitrary<Request> request = Combinators.combine(method, path, query)
        .as((m, p, q) -> Request.of(m, p + q));
    return request.list().ofMinSize(30).ofMaxSize(60);
  }
}
