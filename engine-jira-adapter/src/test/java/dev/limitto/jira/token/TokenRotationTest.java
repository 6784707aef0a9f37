package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.AuthResult.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rotation: a new secret for the same token, the old one accepted during the overlap only. */
class TokenRotationTest {

  private final InMemoryTokenStore backing = new InMemoryTokenStore();
  private final Fixture node = new Fixture(TokenSettings.defaults(), backing,
      dev.limitto.jira.token.crypto.KeyRing.generate(), new MutableClock(Fixture.START));

  private AuthResult auth(Fixture f, String secret) {
    return f.auth().authenticate(secret, "alice", "10.0.0.1");
  }

  private static String idOf(AuthResult r) {
    return r instanceof AuthResult.Authenticated a ? a.principal().tokenId() : "refused " + r;
  }

  @Test
  void theOldSecretWorksUntilTheOverlapEndsThenIsRefusedAsRotated() {
    IssuedToken first = node.create("alice");

    IssuedToken second = node.service.rotate(first.token().id(), Duration.ofHours(24), "admin");

    assertThat(second.secret()).isNotEqualTo(first.secret());
    assertThat(second.token().id()).isEqualTo(first.token().id());
    assertThat(second.token().restrictions()).isEqualTo(first.token().restrictions());
    assertThat(idOf(auth(node, second.secret()))).isEqualTo(first.token().id());
    assertThat(idOf(auth(node, first.secret()))).isEqualTo(first.token().id());

    node.clock.advance(Duration.ofHours(24));
    node.auth().refresh(); // the poll that keeps the cache fresh

    AuthResult old = auth(node, first.secret());
    assertThat(old).isInstanceOf(AuthResult.Refused.class);
    AuthResult.Refused r = (AuthResult.Refused) old;
    assertThat(r.reason()).isEqualTo(Reason.ROTATED);
    assertThat(r.token().tokenId()).isEqualTo(first.token().id());
    assertThat(idOf(auth(node, second.secret()))).isEqualTo(first.token().id());
    assertThat(node.events).extracting(TokenAdminEvent::action)
        .containsExactly(TokenAdminEvent.Action.CREATE, TokenAdminEvent.Action.ROTATE);
  }

  @Test
  void revocationEndsBothSecretsAtOnce() {
    IssuedToken first = node.create("alice");
    IssuedToken second = node.service.rotate(first.token().id(), Duration.ofHours(1), "admin");

    node.service.revoke(first.token().id(), "admin");

    assertThat(((AuthResult.Refused) auth(node, first.secret())).reason())
        .isEqualTo(Reason.REVOKED);
    assertThat(((AuthResult.Refused) auth(node, second.secret())).reason())
        .isEqualTo(Reason.REVOKED);
  }

  @Test
  void anotherNodeSeesTheRotationAtItsNextPollAndANewNodeKnowsTheOldSecret() {
    Fixture other = node.otherNode(TokenSettings.defaults(), backing);
    IssuedToken first = node.create("alice");
    other.auth().refresh();
    assertThat(idOf(auth(other, first.secret()))).isEqualTo(first.token().id());

    IssuedToken second = node.service.rotate(first.token().id(), Duration.ofMinutes(10), "admin");
    other.auth().refresh();
    Fixture late = node.otherNode(TokenSettings.defaults(), backing);

    for (Fixture f : new Fixture[] {other, late}) {
      assertThat(idOf(auth(f, first.secret()))).isEqualTo(first.token().id());
      assertThat(idOf(auth(f, second.secret()))).isEqualTo(first.token().id());
    }
    node.clock.advance(Duration.ofMinutes(10));
    for (Fixture f : new Fixture[] {other, late}) {
      f.auth().refresh();
      assertThat(((AuthResult.Refused) auth(f, first.secret())).reason())
          .isEqualTo(Reason.ROTATED);
    }
    node.service.revoke(first.token().id(), "admin");
    other.auth().refresh();
    assertThat(((AuthResult.Refused) auth(other, second.secret())).reason())
        .isEqualTo(Reason.REVOKED);
  }

  @Test
  void aSecondRotationDropsTheFirstSecretAndZeroOverlapRefusesTheOldOneAtOnce() {
    IssuedToken first = node.create("alice");
    IssuedToken second = node.service.rotate(first.token().id(), Duration.ofHours(1), "admin");

    IssuedToken third = node.service.rotate(first.token().id(), Duration.ZERO, "admin");

    assertThat(((AuthResult.Refused) auth(node, first.secret())).reason())
        .isEqualTo(Reason.UNKNOWN);
    assertThat(((AuthResult.Refused) auth(node, second.secret())).reason())
        .isEqualTo(Reason.ROTATED);
    assertThat(idOf(auth(node, third.secret()))).isEqualTo(first.token().id());
  }

  @Test
  void usageOfBothSecretsCountsForTheOneToken() {
    IssuedToken first = node.create("alice");
    IssuedToken second = node.service.rotate(first.token().id(), Duration.ofHours(1), "admin");
    auth(node, first.secret());
    auth(node, second.secret());

    node.auth().flushUsage();

    StoredToken t = node.service.find(first.token().id()).orElseThrow();
    assertThat(t.usageCount()).isEqualTo(2);
  }

  @Test
  void inSecureModeTheNewSecretIsReturnedOnceAndNeverStored() {
    Fixture secure = new Fixture(TokenSettings.builder().secureMode(true).build());
    IssuedToken first = secure.create("alice");

    IssuedToken second = secure.service.rotate(first.token().id(), null, "admin");

    assertThat(second.token().encryptedSecret()).isNull();
    assertThat(second.token().controls().previous().until())
        .isEqualTo(Fixture.START.plus(TokenService.DEFAULT_OVERLAP));
    assertThat(idOf(auth(secure, second.secret()))).isEqualTo(first.token().id());
  }

  @Test
  void badOverlapsAndRevokedOrExpiredTokensAreRefusedNamingTheLimit() {
    IssuedToken t = node.create("alice");
    assertThatThrownBy(() -> node.service.rotate(t.token().id(), Duration.ofDays(31), "admin"))
        .isInstanceOf(TokenAdminException.class)
        .hasMessage("overlap 31d must be between 0 and 30d");
    assertThatThrownBy(() -> node.service.rotate("tok_none", null, "admin"))
        .hasMessage("no token with id tok_none");
    IssuedToken expiring = node.service.create(TokenRequest.builder().owner("alice").label("x")
        .restrictions(Fixture.RULES).expiresIn(Duration.ofHours(1)).build(), "admin");
    node.clock.advance(Duration.ofHours(2));
    assertThatThrownBy(() -> node.service.rotate(expiring.token().id(), null, "admin"))
        .hasMessageContaining("has expired; extend its expiry first");
    node.service.revoke(t.token().id(), "admin");
    assertThatThrownBy(() -> node.service.rotate(t.token().id(), null, "admin"))
        .hasMessage("token " + t.token().id() + " is revoked and cannot be changed");
  }
}
