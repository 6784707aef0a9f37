package dev.limitto.engine.internal.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSet;
import dev.limitto.engine.lint.LintFinding.Check;
import dev.limitto.engine.lint.LintFinding;
import dev.limitto.engine.lint.RuleLinter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The whole-API and unbounded-value warnings never claim wrongly, as the engine decides
 * requests: a line reported to admit every path under {@code {base}/} (or {@code {base}/rest/})
 * allows every such request of its methods, with or without {@code --base-url}; the witness of
 * an unbounded value is allowed by the line, and the tight form refuses it.
 */
class WideLineSoundnessProperties {

  private static final List<String> BASES =
      List.of("https://jira.example.com/jira", "http://localhost:8080");

  /** The witness as {@link LintMessages#UNBOUNDED_VALUE} quotes it, and the tight form. */
  private static final Pattern WITNESS = Pattern.compile(": `(.*?)` matches too; ");
  private static final Pattern TIGHT = Pattern.compile("write the tight form `(.*)`$");

  @Property(tries = 600)
  void wholeApiWhenReportedThenEveryPathUnderTheScopeIsAllowed(
      @ForAll("methodSets") String methods, @ForAll("urls") String url,
      @ForAll("paths") List<String> paths, @ForAll boolean withBaseUrl) {
    String rule = "[" + methods + "]" + url;
    Optional<LintFinding> finding = RuleLinter.lint(rule, withBaseUrl ? BASES.get(0) : null)
        .stream().filter(f -> f.check() == Check.WHOLE_API).findFirst();
    Statistics.collect(finding.isPresent());
    Statistics.coverage(c -> c.check(true).percentage(p -> p > 20.0));
    if (finding.isEmpty()) {
      return;
    }
    boolean rest = finding.get().message().contains(LintMessages.WHOLE_REST_SCOPE);
    // without a base URL the claim holds for every base URL: try two
    for (String base : withBaseUrl ? BASES.subList(0, 1) : BASES) {
      RuleSet rules = RuleSet.compiler().baseUrl(base).compile(rule);
      String context = base.replaceFirst("^https?://[^/]+", "");
      for (String method : methods.split(",")) {
        // .* admits every canonical URL: a request that it denies was refused before any line
        RuleSet everything = RuleSet.compiler().baseUrl(base).compile("[" + method + "].*");
        for (String path : paths) {
          String target = context + (rest ? "/rest/" : "/") + path;
          Request request = Request.of(method.toUpperCase(), target);
          if (!everything.evaluate(request).isAllowed()) {
            continue;
          }
          assertThat(rules.evaluate(request).isAllowed())
              .as("%s claims the whole API but denies %s %s with base %s", rule, method, target,
                  base)
              .isTrue();
        }
      }
    }
  }

  @Property(tries = 600)
  void unboundedValueWhenReportedThenTheWitnessIsAllowedAndTheTightFormRefusesIt(
      @ForAll("values") String value, @ForAll boolean json, @ForAll boolean jql) {
    String name = jql ? "jql" : "key";
    String rule = json
        ? "[post]{base}/x[JsonData::" + name + "==" + value + "]"
        : "[get]{base}/x[QueryParam::" + name + "==" + value + "]";
    String base = BASES.get(0);
    Optional<LintFinding> finding = RuleLinter.lint(rule, base).stream()
        .filter(f -> f.check() == Check.UNBOUNDED_VALUE).findFirst();
    Statistics.collect(finding.isPresent());
    Statistics.coverage(c -> c.check(true).percentage(p -> p > 20.0));
    if (finding.isEmpty()) {
      return;
    }
    Matcher w = WITNESS.matcher(finding.get().message());
    assertThat(w.find()).as(finding.get().message()).isTrue();
    String witness = w.group(1);
    assertThat(allows(rule, name, witness, json))
        .as("%s does not allow its witness <%s>", rule, witness).isTrue();
    Matcher t = TIGHT.matcher(finding.get().message());
    if (t.find()) {
      String tight = rule.replace("==" + value + "]", "==" + t.group(1) + "]");
      assertThat(allows(tight, name, witness, json))
          .as("tight form %s allows <%s>", tight, witness).isFalse();
    }
  }

  private static boolean allows(String rule, String name, String value, boolean json) {
    RuleSet rules = RuleSet.compiler().baseUrl(BASES.get(0)).compile(rule);
    Request request = json
        ? Request.builder("POST", "/jira/x").header("Content-Type", "application/json")
            .body("{\"" + name + "\":\""
                + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
            .build()
        : Request.of("GET",
            "/jira/x?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    return rules.evaluate(request).isAllowed();
  }

  @Provide
  Arbitrary<String> methodSets() {
    return Arbitraries.of("get", "post", "get,post", "put,delete", "head");
  }

  @Provide
  Arbitrary<String> urls() {
    return Arbitraries.of("{base}/.*", "{base}/.+", "{base}(/.*)?", "{base}.*", "{base}/rest/.*",
        "{base}/(rest|secure)/.*", ".*", ".+", ".*/rest/.*", ".+/rest/.+", "{base}/[^x].*",
        "{base}/rest/api/.*", "{base}/.*/x", "https?://[^/]+/.*", "(?i){base}/.*",
        "{base}/(?:[a-z]+/)*.*", "{base}/rest/[^/]+", "{base}/(.*|x)", "{base}/rest/\\S*",
        "https://jira\\.example\\.com/.*", "{base}/.*|{base}/x");
  }

  @Provide
  Arbitrary<List<String>> paths() {
    Arbitrary<String> segment = Arbitraries.of("x", "rest", "api", "2", "issue", "%C3%A9t%C3%A9",
        "a%20b", "KANBAN-1", "_", "%2F", "rest%2Fx", "%0A");
    Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(4)
        .map(l -> String.join("/", l));
    return path.list().ofMinSize(10).ofMaxSize(30);
  }

  @Provide
  Arbitrary<String> values() {
    Arbitrary<String> start = Arbitraries.of("project = KANBAN", "KANBAN", "KANBAN-",
        "project\\s*=\\s*A", "(summary|status)", "a\\.b", "x y", "é");
    Arbitrary<String> wildcard = Arbitraries.of(".*", ".+", "\\S*", "[^&]*", "[A-Z]*", "[0-9]+",
        ".{2,}", "[^ ]*", "", ".*?", "\\D+", "[-A-Z]*", "\\W*");
    Arbitrary<String> end = Arbitraries.of("", "", "$", "\\z");
    Arbitrary<String> single = Combinators.combine(start, wildcard, end)
        .as((s, w, e) -> s + w + e);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, single),
        net.jqwik.api.Tuple.of(1, Combinators.combine(single, single)
            .as((a, b) -> "(" + a + "|" + b + ")")),
        net.jqwik.api.Tuple.of(1, Combinators.combine(single, single).as((a, b) -> a + "|" + b)));
  }
}
