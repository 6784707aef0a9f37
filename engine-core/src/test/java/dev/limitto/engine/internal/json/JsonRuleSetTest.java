package dev.limitto.engine.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Decision;
import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSet;
import org.junit.jupiter.api.Test;

/** JsonData predicates through the public API: the reasons a denied request gets. */
class JsonRuleSetTest {

  private static final RuleSet RULES =
      RuleSet.compile("[post].*/rest/api/2/version[JsonData::project==DEMO]\n");

  private static Decision post(String contentType, String body) {
    return RULES.evaluate(Request.builder("POST", "/rest/api/2/version")
        .header("Content-Type", contentType)
        .body(body)
        .build());
  }

  @Test
  void evaluateWhenSelectedValueMatchesThenAllowed() {
    Decision decision = post("application/json", "{\"project\":\"DEMO\"}");
    assertThat(decision.isAllowed()).isTrue();
    assertThat(decision.line()).hasValue(1);
  }

  @Test
  void evaluateWhenSelectedValueDiffersThenReasonNamesSelectorAndRegexAsWrittenButNotTheValue() {
    Decision decision = post("application/json", "{\"project\":\"OPS\"}");
    assertThat(decision.isAllowed()).isFalse();
    assertThat(decision.reason())
        .isEqualTo("line 1: JsonData: value of project does not match DEMO");
  }

  @Test
  void evaluateWhenDuplicateKeySmugglesAnotherValueThenDenied() {
    Decision decision = post("application/json", "{\"project\":\"DEMO\",\"project\":\"OPS\"}");
    assertThat(decision.isAllowed()).isFalse();
    assertThat(decision.reason())
        .isEqualTo("line 1: JsonData: value of project does not match DEMO");
  }

  private static final String SECRET = "s3cr3t-Body-Value";

  /**
   * A decision's reason goes into the 403 body and the audit log, which must never hold request
   * body content: whatever predicate failed and wherever the value sat, the reason quotes only
   * rule text. The admin's explanation may show the value.
   */
  @Test
  void evaluateWhenDeniedThenNoReasonQuotesABodyValue() {
    String[] rules = {
      "[post].*/x[JsonData::project==DEMO]",
      "[post].*/x[JsonData::fields.labels==ok]",
      "[post].*/x[JsonData::/a/0==ok]",
      "[post].*/x[JsonData::n==[0-9]]",
      "[post].*/x[JsonData::fields.project.key==DEMO][JsonData::labels==[a-z]+]",
    };
    String[] bodies = {
      "{\"project\":\"" + SECRET + "\"}",
      "{\"project\":\"DEMO\",\"project\":\"" + SECRET + "\"}",
      "{\"fields\":{\"labels\":[\"ok\",\"" + SECRET + "\"]}}",
      "{\"fields\":{\"labels\":[[\"ok\"],[\"" + SECRET + "\"]]}}",
      "{\"a\":[\"" + SECRET + "\"]}",
      "{\"n\":" + "1234567" + "}",
      "{\"fields\":{\"project\":{\"key\":\"" + SECRET + "\"}},\"labels\":[\"" + SECRET + "\"]}",
    };
    for (String rule : rules) {
      RuleSet ruleSet = RuleSet.compile(rule + "\n");
      for (String body : bodies) {
        Request request = Request.builder("POST", "/x")
            .header("Content-Type", "application/json")
            .body(body)
            .build();
        Decision decision = ruleSet.evaluate(request);
        assertThat(decision.isAllowed()).as("%s on %s", rule, body).isFalse();
        assertThat(decision.reason()).as("%s on %s", rule, body)
            .doesNotContain(SECRET)
            .doesNotContain("1234567")
            .doesNotContain("s3cr3t");
      }
    }
  }

  @Test
  void explainWhenValueDiffersThenTheAdminSeesAnExcerptOfTheValue() {
    Request request = Request.builder("POST", "/rest/api/2/version")
        .header("Content-Type", "application/json")
        .body("{\"project\":\"" + SECRET + "\"}")
        .build();
    assertThat(RULES.explain(request).get(0).detail())
        .isEqualTo("JsonData: value \"" + SECRET + "\" of project does not match DEMO");
    assertThat(RULES.evaluate(request).reason()).doesNotContain(SECRET);
  }

  @Test
  void evaluateWhenContentTypeIsNotJsonThenDeniedWithTheHeaderReason() {
    Decision decision = post("text/plain", "{\"project\":\"DEMO\"}");
    assertThat(decision.isAllowed()).isFalse();
    assertThat(decision.reason()).contains("Content-Type is not application/json").doesNotContain("text/plain");
  }
}
