package dev.limitto.engine.internal.json;

import static dev.limitto.engine.internal.json.JsonFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.AllocationMeter;
import dev.limitto.engine.Limits;
import dev.limitto.engine.internal.match.StringMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checking a body whose predicates all pass allocates nothing in the JSON check: the thread's
 * scanner and its buffers are reused, the result is shared, names are compared from the body
 * bytes and selected values are decoded into a reused buffer. Measured with the JVM's per-thread
 * allocation counter over many evaluations; the matcher used here allocates nothing itself.
 */
class JsonAllocationTest {

  private static final int RUNS = 20_000;

  /** A full match of {@code [A-Za-z0-9 é-]+} that allocates nothing. */
  private static final StringMatcher WORDS = input -> {
    if (input.length() == 0) {
      return false;
    }
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != ' ' && c != '-') {
        return false;
      }
    }
    return true;
  };

  @Test
  void evaluateWhenEveryPredicatePassesThenNothingIsAllocated() {
    byte[] body = utf8("{\"fields\":{\"project\":{\"key\":\"KANBAN\"},\"issuetype\":{\"name\":\"Bug\"},"
        + "\"summary\":\"Login page \\u00e9 returns 500\",\"labels\":[\"a\",[\"b\"]],"
        + "\"d\\u0065scription\":\"" + "Step 1: open the board, pick a card. ".repeat(30) + "\","
        + "\"n\":[1,2.5e3,true,null],\"caf\u00e9\":{}},\"update\":{}}");
    List<JsonPredicate> predicates = List.of(
        new JsonPredicate(JsonSelector.parse("fields.project.key"), WORDS, "words"),
        new JsonPredicate(JsonSelector.parse("/fields/issuetype/name"), WORDS, "words"),
        new JsonPredicate(JsonSelector.parse("summary"), WORDS, "words"),
        new JsonPredicate(JsonSelector.parse("labels"), WORDS, "words"));
    Limits limits = Limits.defaults();
    assertThat(JsonBodyCheck.evaluate(body, limits, predicates).allMatched()).isTrue();

    long allocated = AllocationMeter.allocatedBeyondSlack(RUNS, RUNS,
        () -> JsonBodyCheck.evaluate(body, limits, predicates).allMatched() ? 1 : 0);
    assertThat(allocated).as("bytes allocated by %d evaluations", RUNS).isZero();
  }

  /**
   * A name and a value longer than the initial buffers grow them on the first body; the grown
   * buffers (within the kept size) are reused, so the same body allocates nothing afterwards.
   */
  @Test
  void evaluateWhenALongEscapedNameAndValueGrewTheBuffersThenLaterEvaluationsAllocateNothing() {
    String name = "project-" + "k".repeat(4 * JsonScan.NAME_CHARS);
    String value = "KANBAN " + "\u00e9".repeat(4 * JsonScan.VALUE_CHARS);
    byte[] body = utf8("{\"fields\":{\"" + JsonFixtures.escaped(name) + "\":\"" + value + "\"}}");
    List<JsonPredicate> predicates = List.of(
        new JsonPredicate(JsonSelector.parse("fields." + name), WORDS, "words"),
        new JsonPredicate(JsonSelector.parse(name), WORDS, "words"));
    Limits limits = Limits.defaults();
    assertThat(JsonBodyCheck.evaluate(body, limits, predicates).allMatched()).isTrue();

    long allocated = AllocationMeter.allocatedBeyondSlack(RUNS, RUNS,
        () -> JsonBodyCheck.evaluate(body, limits, predicates).allMatched() ? 1 : 0);
    assertThat(allocated).as("bytes allocated by %d evaluations", RUNS).isZero();
  }
}
