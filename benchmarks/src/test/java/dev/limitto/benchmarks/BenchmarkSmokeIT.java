package dev.limitto.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The benchmark smoke of {@code ./mvnw verify}: one short JMH run of the shaded benchmarks jar
 * ({@code EvaluateBenchmark}, mixed requests, 1 fork, 2 × 0.5 s warm-up, 3 × 0.5 s measurement,
 * {@code -prof gc}; about half a minute), judged on ratios within that run only, never on
 * absolute times, so that a slow or busy machine cannot fail it:
 *
 * <ul>
 *   <li>{@code LIMITTO} at 1,000 lines at least {@value #MIN_SPEEDUP}× faster than {@code
 *       JDK_REGEX_SCAN} at 1,000 lines (Jira workload);
 *   <li>{@code LIMITTO} at 1,000 lines at most {@value #MAX_GROWTH}× its time at 10 lines, on the
 *       Jira and on the independent workload (a lost index would cost 50× or more);
 *   <li>no {@code LIMITTO} decision allocates: {@code gc.alloc.rate.norm} below {@value
 *       #MAX_BYTES_PER_OP} byte per operation (JMH's own bookkeeping spread over millions of
 *       operations is about 0.003).
 * </ul>
 *
 * <p>Each time is the best measurement iteration of its configuration: other work on the machine
 * only ever adds time, so the best iteration is the one least disturbed. The JMH output and the
 * results ({@code target/benchmark-smoke.json}) are kept for a look after a failure. Skipped with
 * the usual {@code -DskipITs}.
 */
class BenchmarkSmokeIT {

  static final double MIN_SPEEDUP = 20;
  static final double MAX_GROWTH = 4;
  static final double MAX_BYTES_PER_OP = 1;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void limittoKeepsItsIndexAndAllocatesNothingAgainstTheScanningPeer() throws Exception {
    String jar = System.getProperty("limitto.benchmarks.jar", "target/benchmarks.jar");
    Path results = Path.of(System.getProperty("limitto.benchmarks.results",
        "target/benchmark-smoke.json"));
    assertThat(Path.of(jar)).as("the shaded jar that package builds").exists();
    Map<String, Run> runs = new HashMap<>();
    run(jar, results, "jira", "LIMITTO,JDK_REGEX_SCAN", runs);
    run(jar, results, "independent", "LIMITTO", runs);

    assertThat(runs).as("every configuration ran (a failed one is in target/benchmark-smoke-*.log)")
        .containsKeys("jira LIMITTO 10", "jira LIMITTO 1000", "jira JDK_REGEX_SCAN 1000",
            "independent LIMITTO 10", "independent LIMITTO 1000");
    Run limitto10 = runs.get("jira LIMITTO 10");
    Run limitto1000 = runs.get("jira LIMITTO 1000");
    Run jdk1000 = runs.get("jira JDK_REGEX_SCAN 1000");
    Run independent10 = runs.get("independent LIMITTO 10");
    Run independent1000 = runs.get("independent LIMITTO 1000");
    assertThat(jdk1000.best / limitto1000.best)
        .as("JDK_REGEX_SCAN / LIMITTO at 1,000 lines (%s vs %s ns)", jdk1000.best, limitto1000.best)
        .isGreaterThanOrEqualTo(MIN_SPEEDUP);
    assertThat(limitto1000.best / limitto10.best)
        .as("LIMITTO 1,000 / 10 lines, Jira workload (%s vs %s ns)", limitto1000.best, limitto10.best)
        .isLessThanOrEqualTo(MAX_GROWTH);
    assertThat(independent1000.best / independent10.best)
        .as("LIMITTO 1,000 / 10 lines, independent workload (%s vs %s ns)",
            independent1000.best, independent10.best)
        .isLessThanOrEqualTo(MAX_GROWTH);
    for (Map.Entry<String, Run> e : runs.entrySet()) {
      if (e.getKey().contains("LIMITTO")) {
        assertThat(e.getValue().bytesPerOp).as("gc.alloc.rate.norm of %s", e.getKey())
            .isLessThan(MAX_BYTES_PER_OP);
      }
    }
  }

  /** Best iteration (ns/op) and allocation (B/op) of one configuration. */
  private record Run(double best, double bytesPerOp) {}

  private static void run(String jar, Path results, String workload, String engines,
      Map<String, Run> into) throws Exception {
    Files.deleteIfExists(results);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djmh.ignoreLock=true", // other JMH runs on the machine hold the lock; ratios do not care
        "-jar", jar, "EvaluateBenchmark.evaluate",
        "-p", "engine=" + engines, "-p", "rules=10,1000", "-p", "workload=" + workload,
        "-f", "1", "-wi", "2", "-w", "500ms", "-i", "3", "-r", "500ms", "-prof", "gc",
        "-rf", "json", "-rff", results.toString()));
    File log = results.resolveSibling("benchmark-smoke-" + workload + ".log").toFile();
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log).start();
    assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("JMH finished, see %s", log).isTrue();
    assertThat(p.exitValue()).as("JMH exit status, see %s", log).isZero();
    JsonNode all = new ObjectMapper().readTree(results.toFile());
    for (JsonNode r : all) {
      JsonNode params = r.get("params");
      double best = Double.MAX_VALUE;
      for (JsonNode fork : r.get("primaryMetric").get("rawData")) {
        for (JsonNode iteration : fork) {
          best = Math.min(best, iteration.asDouble());
        }
      }
      double bytes = r.get("secondaryMetrics").get("gc.alloc.rate.norm").get("score").asDouble();
      into.put(workload + " " + params.get("engine").asText() + " " + params.get("rules").asText(),
          new Run(best, bytes));
    }
  }
}
