package dev.limitto.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.internal.ApiAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The public API of {@link RuleSet} beyond single decisions (those are in the .cases files). */
class RuleSetTest {

  /** A request view that counts how often its body is read, and can fail the read. */
  static class CountingView implements HttpRequestView {
    final Request request;
    final AtomicInteger bodyReads = new AtomicInteger();
    final boolean failRead;

    CountingView(Request request, boolean failRead) {
      this.request = request;
      this.failRead = failRead;
    }

    static CountingView json(String method, String target, String body) {
      return new CountingView(Request.builder(method, target)
          .header("Content-Type", "application/json").body(body).build(), false);
    }

    @Override
    public String method() {
      return request.method();
    }

    @Override
    public String rawPath() {
      return request.rawPath();
    }

    @Override
    public String rawQuery() {
      return request.rawQuery();
    }

    @Override
    public String header(String name) {
      return request.header(name);
    }

    @Override
    public byte[] body(int maxBytes) {
      bodyReads.incrementAndGet();
      if (failRead) {
        throw new UncheckedIOException(new IOException("connection reset"));
      }
      return request.body(maxBytes);
    }
  }

  @Test
  void compileWhenTextHasOnlyCommentsAndBlanksThenUnrestricted() {
    RuleSet rules = RuleSet.compile("# nothing yet\n\n   \n\t# later\n");
    assertThat(rules.isUnrestricted()).isTrue();
    assertThat(rules.lineCount()).isZero();
    assertThat(rules.evaluate(Request.of("DELETE", "/a/../b"))).isEqualTo(
        ApiAccess.results().unrestricted());
    assertThat(rules.explain(Request.of("GET", "/x"))).isEmpty();
  }

  @Test
  void lineCountCountsEffectiveLinesOnly() {
    RuleSet rules = RuleSet.compile("# c\n.*/a\n\n[get].*/b\n");
    assertThat(rules.isUnrestricted()).isFalse();
    assertThat(rules.lineCount()).isEqualTo(2);
  }

  @Test
  void baseUrlAndLimitsAreThoseCompiledWith() {
    Limits limits = Limits.builder().maxBodyBytes(10).build();
    RuleSet rules = RuleSet.compiler().baseUrl("https://jira.example.com/jira").limits(limits)
        .compile(".*");
    assertThat(rules.baseUrl()).contains("https://jira.example.com/jira");
    assertThat(rules.limits()).isEqualTo(limits);
    RuleSet defaults = RuleSet.compile(".*");
    assertThat(defaults.baseUrl()).isEmpty();
    assertThat(defaults.limits()).isEqualTo(Limits.defaults());
  }

  @Test
  void evaluateWhenNoBaseUrlConfiguredThenTheOriginIsLocalhost() {
    RuleSet rules = RuleSet.compile("http://localhost/x");
    assertThat(rules.evaluate(Request.of("GET", "/x")).isAllowed()).isTrue();
    // no command-line default port: that is the CLI's, not the engine's
    assertThat(RuleSet.compile("http://localhost:8080/x").evaluate(Request.of("GET", "/x"))
        .isAllowed()).isFalse();
  }

  @Test
  void decisionWhenUnrestrictedThenTellsItApartFromADenial() {
    Decision unrestricted = RuleSet.compile("# nothing yet").evaluate(Request.of("GET", "/x"));
    Decision denied = RuleSet.compile("[get].*/y").evaluate(Request.of("GET", "/x"));
    Decision byLine = RuleSet.compile("[get].*/y\n[get].*/x").evaluate(Request.of("GET", "/x"));

    assertThat(unrestricted.isAllowed()).isTrue();
    assertThat(unrestricted.isUnrestricted()).isTrue();
    assertThat(unrestricted.line()).isEmpty();
    assertThat(unrestricted.reason()).isNull();

    assertThat(denied.isAllowed()).isFalse();
    assertThat(denied.isUnrestricted()).isFalse();
    assertThat(denied.line()).isEmpty();
    assertThat(denied.reason()).startsWith("line 1: ");

    assertThat(byLine.isAllowed()).isTrue();
    assertThat(byLine.isUnrestricted()).isFalse();
    assertThat(byLine.line()).hasValue(2);
    assertThat(byLine).hasToString("ALLOW (line 2)");
  }

  @Test
  void evaluateWhenNoLineHasJsonDataThenNeverReadsTheBody() {
    RuleSet rules = RuleSet.compile("[post].*/a\n[post].*/b");
    CountingView view = CountingView.json("POST", "/c", "{}");
    assertThat(rules.evaluate(view).isAllowed()).isFalse();
    assertThat(view.bodyReads).hasValue(0);
  }

  @Test
  void evaluateWhenJsonLineIsNoCandidateThenNeverReadsTheBody() {
    RuleSet rules = RuleSet.compile("[post].*/a[JsonData::x==1]\n[put].*/b[JsonData::x==1]");
    CountingView wrongUrl = CountingView.json("POST", "/b", "{\"x\":1}");
    CountingView wrongMethod = CountingView.json("GET", "/a", "{\"x\":1}");
    assertThat(rules.evaluate(wrongUrl).isAllowed()).isFalse();
    assertThat(rules.evaluate(wrongMethod).isAllowed()).isFalse();
    assertThat(wrongUrl.bodyReads).hasValue(0);
    assertThat(wrongMethod.bodyReads).hasValue(0);
  }

  @Test
  void evaluateWhenEarlierLineAllowsWithoutBodyThenNeverReadsIt() {
    RuleSet rules = RuleSet.compile("[post].*/a\n[post].*/a[JsonData::x==1]");
    CountingView view = CountingView.json("POST", "/a", "{\"x\":1}");
    assertThat(rules.evaluate(view)).isEqualTo(ApiAccess.results().allow(1));
    assertThat(view.bodyReads).hasValue(0);
  }

  @Test
  void evaluateWhenSeveralJsonCandidatesThenReadsTheBodyOnce() {
    RuleSet rules = RuleSet.compile(
        "[post].*/a[JsonData::x==1]\n[post].*/a[JsonData::y==2]\n[post].*/a[JsonData::z==3]");
    CountingView view = CountingView.json("POST", "/a", "{\"z\":3}");
    assertThat(rules.evaluate(view)).isEqualTo(ApiAccess.results().allow(3));
    assertThat(view.bodyReads).hasValue(1);
    CountingView none = CountingView.json("POST", "/a", "{\"q\":3}");
    assertThat(rules.evaluate(none).isAllowed()).isFalse();
    assertThat(none.bodyReads).hasValue(1);
  }

  @Test
  void evaluateWhenContentTypeIsNotJsonThenDeniesWithoutReadingTheBody() {
    RuleSet rules = RuleSet.compile("[post].*/a[JsonData::x==1]");
    CountingView view = new CountingView(
        Request.builder("POST", "/a").header("Content-Type", "text/plain").body("{\"x\":1}")
            .build(), false);
    Decision d = rules.evaluate(view);
    assertThat(d.isAllowed()).isFalse();
    assertThat(d.reason()).startsWith("line 1: JsonData x: Content-Type");
    assertThat(view.bodyReads).hasValue(0);
  }

  @Test
  void evaluateWhenBodyCannotBeReadThenDeniesWithTheReason() {
    RuleSet rules = RuleSet.compile("[post].*/a[JsonData::x==1]");
    CountingView view = new CountingView(Request.builder("POST", "/a")
        .header("Content-Type", "application/json").body("{\"x\":1}").build(), true);
    assertThat(rules.evaluate(view)).isEqualTo(
        ApiAccess.results().deny("line 1: JsonData x: request body could not be read"));
  }

  @Test
  void evaluateWhenJsonValueDiffersThenReasonComesFromTheJsonCheck() {
    RuleSet rules = RuleSet.compile("[post].*/a[JsonData::project==DEMO]");
    Decision d = rules.evaluate(CountingView.json("POST", "/a", "{\"project\":\"OPS\"}"));
    assertThat(d.reason()).isEqualTo("line 1: JsonData: value of project does not match DEMO");
  }

  @Test
  void evaluateWhenMethodIsMissingThenDenies() {
    HttpRequestView noMethod = new CountingView(Request.of("GET", "/a"), false) {
      @Override
      public String method() {
        return null;
      }
    };
    assertThat(RuleSet.compile(".*").evaluate(noMethod))
        .isEqualTo(ApiAccess.results().deny("request rejected: request has no method"));
    assertThat(RuleSet.compile("").evaluate(noMethod).isAllowed()).isTrue();
  }

  @Test
  void explainWhenLinesDifferThenGivesEachLineItsDetail() {
    RuleSet rules = RuleSet.compile(
        "# header\n[post].*/a\n.*/b\n.*/a[QueryParam::q==1]\n.*/a[QueryParam::q==2]");
    List<LineExplanation> ex = rules.explain(Request.of("GET", "/a?q=1"));
    assertThat(ex).containsExactly(
        ApiAccess.results().explanation(2, false, "method GET not in [POST]"),
        ApiAccess.results().explanation(3, false,
            "URL does not match .*/b"),
        ApiAccess.results().explanation(4, true, "all parts match"),
        ApiAccess.results().explanation(5, false, "QueryParam q value does not match 2"));
  }

  @Test
  void explainEvaluatesJsonOfEveryCandidateLine() {
    RuleSet rules = RuleSet.compile("[post].*/a\n[post].*/a[JsonData::x==1]\n"
        + "[post].*/a[JsonData::x==2]");
    CountingView view = CountingView.json("POST", "/a", "{\"x\":1}");
    List<LineExplanation> ex = rules.explain(view);
    assertThat(ex).extracting(LineExplanation::matched).containsExactly(true, true, false);
    assertThat(ex.get(2).detail()).startsWith("JsonData: ");
    assertThat(view.bodyReads).hasValue(1);
  }

  @Test
  void explainWhenRequestIsRejectedThenEveryLineSaysWhy() {
    RuleSet rules = RuleSet.compile(".*/a\n.*/b");
    List<LineExplanation> ex = rules.explain(Request.of("GET", "/a/../b"));
    assertThat(ex).hasSize(2).allSatisfy(e -> {
      assertThat(e.matched()).isFalse();
      assertThat(e.detail()).startsWith("request rejected: path contains a dot segment");
    });
  }

  @Test
  void evaluateAgreesWithExplainOnWhetherSomeLineMatched() {
    RuleSet rules = RuleSet.compile("[get].*/a\n.*/b[QueryParam::q==1]");
    for (String target : List.of("/a", "/b?q=1", "/b?q=2", "/c")) {
      Request r = Request.of("GET", target);
      boolean anyMatched = rules.explain(r).stream().anyMatch(LineExplanation::matched);
      assertThat(rules.evaluate(r).isAllowed()).as(target).isEqualTo(anyMatched);
    }
  }

  @Test
  void evaluateFromManyThreadsGivesTheSameDecisions() {
    RuleSet rules = RuleSet.compile("[get].*/issue/[A-Z]+-[0-9]+\n"
        + "[post].*/search[QueryParam::jql==project = A.*]\n"
        + "[post].*/comment[JsonData::body==.{1,20}]");
    List<HttpRequestView> requests = List.of(
        Request.of("GET", "/issue/A-1"), Request.of("GET", "/issue/a-1"),
        Request.of("POST", "/search?jql=project%20=%20A"), Request.of("POST", "/search?jql=x"),
        Request.builder("POST", "/comment").header("Content-Type", "application/json")
            .body("{\"body\":\"hi\"}").build());
    List<Decision> expected = requests.stream().map(rules::evaluate).toList();
    IntStream.range(0, 2000).parallel().forEach(i -> {
      int k = i % requests.size();
      assertThat(rules.evaluate(requests.get(k))).isEqualTo(expected.get(k));
    });
  }

  @Test
  void toStringSaysWhatTheRuleSetIs() {
    assertThat(RuleSet.compiler().baseUrl("https://jira.example.com").compile(".*\n.*/x"))
        .hasToString("RuleSet[2 lines, base https://jira.example.com]");
  }
}
