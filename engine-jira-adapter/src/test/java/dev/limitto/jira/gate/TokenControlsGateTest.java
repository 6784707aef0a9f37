package dev.limitto.jira.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.audit.AuditEvent;
import dev.limitto.jira.audit.InMemoryAuditSink;
import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.store.TokenControls;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.RateLimitText;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import dev.limitto.jira.user.UserBinding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A token's rate limit and read-only preset as the gate applies them, with a real token service. */
class TokenControlsGateTest {

  private static final String BASE = "http://localhost:8080";
  private static final String ISSUE = "/rest/api/2/issue/KANBAN-1";

  private final InMemoryUserDirectory users = new InMemoryUserDirectory().add("alice", "a@x.org");
  private final TokenService tokens = TokenService.builder().store(new InMemoryTokenStore())
      .keys(KeyRing.generate()).settings(TokenSettings.defaults()).users(users).build();
  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private final Gate gate = Gate.builder().authenticator(tokens.authenticator()).audit(audit)
      .userBinding(UserBinding.container(users)).baseUrl(BASE).build();

  {
    tokens.authenticator().refresh();
  }

  @AfterEach
  void close() {
    tokens.close();
  }

  private IssuedToken create(String rules, boolean readOnly, TokenControls.RateLimit rate) {
    TokenRequest.Builder r = TokenRequest.builder().owner("alice").label("bot")
        .readOnly(readOnly).rateLimit(rate);
    if (rules == null) {
      r.unrestricted();
    } else {
      r.restrictions(rules);
    }
    return tokens.create(r.build(), "admin");
  }

  private GateOutcome send(String method, IssuedToken t) {
    FakeGateRequest req = FakeGateRequest.of(method, ISSUE).header("Authorization",
        "Basic " + Base64.getEncoder().encodeToString(
            ("alice:" + t.secret()).getBytes(StandardCharsets.UTF_8)));
    GateOutcome o = gate.decide(req);
    gate.complete(o, o.kind() == GateOutcome.Kind.REFUSED ? o.status() : 200);
    return o;
  }

  @Test
  void aboveItsRateATokenGets429WithRetryAfterAuditedAsRefusedForRate() {
    IssuedToken t = create(null, false, RateLimitText.parse("1/h", 2L));

    assertThat(send("GET", t).kind()).isEqualTo(GateOutcome.Kind.AUTHENTICATED);
    assertThat(send("GET", t).kind()).isEqualTo(GateOutcome.Kind.AUTHENTICATED);
    GateOutcome third = send("GET", t);

    assertThat(third.status()).isEqualTo(429);
    long retry = third.retryAfterSeconds();
    assertThat(retry).isBetween(3_000L, 1_800L * 2);
    assertThat(third.responseHeaders()).contains(Map.entry("Retry-After", Long.toString(retry)));
    assertThat(new String(third.responseBody(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"errorMessages\":[\"This API token may make at most 1/h requests (burst 2); try again"
            + " in " + retry + " second(s).\"],\"errors\":{}}");
    AuditEvent e = audit.events().get(2);
    assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.tokenId()).isEqualTo(t.token().id());
    assertThat(e.reason()).startsWith("rate limited: more than 1/h (burst 2)");
  }

  @Test
  void aReadOnlyTokenIsRefusedEveryMethodButGetAndHeadEvenWhereItsRulesAllowIt() {
    IssuedToken t = create(".*/rest/api/2/issue/KANBAN-1", true, null);
    IssuedToken unrestricted = create(null, true, null);

    for (IssuedToken token : List.of(t, unrestricted)) {
      assertThat(send("GET", token).kind()).isEqualTo(GateOutcome.Kind.AUTHENTICATED);
      assertThat(send("HEAD", token).kind()).isEqualTo(GateOutcome.Kind.AUTHENTICATED);
      for (String m : List.of("POST", "PUT", "DELETE", "PATCH")) {
        GateOutcome o = send(m, token);
        assertThat(o.status()).as(m).isEqualTo(403);
        assertThat(o.message()).isEqualTo(Gate.MSG_READ_ONLY);
        assertThat(o.reason()).isEqualTo("read-only token: method " + m + " is not GET or HEAD");
      }
    }
  }

  @Test
  void underManyThreadsNoMoreThanRateTimesTimePlusBurstAreAccepted() throws Exception {
    long rate = 200;
    long burst = 20;
    IssuedToken t = create(null, false, RateLimitText.parse(rate + "/s", burst));
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<long[]>> results = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          long accepted = 0;
          long refused = 0;
          for (int n = 0; n < 400; n++) {
            GateOutcome o = send("GET", t);
            if (o.kind() == GateOutcome.Kind.AUTHENTICATED) {
              accepted++;
            } else if (o.status() == 429) {
              refused++;
            }
          }
          return new long[] {accepted, refused};
        }));
      }
      long began = System.nanoTime();
      start.countDown();
      long accepted = 0;
      long refused = 0;
      for (Future<long[]> f : results) {
        long[] r = f.get(60, TimeUnit.SECONDS);
        accepted += r[0];
        refused += r[1];
      }
      double seconds = (System.nanoTime() - began) / 1e9;
      System.out.printf("rate-limit test: %d threads, %.3f s, accepted %d, refused %d,"
          + " bound rate x time + burst = %.1f%n", threads, seconds, accepted, refused,
          rate * seconds + burst);
      assertThat(accepted + refused).isEqualTo(threads * 400L);
      assertThat((double) accepted).isLessThanOrEqualTo(rate * seconds + burst);
      assertThat(accepted).isGreaterThanOrEqualTo(burst);
      assertThat(refused).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }
}
