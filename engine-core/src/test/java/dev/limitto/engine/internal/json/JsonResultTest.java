package dev.limitto.engine.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The verdicts of one body: shared when every predicate matched, never mixed up between sizes. */
class JsonResultTest {

  @Test
  void ofFailuresWhenEveryPredicateMatchedThenEachOneMatchesWhateverTheCount() {
    for (int size : new int[] {0, 1, 3, 63, 64, 100}) {
      JsonResult result = JsonResult.ofFailures(size, null);
      assertThat(result.size()).isEqualTo(size);
      assertThat(result.allMatched()).isTrue();
      assertThat(result.bodyProblem()).isNull();
      for (int i = 0; i < size; i++) {
        assertThat(result.matched(i)).isTrue();
        assertThat(result.failure(i)).isNull();
      }
      assertThatThrownBy(() -> result.matched(size)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void ofFailuresWhenOneFailedThenOnlyThatOneFails() {
    JsonResult result = JsonResult.ofFailures(3, new String[] {null, "no", null});
    assertThat(result.allMatched()).isFalse();
    assertThat(result.matched(0)).isTrue();
    assertThat(result.matched(1)).isFalse();
    assertThat(result.failure(1)).isEqualTo("no");
    assertThat(result).hasToString("JsonResult[matched, no, matched]");
  }

  @Test
  void ofBodyProblemThenEveryPredicateFailsWithIt() {
    JsonResult result = JsonResult.ofBodyProblem(JsonBodyCheck.BODY_EMPTY, 2);
    assertThat(result.allMatched()).isFalse();
    assertThat(result.matched(1)).isFalse();
    assertThat(result.failure(1)).isEqualTo(JsonBodyCheck.BODY_EMPTY);
  }
}
