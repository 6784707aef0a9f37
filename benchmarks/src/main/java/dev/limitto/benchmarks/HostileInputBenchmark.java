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
 * Catastrophic-backtracking patterns that stay hostile on JDK 9+ ({@code (a+){1,32}b} bounded,
 * {@code (a+)+?b} lazy; plain {@code (a+)+b} is fast there) as the URL regex of one line, against
 * the path {@code /jira/search/} followed by {@code n} letters {@code a} and no {@code b}: every
 * engine denies. The JDK peer ({@link ScanPeer}) runs at growing {@code n}; {@code LIMITTO} runs
 * at 100 KiB (path limit raised to allow it).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar HostileInputBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class HostileInputBenchmark {

  static String rules(String pattern) {
    return "[get].*/search/" + pattern + "\n";
  }

  static BenchRequest request(int n) {
    return BenchRequest.of("GET", "/jira/search/" + "a".repeat(n));
  }

  /** The JDK peer at input length {@code n}. */
  @State(Scope.Thread)
  public static class JdkPeer {
    @Param({"(a+){1,32}b", "(a+)+?b"})
    public String pattern;

    @Param({"12", "16", "20", "22"})
    public int n;

    ScanPeer peer;
    BenchRequest request;

    @Setup(Level.Trial)
    public void setUp() {
      peer = new ScanPeer(rules(pattern), Workload.BASE_URL, ScanPeer.JDK);
      request = request(n);
    }
  }

  /** LIMITTO at 100 KiB of input. */
  @State(Scope.Thread)
  public static class Limitto {
    @Param({"(a+){1,32}b", "(a+)+?b"})
    public String pattern;

    RuleSet ruleSet;
    BenchRequest request;

    @Setup(Level.Trial)
    public void setUp() {
      ruleSet =
          RuleSet.compiler()
              .baseUrl(Workload.BASE_URL)
              .limits(Limits.builder().maxPathLength(200_000).build())
              .compile(rules(pattern));
      request = request(100 * 1024);
      if (ruleSet.evaluate(request).isAllowed()) {
        throw new AssertionError("hostile input allowed");
      }
    }
  }

  @Benchmark
  public int jdkRegexScan(JdkPeer s) {
    int answer = s.peer.decide(s.request);
    if (answer != 0) {
      throw new AssertionError("JDK peer allowed hostile input");
    }
    return answer;
  }

  @Benchmark
  public Decision limitto100KiB(Limitto s) {
    Decision d = s.ruleSet.evaluate(s.request);
    if (d.isAllowed()) {
      throw new AssertionError("LIMITTO allowed hostile input");
    }
    return d;
  }
}
