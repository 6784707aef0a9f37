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
 * </pre>
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

  private BenchRequest[] requests;
  private int[] expected; // LIMITTO's answer: 1-based line, 0 for a denial
  private RuleSet ruleSet;
  private ScanPeer scanPeer;
  private JcasbinPeer jcasbin;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    Workload w = Workload.jira(rules);
    requests = w.requests.toArray(new BenchRequest[0]);
    RuleSet limitto = RuleSet.compiler().baseUrl(Workload.BASE_URL).compile(w.ruleText());
    expected = new int[requests.length];
    for (int i = 0; i < requests.length; i++) {
      expected[i] = line(limitto.evaluate(requests[i]));
    }
    switch (engine) {
      case LIMITTO -> ruleSet = limitto;
      case JDK_REGEX_SCAN -> scanPeer = new ScanPeer(w.ruleText(), Workload.BASE_URL, ScanPeer.JDK);
      case RE2J_SCAN -> scanPeer = new ScanPeer(w.ruleText(), Workload.BASE_URL, ScanPeer.RE2J);
      case JCASBIN -> jcasbin = new JcasbinPeer(w.lines, Workload.BASE_URL);
    }
    int hits = 0;
    for (int i = 0; i < requests.length; i++) {
      int answer =
          switch (engine) {
            case LIMITTO -> line(ruleSet.evaluate(requests[i]));
            case JDK_REGEX_SCAN, RE2J_SCAN -> scanPeer.decide(requests[i]);
            case JCASBIN -> jcasbin.decide(requests[i]);
          };
      if (answer != expected[i]) {
        throw new AssertionError(
            engine + " answered " + answer + " for " + requests[i] + ", LIMITTO " + expected[i]);
      }
      hits += answer > 0 ? 1 : 0;
    }
    if (hits < requests.length / 4 || hits > requests.length * 3 / 4) {
      throw new AssertionError("workload is not mixed: " + hits + " hits of " + requests.length);
    }
  }

  @Benchmark
  public int evaluate() {
    int i = next++ & (Workload.REQUESTS - 1);
    BenchRequest r = requests[i];
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
