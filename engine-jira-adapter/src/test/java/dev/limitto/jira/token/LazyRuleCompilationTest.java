package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.store.TokenControls;
import dev.limitto.jira.token.AuthResult.Authenticated;
import dev.limitto.jira.token.AuthResult.Refused;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A token's rules are compiled when a request first needs them, once per rule text, and then
 * held: loading tokens compiles nothing and a request of a known token never compiles.
 */
class LazyRuleCompilationTest {

  private static final String ADDR = "192.0.2.1";

  @Test
  void refreshWhenManyTokensThenCompilesNoneUntilEachIsFirstUsed() {
    InMemoryTokenStore backing = new InMemoryTokenStore();
    Fixture admin = new Fixture(TokenSettings.defaults(), backing,
        dev.limitto.jira.token.crypto.KeyRing.generate(), new MutableClock(Fixture.START));
    List<IssuedToken> tokens = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      tokens.add(admin.create("alice")); // all with Fixture.RULES
    }
    // another node: its refresh loads the fifty tokens
    Fixture node = admin.otherNode(TokenSettings.defaults(), backing);
    assertThat(node.auth().ruleSetStats().misses()).isZero();

    AuthResult first = node.auth().authenticate(tokens.get(0).secret(), "alice", ADDR);
    assertThat(((Authenticated) first).principal().rules().lineCount()).isEqualTo(1);
    assertThat(node.auth().ruleSetStats().misses()).isEqualTo(1);

    for (int i = 0; i < 10; i++) {
      node.auth().authenticate(tokens.get(0).secret(), "alice", ADDR);
    }
    // the entry holds its rule set: no further look-up, let alone a compile
    assertThat(node.auth().ruleSetStats().misses()).isEqualTo(1);
    assertThat(node.auth().ruleSetStats().hits()).isZero();

    AuthResult second = node.auth().authenticate(tokens.get(1).secret(), "alice", ADDR);
    assertThat(((Authenticated) second).principal().rules())
        .isSameAs(((Authenticated) first).principal().rules());
    RuleSetCache.Stats stats = node.auth().ruleSetStats();
    assertThat(stats.misses()).isEqualTo(1);
    assertThat(stats.hits()).isEqualTo(1);
    assertThat(stats.size()).isEqualTo(1);
  }

  @Test
  void authenticateWhenStoredRulesDoNotCompileThenRefusedAsBroken() {
    InMemoryTokenStore backing = new InMemoryTokenStore();
    Fixture admin = new Fixture(TokenSettings.defaults(), backing,
        dev.limitto.jira.token.crypto.KeyRing.generate(), new MutableClock(Fixture.START));
    IssuedToken t = admin.create("alice");
    StoredToken s = backing.findById(t.token().id()).orElseThrow();
    backing.update(new StoredToken(s.id(), s.label(), s.owner(), s.createdBy(), s.createdAt(),
        s.expiresAt(), "[get](", s.ipAllowList(), s.runAsAllowed(), s.revokedAt(), s.usageCount(),
        s.lastUsedAt(), s.hashKeyId(), s.secretHash(), s.encryptedSecret(), s.version(),
        s.controls()));
    Fixture node = admin.otherNode(TokenSettings.defaults(), backing);

    AuthResult r = node.auth().authenticate(t.secret(), "alice", ADDR);
    assertThat(r).isInstanceOf(Refused.class);
    assertThat(((Refused) r).detail()).isEqualTo(CachingTokenAuthenticator.DETAIL_BROKEN);
    assertThat(node.auth().authenticate(t.secret(), "alice", ADDR)).isInstanceOf(Refused.class);
    assertThat(node.auth().ruleSetStats().compileFailures()).isEqualTo(1);
  }
}
