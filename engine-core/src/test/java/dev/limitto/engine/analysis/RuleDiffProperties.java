package dev.limitto.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSet;
import dev.limitto.engine.analysis.RuleDiff.Example;
import dev.limitto.engine.analysis.RuleDiff.MethodGroup;
import dev.limitto.engine.analysis.RuleDiff.Report;
import dev.limitto.engine.analysis.RuleDiff.Result;
import dev.limitto.engine.analysis.RuleDiff.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * For random pairs of rule sets: every example the diff reports is decided differently by the
 * two rule sets (the side it names allows it, the other refuses it), and when the diff says
 * equivalent, random requests are decided alike.
 */
class RuleDiffProperties {

  private static final String BASE = "https://jira.example.com/jira";

  @Property(tries = 600)
  void everyExampleIsDecidedDifferentlyAndEquivalentPairsDecideAlike(
      @ForAll("ruleSets") String oldRules, @ForAll("ruleSets") String newRules,
      @ForAll("requests") List<Request> requests) {
    Report report = RuleDiff.compare(oldRules, newRules, BASE);
    Statistics.collect(report.result());
    Statistics.coverage(c -> {
      // about 4.5 % of random pairs are equivalent; over 600 tries 1 % is four deviations below
      c.check(Result.EQUIVALENT).percentage(p -> p > 1.0);
      c.check(Result.DIFFERS).percentage(p -> p > 30.0);
    });
    RuleSet oldSet = RuleSet.compiler().baseUrl(BASE).compile(oldRules);
    RuleSet newSet = RuleSet.compiler().baseUrl(BASE).compile(newRules);
    for (MethodGroup g : report.groups()) {
      List<Example> all = new ArrayList<>(g.newAllows());
      all.addAll(g.oldAllows());
      for (Example e : all) {
        assertThat(g.methods()).contains(e.method());
        Request r = request(e);
        boolean newAllowed = newSet.evaluate(r).isAllowed();
        boolean oldAllowed = oldSet.evaluate(r).isAllowed();
        assertThat(newAllowed).as("%s vs %s: %s", oldRules, newRules, e)
            .isEqualTo(e.allowedBy() == Side.NEW);
        assertThat(oldAllowed).as("%s vs %s: %s", oldRules, newRules, e)
            .isEqualTo(e.allowedBy() == Side.OLD);
      }
      if (g.result() == Result.EQUIVALENT) {
        for (Request r : requests) {
          if (g.methods().contains(r.method())) {
            assertThat(newSet.evaluate(r).isAllowed()).as("%s vs %s: %s", oldRules, newRules, r)
                .isEqualTo(oldSet.evaluate(r).isAllowed());
          }
        }
      }
    }
    if (report.result() == Result.EQUIVALENT) {
      for (Request r : requests) {
        assertThat(newSet.evaluate(r).isAllowed()).as("%s vs %s: %s", oldRules, newRules, r)
            .isEqualTo(oldSet.evaluate(r).isAllowed());
      }
    }
  }

  private static Request request(Example e) {
    Request.Builder b = Request.builder(e.method(), e.target());
    for (Map.Entry<String, String> h : e.headers().entrySet()) {
      b.header(h.getKey(), h.getValue());
    }
    if (e.body() != null) {
      b.body(e.body());
    }
    return b.build();
  }

  @Provide
  Arbitrary<String> ruleSets() {
    Arbitrary<String> methods = Arbitraries.of("", "[get]", "[post]", "[get,post]", "[GET|HEAD]");
    Arbitrary<String> url = Arbitraries.of("{base}/rest/.*", "{base}/rest/[a-z]+",
        "{base}/rest/issue", "{base}/rest/issue/[A-Z]+-[0-9]+", "{base}/rest/issue/ABC-1",
        ".*", ".*/issue", "{base}/rest/[^/]+", "{base}/rest/(issue|project)",
        "{base}/rest/\\w+", "(?i){base}/REST/issue", "{base}/rest/.+", "{base}/rest/issue/.*");
    Arbitrary<String> predicates = Arbitraries.of("", "", "[QueryParam::a==x]",
        "[QueryParam::a==[a-z]+]", "[QueryParam::a==.*]", "[QueryParam::b==x]",
        "[QueryParam::a==x][QueryParam::b==.*]", "[QueryParam::a==[^y]*]", "[QueryParam::a==x|y]",
        "[JsonData::fields.key==ABC-[0-9]+]", "[JsonData::fields.key==.*]",
        "[JsonData::summary==[a-z]+]", "[JsonData::fields.summary==x]", "[QueryParam::a==(?i)X]");
    Arbitrary<String> line = Combinators.combine(methods, url, predicates)
        .as((m, u, p) -> m + u + p);
    return line.list().ofMinSize(0).ofMaxSize(4).map(l -> String.join("\n", l));
  }

  @Provide
  Arbitrary<List<Request>> requests() {
    Arbitrary<String> method = Arbitraries.of("GET", "POST", "HEAD", "PUT", "DELETE");
    Arbitrary<String> path = Arbitraries.of("/jira/rest/issue", "/jira/rest/issue/ABC-1",
        "/jira/rest/project", "/jira/rest/x/issue", "/jira/rest/%C3%A9t%C3%A9", "/jira/REST/issue",
        "/jira/rest/", "/other/rest/issue", "/jira/rest/a_1", "/jira/rest/issue/XY-22",
        "/jira/rest/issue/", "/jira//rest");
    Arbitrary<String> query = Arbitraries.of("", "?a=x", "?a=abc", "?a=y", "?b=x", "?a=x&b=1",
        "?a=%C3%A9", "?a=", "?a=x&a=Y", "?a=x&a=y", "?a=X");
    Arbitrary<String> body = Arbitraries.of("", "{\"fields\":{\"key\":\"ABC-1\"}}",
        "{\"summary\":\"abc\"}", "{\"fields\":{\"summary\":\"x\",\"key\":\"Q\"}}",
        "{\"fields\":{\"key\":[\"ABC-1\",\"ABC-2\"]}}");
    Arbitrary<Request> request = Combinators.combine(method, path, query, body)
        .as((m, p, q, b) -> b.isEmpty() ? Request.of(m, p + q)
            : Request.builder(m, p + q).header("Content-Type", "application/json").body(b)
                .build());
    return request.list().ofMinSize(30).ofMaxSize(60);
  }
}
