package dev.limitto.benchmarks;

import dev.limitto.engine.Decision;
import dev.limitto.engine.RuleSet;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Decision and compile times by the measuring thread's CPU time instead of the wall clock, for a
 * machine that other work shares: time the thread spends descheduled is not counted, so the ratios
 * between rule-set sizes hold under load where JMH's wall-clock scores scatter (caches shared with
 * other work still count). Decisions: best of {@code rounds} rounds of 200,000 decisions over a
 * workload's 1,024 requests ({@link Workload#named}), each answer checked against the first
 * pass's. Compiles: best of {@code reps} cold compiles of the Jira workload (a new base URL each,
 * so nothing is shared), against {@code java.util.regex} compiling the same regexes ({@link
 * ScanPeer}).
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.limitto.benchmarks.CpuTimeRatios decide 15 \
 *     independent,independent-nopred,jira 10,1000,10000
 * java -cp benchmarks/target/benchmarks.jar dev.limitto.benchmarks.CpuTimeRatios compile 1000 60
 * </pre>
 */
public final class CpuTimeRatios {

  private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();
  private static final int OPS = 200_000;

  private CpuTimeRatios() {}

  public static void main(String[] args) {
    if (args.length == 3 && args[0].equals("compile")) {
      compile(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    } else if (args.length == 4 && args[0].equals("decide")) {
      int rounds = Integer.parseInt(args[1]);
      for (String workload : args[2].split(",")) {
        decide(workload, args[3].split(","), rounds);
      }
    } else {
      throw new IllegalArgumentException(
          "usage: decide ROUNDS WORKLOAD,.. LINES,.. | compile LINES REPS");
    }
  }

  private static void compile(int lines, int reps) {
    String text = Workload.named("jira", lines).ruleText();
    long best = Long.MAX_VALUE;
    long bestJdk = Long.MAX_VALUE;
    for (int r = 0; r < reps; r++) {
      String base = "https://jira-" + r + ".example.com/jira";
      long s = THREAD.getCurrentThreadCpuTime();
      RuleSet compiled = EvaluateBenchmark.compile(text, lines, base);
      best = Math.min(best, THREAD.getCurrentThreadCpuTime() - s);
      s = THREAD.getCurrentThreadCpuTime();
      ScanPeer jdk = new ScanPeer(text, base, ScanPeer.JDK);
      bestJdk = Math.min(bestJdk, THREAD.getCurrentThreadCpuTime() - s);
      if (compiled.lineCount() != lines || jdk == null) {
        throw new AssertionError("compiled " + compiled.lineCount() + " lines of " + lines);
      }
    }
    System.out.printf(Locale.ROOT, "compile lines=%d LIMITTO %.2f ms, JDK_REGEX %.2f ms: %.1fx%n",
        lines, best / 1e6, bestJdk / 1e6, (double) best / bestJdk);
  }

  private static void decide(String workload, String[] sizes, int rounds) {
    StringBuilder out = new StringBuilder(workload);
    double first = 0;
    for (String size : sizes) {
      int lines = Integer.parseInt(size);
      Workload w = Workload.named(workload, lines);
      RuleSet rules = EvaluateBenchmark.compile(w.ruleText(), lines);
      BenchRequest[] requests = w.requests.toArray(new BenchRequest[0]);
      int[] expected = new int[requests.length];
      for (int i = 0; i < requests.length; i++) {
        expected[i] = line(rules.evaluate(requests[i]));
      }
      long best = Long.MAX_VALUE;
      for (int r = 0; r < rounds; r++) {
        long s = THREAD.getCurrentThreadCpuTime();
        for (int i = 0; i < OPS; i++) {
          int k = i & (Workload.REQUESTS - 1);
          if (line(rules.evaluate(requests[k])) != expected[k]) {
            throw new AssertionError("changed answer for " + requests[k]);
          }
        }
        best = Math.min(best, THREAD.getCurrentThreadCpuTime() - s);
      }
      double perOp = (double) best / OPS;
      first = first == 0 ? perOp : first;
      out.append(String.format(Locale.ROOT, "  %d lines: %.0f ns (%.2fx)", lines, perOp,
          perOp / first));
    }
    System.out.println(out);
  }

  private static int line(Decision d) {
    return d.line().orElse(0);
  }
}
