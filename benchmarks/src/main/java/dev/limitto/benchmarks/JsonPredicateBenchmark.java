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
 * A Jira create-issue request against one line with three {@code JsonData} predicates
 * ({@code fields.project.key}, {@code fields.issuetype.name}, {@code summary}), the body padded
 * to about 1 KB or 10 KB with a description, labels and custom fields. {@code matching=true}: the
 * line allows (every selector must be read to the end of the body); {@code false}: the project
 * key is another one, near the start of the body, so the line fails there, yet the body is still
 * read to the end: the other two predicates could still fail on a later duplicate or a later
 * {@code summary}, and the denial names the closest failure. (The engine stops reading early
 * only once every predicate has failed; the {@code summary} name selector, which matches at any
 * depth, keeps this rule set from ever doing so on a valid body.)
 *
 * <p>Engines: {@code LIMITTO} (the engine's one-pass scanner) and {@code READTREE} (the {@link ScanPeer}
 * with {@code java.util.regex}: Jackson {@code readTree}, then the selectors on the tree). Both
 * answers are checked before timing and on every operation.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar JsonPredicateBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JsonPredicateBenchmark {

  /** The competitors. */
  public enum Engine {
    LIMITTO,
    READTREE
  }

  static final String RULES =
      "[post].*/rest/api/2/issue"
          + "[JsonData::fields.project.key==KANBAN]"
          + "[JsonData::fields.issuetype.name==(Bug|Task|Story)]"
          + "[JsonData::summary==[^\\n]{1,255}]\n";

  @Param public Engine engine;

  @Param({"1024", "10240"})
  public int bodyBytes;

  @Param({"true", "false"})
  public boolean matching;

  private RuleSet ruleSet;
  private ScanPeer peer;
  private BenchRequest request;
  private int expected;

  @Setup(Level.Trial)
  public void setUp() {
    request = BenchRequest.json("POST", "/jira/rest/api/2/issue", body(bodyBytes, matching));
    RuleSet limitto = RuleSet.compiler().baseUrl(Workload.BASE_URL).compile(RULES);
    peer = new ScanPeer(RULES, Workload.BASE_URL, ScanPeer.JDK);
    expected = matching ? 1 : 0;
    int limittoAnswer = line(limitto.evaluate(request));
    int peerAnswer = peer.decide(request);
    if (limittoAnswer != expected || peerAnswer != expected) {
      throw new AssertionError("LIMITTO " + limittoAnswer + ", READTREE " + peerAnswer + ", expected " + expected);
    }
    ruleSet = limitto;
  }

  @Benchmark
  public int evaluate() {
    int answer = engine == Engine.LIMITTO ? line(ruleSet.evaluate(request)) : peer.decide(request);
    if (answer != expected) {
      throw new AssertionError(engine + " answered " + answer);
    }
    return answer;
  }

  /** A create-issue body of about {@code size} bytes. */
  static String body(int size, boolean matching) {
    StringBuilder b = new StringBuilder(size + 256);
    b.append("{\"fields\":{\"project\":{\"key\":\"")
        .append(matching ? "KANBAN" : "OPS")
        .append("\"},\"issuetype\":{\"name\":\"Bug\"},")
        .append("\"summary\":\"Login page returns 500 after upgrade\",")
        .append("\"priority\":{\"name\":\"High\"},\"labels\":[\"backend\",\"regression\"],")
        .append("\"description\":\"");
    int i = 0;
    while (b.length() < size - 200) {
      b.append("Step ").append(i++).append(": open the board, pick a card, move it. ");
    }
    b.append("\",\"components\":[{\"name\":\"auth\"},{\"name\":\"web\"}],")
        .append("\"customfield_10010\":[1,2,3,4.5e3,true,false,null],")
        .append("\"customfield_10020\":{\"value\":\"x\",\"child\":{\"value\":\"y\"}}},")
        .append("\"update\":{}}");
    return b.toString();
  }

  private static int line(Decision d) {
    return d.line().orElse(0);
  }
}
