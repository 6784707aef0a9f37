package dev.limitto.benchmarks;

import dev.limitto.engine.Decision;
import dev.limitto.engine.RuleSet;
import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.token.AuthResult;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.RuleSetCache;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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
 * A Jira where most integrations share a few rule templates: {@code tokens} tokens (100 or
 * 10,000), each with 10 lines drawn from {@code texts} distinct line texts (50), in a random
 * order. The tokens are issued on one node; a second node over the same store then starts, as
 * after a restart, and the trial measures there:
 *
 * <ul>
 *   <li>heap: used heap after a full collection, before the second node starts and after every
 *       token has decided its first request (the node's tokens, entries and rule sets);
 *   <li>the first decision of each cold token (authenticate, which compiles its rules on first
 *       use, plus one evaluation): median, 99th percentile and maximum; how many of them a
 *       collection ran during, the maximum of the others, and the most thread CPU time one took
 *       (what the engine and the token service spent, without pauses of the JVM); the bytes
 *       the thread allocated for one (median and maximum), and in all for the node's start
 *       and for every first decision, which set how often young collections come while cold
 *       tokens arrive (the measuring itself allocates nothing: the collectors are looked up
 *       once);
 *   <li>the rule-set cache's size, hit rate and compile time.
 * </ul>
 *
 * <p>These print as one line, {@code token-scale: ...}; the benchmark method then measures the
 * steady state, one authenticate plus one decision of a warm token, rotating over all tokens.
 * {@code mode=RULESETS} skips the token service and compiles each token's text into its own rule
 * set, as the adapter did at every start before rule sets were compiled on first use: the same
 * figures for the engine alone.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TokenScaleBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Djdk.attach.allowAttachSelf=true",
    "-Djol.magicFieldOffset=true"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class TokenScaleBenchmark {

  /** Through the token service, or rule sets compiled one per token. */
  public enum Mode {
    SERVICE,
    RULESETS
  }

  private static final String CLIENT = "192.0.2.10";

  @Param({"100", "10000"})
  public int tokens;

  @Param({"50"})
  public int texts;

  @Param({"SERVICE"})
  public Mode mode;

  private TokenService issuer;
  private TokenService node;
  private String[] secrets;
  private RuleSet[] ruleSets;
  private BenchRequest[] requests;
  private int[] expected;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    Random rnd = new Random(42);
    String[] lineTexts = new String[texts];
    String[] keys = new String[texts];
    for (int i = 0; i < texts; i++) {
      keys[i] = "P" + (char) ('A' + i / 26) + (char) ('A' + i % 26); // one length: no key starts another
      lineTexts[i] = switch (i % 5) {
        case 0 -> "[get].*/rest/api/2/issue/" + keys[i] + "-[0-9]+";
        case 1 -> "[post]{base}/rest/api/2/issue/" + keys[i] + "-[0-9]+/comment";
        case 2 -> "[get].*/rest/api/2/search[QueryParam::jql==project = " + keys[i] + ".*]";
        case 3 -> "[put].*/rest/api/2/issue/" + keys[i] + "-[0-9]+/(assignee|labels)";
        default -> "[get,head].*/rest/agile/1\\.0/board/" + (100 + i) + "/sprint";
      };
    }
    String[] ruleTexts = new String[tokens];
    requests = new BenchRequest[tokens];
    expected = new int[tokens];
    for (int t = 0; t < tokens; t++) {
      List<Integer> drawn = new ArrayList<>();
      while (drawn.size() < 10) {
        int k = rnd.nextInt(texts);
        if (!drawn.contains(k)) {
          drawn.add(k);
        }
      }
      StringBuilder b = new StringBuilder();
      for (int k : drawn) {
        b.append(lineTexts[k]).append('\n');
      }
      ruleTexts[t] = b.toString();
      int line = rnd.nextInt(10);
      int k = drawn.get(line);
      requests[t] = switch (k % 5) {
        case 0 -> BenchRequest.of("GET", Workload.CONTEXT + "/rest/api/2/issue/" + keys[k] + "-7");
        case 1 -> BenchRequest.of("POST", Workload.CONTEXT + "/rest/api/2/issue/" + keys[k] + "-7/comment");
        case 2 -> BenchRequest.of("GET", Workload.CONTEXT + "/rest/api/2/search?jql=project+%3D+" + keys[k]);
        case 3 -> BenchRequest.of("PUT", Workload.CONTEXT + "/rest/api/2/issue/" + keys[k] + "-7/labels");
        default -> BenchRequest.of("GET", Workload.CONTEXT + "/rest/agile/1.0/board/" + (100 + k) + "/sprint");
      };
      expected[t] = 1 + firstMatching(drawn, k, lineTexts);
    }
    long before;
    long[] first = new long[tokens];
    long[] firstCpu = new long[tokens]; // the measuring thread's CPU time
    boolean[] metCollection = new boolean[tokens]; // a collection ran during that first decision
    long[] firstBytes = new long[tokens]; // what the measuring thread allocated for it
    String extra;
    if (mode == Mode.SERVICE) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      KeyRing keyRing = KeyRing.generate();
      InMemoryUserDirectory users = new InMemoryUserDirectory().add("alice", "alice@example.com");
      dev.limitto.jira.token.TokenSettings settings =
          dev.limitto.jira.token.TokenSettings.builder().baseUrl(Workload.BASE_URL).build();
      issuer = TokenService.builder().store(store).keys(keyRing).users(users).settings(settings)
          .build();
      issuer.authenticator().refresh();
      secrets = new String[tokens];
      for (int t = 0; t < tokens; t++) {
        IssuedToken it = issuer.create(TokenRequest.builder().owner("alice").label("bench " + t)
            .restrictions(ruleTexts[t]).build(), "admin");
        secrets[t] = it.secret();
      }
      issuer.close();
      issuer = null; // only the store is kept: the second node starts cold
      before = usedHeapAfterGc();
      long allocatedBefore = THREAD.getCurrentThreadAllocatedBytes();
      long started = System.nanoTime();
      node = TokenService.builder().store(store).keys(keyRing).users(users).settings(settings)
          .build();
      node.authenticator().refresh();
      long loaded = System.nanoTime() - started;
      long allocatedAtStart = THREAD.getCurrentThreadAllocatedBytes();
      ruleSets = new RuleSet[tokens];
      for (int t = 0; t < tokens; t++) {
        long collections = collections();
        long bytes = THREAD.getCurrentThreadAllocatedBytes();
        long cpu = THREAD.getCurrentThreadCpuTime();
        long s = System.nanoTime();
        AuthResult r = node.authenticator().authenticate(secrets[t], "alice", CLIENT);
        RuleSet rules = ((AuthResult.Authenticated) r).principal().rules();
        check(t, rules.evaluate(requests[t]));
        first[t] = System.nanoTime() - s;
        firstCpu[t] = THREAD.getCurrentThreadCpuTime() - cpu;
        firstBytes[t] = THREAD.getCurrentThreadAllocatedBytes() - bytes;
        metCollection[t] = collections() != collections;
        ruleSets[t] = rules;
      }
      long allocatedAfter = THREAD.getCurrentThreadAllocatedBytes();
      RuleSetCache.Stats stats = node.authenticator().ruleSetStats();
      extra = String.format(" start=%.1fms (allocated %.1fMB), all first decisions allocated"
          + " %.1fMB; cache: size=%d hitRate=%.3f compiles=%d compileTotal=%.1fms", loaded / 1e6,
          (allocatedAtStart - allocatedBefore) / 1e6, (allocatedAfter - allocatedAtStart) / 1e6,
          stats.size(), stats.hitRate(), stats.misses(),
          stats.compileNanos() / 1e6);
    } else {
      before = usedHeapAfterGc();
      ruleSets = new RuleSet[tokens];
      long started = System.nanoTime();
      for (int t = 0; t < tokens; t++) {
        long collections = collections();
        long bytes = THREAD.getCurrentThreadAllocatedBytes();
        long cpu = THREAD.getCurrentThreadCpuTime();
        long s = System.nanoTime();
        ruleSets[t] = RuleSet.compiler().baseUrl(Workload.BASE_URL).compile(ruleTexts[t]);
        check(t, ruleSets[t].evaluate(requests[t]));
        first[t] = System.nanoTime() - s;
        firstCpu[t] = THREAD.getCurrentThreadCpuTime() - cpu;
        firstBytes[t] = THREAD.getCurrentThreadAllocatedBytes() - bytes;
        metCollection[t] = collections() != collections;
      }
      extra = String.format(" compileTotal=%.1fms", (System.nanoTime() - started) / 1e6);
    }
    long after = usedHeapAfterGc();
    // the very first token also pays for loading and interpreting the compile path
    long[] sorted = Arrays.copyOfRange(first, 1, tokens);
    Arrays.sort(sorted);
    int n = sorted.length;
    // what the maximum is made of: the first decisions that a collection paused, the slowest one
    // that none did, and the most CPU time the measuring thread spent on one first decision
    long maxWithoutCollection = 0;
    long maxCpu = 0;
    int paused = 0;
    for (int t = 1; t < tokens; t++) {
      maxCpu = Math.max(maxCpu, firstCpu[t]);
      if (metCollection[t]) {
        paused++;
      } else {
        maxWithoutCollection = Math.max(maxWithoutCollection, first[t]);
      }
    }
    long[] allocated = Arrays.copyOfRange(firstBytes, 1, tokens);
    Arrays.sort(allocated);
    System.out.printf("token-scale: mode=%s tokens=%d texts=%d heap=%.1fMB ruleSets=%.1fMB"
            + " firstDecision of token 1=%.3fms, of the others median=%.3fms p99=%.3fms"
            + " max=%.3fms (met a collection: %d; max of the others %.3fms; max CPU time"
            + " %.3fms; allocated median=%dB max=%dB)%s%n",
        mode, tokens, texts, (after - before) / 1e6, Retained.bytes((Object) ruleSets) / 1e6,
        first[0] / 1e6, sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, sorted[n - 1] / 1e6,
        paused, maxWithoutCollection / 1e6, maxCpu / 1e6, allocated[n / 2], allocated[n - 1],
        extra);
  }

  /** The first of the drawn lines that the request for text {@code k} matches. */
  private static int firstMatching(List<Integer> drawn, int k, String[] lineTexts) {
    return drawn.indexOf(k); // every text names its own key: only its own line matches
  }

  private void check(int t, Decision d) {
    if (d.line().orElse(0) != expected[t]) {
      throw new AssertionError("token " + t + ": " + d + ", expected line " + expected[t]);
    }
  }

  private static final com.sun.management.ThreadMXBean THREAD =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final java.lang.management.GarbageCollectorMXBean[] COLLECTORS =
      ManagementFactory.getGarbageCollectorMXBeans()
          .toArray(new java.lang.management.GarbageCollectorMXBean[0]);

  /** Collections so far, summed over the collectors. */
  private static long collections() {
    long count = 0;
    for (var gc : COLLECTORS) {
      count += Math.max(0, gc.getCollectionCount());
    }
    return count;
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (node != null) {
      node.close();
    }
  }

  /** A warm token: authenticate (mode SERVICE) and decide. */
  @Benchmark
  public int decide() {
    int t = next++;
    if (next == tokens) {
      next = 0;
    }
    RuleSet rules;
    if (mode == Mode.SERVICE) {
      AuthResult r = node.authenticator().authenticate(secrets[t], "alice", CLIENT);
      rules = ((AuthResult.Authenticated) r).principal().rules();
    } else {
      rules = ruleSets[t];
    }
    Decision d = rules.evaluate(requests[t]);
    if (d.line().orElse(0) != expected[t]) {
      throw new AssertionError("token " + t + ": " + d);
    }
    return d.line().getAsInt();
  }
}
