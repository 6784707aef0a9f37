package dev.limitto.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.internal.ApiAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * For-all claims about the whole engine: the compiler is total on any text, evaluation is total on
 * any request, and compiled rule sets agree with a deliberately simple reference evaluator.
 */
class RuleSetProperties {

  // ---------------------------------------------------------------- the compiler is total

  /** Fragments that exercise every branch of the grammar, glued at random. */
  private static final List<String> RULE_FRAGMENTS = List.of(
      "[", "]", "[get]", "[GET,post]", "[get|fetch]", "[head get]", "[", "\\", "\\]", "\\[",
      "\\Q", "\\E", "(", ")", "|", "*", "+", "?", "{", "}", "{2}", "{1,1000}", "{base}",
      "QueryParam::", "JsonData::", "queryparam", "::", "==", ":", "=", ".*", "/rest/api/2/",
      "[a-z]", "[^]x]", "[[:alpha:]]", "(?i)", "(?P<n>", "\\pL", "\\p{Greek}", "\\x{41}", "#",
      " ", "\t", "\n", "\r\n", "\r", "a", "é", "\u0000", "\uFEFF", "\ud83d\ude00", "a..b", "/a/0",
      "{1001}", "**");

  @Provide
  Arbitrary<String> ruleTexts() {
    Arbitrary<String> fragment = Arbitraries.of(RULE_FRAGMENTS);
    Arbitrary<String> glued = fragment.list().ofMaxSize(40).map(l -> String.join("", l));
    Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(60);
    return Arbitraries.oneOf(glued, glued, any);
  }

  @Property(tries = 1000)
  void compileNeverThrowsAnythingButRuleSyntaxException(@ForAll("ruleTexts") String text,
      @ForAll boolean withBase, @ForAll @IntRange(min = 1, max = 60) int maxLineLength) {
    RuleSet.Compiler c = RuleSet.compiler()
        .limits(Limits.builder().maxLineLength(maxLineLength).maxLines(5)
            .maxRegexProgramSize(200).build());
    if (withBase) {
      c.baseUrl("https://jira.example.com/jira");
    }
    try {
      RuleSet rules = c.compile(text);
      assertThat(rules.lineCount()).isGreaterThanOrEqualTo(0);
    } catch (RuleSyntaxException e) {
      assertThat(e.issues()).isNotEmpty();
      for (RuleIssue issue : e.issues()) {
        assertThat(issue.column()).isPositive();
        assertThat(issue.render("f")).startsWith("f:" + issue.line() + ":" + issue.column());
      }
    }
  }

  // ---------------------------------------------------------------- evaluation is total

  private static final List<RuleSet> RULE_SETS = List.of(
      RuleSet.compile(""),
      RuleSet.compile("[get].*/rest/.*\n.*/x[QueryParam::a==.*]"),
      RuleSet.compiler().baseUrl("https://jira.example.com/jira").compile(
          "[post|put]{base}/rest/api/2/issue[JsonData::fields.project.key==KAN]"
              + "[JsonData::/fields/summary==.+]\n"
              + "[post].*[JsonData::name==.*][QueryParam::q==x]\n"
              + "[get].*/é/.*\n.*"),
      RuleSet.compiler().limits(Limits.builder().maxBodyBytes(16).maxJsonDepth(2)
          .maxPathLength(20).maxQueryLength(20).build())
          .compile("[post].*[JsonData::a==1]\n[get].*[QueryParam::a==1]"));

  @Provide
  Arbitrary<HttpRequestView> requests() {
    Arbitrary<String> method = Arbitraries.oneOf(
        Arbitraries.of("GET", "POST", "PUT", "get", "", "G\u0000T", "PROPFIND"),
        Arbitraries.strings().all().ofMaxLength(8));
    Arbitrary<String> pathChar = Arbitraries.oneOf(
        Arbitraries.of("/", "%", "%2F", "%2e", "%C3%A9", "%zz", "..", ".", ";", "?", "#", "\\",
            " ", "\u0000", "é", "rest", "api", "x", "_method", "{base}"),
        Arbitraries.strings().all().ofMaxLength(3));
    Arbitrary<String> path = pathChar.list().ofMaxSize(12).map(l -> String.join("", l));
    Arbitrary<String> query = Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.of("a=1", "q=x&q=y", "_method=DELETE", "a", "=", "&&", "%", "a=%zz", "a=+%20"),
        Arbitraries.strings().all().ofMaxLength(20));
    Arbitrary<Map<String, String>> headers = Arbitraries.maps(
        Arbitraries.of("Content-Type", "Content-Encoding", "X-HTTP-Method-Override", "Host",
            "content-type"),
        Arbitraries.oneOf(Arbitraries.of("application/json", "application/json; charset=utf-8",
            "gzip", "text/plain", ""), Arbitraries.strings().all().ofMaxLength(10)))
        .ofMaxSize(3);
    Arbitrary<byte[]> body = Arbitraries.oneOf(
        Arbitraries.of("", "{}", "{\"a\":1}", "{\"fields\":{\"project\":{\"key\":\"KAN\"}}}",
            "[[[[[[1]]]]]]", "{\"a\":1", "\uFEFF{}", "{\"name\":\"\\ud800\"}")
            .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(40));
    return Combinators.combine(method, path, query, headers, body).as(ArbitraryView::new);
  }

  /** Any request, however broken; headers as given, body as bytes. */
  record ArbitraryView(String method, String rawPath, String rawQuery,
      Map<String, String> headers, byte[] bytes) implements HttpRequestView {
    @Override
    public String header(String name) {
      for (Map.Entry<String, String> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return null;
    }

    @Override
    public byte[] body(int maxBytes) {
      return bytes.length > maxBytes + 1 ? java.util.Arrays.copyOf(bytes, maxBytes + 1)
          : bytes.clone();
    }
  }

  @Property(tries = 300)
  void evaluateNeverThrowsAndAlwaysExplainsADenial(@ForAll("requests") HttpRequestView request) {
    for (RuleSet rules : RULE_SETS) {
      Decision d = rules.evaluate(request);
      if (d.isAllowed()) {
        assertThat(d.line().isEmpty()).isEqualTo(rules.isUnrestricted());
        assertThat(d.isUnrestricted()).isEqualTo(rules.isUnrestricted());
      } else {
        assertThat(d.reason()).isNotBlank();
      }
      List<LineExplanation> ex = rules.explain(request);
      assertThat(ex).hasSize(rules.lineCount());
      if (d.line().isPresent()) {
        // the allowing line is the first line that explain says matched
        assertThat(ex.stream().filter(LineExplanation::matched).findFirst())
            .map(LineExplanation::line).contains(d.line().getAsInt());
      } else if (!d.isAllowed()) {
        assertThat(d.isUnrestricted()).isFalse();
        assertThat(ex).noneMatch(LineExplanation::matched);
      }
    }
  }

  // ---------------------------------------------------------------- agreement with a reference

  private static final String ORIGIN = "https://jira.example.com";
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE");
  private static final List<String> SEGMENT_REGEXES = List.of(
      "api", "[a-z]+", "v[0-9]", "(a|b)c", ".*", "[^/]*", "x?y", "(ab)+", "a{1,2}");
  private static final List<String> VALUE_REGEXES = List.of(
      "[a-z]+", "a.*", "[0-9]{1,2}", "x|y", "(ab)*", "", ".*", "[^a]+");
  private static final List<String> NAMES = List.of("a", "b", "c");

  /** One generated rule line, kept in parts for the reference evaluator. */
  record GenLine(List<String> methods, String urlRegex, List<String[]> predicates) {
    String text() {
      StringBuilder sb = new StringBuilder();
      if (!methods.isEmpty()) {
        sb.append('[').append(String.join(",", methods).toLowerCase()).append(']');
      }
      sb.append(urlRegex);
      for (String[] p : predicates) {
        sb.append("[QueryParam::").append(p[0]).append("==").append(p[1]).append(']');
      }
      return sb.toString();
    }
  }

  @Provide
  Arbitrary<List<GenLine>> ruleSets() {
    Arbitrary<List<String>> methods = Arbitraries.of(METHODS).set().ofMaxSize(2)
        .map(ArrayList::new);
    Arbitrary<String> url = Arbitraries.of(SEGMENT_REGEXES).list().ofMinSize(1).ofMaxSize(3)
        .map(segs -> ".*/" + String.join("/", segs));
    Arbitrary<String[]> predicate = Combinators.combine(
        Arbitraries.of(NAMES), Arbitraries.of(VALUE_REGEXES)).as((n, v) -> new String[] {n, v});
    Arbitrary<GenLine> line = Combinators.combine(methods, url, predicate.list().ofMaxSize(2))
        .as(GenLine::new);
    return line.list().ofMinSize(1).ofMaxSize(5);
  }

  /** A simple request: method, path of plain characters, query of plain characters. */
  record SimpleRequest(String method, String path, List<String[]> params) {
    Request toRequest() {
      StringBuilder target = new StringBuilder(path);
      for (int i = 0; i < params.size(); i++) {
        target.append(i == 0 ? '?' : '&').append(params.get(i)[0]);
        if (params.get(i)[1] != null) {
          target.append('=').append(params.get(i)[1]);
        }
      }
      return Request.of(method, target.toString());
    }
  }

  @Provide
  Arbitrary<SimpleRequest> simpleRequests() {
    Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "get", "PATCH");
    Arbitrary<String> segment = Arbitraries.oneOf(
        Arbitraries.of("api", "v1", "ac", "bc", "xy", "y", "abab", "a", "aa"),
        Arbitraries.strings().withChars("abcxy01").ofMinLength(1).ofMaxLength(4));
    Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(4)
        .map(l -> "/" + String.join("/", l));
    Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.just(null),
        Arbitraries.strings().withChars("abxy0129").ofMaxLength(4));
    Arbitrary<String[]> param = Combinators.combine(Arbitraries.of("a", "b", "c", "d"), value)
        .as((n, v) -> new String[] {n, v});
    return Combinators.combine(method, path, param.list().ofMaxSize(4)).as(SimpleRequest::new);
  }

  @Property(tries = 300)
  void evaluateAgreesWithReferenceEvaluator(@ForAll("ruleSets") List<GenLine> lines,
      @ForAll("simpleRequests") SimpleRequest request, @ForAll @IntRange(max = 2) int padding) {
    StringBuilder text = new StringBuilder();
    List<Integer> numbers = new ArrayList<>();
    int lineNo = 0;
    for (GenLine l : lines) {
      for (int i = 0; i < padding; i++) {
        text.append(i % 2 == 0 ? "# comment\n" : "\n");
        lineNo++;
      }
      text.append(l.text()).append('\n');
      numbers.add(++lineNo);
    }
    RuleSet rules = RuleSet.compiler().baseUrl(ORIGIN).compile(text.toString());
    int expected = reference(lines, numbers, request);
    Decision d = rules.evaluate(request.toRequest());
    if (expected == 0) {
      assertThat(d.isAllowed()).as("%s against\n%s", request, text).isFalse();
      assertThat(d.reason()).matches("line \\d+: .+");
    } else {
      assertThat(d).as("%s against\n%s", request, text).isEqualTo(ApiAccess.results().allow(expected));
    }
    // explain decides every line on its own: it must agree with the reference line by line
    List<LineExplanation> ex = rules.explain(request.toRequest());
    for (int i = 0; i < lines.size(); i++) {
      boolean matches = reference(List.of(lines.get(i)), List.of(numbers.get(i)), request) != 0;
      assertThat(ex.get(i).line()).isEqualTo(numbers.get(i));
      assertThat(ex.get(i).matched()).as("line %s of\n%s", numbers.get(i), text)
          .isEqualTo(matches);
    }
  }

  /** The first matching line by straightforward loops and java.util.regex; 0 when none. */
  private static int reference(List<GenLine> lines, List<Integer> numbers, SimpleRequest r) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String[] p : r.params()) {
      params.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[1] == null ? "" : p[1]);
    }
    String url = ORIGIN + r.path();
    for (int i = 0; i < lines.size(); i++) {
      GenLine l = lines.get(i);
      if (!l.methods().isEmpty() && !l.methods().contains(r.method())) {
        continue;
      }
      if (!Pattern.matches(l.urlRegex(), url)) {
        continue;
      }
      boolean all = true;
      for (String[] p : l.predicates()) {
        List<String> values = params.get(p[0]);
        if (values == null || !values.stream().allMatch(v -> Pattern.matches(p[1], v))) {
          all = false;
          break;
        }
      }
      if (all) {
        return numbers.get(i);
      }
    }
    return 0;
  }
}
