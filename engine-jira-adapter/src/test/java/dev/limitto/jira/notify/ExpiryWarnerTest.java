package dev.limitto.jira.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.db.PostgresServer;
import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.store.JdbcTokenStore;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.store.TokenControls;
import dev.limitto.jira.store.TokenStore;
import dev.limitto.jira.store.WarningClaims;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Which expiry warnings are due, and that each is sent once, also by two nodes. */
class ExpiryWarnerTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private final List<ExpiryWarning> mails = new CopyOnWriteArrayList<>();

  private static StoredToken token(String id, Instant expires) {
    return new StoredToken(id, "label of " + id, "alice", "admin", NOW.minusSeconds(86_400 * 60),
        expires, "", List.of(), false, null, 0, null, 1, ("hash of " + id).getBytes(), null, 1,
        TokenControls.NONE);
  }

  private ExpiryWarner warner(TokenStore store, String node, Instant at) {
    return new ExpiryWarner(store::list, (WarningClaims) store, mails::add,
        u -> u.equals("alice") ? Optional.of("alice@example.com") : Optional.empty(),
        List.of("admins@example.com"), ExpiryWarner.DEFAULT_THRESHOLDS, node,
        Clock.fixed(at, ZoneOffset.UTC));
  }

  @Test
  void eachThresholdIsSentOnceThenTheExpiryAndOnlyTheNearestWhenSeveralAreDue() {
    InMemoryTokenStore store = new InMemoryTokenStore();
    Instant expires = NOW.plus(Duration.ofDays(6));
    store.insert(token("tok_a", expires));
    store.insert(token("tok_b", NOW.plus(Duration.ofHours(12)))); // 7d and 1d due: only 1d
    store.insert(token("tok_c", NOW.plus(Duration.ofDays(30))));

    warner(store, "n1", NOW).runOnce();
    warner(store, "n1", NOW.plusSeconds(60)).runOnce();

    assertThat(mails).extracting(w -> w.tokenId() + " " + w.threshold())
        .containsExactly("tok_a 7d", "tok_b 1d");
    assertThat(mails.get(0).recipients()).containsExactly("alice@example.com", "admins@example.com");
    warner(store, "n1", expires.minus(Duration.ofHours(1))).runOnce();
    warner(store, "n1", expires.plusSeconds(1)).runOnce();
    warner(store, "n1", expires.plusSeconds(2)).runOnce();
    assertThat(mails).extracting(w -> w.tokenId() + " " + w.threshold())
        .containsExactly("tok_a 7d", "tok_b 1d", "tok_a 1d", "tok_b expired", "tok_a expired");
    assertThat(mails.get(0).body()).contains("label of tok_a", "tok_a",
        "./limit-to token rotate tok_a --overlap 24h").doesNotContain("ltk_");
  }

  @Test
  void twoNodesOnOnePostgresqlStoreSendEachWarningOnce() throws Exception {
    PostgresServer server = PostgresServer.shared();
    var source = server.schemaConnectionSource(server.newSchema());
    try (JdbcTokenStore one = JdbcTokenStore.open(source);
        JdbcTokenStore two = JdbcTokenStore.open(source)) {
      for (int i = 0; i < 20; i++) {
        one.insert(token("tok_" + i, NOW.plus(Duration.ofDays(i % 3 == 0 ? 5 : 10))));
      }
      Thread a = new Thread(() -> warner(one, "node-1", NOW).runOnce());
      Thread b = new Thread(() -> warner(two, "node-2", NOW).runOnce());
      a.start();
      b.start();
      a.join();
      b.join();

      assertThat(mails).extracting(ExpiryWarning::tokenId).doesNotHaveDuplicates()
          .containsExactlyInAnyOrder("tok_0", "tok_3", "tok_6", "tok_9", "tok_12", "tok_15",
              "tok_18");
    }
  }
}
