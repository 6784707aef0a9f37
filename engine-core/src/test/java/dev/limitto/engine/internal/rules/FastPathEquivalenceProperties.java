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
 * Differential properties of the one evaluator, for random Jira-like rule sets (below and above
 * the size where the index switches to automata, many lines sharing a URL and differing only in
 * query values) and requests (hits, misses, unknown and lower-case methods, encoded and rejected
 * paths, query names that need decoding, method overrides, JSON bodies): it decides exactly as
 * the engine's former general path ({@link ReferenceRules}: no index, every line tried, every
 * line scored; same outcome, line and reason), and allows the same first line as RE2J's full
 * match of each line's regexes on the parsed target.
 */
class FastPathEquivalenceProperties {

  private static final String BASE = "https://jira.example.com/jira";

  @Property(tries = 250)
  void evaluatorDecidesAsTheFormerGeneralPath(
      @ForAll("ruleSets") List<String> lines, @ForAll("requests") List<Request> requests) {
    CompiledRules rules =
        RuleCompiler.compile(String.join("\n", lines), BaseUrl.parse(BASE), true, Limits.defaults());
    ReferenceRules reference = new ReferenceRules(rules, BaseUrl.parse(BASE).origin());
    for (Request r : requests) {
      var decided = rules.decide(r);
      Statistics.label("outcome").collect(decided.outcome());
      assertThat(decided).as("%s against\n%s", r, String.join("\n", lines))
          .isEqualTo(reference.decide(r));
    }
  }

  /**
   * As above for rule sets of 1,100 to 2,200 lines, the random lines repeated: a URL or query
   * literal that repeated lines share fills 16 words or more of the index's bit sets, so that the
   * scans report it as a group instead of setting its lines' bits.
   */
  @Property(tries = 25)
  void evaluatorDecidesAsTheFormerGeneralPathWhereManyLinesShareALiteral(
      @ForAll("ruleSets") List<String> templates,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1100, max = 2200) int size,
      @ForAll("requests") List<Request> requests) {
    List<String> lines = new java.util.ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      lines.add(templates.get(i % templates.size()));
    }
    CompiledRules rules = RuleCompiler.compile(String.join("\n", lines), BaseUrl.parse(BASE), true,
        Limits.builder().maxLines(size).build());
    ReferenceRules reference = new ReferenceRules(rules, BaseUrl.parse(BASE).origin());
    for (Request r : requests) {
      var decided = rules.decide(r);
      Statistics.label("outcome").collect(decided.outcome());
      assertThat(decided).as("%s against %d lines of\n%s", r, size, String.join("\n", templates))
          .isEqualTo(reference.decide(r));
    }
  }

  @Property(tries = 200)
  void evaluatorAllowsTheFirstLineThatRe2jMatches(
      @ForAll("ruleSets") List<String> lines, @ForAll("requests") List<Request> requests) {
    List<String> noJson = lines.stream().map(l -> l.replace(JSON_PREDICATE, "")).toList();
    CompiledRules rules =
        RuleCompiler.compile(String.join("\n", noJson), BaseUrl.parse(BASE), true, Limits.defaults());
    Re2jRules re2j = new Re2jRules(noJson, BaseUrl.parse(BASE));
    for (Request r : requests) {
      var decided = rules.decide(r);
      assertThat(decided.line().orElse(0))
          .as("%s against\n%s", r, String.join("\n", noJson))
          .isEqualTo(re2j.firstMatchingLine(r));
    }
  }

  private static final String JSON_PREDICATE = "[JsonData::fields.project.key==KAN]";

  /** Each line's regexes on RE2J, tried in order on the parsed target: the reference of lines. */
  private static final class Re2jRules {
    private record Line(int methods, com.google.re2j.Pattern url,
        List<String> names, List<com.google.re2j.Pattern> values) {}

    private final List<Line> lines = new java.util.ArrayList<>();
    private final String origin;

    Re2jRules(List<String> text, BaseUrl base) {
      this.origin = base.origin();
      var parsed = dev.limitto.engine.internal.parse.RuleParser.parse(
          String.join("\n", text), Limits.defaults());
      for (var l : parsed.lines()) {
        String url = l.urlRegex().replace("{base}", com.google.re2j.Pattern.quote(base.literal()));
        List<String> names = new java.util.ArrayList<>();
        List<com.google.re2j.Pattern> values = new java.util.ArrayList<>();
        for (var p : l.predicates()) {
          names.add(p.name());
          values.add(com.google.re2j.Pattern.compile(p.value()));
        }
        lines.add(new Line(l.methodMask(), com.google.re2j.Pattern.compile(url), names, values));
      }
    }

    int firstMatchingLine(Request r) {
      var target = dev.limitto.engine.internal.target.RequestTarget.parse(r, origin, Limits.defaults());
      if (target.isRejected()
          || dev.limitto.engine.internal.target.RequestTarget.methodOverrideRejection(r, target) != null) {
        return 0;
      }
      int bit = dev.limitto.engine.internal.parse.HttpMethods.requestBit(r.method());
      for (int i = 0; i < lines.size(); i++) {
        Line l = lines.get(i);
        if ((l.methods() != 0 && (l.methods() & bit) == 0)
            || !l.url().matches(target.canonicalUrl())) {
          continue;
        }
        boolean all = true;
        for (int p = 0; p < l.names().size() && all; p++) {
          List<String> vs = target.queryValues(l.names().get(p));
          all = !vs.isEmpty();
          for (String v : vs) {
            all &= l.values().get(p).matches(v);
          }
        }
        if (all) {
          return i + 1;
        }
      }
      return 0;
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
            Arbitraries.of(".*/rest/api/2/search", ".*/rest/api/2/search", "{base}/rest/api/2/search"),
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
            "[QueryParam::jql==project = KAN( ORDER BY [a-z]+)?]",
            "[QueryParam::jql==project = OPS( ORDER BY [a-z]+)?]",
            "[QueryParam::jql==project = AB]",
            "[QueryParam::maxResults==[0-9]+][QueryParam::jql==project = ABC.*]",
            "[QueryParam::fields==summary][QueryParam::jql==project = KAN.*]",
            JSON_PREDICATE);
    Arbitrary<String> line = Combinators.combine(methods, url, predicate).as((m, u, p) -> m + u + p);
    return Arbitraries.oneOf(line.list().ofMinSize(1).ofMaxSize(12),
        line.list().ofMinSize(14).ofMaxSize(90));
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
            Arbitraries.of("/jira/rest/api/2/search", "/jira/rest/api/2/search"),
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
            "?fields=summary&_method=x", "?fields=sum=mary", "?=summary&fields=summary",
            "?f%69elds=summary", "?%6Aql=project+%3D+KAN", "?%5Fmethod=DELETE", "?_METHOD=x",
            "?jql=project+%3D+AB", "?jql=project+%3D+ABC&maxResults=5", "?jql=project+%3D+OPS+ORDER+BY+rank",
            "?maxResults=50&jql=project%20%3D%20KAN", "?fields=summary&jql=project+%3D+KANBAN",
            "?jql=project+%3D+KAN&f%69elds=summary", "?jql=pro%6Aect+%3D+KAN");
    Arbitrary<Boolean> override = Arbitraries.of(false, false, false, true);
    Arbitrary<String> body = Arbitraries.of("{\"fields\":{\"project\":{\"key\":\"KAN\"}}}",
        "{\"fields\":{\"project\":{\"key\":\"OPS\"}}}", "not json");
    return Combinators.combine(method, path, query, override, body)
        .as(
            (m, p, q, o, json) -> {
              Request.Builder b = Request.builder(m, p + q);
              if (o) {
                b.header("X-HTTP-Method-Override", "DELETE");
              }
              return b.header("Content-Type", "application/json").body(json).build();
            })
        .list()
        .ofMinSize(1)
        .ofMaxSize(20);
  }
}
