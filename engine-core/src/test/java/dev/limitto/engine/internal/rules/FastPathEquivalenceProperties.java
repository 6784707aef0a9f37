package dev.limitto.engine.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Limits;
import dev.limitto.engine.Request;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The indexed fast path decides exactly as the general path (same outcome, line and reason) for
 * random Jira-like rule sets and requests: hits, misses, unknown and lower-case methods, encoded
 * and rejected paths, query strings, method overrides, predicates.
 */
class FastPathEquivalenceProperties {

  private static final String BASE = "https://jira.example.com/jira";

  @Property(tries = 250)
  void fastPathDecidesAsTheGeneralPath(
      @ForAll("ruleSets") List<String> lines, @ForAll("requests") List<Request> requests) {
    CompiledRules rules =
        RuleCompiler.compile(String.join("\n", lines), BaseUrl.parse(BASE), true, Limits.defaults());
    for (Request r : requests) {
      var fast = rules.decide(r);
      var general = rules.decideGenerally(r);
      Statistics.label("outcome").collect(fast.outcome());
      assertThat(fast).as("%s against\n%s", r, String.join("\n", lines)).isEqualTo(general);
    }
  }

  private static final List<String> KEYS = List.of("KAN", "OPS", "AB", "ABC");

  @Provide
  Arbitrary<List<String>> ruleSets() {
    Arbitrary<String> key = Arbitraries.of(KEYS);
    Arbitrary<String> methods =
        Arbitraries.of("", "[get]", "[post]", "[get,head]", "[PUT|delete]", "[patch]");
    Arbitrary<String> url =
        Arbitraries.oneOf(
            key.map(k -> ".*/rest/api/2/issue/" + k + "-[0-9]+"),
            key.map(k -> ".*/rest/api/2/issue/" + k + "-1/comment.*"),
            key.map(k -> "{base}/rest/api/2/project/" + k),
            key.map(k -> ".*/rest/api/2/issue/" + k + "-[0-9]+/(assignee|labels)"),
            key.map(k -> "(?i).*/rest/api/2/issue/" + k.toLowerCase(java.util.Locale.ROOT) + ".*"),
            key.map(k -> ".*/issue/\\p{Lu}+-1"),
            Arbitraries.of(".*", ".*/rest/.*", "https://jira\\.example\\.com/jira/.*", ".*/myself"));
    Arbitrary<String> predicate =
        Arbitraries.of(
            "",
            "",
            "",
            "[QueryParam::fields==summary.*]",
            "[QueryParam::fields==summary.*]",
            "[QueryParam::fields==summary.*][QueryParam::expand==names]",
            "[QueryParam::jql==project = KAN.*]",
            "[QueryParam::jql==(?i)project = kan.*]", // RE2J tier (flags)
            "[QueryParam::name==caf\u00e9|x]", // non-ASCII literal
            "[QueryParam::fields==]", // only an empty value
            "[JsonData::fields.project.key==KAN]");
    Arbitrary<String> line = Combinators.combine(methods, url, predicate).as((m, u, p) -> m + u + p);
    return line.list().ofMinSize(1).ofMaxSize(90);
  }

  @Provide
  Arbitrary<List<Request>> requests() {
    Arbitrary<String> method =
        Arbitraries.of("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "get", "FOO");
    Arbitrary<String> key = Arbitraries.of("KAN", "OPS", "AB", "ABC", "ZZ", "kan");
    Arbitrary<String> path =
        Arbitraries.oneOf(
            key.map(k -> "/jira/rest/api/2/issue/" + k + "-1"),
            key.map(k -> "/jira/rest/api/2/issue/" + k + "-1/comment"),
            key.map(k -> "/jira/rest/api/2/issue/" + k + "-12/labels"),
            key.map(k -> "/jira/rest/api/2/project/" + k),
            key.map(k -> "/jira/rest/api/2/issue/" + k + "-%31"),
            key.map(k -> "/jira/rest/api/2/issue/%C3%89" + k + "-1"),
            // look-alikes and format characters (rejected), beside ordinary non-ASCII (accepted)
            Combinators.combine(key, Arbitraries.of("%EF%BC%8F", "%ef%bc%8e%ef%bc%8e", "%E2%80%A4",
                    "%E2%88%95", "%E2%81%84", "%EF%BC%85", "%EF%BC%9B", "%EF%BC%BC", "%EF%BC%9F",
                    "%EF%BC%83", "%E2%80%8B", "%E2%80%8D", "%E2%80%AE", "%EF%BB%BF", "%F3%A0%81%81",
                    "%F0%9F%84%80", "%C2%BD", "%C3%A9", "%EF%BC%A1", "%F0%9F%98%80"))
                .as((k, e) -> "/jira/rest/api/2/issue/" + k + "-1" + e),
            Arbitraries.of("/jira/rest/api/2/myself", "/jira/../rest", "/jira//x", "/jira/a;b", "rel"),
            Arbitraries.integers().between(150, 260).map(n -> "/jira/search/" + "a".repeat(n)));
    Arbitrary<String> query =
        Arbitraries.of("", "", "?fields=summary", "?fields=status", "?_method=DELETE", "?x=%zz",
            "?a+b=1", "?fields=summary&fields=status", "?fields", "?fields=", "?fields=summary&expand=names",
            "?expand=names&&fields=summ%61ry&", "?fields=summary+x&expand=nam%65s",
            "?jql=project+%3D+KAN", "?jql=project%20%3D%20KAN%20AND%20x", "?jql=PROJECT+%3D+kan",
            "?jql=project+%3D+OPS", "?name=caf%C3%A9", "?name=cafe", "?name=x&name=caf%C3%A9",
            "?fields=summary&_method=x", "?fields=sum=mary", "?=summary&fields=summary");
    Arbitrary<Boolean> override = Arbitraries.of(false, false, false, true);
    return Combinators.combine(method, path, query, override)
        .as(
            (m, p, q, o) -> {
              Request.Builder b = Request.builder(m, p + q);
              if (o) {
                b.header("X-HTTP-Method-Override", "DELETE");
              }
              return b.header("Content-Type", "application/json")
                  .body("{\"fields\":{\"project\":{\"key\":\"KAN\"}}}")
                  .build();
            })
        .list()
        .ofMinSize(1)
        .ofMaxSize(20);
  }
}
