package dev.limitto.benchmarks;

import dev.limitto.engine.Decision;
import dev.limitto.engine.RuleSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The request shapes that once left the index, at 10, 1,000 and 10,000 lines: the rule set is
 * the {@link IndependentWorkload} (a tenth of its lines are {@code .*&#47;rest/api/2/search}
 * lines differing only in their {@code QueryParam::jql} value) with one {@code JsonData} line
 * for issue creation in the middle. Shapes: {@code PLAIN} (a search that the last search line
 * allows), {@code ENCODED_NAME} (the same with the parameter name {@code f%69elds} among its
 * parameters), {@code OVERRIDE_HEADER} (the same with {@code X-HTTP-Method-Override}: denied),
 * {@code JSON_CANDIDATE} (a create-issue request whose candidates hold the {@code JsonData}
 * line), {@code JSON_DENIED} (the same for another project: denied). Each operation checks its
 * answer.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RequestShapeBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RequestShapeBenchmark {

  /** The request shapes. */
  public enum Shape {
    PLAIN,
    ENCODED_NAME,
    OVERRIDE_HEADER,
    JSON_CANDIDATE,
    JSON_DENIED
  }

  @Param({"10", "1000", "10000"})
  public int rules;

  @Param public Shape shape;

  private RuleSet ruleSet;
  private BenchRequest request;
  private int expected;

  @Setup
  public void setUp() {
    Workload w = IndependentWorkload.build(rules, true);
    StringBuilder text = new StringBuilder();
    int middle = rules / 2;
    String lastKey = null;
    int lastSearch = 0;
    for (int i = 0; i < w.lines.size(); i++) {
      if (i == middle) {
        text.append("[post].*/rest/api/2/issue[JsonData::fields.project.key==JSONKEY]\n");
      }
      Workload.Line l = w.lines.get(i);
      text.append(l.text()).append('\n');
      if (l.predicates().startsWith("[QueryParam::jql==project = ")) {
        lastKey = l.predicates().substring("[QueryParam::jql==project = ".length(),
            l.predicates().indexOf('(', 20));
        lastSearch = i + 1 + (i >= middle ? 1 : 0);
      }
    }
    ruleSet = EvaluateBenchmark.compile(text.toString(), rules + 1);
    String search = Workload.CONTEXT + "/rest/api/2/search?jql=project+%3D+" + lastKey
        + "&maxResults=50";
    String body = "{\"fields\":{\"project\":{\"key\":\"%s\"},\"summary\":\"x\"}}";
    int jsonLine = middle + 1;
    switch (shape) {
      case PLAIN -> {
        request = BenchRequest.of("GET", search);
        expected = lastSearch;
      }
      case ENCODED_NAME -> {
        request = BenchRequest.of("GET", search + "&f%69elds=summary");
        expected = lastSearch;
      }
      case OVERRIDE_HEADER -> {
        request = new BenchRequest("GET", search, Map.of("X-HTTP-Method-Override", "DELETE"), null);
        expected = 0;
      }
      case JSON_CANDIDATE -> {
        request = BenchRequest.json("POST", Workload.CONTEXT + "/rest/api/2/issue",
            String.format(body, "JSONKEY"));
        expected = jsonLine;
      }
      case JSON_DENIED -> {
        request = BenchRequest.json("POST", Workload.CONTEXT + "/rest/api/2/issue",
            String.format(body, "OTHER"));
        expected = 0;
      }
    }
    int answer = line(ruleSet.evaluate(request));
    if (answer != expected) {
      throw new AssertionError(shape + " at " + rules + " lines: line " + answer + ", expected "
          + expected + " (" + ruleSet.evaluate(request) + ")");
    }
  }

  @Benchmark
  public int evaluate() {
    int answer = line(ruleSet.evaluate(request));
    if (answer != expected) {
      throw new AssertionError(shape + " answered " + answer);
    }
    return answer;
  }

  private static int line(Decision d) {
    return d.line().orElse(0);
  }
}
