package dev.limitto.benchmarks;

import dev.limitto.engine.Decision;
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
 * One decision per operation over a rotating Jira-like workload ({@link Workload}: rule sets of
 * 10, 100 and 1,000 method + URL lines; 1,024 requests, about 60 % hits on random lines and 40 %
 * misses of several kinds, GET/HEAD/POST/PUT/DELETE, some with query strings).
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

  @Param({"10", "100", "1000"})
  public int rules;

  /**
   * Which requests of the workload rotate: {@code mixed} (all 1,024), or, given with {@code -p
   * requests=hits} or {@code misses}, only those {@code LIMITTO} allows or denies, to measure
   * each kind of decision on its own (allocation in particular).
   */
  @Param({"mixed"})
  public String requests;

  private BenchRequest[] workload;
  private int[] expected; // LIMITTO's answer: 1-based line, 0 for a denial
  private RuleSet ruleSet;
  private ScanPeer scanPeer;
  private JcasbinPeer jcasbin;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    Workload w = Workload.jira(rules);
    RuleSet limitto = RuleSet.compiler().baseUrl(Workload.BASE_URL).compile(w.ruleText());
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
    workload = new BenchRequest[Workload.REQUESTS]; // repeated to the rotation length
    expected = new int[workload.length];
    for (int i = 0; i < workload.length; i++) {
      workload[i] = chosen.get(i % chosen.size());
      expected[i] = line(limitto.evaluate(workload[i]));
    }
    switch (engine) {
      case LIMITTO -> ruleSet = limitto;
      case JDK_REGEX_SCAN -> scanPeer = new ScanPeer(w.ruleText(), Workload.BASE_URL, ScanPeer.JDK);
      case RE2J_SCAN -> scanPeer = new ScanPeer(w.ruleText(), Workload.BASE_URL, ScanPeer.RE2J);
      case JCASBIN -> jcasbin = new JcasbinPeer(w.lines, Workload.BASE_URL);
    }
    int hits = 0;
    for (int i = 0; i < workload.length; i++) {
      int answer =
          switch (engine) {
            case LIMITTO -> line(ruleSet.evaluate(workload[i]));
            case JDK_REGEX_SCAN, RE2J_SCAN -> scanPeer.decide(workload[i]);
            case JCASBIN -> jcasbin.decide(workload[i]);
          };
      if (answer != expected[i]) {
        throw new AssertionError(
            engine + " answered " + answer + " for " + workload[i] + ", LIMITTO " + expected[i]);
      }
      hits += answer > 0 ? 1 : 0;
    }
    if (requests.equals("mixed")
        && (hits < workload.length / 4 || hits > workload.length * 3 / 4)) {
      throw new AssertionError("workload is not mixed: " + hits + " hits of " + workload.length);
    }
  }

  @Benchmark
  public int evaluate() {
    int i = next++ & (Workload.REQUESTS - 1);
    BenchRequest r = workload[i];
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
    return d.isAllowed() ? d.line() : 0;
  }
}
