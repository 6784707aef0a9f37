package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.AuthResult.Authenticated;
import dev.limitto.jira.token.AuthResult.Reason;
import dev.limitto.jira.token.AuthResult.Refused;
import dev.limitto.jira.user.InMemoryUserDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CachingTokenAuthenticatorTest {

  private static final String ADDR = "192.0.2.1";

  private static Refused refused(Reason reason, String detail) {
    return new Refused(reason, detail);
  }

  /** A refusal of a token that was recognised: it names the token, for the audit. */
  private static Refused refused(IssuedToken t, Reason reason, String detail) {
    return new Refused(reason, detail, new AuthResult.Recognised(
        t.token().id(), t.token().label(), t.token().owner()));
  }

  @Test
  void authenticateWhenValidThenOwnerWithCompiledRules() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    AuthResult r = f.auth().authenticate(t.secret(), "alice", ADDR);
    assertThat(r).isInstanceOf(Authenticated.class);
    TokenPrincipal p = ((Authenticated) r).principal();
    assertThat(p.tokenId()).isEqualTo(t.token().id());
    assertThat(p.userName()).isEqualTo("alice");
    assertThat(p.label()).isEqualTo("ci for alice");
    assertThat(p.rules().lineCount()).isEqualTo(1);
    assertThat(p.runAsAllowed()).isFalse();
  }

  @Test
  void authenticateWhenCachedThenNoStoreCall() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    int before = f.store.calls.get();
    for (int i = 0; i < 10; i++) {
      assertThat(f.auth().authenticate(t.secret(), "alice", ADDR)).isInstanceOf(Authenticated.class);
    }
    assertThat(f.store.calls.get()).isEqualTo(before);
  }

  @Test
  void authenticateWhenMalformedThenRefusedWithoutStoreCall() {
    Fixture f = new Fixture();
    String good = f.create("alice").secret();
    int before = f.store.calls.get();
    String typo = good.substring(0, 30) + (good.charAt(30) == 'a' ? 'b' : 'a') + good.substring(31);
    assertThat(f.auth().authenticate(good.substring(0, 40), "alice", ADDR))
        .isEqualTo(refused(Reason.MALFORMED, TokenFormat.DETAIL_LENGTH));
    assertThat(f.auth().authenticate(good + "0", "alice", ADDR))
        .isEqualTo(refused(Reason.MALFORMED, TokenFormat.DETAIL_LENGTH));
    assertThat(f.auth().authenticate(good + "x".repeat(100_000), "alice", ADDR))
        .isEqualTo(refused(Reason.MALFORMED, TokenFormat.DETAIL_LENGTH));
    assertThat(f.auth().authenticate(good.substring(0, 30) + "\u00e4" + good.substring(31), "alice", ADDR))
        .isEqualTo(refused(Reason.MALFORMED, TokenFormat.DETAIL_NON_ASCII));
    assertThat(f.auth().authenticate(good.substring(0, 30) + "+" + good.substring(31), "alice", ADDR))
        .isEqualTo(refused(Reason.MALFORMED, TokenFormat.DETAIL_ALPHABET));
    assertThat(f.auth().authenticate(typo, "alice", ADDR))
        .isEqualTo(refused(Reason.MALFORMED, TokenFormat.DETAIL_CHECKSUM));
    assertThat(f.auth().authenticate(null, "alice", ADDR))
        .isEqualTo(refused(Reason.MALFORMED, TokenFormat.DETAIL_NULL));
    assertThat(f.auth().authenticate("hunter2", "alice", ADDR))
        .isEqualTo(refused(Reason.MALFORMED, TokenFormat.DETAIL_NOT_OURS));
    assertThat(f.store.calls.get()).isEqualTo(before);
  }

  @Test
  void looksLikeTokenWhenPrefixedThenTrueEvenIfBrokenSoTheGateRefusesIt() {
    Fixture f = new Fixture();
    String good = f.create("alice").secret();
    assertThat(f.auth().looksLikeToken(good)).isTrue();
    assertThat(f.auth().looksLikeToken(good.substring(0, 20))).isTrue();
    assertThat(f.auth().looksLikeToken("correct horse battery staple")).isFalse();
    assertThat(f.auth().looksLikeToken("glpat-abcdefghijklmnopqrst")).isFalse();
    assertThat(f.auth().looksLikeToken(null)).isFalse();
  }

  @Test
  void authenticateWhenUnknownThenOneStoreLookUpThenRememberedForTheTtl() {
    Fixture f = new Fixture();
    String fake = TokenFormat.generate(f.keys.newestKeyId(), f.keys, new java.security.SecureRandom());
    assertThat(f.auth().authenticate(fake, "alice", ADDR))
        .isEqualTo(refused(Reason.UNKNOWN, CachingTokenAuthenticator.DETAIL_UNKNOWN));
    assertThat(f.store.findBySecretHash.get()).isEqualTo(1);
    assertThat(f.auth().authenticate(fake, "alice", ADDR))
        .isEqualTo(refused(Reason.UNKNOWN, CachingTokenAuthenticator.DETAIL_UNKNOWN));
    assertThat(f.store.findBySecretHash.get()).isEqualTo(1);
    f.clock.advance(TokenSettings.defaults().negativeCacheTtl().plusMillis(1));
    f.auth().refresh();
    f.auth().authenticate(fake, "alice", ADDR);
    assertThat(f.store.findBySecretHash.get()).isEqualTo(2);
  }

  @Test
  void authenticateWhenTokenNamesAnUnknownKeyThenRefusedWithoutStoreCall() {
    Fixture f = new Fixture();
    String otherKey = TokenFormat.generateUntagged(7, new java.security.SecureRandom());
    int before = f.store.calls.get();
    assertThat(f.auth().authenticate(otherKey, "alice", ADDR))
        .isEqualTo(refused(Reason.UNKNOWN, CachingTokenAuthenticator.DETAIL_UNKNOWN_KEY));
    assertThat(f.store.calls.get()).isEqualTo(before);
  }

  @Test
  void unknownTokenFloodKeepsTheNegativeCacheBounded() {
    Fixture f = new Fixture(TokenSettings.builder().negativeCacheMaxEntries(3).build());
    java.security.SecureRandom r = new java.security.SecureRandom();
    for (int i = 0; i < 50; i++) {
      f.auth().authenticate(TokenFormat.generate(1, f.keys, r), "alice", ADDR);
    }
    assertThat(f.auth().unknownRemembered()).isEqualTo(3);
  }

  @Test
  @Timeout(10)
  void authenticateWhenConcurrentLookUpsExceedTheLimitThenRefusedWithoutStoreCall() throws Exception {
    Fixture f = new Fixture(TokenSettings.builder().maxConcurrentStoreLookups(1).build());
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    f.store.beforeFind = () -> {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    java.security.SecureRandom r = new java.security.SecureRandom();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<AuthResult> first = pool.submit(() -> f.auth().authenticate(TokenFormat.generate(1, f.keys, r), "alice", ADDR));
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(f.auth().authenticate(TokenFormat.generate(1, f.keys, r), "alice", ADDR))
          .isEqualTo(refused(Reason.STORE_UNAVAILABLE, CachingTokenAuthenticator.DETAIL_LOOKUP_LIMIT));
      assertThat(f.store.findBySecretHash.get()).isEqualTo(1);
      release.countDown();
      assertThat(first.get(5, TimeUnit.SECONDS))
          .isEqualTo(refused(Reason.UNKNOWN, CachingTokenAuthenticator.DETAIL_UNKNOWN));
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void createdOnAnotherNodeThenFoundAtOnceByLookUp() {
    InMemoryTokenStore shared = new InMemoryTokenStore();
    Fixture a = new Fixture(TokenSettings.defaults(), shared, dev.limitto.jira.token.crypto.KeyRing.generate(), new MutableClock(Fixture.START));
    Fixture b = a.otherNode(TokenSettings.defaults(), shared);
    IssuedToken t = a.create("alice");
    assertThat(b.auth().authenticate(t.secret(), "alice", ADDR)).isInstanceOf(Authenticated.class);
  }

  @Test
  void revokeThenRefusedAtOnceOnThisNodeWithoutStoreCall() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    assertThat(f.auth().authenticate(t.secret(), "alice", ADDR)).isInstanceOf(Authenticated.class);
    f.service.revoke(t.token().id(), Fixture.ADMIN);
    int before = f.store.calls.get();
    assertThat(f.auth().authenticate(t.secret(), "alice", ADDR))
        .isEqualTo(refused(t, Reason.REVOKED, CachingTokenAuthenticator.DETAIL_REVOKED));
    assertThat(f.store.calls.get()).isEqualTo(before);
  }

  @Test
  void revokeOnAnotherNodeThenRefusedAfterTheNextPoll() {
    InMemoryTokenStore shared = new InMemoryTokenStore();
    Fixture a = new Fixture(TokenSettings.defaults(), shared, dev.limitto.jira.token.crypto.KeyRing.generate(), new MutableClock(Fixture.START));
    Fixture b = a.otherNode(TokenSettings.defaults(), shared);
    IssuedToken t = a.create("alice");
    assertThat(b.auth().authenticate(t.secret(), "alice", ADDR)).isInstanceOf(Authenticated.class);
    a.service.revoke(t.token().id(), Fixture.ADMIN);
    assertThat(b.auth().refresh()).isTrue();
    assertThat(b.auth().authenticate(t.secret(), "alice", ADDR))
        .isEqualTo(refused(t, Reason.REVOKED, CachingTokenAuthenticator.DETAIL_REVOKED));
  }

  @Test
  void editOnAnotherNodeThenNewRestrictionsAfterTheNextPoll() {
    InMemoryTokenStore shared = new InMemoryTokenStore();
    Fixture a = new Fixture(TokenSettings.defaults(), shared, dev.limitto.jira.token.crypto.KeyRing.generate(), new MutableClock(Fixture.START));
    Fixture b = a.otherNode(TokenSettings.defaults(), shared);
    IssuedToken t = a.create("alice");
    b.auth().authenticate(t.secret(), "alice", ADDR);
    a.service.edit(t.token().id(), TokenEdit.builder().ipAllowList(List.of("10.0.0.0/8")).build(), Fixture.ADMIN);
    b.auth().refresh();
    assertThat(b.auth().authenticate(t.secret(), "alice", ADDR))
        .isEqualTo(refused(t, Reason.ADDRESS_NOT_ALLOWED, CachingTokenAuthenticator.DETAIL_ADDRESS));
    assertThat(b.auth().authenticate(t.secret(), "alice", "10.9.8.7")).isInstanceOf(Authenticated.class);
  }

  @Test
  void authenticateWhenExpiredThenRefused() {
    Fixture f = new Fixture();
    IssuedToken t = f.service.create(TokenRequest.builder().owner("alice").label("short").unrestricted()
        .expiresIn(Duration.ofHours(1)).build(), Fixture.ADMIN);
    f.clock.advance(Duration.ofMinutes(59));
    f.auth().refresh();
    assertThat(f.auth().authenticate(t.secret(), "alice", ADDR)).isInstanceOf(Authenticated.class);
    f.clock.advance(Duration.ofMinutes(1));
    f.auth().refresh();
    assertThat(f.auth().authenticate(t.secret(), "alice", ADDR))
        .isEqualTo(refused(t, Reason.EXPIRED, CachingTokenAuthenticator.DETAIL_EXPIRED));
  }

  @Test
  void authenticateWhenAddressOutsideAllowListThenRefused() {
    Fixture f = new Fixture();
    IssuedToken t = f.service.create(TokenRequest.builder().owner("alice").label("ci").unrestricted()
        .ipAllowList(List.of("10.0.0.0/8", "2001:db8::/32")).build(), Fixture.ADMIN);
    assertThat(f.auth().authenticate(t.secret(), "alice", "10.1.2.3")).isInstanceOf(Authenticated.class);
    assertThat(f.auth().authenticate(t.secret(), "alice", "2001:db8::5")).isInstanceOf(Authenticated.class);
    assertThat(f.auth().authenticate(t.secret(), "alice", "192.0.2.1"))
        .isEqualTo(refused(t, Reason.ADDRESS_NOT_ALLOWED, CachingTokenAuthenticator.DETAIL_ADDRESS));
    assertThat(f.auth().authenticate(t.secret(), "alice", "not-an-address"))
        .isEqualTo(refused(t, Reason.ADDRESS_NOT_ALLOWED, CachingTokenAuthenticator.DETAIL_ADDRESS));
  }

  @Test
  void authenticateAcceptsOwnerNameInAnyCaseOrTheOwnersEmailOrBearer() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    assertThat(f.auth().authenticate(t.secret(), "ALICE", ADDR)).isInstanceOf(Authenticated.class);
    assertThat(f.auth().authenticate(t.secret(), "alice@example.com", ADDR)).isInstanceOf(Authenticated.class);
    assertThat(f.auth().authenticate(t.secret(), null, ADDR)).isInstanceOf(Authenticated.class);
  }

  @Test
  void authenticateWhenPresentedUserIsSomeoneElseThenRefused() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    Refused wrong = refused(t, Reason.WRONG_USER, CachingTokenAuthenticator.DETAIL_WRONG_USER);
    assertThat(f.auth().authenticate(t.secret(), "bob", ADDR)).isEqualTo(wrong);
    assertThat(f.auth().authenticate(t.secret(), "bob@example.com", ADDR)).isEqualTo(wrong);
    assertThat(f.auth().authenticate(t.secret(), "nobody@example.com", ADDR)).isEqualTo(wrong);
  }

  @Test
  void unboundTokenActsAsThePresentedUserWithBasicOnly() {
    Fixture f = new Fixture(TokenSettings.builder().allowUnbound(true).build());
    IssuedToken t = f.service.create(TokenRequest.builder().unbound().label("shared").unrestricted().build(), Fixture.ADMIN);
    assertThat(t.token().isUnbound()).isTrue();
    AuthResult bob = f.auth().authenticate(t.secret(), "bob@example.com", ADDR);
    assertThat(((Authenticated) bob).principal().userName()).isEqualTo("bob");
    AuthResult alice = f.auth().authenticate(t.secret(), "alice", ADDR);
    assertThat(((Authenticated) alice).principal().userName()).isEqualTo("alice");
    assertThat(f.auth().authenticate(t.secret(), null, ADDR)).isEqualTo(
        refused(t, Reason.UNBOUND_NOT_ALLOWED, CachingTokenAuthenticator.DETAIL_UNBOUND_NEEDS_USER));
    assertThat(f.auth().authenticate(t.secret(), "mallory", ADDR))
        .isEqualTo(refused(t, Reason.WRONG_USER, CachingTokenAuthenticator.DETAIL_NO_SUCH_USER));
  }

  @Test
  void unboundTokenWhenSettingIsOffThenRefused() {
    InMemoryTokenStore shared = new InMemoryTokenStore();
    Fixture allowing = new Fixture(TokenSettings.builder().allowUnbound(true).build(), shared,
        dev.limitto.jira.token.crypto.KeyRing.generate(), new MutableClock(Fixture.START));
    IssuedToken t = allowing.service.create(TokenRequest.builder().unbound().label("shared").unrestricted().build(), Fixture.ADMIN);
    Fixture strict = allowing.otherNode(TokenSettings.defaults(), shared);
    assertThat(strict.auth().authenticate(t.secret(), "bob", ADDR)).isEqualTo(
        refused(t, Reason.UNBOUND_NOT_ALLOWED, CachingTokenAuthenticator.DETAIL_UNBOUND_DISABLED));
  }

  @Test
  void authenticateBeforeTheFirstSuccessfulRefreshThenStoreUnavailable() {
    InMemoryTokenStore backing = new InMemoryTokenStore();
    CountingStore store = new CountingStore(backing);
    store.down = true;
    TokenService s = TokenService.builder().store(store).keys(dev.limitto.jira.token.crypto.KeyRing.generate())
        .users(new InMemoryUserDirectory()).clock(new MutableClock(Fixture.START)).build();
    assertThat(s.authenticator().refresh()).isFalse();
    String any = TokenFormat.generateUntagged(1, new java.security.SecureRandom());
    assertThat(s.authenticator().authenticate(any, null, ADDR))
        .isEqualTo(refused(Reason.STORE_UNAVAILABLE, CachingTokenAuthenticator.DETAIL_STALE));
  }

  @Test
  void storeDownWhenTokenNotInMemoryThenStoreUnavailable() {
    InMemoryTokenStore shared = new InMemoryTokenStore();
    Fixture a = new Fixture(TokenSettings.defaults(), shared, dev.limitto.jira.token.crypto.KeyRing.generate(), new MutableClock(Fixture.START));
    Fixture b = a.otherNode(TokenSettings.defaults(), shared);
    IssuedToken t = a.create("alice");
    b.store.down = true;
    assertThat(b.auth().authenticate(t.secret(), "alice", ADDR))
        .isEqualTo(refused(Reason.STORE_UNAVAILABLE, CachingTokenAuthenticator.DETAIL_STORE_DOWN));
  }

  @Test
  void storeDownLongerThanMaxStalenessThenEveryTokenRefusedAndBackAfterRecovery() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    f.store.down = true;
    assertThat(f.auth().refresh()).isFalse();
    // within the staleness bound the cache still answers
    assertThat(f.auth().authenticate(t.secret(), "alice", ADDR)).isInstanceOf(Authenticated.class);
    f.clock.advance(TokenSettings.defaults().cacheMaxStaleness().plusMillis(1));
    assertThat(f.auth().refresh()).isFalse();
    assertThat(f.auth().authenticate(t.secret(), "alice", ADDR))
        .isEqualTo(refused(Reason.STORE_UNAVAILABLE, CachingTokenAuthenticator.DETAIL_STALE));
    f.store.down = false;
    assertThat(f.auth().refresh()).isTrue();
    assertThat(f.auth().authenticate(t.secret(), "alice", ADDR)).isInstanceOf(Authenticated.class);
  }

  @Test
  void usageIsCountedInMemoryAndWrittenInOneBatch() {
    Fixture f = new Fixture();
    IssuedToken a = f.create("alice");
    IssuedToken b = f.create("bob");
    for (int i = 0; i < 5; i++) {
      f.auth().authenticate(a.secret(), "alice", ADDR);
    }
    f.clock.advance(Duration.ofSeconds(3));
    f.auth().authenticate(b.secret(), "bob", ADDR);
    assertThat(f.store.recordUsage.get()).isZero();
    f.auth().flushUsage();
    assertThat(f.store.recordUsage.get()).isEqualTo(1);
    StoredToken sa = f.service.find(a.token().id()).orElseThrow();
    StoredToken sb = f.service.find(b.token().id()).orElseThrow();
    assertThat(sa.usageCount()).isEqualTo(5);
    assertThat(sa.lastUsedAt()).isEqualTo(Fixture.START);
    assertThat(sb.usageCount()).isEqualTo(1);
    assertThat(sb.lastUsedAt()).isEqualTo(Fixture.START.plusSeconds(3));
    f.auth().flushUsage();
    assertThat(f.store.recordUsage.get()).isEqualTo(1);
  }

  @Test
  void usageFlushWhenStoreFailsThenCountsAreKeptForTheNextFlush() {
    Fixture f = new Fixture();
    IssuedToken a = f.create("alice");
    f.auth().authenticate(a.secret(), "alice", ADDR);
    f.auth().authenticate(a.secret(), "alice", ADDR);
    f.store.down = true;
    f.auth().flushUsage();
    f.store.down = false;
    f.auth().authenticate(a.secret(), "alice", ADDR);
    f.auth().flushUsage();
    assertThat(f.service.find(a.token().id()).orElseThrow().usageCount()).isEqualTo(3);
  }

  @Test
  void closeWritesTheUsageCountedSoFar() {
    Fixture f = new Fixture();
    IssuedToken a = f.create("alice");
    f.auth().authenticate(a.secret(), "alice", ADDR);
    f.service.close();
    assertThat(f.store.recordUsage.get()).isEqualTo(1);
    assertThat(f.service.find(a.token().id()).orElseThrow().usageCount()).isEqualTo(1);
  }

  @Test
  void refusedAttemptsAreNotCountedAsUsage() {
    Fixture f = new Fixture();
    IssuedToken a = f.create("alice");
    f.auth().authenticate(a.secret(), "bob", ADDR);
    f.auth().flushUsage();
    assertThat(f.service.find(a.token().id()).orElseThrow().usageCount()).isZero();
  }

  @Test
  void keyRotationKeepsOldTokensValidAndSignsNewOnesWithTheNewKey() {
    InMemoryTokenStore shared = new InMemoryTokenStore();
    dev.limitto.jira.token.crypto.KeyRing ring = dev.limitto.jira.token.crypto.KeyRing.generate();
    Fixture before = new Fixture(TokenSettings.defaults(), shared, ring, new MutableClock(Fixture.START));
    IssuedToken old = before.create("alice");
    Fixture after = new Fixture(TokenSettings.defaults(), shared, ring.rotate(), before.clock);
    IssuedToken fresh = after.create("bob");
    assertThat(old.token().hashKeyId()).isEqualTo(1);
    assertThat(fresh.token().hashKeyId()).isEqualTo(2);
    assertThat(after.auth().authenticate(old.secret(), "alice", ADDR)).isInstanceOf(Authenticated.class);
    assertThat(after.auth().authenticate(fresh.secret(), "bob", ADDR)).isInstanceOf(Authenticated.class);
    // a node that has not loaded the new key yet refuses new tokens rather than guessing
    before.auth().refresh();
    assertThat(before.auth().authenticate(fresh.secret(), "bob", ADDR))
        .isEqualTo(refused(Reason.UNKNOWN, CachingTokenAuthenticator.DETAIL_UNKNOWN_KEY));
  }

  @Test
  void storedHashIsHmacUnderTheServerKeyNotThePlainSecret() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    StoredToken s = f.service.find(t.token().id()).orElseThrow();
    assertThat(s.secretHash()).isEqualTo(f.keys.hash(1, t.secret()));
    assertThat(Optional.ofNullable(s.encryptedSecret())).isPresent();
  }
}
