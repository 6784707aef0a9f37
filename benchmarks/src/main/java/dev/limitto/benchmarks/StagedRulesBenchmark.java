package dev.limitto.benchmarks;

import dev.limitto.engine.Limits;
import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.audit.AuditEvent;
import dev.limitto.jira.audit.StagedOutcome;
import dev.limitto.jira.gate.Gate;
import dev.limitto.jira.gate.GateOutcome;
import dev.limitto.jira.gate.GateRequest;
import dev.limitto.jira.gate.ReplayableBody;
import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import dev.limitto.jira.user.UserBinding;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What staged (report-only) rules cost a token request: the gate's whole work for one request
 * (verify the token, evaluate the enforced rules, bind the user, complete the audit event) plus
 * turning the event into its audit entry, as the dispatcher's writer thread does, which is where
 * the staged rules run. {@code staged=NONE} is a token without staged rules, {@code STAGED} the
 * same token with four staged lines beside its four enforced ones (one line changed). The real
 * token service over an in-memory store, the real token format and keyed hash. Requests:
 *
 * <ul>
 *   <li>{@code GET_ISSUE}: {@code GET /rest/api/2/issue/KANBAN-7}: both rule sets allow it by
 *       line 1 (URL only).
 *   <li>{@code POST_ISSUE}: a 70-byte JSON issue; the enforced line allows it by its URL, the
 *       staged line also checks {@code fields.project.key}: the body is read for the staged
 *       rules alone, the worst case of staging.
 * </ul>
 *
 * Each operation checks the outcome and the staged verdict ({@code SAME}), so a fast wrong
 * answer cannot win. Target (issue 14): a request with staged rules costs under 2x one without;
 * docs/benchmarks.md has the ratios and {@code gc.alloc.rate.norm}.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar StagedRulesBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StagedRulesBenchmark {

  /** Whether the token has staged rules. */
  public enum Staged {
    NONE,
    STAGED
  }

  /** The request made. */
  public enum Call {
    GET_ISSUE,
    POST_ISSUE
  }

  static final String ENFORCED = String.join("\n",
      "[get].*/rest/api/2/issue/KANBAN-[0-9]+",
      "[post].*/rest/api/2/issue",
      "[get].*/rest/api/2/search[QueryParam::jql==project = KANBAN.*]",
      "[put].*/rest/api/2/issue/KANBAN-[0-9]+[JsonData::fields.labels==[a-z-]+]");
  static final String STAGED = String.join("\n",
      "[get].*/rest/api/2/issue/KANBAN-[0-9]+",
      "[post].*/rest/api/2/issue[JsonData::fields.project.key==KANBAN]",
      "[get].*/rest/api/2/search[QueryParam::jql==project = KANBAN.*]",
      "[put].*/rest/api/2/issue/KANBAN-[0-9]+[JsonData::fields.labels==[a-z-]+]");
  private static final byte[] ISSUE = ("{\"fields\":{\"project\":{\"key\":\"KANBAN\"},"
      + "\"summary\":\"Build 4711 failed\"}}").getBytes(StandardCharsets.UTF_8);
  private static final byte[] NO_BODY = new byte[0];

  @Param public Staged staged;

  @Param public Call call;

  private TokenService tokens;
  private Gate gate;
  private String authorization;
  private AuditEvent last;

  @Setup
  public void setUp() {
    TokenSettings settings = TokenSettings.builder()
        .baseUrl("http://jira.example.com").limits(Limits.defaults()).build();
    tokens = TokenService.builder().store(new InMemoryTokenStore()).keys(KeyRing.generate())
        .settings(settings).users(new InMemoryUserDirectory().add("alice", "alice@example.com"))
        .build();
    tokens.start();
    var issued = tokens.create(TokenRequest.builder().owner("alice").label("bench")
        .restrictions(ENFORCED).build(), "admin");
    if (staged == Staged.STAGED) {
      tokens.stage(issued.token().id(), STAGED, "admin");
    }
    authorization = "Basic " + Base64.getEncoder().encodeToString(
        ("alice:" + issued.secret()).getBytes(StandardCharsets.UTF_8));
    gate = Gate.builder().settings(settings).authenticator(tokens.authenticator())
        .userBinding(UserBinding.container()).audit(e -> last = e).build();
  }

  @TearDown
  public void tearDown() {
    tokens.close();
  }

  @Benchmark
  public void request(Blackhole bh) {
    Req r = call == Call.GET_ISSUE
        ? new Req("GET", "/rest/api/2/issue/KANBAN-7", null, NO_BODY, authorization)
        : new Req("POST", "/rest/api/2/issue", "application/json", ISSUE, authorization);
    GateOutcome o = gate.decide(r);
    if (o.kind() != GateOutcome.Kind.AUTHENTICATED) {
      throw new AssertionError("expected the request to be allowed: " + o);
    }
    gate.complete(o, 200);
    AuditEntry entry = AuditEntry.of(last);
    StagedOutcome s = entry.staged();
    if (staged == Staged.STAGED
        ? s == null || s.verdict() != StagedOutcome.Verdict.SAME : s != null) {
      throw new AssertionError("unexpected staged outcome " + s);
    }
    bh.consume(entry);
  }

  /** One request: what a servlet binding gives the gate, without a container. */
  static final class Req implements GateRequest {
    private final String method;
    private final String path;
    private final String contentType;
    private final String authorization;
    private final ReplayableBody body;

    Req(String method, String path, String contentType, byte[] bytes, String authorization) {
      this.method = method;
      this.path = path;
      this.contentType = contentType;
      this.authorization = authorization;
      this.body = new ReplayableBody(() -> new ByteArrayInputStream(bytes));
    }

    @Override
    public String method() {
      return method;
    }

    @Override
    public String rawPath() {
      return path;
    }

    @Override
    public String rawQuery() {
      return null;
    }

    @Override
    public String header(String name) {
      if (name.equalsIgnoreCase("Authorization")) {
        return authorization;
      }
      return name.equalsIgnoreCase("Content-Type") ? contentType : null;
    }

    @Override
    public List<String> headerValues(String name) {
      String v = header(name);
      return v == null ? List.of() : List.of(v);
    }

    @Override
    public byte[] body(int maxBytes) {
      return body.read(maxBytes);
    }

    @Override
    public ReplayableBody.State bodyState() {
      return body.state();
    }

    @Override
    public String clientAddress() {
      return "10.20.30.40";
    }

    @Override
    public void authenticate(String userName, String scheme) {}

    @Override
    public void setAttribute(String name, Object value) {}

    @Override
    public void setSessionAttribute(String name, Object value) {}
  }
}
