package dev.limitto.benchmarks;

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
 * Compiling the 1,000-line Jira-like rule set of {@link Workload}: {@code LIMITTO} (parse, RE2J
 * validation, tier choice with DFA construction, index) against the peers' own compilation
 * (each line's regex precompiled with {@code java.util.regex} or RE2J).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CompileBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CompileBenchmark {

  /** The competitors. */
  public enum Engine {
    LIMITTO,
    JDK_REGEX_SCAN,
    RE2J_SCAN
  }

  @Param public Engine engine;

  @Param({"1000"})
  public int rules;

  private String text;

  @Setup(Level.Trial)
  public void setUp() {
    text = Workload.jira(rules).ruleText();
  }

  @Benchmark
  public Object compile() {
    switch (engine) {
      case LIMITTO -> {
        RuleSet r = RuleSet.compiler().baseUrl(Workload.BASE_URL).compile(text);
        if (r.lineCount() != rules) {
          throw new AssertionError("compiled " + r.lineCount() + " lines");
        }
        return r;
      }
      case JDK_REGEX_SCAN -> {
        return new ScanPeer(text, Workload.BASE_URL, ScanPeer.JDK);
      }
      default -> {
        return new ScanPeer(text, Workload.BASE_URL, ScanPeer.RE2J);
      }
    }
  }
}
