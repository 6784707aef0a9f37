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
    assertThat(decision.line()).isEqualTo(1);
  }

  @Test
  void evaluateWhenSelectedValueDiffersThenReasonQuotesValueAndRegexAsWritten() {
    Decision decision = post("application/json", "{\"project\":\"OPS\"}");
    assertThat(decision.isAllowed()).isFalse();
    assertThat(decision.reason()).contains("value \"OPS\" of project does not match DEMO");
  }

  @Test
  void evaluateWhenDuplicateKeySmugglesAnotherValueThenDenied() {
    Decision decision = post("application/json", "{\"project\":\"DEMO\",\"project\":\"OPS\"}");
    assertThat(decision.isAllowed()).isFalse();
    assertThat(decision.reason()).contains("value \"OPS\" of project does not match DEMO");
  }

  @Test
  void evaluateWhenContentTypeIsNotJsonThenDeniedWithTheHeaderReason() {
    Decision decision = post("text/plain", "{\"project\":\"DEMO\"}");
    assertThat(decision.isAllowed()).isFalse();
    assertThat(decision.reason()).contains("Content-Type \"text/plain\" is not application/json");
  }
}
