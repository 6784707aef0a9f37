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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compiling the Jira-like rule sets of {@link Workload} (10, 1,000 and 10,000 lines, {@code
 * Limits.maxLines} raised for 10,000): {@code LIMITTO} (parse, RE2J validation, tier choice,
 * automata, index) against the peers' own compilation (each line's regex precompiled with
 * {@code java.util.regex} or RE2J, {@link ScanPeer}); {@code sharing=cold} compiles from scratch
 * every time, {@code shared} again what an earlier compile made.
 *
 * <p>Each trial also prints the bytes the compiled result retains per line ({@link Retained},
 * JOL: every object reachable from it, shared objects once), first right after compiling and,
 * for {@code LIMITTO}, again after the workload's 1,024 requests have been decided once (lazy
 * automata grow with the states requests reach). The line reads {@code retained: ENGINE rules=N
 * compiled=B B/line after-requests=B B/line}.
 *
 * <p>The fork runs on a fixed, pre-touched heap ({@code -Xms2g -Xmx2g -XX:+AlwaysPreTouch}, as
 * Jira is run with {@code -Xms} equal to {@code -Xmx}): on a heap that grows, the first pass of
 * allocation over memory the heap has just committed makes the kernel fault its pages in, which
 * the compiling thread pays as system time (its CPU time per compile tripled for seconds at a
 * time, with no collection or JIT event at those moments); that is the JVM's start-up, not a
 * compile, and it hit the engine that allocates most, so every engine now runs without it.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CompileBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch",
    "-Djdk.attach.allowAttachSelf=true", "-Djol.magicFieldOffset=true"})
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

  @Param({"10", "1000", "10000"})
  public int rules;

  /**
   * {@code cold}: every operation compiles for another base URL, so that nothing compiled before
   * can be shared (the URL matchers and lines are keyed by origin): a first compile. {@code
   * shared}: the same text and base URL every time, as when many tokens hold the same rules.
   */
  @Param({"cold", "shared"})
  public String sharing;

  private Workload workload;
  private String text;
  private long round;

  @Setup(Level.Trial)
  public void setUp() {
    workload = Workload.jira(rules);
    text = workload.ruleText();
  }

  @Benchmark
  public Object compile() {
    switch (engine) {
      case LIMITTO -> {
        RuleSet r = EvaluateBenchmark.compile(text, rules, baseUrl());
        if (r.lineCount() != rules) {
          throw new AssertionError("compiled " + r.lineCount() + " lines");
        }
        return r;
      }
      case JDK_REGEX_SCAN -> {
        return new ScanPeer(text, baseUrl(), ScanPeer.JDK);
      }
      default -> {
        return new ScanPeer(text, baseUrl(), ScanPeer.RE2J);
      }
    }
  }

  private String baseUrl() {
    return sharing.equals("cold")
        ? "https://jira-" + (round++) + ".example.com/jira" : Workload.BASE_URL;
  }

  /** Prints the bytes retained per line (see the class comment). */
  @TearDown(Level.Trial)
  public void retained() {
    Object compiled = compile();
    long after = Retained.bytes(compiled);
    String afterRequests = "-";
    if (compiled instanceof RuleSet r) {
      for (BenchRequest q : workload.requests) {
        r.evaluate(q);
      }
      afterRequests = Retained.bytes(r) / rules + " B/line";
    }
    System.out.println("retained: " + engine + " " + sharing + " rules=" + rules + " compiled="
        + after / rules
        + " B/line after-requests=" + afterRequests);
  }
}
