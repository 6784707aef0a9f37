package dev.limitto.engine.internal.json;

import static dev.limitto.engine.internal.json.JsonFixtures.predicates;
import static dev.limitto.engine.internal.json.JsonFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile bodies at the default 1 MiB limit. The timeouts are generous: they catch super-linear
 * behaviour, not speed.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class JsonBodyDosTest {

  private static final int MIB = 1024 * 1024;

  @Test
  void evaluateWhenMebibyteOfOpeningBracketsThenTooDeepWithoutReadingOn() {
    byte[] body = utf8("[".repeat(MIB));
    JsonResult result = JsonBodyCheck.evaluate(body, Limits.defaults(), predicates("a", ".*"));
    assertThat(result.bodyProblem()).isEqualTo(String.format(JsonBodyCheck.BODY_TOO_DEEP, 64));
  }

  @Test
  void evaluateWhenNumberOfAlmostAMebibyteOfDigitsThenMatchedAsText() {
    byte[] body = utf8("{\"n\":1" + "0".repeat(MIB - 10) + "}");
    JsonResult result = JsonBodyCheck.evaluate(body, Limits.defaults(), predicates("n", "1?0+"));
    assertThat(result.bodyProblem()).isNull();
    assertThat(result.matched(0)).isTrue();
  }

  @Test
  void evaluateWhenLongStringSelectedByManyPredicatesThenEachDecided() {
    byte[] body = utf8("{\"s\":\"" + "x".repeat(MIB - 10) + "\"}");
    List<String> args = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      args.add("s");
      args.add(i % 2 == 0 ? "x*" : "y*");
    }
    JsonResult result =
        JsonBodyCheck.evaluate(body, Limits.defaults(), predicates(args.toArray(new String[0])));
    assertThat(result.matched(0)).isTrue();
    assertThat(result.matched(1)).isFalse();
  }

  @Test
  void evaluateWhenManyFieldsAndManyPredicatesThenLinear() {
    StringBuilder sb = new StringBuilder("[");
    int i = 0;
    while (sb.length() < MIB - 64) {
      sb.append(i == 0 ? "" : ",").append("{\"k").append(i % 1000).append("\":{\"a\":[").append(i)
          .append("]}}");
      i++;
    }
    sb.append(']');
    List<String> args = new ArrayList<>();
    for (int p = 0; p < 50; p++) {
      args.add(p % 2 == 0 ? "k" + p + ".a" : "/0/k" + p);
      args.add("[0-9]+");
    }
    args.add("a");
    args.add("[0-9]+");
    JsonResult result = JsonBodyCheck.evaluate(
        utf8(sb.toString()), Limits.defaults(), predicates(args.toArray(new String[0])));
    assertThat(result.bodyProblem()).isNull();
    assertThat(result.matched(0)).isTrue();
    assertThat(result.matched(50)).isTrue();
  }

  @Test
  void evaluateWhenMebibyteOfEscapesInASelectedStringAndNameThenDecodedOnce() {
    String escapes = "\\u00e9".repeat(MIB / 14);
    byte[] body = utf8("{\"" + escapes + "\":\"" + escapes + "\"}");
    JsonResult result = JsonBodyCheck.evaluate(body, Limits.defaults(), predicates("a", "é*"));
    assertThat(result.bodyProblem()).isNull();
    assertThat(result.failure(0)).isEqualTo(String.format(JsonBodyCheck.NO_NODE, "a"));
  }

  @Test
  void evaluateWhenMebibyteOfMultiByteCharactersThenEachIsCheckedOnce() {
    byte[] body = utf8("[\"" + "é€😀".repeat(MIB / 12) + "\"]");
    JsonResult result = JsonBodyCheck.evaluate(body, Limits.defaults(), predicates("a", ".*"));
    assertThat(result.bodyProblem()).isNull();
  }

  @Test
  void evaluateWhenMebibyteOfMultiByteCharactersEndsInASyntaxErrorThenRefusedLinearly() {
    byte[] body = utf8("[\"" + "é€😀".repeat(MIB / 12) + "\",]");
    JsonResult result = JsonBodyCheck.evaluate(body, Limits.defaults(), predicates("a", ".*"));
    assertThat(result.bodyProblem()).startsWith("body is not valid JSON");
  }

  @Test
  void evaluateWhenMebibyteOfDuplicateKeysThenEveryOccurrenceIsChecked() {
    byte[] body = utf8("{" + "\"a\":1,".repeat(MIB / 7) + "\"a\":2}");
    JsonResult result = JsonBodyCheck.evaluate(body, Limits.defaults(), predicates("a", "1"));
    assertThat(result.failure(0)).isEqualTo(String.format(JsonBodyCheck.VALUE_MISMATCH, "a", "1"));
  }
}
