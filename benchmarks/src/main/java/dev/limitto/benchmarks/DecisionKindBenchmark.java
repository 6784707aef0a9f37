package dev.limitto.benchmarks;

import dev.limitto.engine.Decision;
import dev.limitto.engine.RuleSet;
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
 * One request of each kind of decision that needs no JSON body, against a ten-line Jira-like
 * rule set with {@code QueryParam} lines: what each costs and, with {@code -prof gc}, what each
 * allocates ({@code gc.alloc.rate.norm}). The mixed workload of {@link EvaluateBenchmark} has no
 * predicates (so that jcasbin answers the same question); this one shows the kinds it leaves out.
 * The peer is {@code JDK_REGEX_SCAN} ({@link ScanPeer}, {@code java.util.regex}); both answers
 * are checked before timing and on every operation.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DecisionKindBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecisionKindBenchmark {

  /** The competitors. */
  public enum Engine {
    LIMITTO,
    JDK_REGEX_SCAN
  }

  /** A request of one kind, and the line that allows it (0: denied). */
  public enum Kind {
    ALLOW("GET", "/jira/rest/api/2/issue/KANBAN-123", 2),
    DENY_METHOD("DELETE", "/jira/rest/api/2/issue/KANBAN-123", 0),
    DENY_URL("GET", "/jira/rest/api/2/issue/OPS-123", 0),
    QUERY_ALLOW("GET", "/jira/rest/api/2/search?jql=project+%3D+KANBAN+ORDER+BY+key&maxResults=50", 5),
    QUERY_DENY("GET", "/jira/rest/api/2/search?jql=project+%3D+OPS&maxResults=50", 0),
    DECODED_PATH("GET", "/jira/rest/api/2/issue/KANBAN-%31%32%33", 2),
    REJECTED("GET", "/jira/rest/api/2/issue/KANBAN-1/../../../admin", 0);

    final String method;
    final String target;
    final int line;

    Kind(String method, String target, int line) {
      this.method = method;
      this.target = target;
      this.line = line;
    }
  }

  static final String RULES = String.join("\n",
      "[get]{base}/rest/api/2/myself",
      "[get,head].*/rest/api/2/issue/KANBAN-[0-9]+",
      "[post].*/rest/api/2/issue/KANBAN-[0-9]+/comment",
      "[put].*/rest/api/2/issue/KANBAN-[0-9]+/(assignee|labels)",
      "[get].*/rest/api/2/search[QueryParam::jql==project = KANBAN.*][QueryParam::maxResults==[0-9]{1,3}]",
      "[get].*/rest/api/2/project/KANBAN",
      "[get].*/rest/agile/1\\.0/board/[0-9]+/sprint",
      "[post].*/rest/api/2/issue/KANBAN-[0-9]+/transitions",
      "[get].*/rest/api/2/filter/[0-9]+[QueryParam::expand==(owner|jql)?]",
      "[delete].*/rest/api/2/issue/KANBAN-[0-9]+/watchers[QueryParam::username==bot]");

  @Param public Engine engine;

  @Param public Kind kind;

  private RuleSet ruleSet;
  private ScanPeer peer;
  private BenchRequest request;
  private int expected;

  @Setup
  public void setUp() {
    request = BenchRequest.of(kind.method, kind.target);
    RuleSet limitto = RuleSet.compiler().baseUrl(Workload.BASE_URL).compile(RULES);
    peer = new ScanPeer(RULES, Workload.BASE_URL, ScanPeer.JDK);
    int limittoAnswer = line(limitto.evaluate(request));
    int peerAnswer = peer.decide(request);
    // the peer neither decodes nor rejects targets: on those two kinds its time is a reference
    // for the work of a scan, not the same answer
    boolean peerJudges = kind != Kind.DECODED_PATH && kind != Kind.REJECTED;
    if (limittoAnswer != kind.line || (peerJudges && peerAnswer != kind.line)) {
      throw new AssertionError(kind + ": LIMITTO " + limittoAnswer + ", JDK_REGEX_SCAN "
          + peerAnswer + ", expected " + kind.line);
    }
    expected = engine == Engine.LIMITTO ? limittoAnswer : peerAnswer;
    ruleSet = limitto;
  }

  @Benchmark
  public int evaluate() {
    int answer = engine == Engine.LIMITTO ? line(ruleSet.evaluate(request)) : peer.decide(request);
    if (answer != expected) {
      throw new AssertionError(engine + " answered " + answer + " for " + kind);
    }
    return answer;
  }

  private static int line(Decision d) {
    return d.line().orElse(0);
  }
}
