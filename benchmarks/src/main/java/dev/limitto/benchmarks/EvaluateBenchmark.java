package dev.limitto.benchmarks;

import dev.limitto.engine.Decision;
import dev.limitto.engine.Limits;
import dev.limitto.engine.RuleSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decision per operation over a rotating Jira-like workload of rule sets of 10, 100, 1,000
 * and 10,000 lines ({@code Limits.maxLines} raised for 10,000) and 1,024 requests, about 60 %
 * hits on random lines and 40 % misses of several kinds. {@code workload=jira} ({@link
 * Workload#jira}): method + URL lines, GET/HEAD/POST/PUT/DELETE, some requests with query
 * strings. {@code workload=independent} ({@link IndependentWorkload}): other endpoints, a tenth
 * of the lines sharing the URL regex {@code .*&#47;rest/api/2/search} and differing only in their
 * {@code QueryParam::jql} value, two more kinds with a {@code QueryParam}; {@code
 * independent-nopred} is the same without predicates. {@code JCASBIN} answers only workloads
 * without predicates.
 *
 * <p>Engines: {@code LIMITTO} ({@link RuleSet#evaluate}); {@code JDK_REGEX_SCAN} and {@code
 * RE2J_SCAN} ({@link ScanPeer}: each line precompiled, lines in order); {@code JCASBIN}
 * ({@link JcasbinPeer}: RESTful model, {@code regexMatch}). Before timing, every engine's answer
 * to every request is checked against {@code LIMITTO}'s (same line, or both deny); each measured
 * operation checks its answer again.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar EvaluateBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * java -jar benchmarks/target/benchmarks.jar EvaluateBenchmark -p engine=LIMITTO -p rules=10,1000 \
 *     -p requests=hits,misses -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * java -jar benchmarks/target/benchmarks.jar EvaluateBenchmark -p workload=independent \
 *     -p engine=LIMITTO,JDK_REGEX_SCAN -p rules=10,1000,10000 -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 *
 * <p>Results and how to read them: {@code docs/benchmarks.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EvaluateBenchmark {

  /** The competitors. */
  public enum Engine {
    LIMITTO,
    JDK_REGEX_SCAN,
    RE2J_SCAN,
    JCASBIN
  }

  @Param public Engine engine;

  @Param({"10", "100", "1000", "10000"})
  public int rules;

  /** {@code jira}, {@code independent} or {@code independent-nopred} ({@link Workload#named}). */
  @Param({"jira"})
  public String workload;

  /**
   * Which requests of the workload rotate: {@code mixed} (all 1,024), or, given with {@code -p
   * requests=hits} or {@code misses}, only those {@code LIMITTO} allows or denies, to measure
   * each kind of decision on its own (allocation in particular).
   */
  @Param({"mixed"})
  public String requests;

  private BenchRequest[] rotation;
  private int[] expected; // LIMITTO's answer: 1-based line, 0 for a denial
  private RuleSet ruleSet;
  private ScanPeer scanPeer;
  private JcasbinPeer jcasbin;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    Workload w = Workload.named(workload, rules);
    if (engine == Engine.JCASBIN && w.hasPredicates()) {
      throw new UnsupportedOperationException("JCASBIN has no QueryParam predicates: " + workload);
    }
    RuleSet limitto = compile(w.ruleText(), rules);
    java.util.List<BenchRequest> chosen = new java.util.ArrayList<>();
    for (BenchRequest r : w.requests) {
      boolean allowed = limitto.evaluate(r).isAllowed();
      if (requests.equals("mixed") || requests.equals(allowed ? "hits" : "misses")) {
        chosen.add(r);
      }
    }
    if (!requests.matches("mixed|hits|misses")) {
      throw new IllegalArgumentException("requests must be mixed, hits or misses: " + requests);
    }
    rotation = new BenchRequest[Workload.REQUESTS]; // repeated to the rotation length
    expected = new int[rotation.length];
    for (int i = 0; i < rotation.length; i++) {
      rotation[i] = chosen.get(i % chosen.size());
      expected[i] = line(limitto.evaluate(rotation[i]));
    }
    switch (engine) {
      case LIMITTO -> ruleSet = limitto;
      case JDK_REGEX_SCAN -> scanPeer = new ScanPeer(w.ruleText(), Workload.BASE_URL, ScanPeer.JDK);
      case RE2J_SCAN -> scanPeer = new ScanPeer(w.ruleText(), Workload.BASE_URL, ScanPeer.RE2J);
      case JCASBIN -> jcasbin = new JcasbinPeer(w.lines, Workload.BASE_URL);
    }
    int hits = 0;
    for (int i = 0; i < rotation.length; i++) {
      int answer =
          switch (engine) {
            case LIMITTO -> line(ruleSet.evaluate(rotation[i]));
            case JDK_REGEX_SCAN, RE2J_SCAN -> scanPeer.decide(rotation[i]);
            case JCASBIN -> jcasbin.decide(rotation[i]);
          };
      if (answer != expected[i]) {
        throw new AssertionError(
            engine + " answered " + answer + " for " + rotation[i] + ", LIMITTO " + expected[i]);
      }
      hits += answer > 0 ? 1 : 0;
    }
    if (requests.equals("mixed")
        && (hits < rotation.length / 4 || hits > rotation.length * 3 / 4)) {
      throw new AssertionError("workload is not mixed: " + hits + " hits of " + rotation.length);
    }
  }

  /** Compiles a workload's rule text, with {@code Limits.maxLines} raised above 1,000 lines. */
  static RuleSet compile(String text, int lines) {
    return compile(text, lines, Workload.BASE_URL);
  }

  /** {@link #compile(String, int)} against another base URL. */
  static RuleSet compile(String text, int lines, String baseUrl) {
    RuleSet.Compiler c = RuleSet.compiler().baseUrl(baseUrl);
    if (lines > Limits.DEFAULT_MAX_LINES) {
      c.limits(Limits.builder().maxLines(lines).build());
    }
    return c.compile(text);
  }

  @Benchmark
  public int evaluate() {
    int i = next++ & (Workload.REQUESTS - 1);
    BenchRequest r = rotation[i];
    int answer;
    switch (engine) {
      case LIMITTO -> answer = line(ruleSet.evaluate(r));
      case JCASBIN -> answer = jcasbin.allows(r) == (expected[i] > 0) ? expected[i] : -1;
      default -> answer = scanPeer.decide(r);
    }
    if (answer != expected[i]) {
      throw new AssertionError(engine + " answered " + answer + " for " + r);
    }
    return answer;
  }

  private static int line(Decision d) {
    return d.line().orElse(0);
  }
}
