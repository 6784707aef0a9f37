package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.db.PostgresServer;
import dev.limitto.jira.store.JdbcTokenStore;
import dev.limitto.jira.token.AuthResult.Authenticated;
import dev.limitto.jira.token.AuthResult.Reason;
import dev.limitto.jira.token.AuthResult.Refused;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes of a cluster: two token services, each with its own store connection and cache, on
 * one PostgreSQL database, polling on their own schedulers with the default interval (2 s). A
 * revocation on one node is refused by the other within the bound; the test waits with a deadline
 * instead of asserting a timing.
 */
class TokenClusterTest {

  private static final String ADDR = "192.0.2.1";

  @Test
  @Timeout(120)
  void revokeOnOneNodeThenTheOtherRefusesWithinThePollBound() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    String db = pg.newDatabase();
    KeyRing keys = KeyRing.generate();
    InMemoryUserDirectory users = new InMemoryUserDirectory().add("alice", "alice@example.com");
    TokenSettings settings = TokenSettings.defaults();
    try (JdbcTokenStore storeA = JdbcTokenStore.open(pg.connectionSource(db));
        JdbcTokenStore storeB = JdbcTokenStore.open(pg.connectionSource(db));
        TokenService nodeA = TokenService.builder().store(storeA).keys(keys).users(users)
            .settings(settings).build();
        TokenService nodeB = TokenService.builder().store(storeB).keys(keys).users(users)
            .settings(settings).build()) {
      nodeA.start();
      nodeB.start();
      IssuedToken t = nodeA.create(TokenRequest.builder().owner("alice").label("cluster")
          .restrictions("[get].*/rest/api/2/issue/KANBAN-1").build(), "admin");
      assertThat(nodeB.authenticator().authenticate(t.secret(), "alice", ADDR))
          .isInstanceOf(Authenticated.class);

      nodeA.revoke(t.token().id(), "admin");
      Refused revoked = new Refused(Reason.REVOKED, CachingTokenAuthenticator.DETAIL_REVOKED,
          new AuthResult.Recognised(t.token().id(), "cluster", "alice"));
      assertThat(nodeA.authenticator().authenticate(t.secret(), "alice", ADDR)).isEqualTo(revoked);

      // the bound is one poll interval; the deadline allows for a loaded build machine
      long deadline = System.nanoTime()
          + settings.revocationPollInterval().multipliedBy(10).toNanos();
      AuthResult seenByB = nodeB.authenticator().authenticate(t.secret(), "alice", ADDR);
      while (!seenByB.equals(revoked) && System.nanoTime() < deadline) {
        Thread.sleep(50);
        seenByB = nodeB.authenticator().authenticate(t.secret(), "alice", ADDR);
      }
      assertThat(seenByB).isEqualTo(revoked);
    }
  }

  @Test
  @Timeout(120)
  void usageFromBothNodesAddsUpInTheDatabase() {
    PostgresServer pg = PostgresServer.shared();
    String db = pg.newDatabase();
    KeyRing keys = KeyRing.generate();
    InMemoryUserDirectory users = new InMemoryUserDirectory().add("alice", null);
    try (JdbcTokenStore storeA = JdbcTokenStore.open(pg.connectionSource(db));
        JdbcTokenStore storeB = JdbcTokenStore.open(pg.connectionSource(db))) {
      TokenService nodeA = TokenService.builder().store(storeA).keys(keys).users(users).build();
      TokenService nodeB = TokenService.builder().store(storeB).keys(keys).users(users).build();
      nodeA.authenticator().refresh();
      nodeB.authenticator().refresh();
      IssuedToken t = nodeA.create(TokenRequest.builder().owner("alice").label("usage").unrestricted()
          .expiresIn(Duration.ofDays(1)).build(), "admin");
      for (int i = 0; i < 3; i++) {
        nodeA.authenticator().authenticate(t.secret(), "alice", ADDR);
      }
      for (int i = 0; i < 4; i++) {
        nodeB.authenticator().authenticate(t.secret(), "alice", ADDR);
      }
      nodeA.close();
      nodeB.close();
      assertThat(storeA.findById(t.token().id()).orElseThrow().usageCount()).isEqualTo(7);
    }
  }
}
