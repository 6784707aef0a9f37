package dev.limitto.engine.internal.json;

import static dev.limitto.engine.internal.json.JsonFixtures.predicates;
import static dev.limitto.engine.internal.json.JsonFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Limits;
import org.junit.jupiter.api.Test;

/**
 * The scan stops before the end of the body only when every predicate has failed: a predicate
 * that could still pass is never decided without the rest of the body (docs/json-rules.md).
 */
class JsonEarlyStopTest {

  private static JsonResult evaluate(String body, String... selectorsAndRegexes) {
    return JsonBodyCheck.evaluate(utf8(body), Limits.defaults(), predicates(selectorsAndRegexes));
  }

  @Test
  void evaluateWhenEveryPredicateFailedThenWhatFollowsIsNotRead() {
    JsonResult result = evaluate("{\"a\":\"x\", this is not JSON", "a", "y");
    assertThat(result.bodyProblem()).isNull();
    assertThat(result.matched(0)).isFalse();
    assertThat(result.failure(0)).isEqualTo(String.format(JsonBodyCheck.VALUE_MISMATCH, "a", "y"));
  }

  @Test
  void evaluateWhenOnePredicateCouldStillPassThenInvalidContentLaterIsFound() {
    JsonResult result = evaluate("{\"a\":\"x\",\"b\":1, this is not JSON", "a", "y", "b", "1");
    assertThat(result.bodyProblem()).isEqualTo(String.format(JsonBodyCheck.BODY_NOT_JSON, 16));
    assertThat(result.matched(0)).isFalse();
    assertThat(result.matched(1)).isFalse();
  }

  @Test
  void evaluateWhenMatchingValueIsFollowedByTrailingContentThenRefused() {
    JsonResult result = evaluate("{\"a\":\"y\"} {\"a\":\"y\"}", "a", "y");
    assertThat(result.matched(0)).isFalse();
    assertThat(result.bodyProblem()).isEqualTo(String.format(JsonBodyCheck.BODY_TRAILING, 10));
  }

  @Test
  void evaluateWhenMatchingValueIsFollowedByADuplicateKeyThenTheDuplicateIsChecked() {
    JsonResult result = evaluate("{\"a\":\"y\",\"a\":\"z\"}", "a", "y");
    assertThat(result.failure(0)).isEqualTo(String.format(JsonBodyCheck.VALUE_MISMATCH, "a", "y"));
  }

  @Test
  void evaluateWhenMatchingValueIsFollowedByMalformedUtf8ThenRefused() {
    byte[] body = JsonFixtures.bytes("{\"a\":\"y\",\"b\":\"", new int[] {0xC3, 0x28}, "\"}");
    JsonResult result = JsonBodyCheck.evaluate(body, Limits.defaults(), predicates("a", "y"));
    assertThat(result.matched(0)).isFalse();
    assertThat(result.bodyProblem()).isEqualTo(String.format(JsonBodyCheck.BODY_NOT_UTF8, 14));
  }

  @Test
  void evaluateWhenNoPredicateThenTheWholeBodyIsChecked() {
    JsonResult result = JsonBodyCheck.evaluate(
        utf8("{\"a\":1} x"), Limits.defaults(), java.util.List.of());
    assertThat(result.bodyProblem()).isEqualTo(String.format(JsonBodyCheck.BODY_TRAILING, 8));
  }
}
