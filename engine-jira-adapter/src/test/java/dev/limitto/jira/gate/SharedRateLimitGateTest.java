package dev.limitto.jira.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.jira.audit.AuditEvent;
import dev.limitto.jira.audit.InMemoryAuditSink;
import dev.limitto.jira.db.ConnectionSource;
import dev.limitto.jira.db.PostgresServer;
import dev.limitto.jira.store.JdbcTokenStore;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.RateLimitText;
import dev.limitto.jira.token.SharedRateLimits;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.TokenSettings.RateLimitScope;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import dev.limitto.jira.user.UserBinding;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes of a cluster, each a token service and a gate with its own connections, on one
 * throwaway PostgreSQL database ({@link PostgresServer}: skipped without PostgreSQL, failed under
 * {@code LIMITTO_REQUIRE_POSTGRES=true} as in CI): with {@value TokenSettings#RATE_LIMIT_SCOPE}
 * {@code =cluster} they draw from one bucket per token; with {@code node} (the default) each has
 * its own.
 */
class SharedRateLimitGateTest {

  private static final String BASE = "http://localhost:8080";
  private static final String ISSUE = "/rest/api/2/issue/KANBAN-1";

  private final InMemoryUserDirectory users = new InMemoryUserDirectory().add("alice", "a@x.org");
  private final KeyRing keys = KeyRing.generate();
  private final List<AutoCloseable> open = new ArrayList<>();

  /** One node: its own store, token service, audit and gate. */
  private record Node(TokenService tokens, Gate gate, InMemoryAuditSink audit) {}

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Node node(ConnectionSource store, ConnectionSource rateLimits, RateLimitScope scope) {
    JdbcTokenStore s = JdbcTokenStore.open(store);
    open.add(s);
    TokenService tokens = TokenService.builder().store(s).keys(keys).users(users)
        .settings(TokenSettings.builder().rateLimitScope(scope).build())
        .rateLimitConnections(rateLimits).build();
    open.add(tokens);
    tokens.start();
    InMemoryAuditSink audit = new InMemoryAuditSink();
    Gate gate = Gate.builder().authenticator(tokens.authenticator()).audit(audit)
        .userBinding(UserBinding.container(users)).baseUrl(BASE).build();
    return new Node(tokens, gate, audit);
  }

  private static ConnectionSource newSchema() {
    PostgresServer pg = PostgresServer.shared();
    return pg.schemaConnectionSource(pg.newSchema());
  }

  private static IssuedToken create(Node on, String rate, long burst) {
    return on.tokens().create(TokenRequest.builder().owner("alice").label("bot").unrestricted()
        .rateLimit(RateLimitText.parse(rate, burst)).build(), "admin");
  }

  private static GateOutcome send(Node to, IssuedToken t) {
    FakeGateRequest req = FakeGateRequest.of("GET", ISSUE).header("Authorization",
        "Basic " + Base64.getEncoder().encodeToString(
            ("alice:" + t.secret()).getBytes(StandardCharsets.UTF_8)));
    GateOutcome o = to.gate().decide(req);
    to.gate().complete(o, o.kind() == GateOutcome.Kind.REFUSED ? o.status() : 200);
    return o;
  }

  /** Sends until the node knows the token (it polls the store), at most a few seconds. */
  private static void awaitKnown(Node node, IssuedToken t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (node.tokens().authenticator().authenticate(t.secret(), "alice", "127.0.0.1")
        instanceof dev.limitto.jira.token.AuthResult.Refused
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  @Timeout(120)
  void inClusterScopeTwoNodesDrawFromOneBucket() throws Exception {
    ConnectionSource db = newSchema();
    Node a = node(db, db, RateLimitScope.CLUSTER);
    Node b = node(db, db, RateLimitScope.CLUSTER);
    IssuedToken t = create(a, "1/h", 3);
    awaitKnown(b, t);

    List<Integer> statuses = new ArrayList<>();
    GateOutcome last = null;
    for (Node n : List.of(a, b, a, b)) {
      last = send(n, t);
      statuses.add(last.kind() == GateOutcome.Kind.AUTHENTICATED ? 200 : last.status());
    }

    assertThat(statuses).containsExactly(200, 200, 200, 429);
    assertThat(last.retryAfterSeconds()).isBetween(1_000L, 3_600L);
    AuditEvent e = b.audit().events().get(b.audit().events().size() - 1);
    assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.reason()).startsWith("rate limited: more than 1/h (burst 3)");
    try (Connection c = db.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT id FROM " + SharedRateLimits.TABLE)) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo(t.token().id() + ":1/3600000ms:3");
      assertThat(r.next()).isFalse();
    }
  }

  @Test
  @Timeout(120)
  void inNodeScopeEachNodeHasABucketOfItsOwnAndNothingIsShared() throws Exception {
    ConnectionSource db = newSchema();
    Node a = node(db, db, RateLimitScope.NODE);
    Node b = node(db, db, RateLimitScope.NODE);
    IssuedToken t = create(a, "1/h", 3);
    awaitKnown(b, t);

    int accepted = 0;
    for (int i = 0; i < 4; i++) {
      for (Node n : List.of(a, b)) {
        if (send(n, t).kind() == GateOutcome.Kind.AUTHENTICATED) {
          accepted++;
        }
      }
    }

    // documented: a cluster of N nodes allows up to N times the rate in node scope
    assertThat(accepted).isEqualTo(6);
    try (Connection c = db.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
            + " WHERE table_schema = current_schema() AND table_name = '"
            + SharedRateLimits.TABLE + "'")) {
      r.next();
      assertThat(r.getInt(1)).as("no bucket table in node scope").isZero();
    }
  }

  @Test
  @Timeout(180)
  void underManyThreadsOnTwoNodesNoMoreThanRateTimesTimePlusBurstAreAcceptedInTotal()
      throws Exception {
    long rate = 20;
    long burst = 5;
    int threadsPerNode = 3;
    int requestsPerThread = 150;
    ConnectionSource db = newSchema();
    Node a = node(db, db, RateLimitScope.CLUSTER);
    Node b = node(db, db, RateLimitScope.CLUSTER);
    IssuedToken t = create(a, rate + "/s", burst);
    awaitKnown(b, t);
    ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerNode);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<long[]>> results = new ArrayList<>();
    try {
      for (Node n : List.of(a, b)) {
        for (int i = 0; i < threadsPerNode; i++) {
          results.add(pool.submit(() -> {
            start.await();
            long accepted = 0;
            long refused = 0;
            for (int k = 0; k < requestsPerThread; k++) {
              GateOutcome o = send(n, t);
              if (o.kind() == GateOutcome.Kind.AUTHENTICATED) {
                accepted++;
              } else if (o.status() == 429) {
                refused++;
              } else {
                System.out.println("unexpected: " + o.status() + " " + o.reason());
              }
            }
            return new long[] {accepted, refused};
          }));
        }
      }
      long began = System.nanoTime();
      start.countDown();
      long accepted = 0;
      long refused = 0;
      for (Future<long[]> f : results) {
        long[] r = f.get(150, TimeUnit.SECONDS);
        accepted += r[0];
        refused += r[1];
      }
      double seconds = (System.nanoTime() - began) / 1e9;
      // the shared buckets count time in milliseconds: one more millisecond of refill at most
      double bound = rate * (seconds + 0.001) + burst;
      System.out.printf("shared rate-limit test: 2 nodes x %d threads, %.3f s, accepted %d,"
          + " refused %d, bound rate x time + burst = %.1f%n", threadsPerNode, seconds,
          accepted, refused, bound);
      assertThat(accepted + refused).isEqualTo(2L * threadsPerNode * requestsPerThread);
      assertThat((double) accepted).isLessThanOrEqualTo(bound);
      assertThat(accepted).isGreaterThanOrEqualTo(burst);
      assertThat(refused).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Timeout(120)
  void whenTheSharedBucketCannotBeReachedTheRequestIsRefusedWith503NeverAllowed()
      throws Exception {
    ConnectionSource db = newSchema();
    AtomicBoolean down = new AtomicBoolean();
    ConnectionSource switchable = () -> {
      if (down.get()) {
        throw new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
      }
      return db.getConnection();
    };
    Node a = node(db, switchable, RateLimitScope.CLUSTER);
    IssuedToken t = create(a, "100/s", 100);
    assertThat(send(a, t).kind()).isEqualTo(GateOutcome.Kind.AUTHENTICATED);

    down.set(true);
    GateOutcome o = send(a, t);
    GateOutcome again = send(a, t);

    for (GateOutcome refused : List.of(o, again)) {
      assertThat(refused.kind()).isEqualTo(GateOutcome.Kind.REFUSED);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.retryAfterSeconds()).isEqualTo(1);
      assertThat(refused.responseHeaders()).contains(Map.entry("Retry-After", "1"));
      assertThat(new String(refused.responseBody(), StandardCharsets.UTF_8)).isEqualTo(
          "{\"errorMessages\":[\"The rate limit of this API token cannot be checked right now;"
              + " try again in 1 second(s).\"],\"errors\":{}}");
    }
    AuditEvent e = a.audit().events().get(a.audit().events().size() - 1);
    assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.tokenId()).isEqualTo(t.token().id());
    assertThat(e.reason()).isEqualTo("rate limit unavailable: the shared rate-limit store"
        + " (limitto.token.rate.limit.scope=cluster) did not answer; refused rather than unlimited");

    down.set(false);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    GateOutcome back = send(a, t);
    while (back.kind() != GateOutcome.Kind.AUTHENTICATED && System.nanoTime() < deadline) {
      assertThat(back.status()).isEqualTo(503);
      Thread.sleep(100);
      back = send(a, t);
    }
    assertThat(back.kind()).isEqualTo(GateOutcome.Kind.AUTHENTICATED);
  }

  @Test
  void clusterScopeOnH2IsRefusedNamingTheSetting() {
    ConnectionSource h2 = () -> DriverManager.getConnection("jdbc:h2:mem:shared-rate-h2");
    TokenService.Builder b = TokenService.builder()
        .store(new dev.limitto.jira.store.InMemoryTokenStore()).keys(keys).users(users)
        .settings(TokenSettings.builder().rateLimitScope(RateLimitScope.CLUSTER).build());

    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limitto.token.rate.limit.scope=cluster needs the token store's database"
            + " connections to share the buckets through, and this host gave none. Use"
            + " limitto.token.rate.limit.scope=node (the default)");
    assertThatThrownBy(() -> b.rateLimitConnections(h2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limitto.token.rate.limit.scope=cluster needs the token store on PostgreSQL"
            + " (the database every node shares); this store is H2. Use"
            + " limitto.token.rate.limit.scope=node (the default), or a PostgreSQL store");
  }

  @Test
  void nodeScopeOnH2KeepsWorkingAndIgnoresTheConnections() {
    ConnectionSource h2 = () -> DriverManager.getConnection("jdbc:h2:mem:shared-rate-h2-node");
    TokenService tokens = TokenService.builder()
        .store(new dev.limitto.jira.store.InMemoryTokenStore()).keys(keys).users(users)
        .rateLimitConnections(h2).build();
    open.add(tokens);
    tokens.authenticator().refresh();
    InMemoryAuditSink audit = new InMemoryAuditSink();
    Node n = new Node(tokens, Gate.builder().authenticator(tokens.authenticator()).audit(audit)
        .userBinding(UserBinding.container(users)).baseUrl(BASE).build(), audit);
    IssuedToken t = create(n, "1/h", 1);

    assertThat(send(n, t).kind()).isEqualTo(GateOutcome.Kind.AUTHENTICATED);
    assertThat(send(n, t).status()).isEqualTo(429);
  }
}
