package dev.limitto.engine.internal.json;

import static dev.limitto.engine.internal.json.JsonFixtures.predicates;
import static dev.limitto.engine.internal.json.JsonFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scanners are pooled and reused from body to body: nothing of one evaluation (predicates,
 * progress, failures, decoded text, grown buffers) may leak into the next, on the same thread or
 * on another, and two threads never share one at once.
 */
class JsonScanReuseTest {

  @Test
  void evaluateWhenSameThreadAlternatesBodiesAndPredicatesThenEachResultIsItsOwn() {
    List<JsonPredicate> many = predicates("a", "x", "b.c", "y", "/d/0", "z", "e", ".*", "f", ".*");
    List<JsonPredicate> one = predicates("a", "x");
    String deep = "[".repeat(50) + "{\"a\":\"x\"}" + "]".repeat(50);
    for (int round = 0; round < 3; round++) {
      JsonResult all = JsonBodyCheck.evaluate(
          utf8("{\"a\":\"x\",\"b\":{\"c\":\"y\"},\"d\":[\"z\"],\"e\":[],\"f\":{}}"), Limits.defaults(),
          many);
      assertThat(all.matched(0)).isTrue();
      assertThat(all.matched(1)).isTrue();
      assertThat(all.matched(2)).isTrue();
      assertThat(all.failure(3)).isEqualTo(String.format(JsonBodyCheck.EMPTY_ARRAY, "e"));
      assertThat(all.failure(4)).isEqualTo(String.format(JsonBodyCheck.OBJECT_SELECTED, "f"));

      // a long value grows the text buffer; the next, short body must not see its rest
      JsonResult big = JsonBodyCheck.evaluate(
          utf8("{\"a\":\"" + "x".repeat(10_000) + "\"}"), Limits.defaults(), one, true);
      assertThat(big.failure(0)).startsWith("value \"xxxx");
      assertThat(JsonBodyCheck.evaluate(utf8("{\"a\":\"x\"}"), Limits.defaults(), one).matched(0))
          .isTrue();
      assertThat(JsonBodyCheck.evaluate(utf8(deep), Limits.defaults(), one).matched(0)).isTrue();
      assertThat(JsonBodyCheck.evaluate(utf8("{\"b\":\"x\"}"), Limits.defaults(), one).failure(0))
          .isEqualTo(String.format(JsonBodyCheck.NO_NODE, "a"));
    }
  }

  /**
   * A name beyond the kept size grows the name buffer so far that it is dropped afterwards: the
   * next escaped name longer than the initial buffer grows it again, and each body reads its own
   * names, round after round.
   */
  @Test
  void evaluateWhenAVeryLongEscapedNameDropsTheNameBufferThenTheNextBodiesReadTheirOwnNames() {
    String longName = "k".repeat(JsonScan.KEEP_CHARS + 1);
    String project = JsonFixtures.escaped("project"); // 42 bytes
    List<JsonPredicate> selectors = predicates(longName, "x", "project", "KANBAN");
    String mismatch = String.format(JsonBodyCheck.VALUE_MISMATCH, "project", "KANBAN");
    for (int round = 0; round < 3; round++) {
      JsonResult longOne = JsonBodyCheck.evaluate(
          utf8("{\"" + JsonFixtures.escaped(longName) + "\":\"x\"}"), Limits.defaults(), selectors);
      assertThat(longOne.failure(0)).as("round %d", round).isNull();
      JsonResult duplicate = JsonBodyCheck.evaluate(
          utf8("{\"project\":\"KANBAN\",\"" + project + "\":\"SECRET\"}"), Limits.defaults(),
          selectors);
      assertThat(duplicate.failure(1)).as("round %d", round).isEqualTo(mismatch);
      JsonResult escapedOnly = JsonBodyCheck.evaluate(
          utf8("{\"" + project + "\":\"KANBAN\"}"), Limits.defaults(), selectors);
      assertThat(escapedOnly.failure(1)).as("round %d", round).isNull();
      JsonResult other = JsonBodyCheck.evaluate(
          utf8("{\"proj\":\"KANBAN\"}"), Limits.defaults(), selectors);
      assertThat(other.failure(1)).as("round %d", round)
          .isEqualTo(String.format(JsonBodyCheck.NO_NODE, "project"));
    }
  }

  @Test
  void evaluateWhenADeepBodyWithoutPredicatesIsFollowedByManyPredicatesThenTheyAreDecided() {
    Limits deepLimits = Limits.builder().maxJsonDepth(100_000).build();
    String deep = "[".repeat(20_000) + "]".repeat(20_000);
    assertThat(JsonBodyCheck.evaluate(utf8(deep), deepLimits, List.of()).bodyProblem()).isNull();
    List<String> args = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      args.add("k" + i);
      args.add(".*");
    }
    List<JsonPredicate> many = predicates(args.toArray(new String[0]));
    JsonResult result = JsonBodyCheck.evaluate(utf8("{\"x\":[{\"k7\":1}]}"), deepLimits, many);
    assertThat(result.bodyProblem()).isNull();
    assertThat(result.matched(7)).isTrue();
    assertThat(result.failure(8)).isEqualTo(String.format(JsonBodyCheck.NO_NODE, "k8"));
  }

  @Test
  @Timeout(60)
  void evaluateWhenManyThreadsEvaluateAtOnceThenEveryResultIsRight() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 2000; t++) {
        int n = t;
        Callable<Boolean> task = () -> {
          String value = "v" + n;
          String body = "{\"pad\":\"" + "p".repeat(n % 300) + "\",\"a\":[\"" + value + "\"]}";
          JsonResult match = JsonBodyCheck.evaluate(utf8(body), Limits.defaults(),
              predicates("a", value, "pad", "p*"));
          JsonResult other = JsonBodyCheck.evaluate(utf8(body), Limits.defaults(),
              predicates("a", "v" + (n + 1)), true);
          return match.matched(0) && match.matched(1) && !other.matched(0)
              && other.failure(0).equals("array element \"" + value + "\" of a does not match v"
                  + (n + 1));
        };
        results.add(pool.submit(task));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
