package dev.limitto.jira.store;

import static dev.limitto.jira.store.TokenBuilder.BASE;
import static dev.limitto.jira.store.TokenBuilder.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.jira.db.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link TokenStore} shares. Each implementation's test extends this class
 * and opens a fresh, empty store per test.
 */
abstract class TokenStoreContract {

  protected TokenStore store;

  /** A new, empty store. */
  protected abstract TokenStore openStore() throws Exception;

  @BeforeEach
  void openFreshStore() throws Exception {
    store = openStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void recordKeyCheckWhenIdAlreadyRecordedThenTheFirstValueStays() {
    assertThat(store.keyChecks()).isEmpty();
    store.recordKeyCheck(1, new byte[] {1, 2, 3});
    store.recordKeyCheck(1, new byte[] {9, 9, 9});
    store.recordKeyCheck(2, new byte[] {4});

    Map<Integer, byte[]> checks = store.keyChecks();

    assertThat(checks).containsOnlyKeys(1, 2);
    assertThat(checks.get(1)).containsExactly(1, 2, 3);
    assertThat(checks.get(2)).containsExactly(4);
  }

  @Test
  void insertThenFindByIdReturnsTheTokenAtVersionOne() {
    StoredToken t = token("tok_a").version(7).build();

    store.insert(t);

    assertThat(store.findById("tok_a")).contains(token("tok_a").version(1).build());
  }

  @Test
  void findByIdWhenUnknownThenEmpty() {
    assertThat(store.findById("tok_none")).isEmpty();
  }

  @Test
  void findBySecretHashReturnsTheTokenOnlyForItsKeyId() {
    StoredToken t = token("tok_a").hash(3, TokenBuilder.sha256("s")).build();
    store.insert(t);

    assertThat(store.findBySecretHash(3, TokenBuilder.sha256("s"))).contains(t);
    assertThat(store.findBySecretHash(4, TokenBuilder.sha256("s"))).isEmpty();
    assertThat(store.findBySecretHash(3, TokenBuilder.sha256("other"))).isEmpty();
  }

  @Test
  void insertWhenIdExistsThenConflictAndStoredTokenUnchanged() {
    store.insert(token("tok_a").build());
    StoredToken sameId = token("tok_a").label("other").hash(1, TokenBuilder.sha256("x")).build();

    assertThatThrownBy(() -> store.insert(sameId))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("a token with id tok_a already exists");
    assertThat(store.findById("tok_a")).contains(token("tok_a").build());
    assertThat(store.findBySecretHash(1, TokenBuilder.sha256("x"))).isEmpty();
  }

  @Test
  void insertWhenSecretHashExistsThenConflictWithoutTheHashInTheMessage() {
    store.insert(token("tok_a").hash(1, TokenBuilder.sha256("s")).build());

    assertThatThrownBy(() -> store.insert(token("tok_b").hash(2, TokenBuilder.sha256("s")).build()))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage(StoredTokens.ERR_DUPLICATE_HASH)
        .hasNoCause();
    assertThat(store.findById("tok_b")).isEmpty();
  }

  @Test
  void listReturnsEveryTokenRevokedIncludedOrderedByCreationTimeThenId() {
    store.insert(token("tok_c").createdAt(BASE.plusSeconds(2)).build());
    store.insert(token("tok_b").createdAt(BASE).build());
    store.insert(token("tok_a").createdAt(BASE.plusSeconds(1)).build());
    store.insert(token("tok_0").createdAt(BASE.plusSeconds(1)).build());
    store.revoke("tok_a", BASE.plusSeconds(5));

    assertThat(store.list())
        .extracting(StoredToken::id)
        .containsExactly("tok_b", "tok_0", "tok_a", "tok_c");
  }

  @Test
  void listWhenEmptyThenEmpty() {
    assertThat(store.list()).isEmpty();
  }

  @Test
  void updateWhenVersionMatchesThenReplacesMutableFieldsKeepsTheRestAndIncrementsVersion() {
    store.insert(token("tok_a").usage(5, BASE.plusSeconds(9)).build());
    store.recordUsage(Map.of("tok_a", 2L), Map.of());
    StoredToken read = store.findById("tok_a").orElseThrow();
    StoredToken change =
        TokenBuilder.from(read)
            .label("new label")
            .expiresAt(null)
            .restrictions("[post].*/rest/api/2/issue")
            .ipAllowList(List.of("192.168.0.1"))
            .runAsAllowed(true)
            .hash(2, TokenBuilder.sha256("rotated"))
            .encryptedSecret(null)
            // fields an update must not touch:
            .owner("mallory")
            .createdAt(BASE.minusSeconds(1000))
            .revokedAt(BASE)
            .usage(0, null)
            .build();

    StoredToken updated = store.update(change);

    StoredToken expected =
        TokenBuilder.from(read)
            .label("new label")
            .expiresAt(null)
            .restrictions("[post].*/rest/api/2/issue")
            .ipAllowList(List.of("192.168.0.1"))
            .runAsAllowed(true)
            .hash(2, TokenBuilder.sha256("rotated"))
            .encryptedSecret(null)
            .version(2)
            .build();
    assertThat(updated).isEqualTo(expected);
    assertThat(store.findById("tok_a")).contains(expected);
    assertThat(updated.usageCount()).isEqualTo(7);
  }

  @Test
  void updateWhenVersionIsStaleThenConflictAndNothingChanges() {
    store.insert(token("tok_a").build());
    StoredToken v1 = store.findById("tok_a").orElseThrow();
    store.update(TokenBuilder.from(v1).label("first edit").build());

    assertThatThrownBy(() -> store.update(TokenBuilder.from(v1).label("second edit").build()))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("token tok_a changed since it was read (stored version 2, given version 1)");
    assertThat(store.findById("tok_a").orElseThrow().label()).isEqualTo("first edit");
  }

  @Test
  void updateWhenTokenIsMissingThenNotFound() {
    assertThatThrownBy(() -> store.update(token("tok_none").build()))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("no token with id tok_none");
    assertThat(store.list()).isEmpty();
  }

  @Test
  void updateWhenNewHashBelongsToAnotherTokenThenConflict() {
    store.insert(token("tok_a").build());
    store.insert(token("tok_b").build());
    StoredToken b = store.findById("tok_b").orElseThrow();

    assertThatThrownBy(
            () -> store.update(TokenBuilder.from(b).hash(1, token("tok_a").secretHash).build()))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage(StoredTokens.ERR_DUPLICATE_HASH);
    assertThat(store.findById("tok_b")).contains(b);
  }

  @Test
  void updateWithNewHashThenOnlyTheNewHashFindsTheToken() {
    store.insert(token("tok_a").build());
    StoredToken a = store.findById("tok_a").orElseThrow();

    store.update(TokenBuilder.from(a).hash(1, TokenBuilder.sha256("new")).build());

    assertThat(store.findBySecretHash(1, a.secretHash())).isEmpty();
    assertThat(store.findBySecretHash(1, TokenBuilder.sha256("new")))
        .map(StoredToken::id)
        .contains("tok_a");
  }

  @Test
  void updateKeepingTheSameHashSucceeds() {
    store.insert(token("tok_a").build());
    StoredToken a = store.findById("tok_a").orElseThrow();

    assertThat(store.update(TokenBuilder.from(a).label("x").build()).version()).isEqualTo(2);
  }

  @Test
  void revokeWhenLiveThenTrueAndRevocationTimeAndVersionStored() {
    store.insert(token("tok_a").build());

    assertThat(store.revoke("tok_a", BASE.plusSeconds(60))).isTrue();

    StoredToken a = store.findById("tok_a").orElseThrow();
    assertThat(a.revokedAt()).isEqualTo(BASE.plusSeconds(60));
    assertThat(a.version()).isEqualTo(2);
  }

  @Test
  void revokeWhenAlreadyRevokedThenFalseAndFirstTimeKept() {
    store.insert(token("tok_a").build());
    store.revoke("tok_a", BASE.plusSeconds(60));

    assertThat(store.revoke("tok_a", BASE.plusSeconds(120))).isFalse();

    StoredToken a = store.findById("tok_a").orElseThrow();
    assertThat(a.revokedAt()).isEqualTo(BASE.plusSeconds(60));
    assertThat(a.version()).isEqualTo(2);
  }

  @Test
  void revokeWhenTokenIsMissingThenNotFound() {
    assertThatThrownBy(() -> store.revoke("tok_none", BASE))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("no token with id tok_none");
  }

  @Test
  void updateAfterRevocationBasedOnTheLiveTokenThenConflict() {
    store.insert(token("tok_a").build());
    StoredToken live = store.findById("tok_a").orElseThrow();
    store.revoke("tok_a", BASE);

    assertThatThrownBy(() -> store.update(TokenBuilder.from(live).label("x").build()))
        .isInstanceOf(StoreException.Conflict.class);
    assertThat(store.findById("tok_a").orElseThrow().isRevoked()).isTrue();
  }

  @Test
  void recordUsageAddsCountsKeepsTheLatestTimeAndIgnoresUnknownIds() {
    store.insert(token("tok_a").build());
    store.insert(token("tok_b").usage(10, BASE.plusSeconds(100)).build());

    store.recordUsage(
        Map.of("tok_a", 3L, "tok_b", 4L, "tok_unknown", 5L),
        Map.of("tok_a", BASE.plusSeconds(50), "tok_b", BASE.plusSeconds(40)));
    store.recordUsage(Map.of("tok_a", 1L), Map.of());
    store.recordUsage(Map.of(), Map.of("tok_a", BASE.plusSeconds(70)));

    StoredToken a = store.findById("tok_a").orElseThrow();
    StoredToken b = store.findById("tok_b").orElseThrow();
    assertThat(a.usageCount()).isEqualTo(4);
    assertThat(a.lastUsedAt()).isEqualTo(BASE.plusSeconds(70));
    assertThat(b.usageCount()).isEqualTo(14);
    assertThat(b.lastUsedAt()).isEqualTo(BASE.plusSeconds(100));
    assertThat(store.findById("tok_unknown")).isEmpty();
  }

  @Test
  void recordUsageMovesNeitherVersionNorChangeSequence() {
    store.insert(token("tok_a").build());
    TokenStore.Changes before = store.changesSince(0);

    store.recordUsage(Map.of("tok_a", 3L), Map.of("tok_a", BASE));

    assertThat(store.findById("tok_a").orElseThrow().version()).isEqualTo(1);
    TokenStore.Changes after = store.changesSince(before.sequence());
    assertThat(after.sequence()).isEqualTo(before.sequence());
    assertThat(after.changed()).isEmpty();
  }

  @Test
  void recordUsageWhenADeltaIsNegativeThenRefusedAndNothingApplied() {
    store.insert(token("tok_a").build());
    store.insert(token("tok_b").build());
    Map<String, Long> deltas = new HashMap<>();
    deltas.put("tok_a", 5L);
    deltas.put("tok_b", -1L);

    assertThatThrownBy(() -> store.recordUsage(deltas, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("usage count delta for token tok_b must not be negative");
    assertThat(store.findById("tok_a").orElseThrow().usageCount()).isZero();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void recordUsageFromConcurrentBatchesAddsUp() throws Exception {
    List<String> ids = List.of("tok_a", "tok_b", "tok_c");
    for (String id : ids) {
      store.insert(token(id).build());
    }
    int threads = 4;
    int batches = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Void>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Callable<Void> work =
          () -> {
            start.await();
            for (int i = 0; i < batches; i++) {
              Map<String, Long> deltas = new HashMap<>();
              Map<String, Instant> last = new HashMap<>();
              // Each thread lists the ids in a different order to provoke lock-order trouble.
              for (int k = 0; k < ids.size(); k++) {
                String id = ids.get((k + thread) % ids.size());
                deltas.put(id, (long) (k + 1));
                last.put(id, BASE.plusSeconds(thread * 1000L + i));
              }
              store.recordUsage(deltas, last);
            }
            return null;
          };
      done.add(pool.submit(work));
    }
    start.countDown();
    for (Future<Void> f : done) {
      f.get();
    }
    pool.shutdown();

    // Per batch each thread adds 1+2+3 over the three ids; summed over ids that is 6 per batch.
    long total = 0;
    for (String id : ids) {
      total += store.findById(id).orElseThrow().usageCount();
    }
    assertThat(total).isEqualTo(6L * threads * batches);
    for (String id : ids) {
      assertThat(store.findById(id).orElseThrow().lastUsedAt())
          .isEqualTo(BASE.plusSeconds((threads - 1) * 1000L + batches - 1));
    }
  }

  @Test
  void changesSinceSeesInsertUpdateAndRevokeInOrder() {
    long start = store.changesSince(0).sequence();
    store.insert(token("tok_a").build());
    store.insert(token("tok_b").build());
    TokenStore.Changes afterInserts = store.changesSince(start);
    assertThat(afterInserts.changed()).extracting(StoredToken::id).containsExactly("tok_a", "tok_b");

    store.revoke("tok_a", BASE);
    StoredToken b = store.findById("tok_b").orElseThrow();
    store.update(TokenBuilder.from(b).restrictions("").build());

    TokenStore.Changes later = store.changesSince(afterInserts.sequence());
    assertThat(later.changed()).extracting(StoredToken::id).containsExactly("tok_a", "tok_b");
    assertThat(later.changed().get(0).isRevoked()).isTrue();
    assertThat(later.changed().get(1).restrictions()).isEmpty();
    assertThat(later.sequence()).isGreaterThan(afterInserts.sequence());
    assertThat(store.changesSince(later.sequence()).changed()).isEmpty();
    assertThat(store.changesSince(later.sequence()).sequence()).isEqualTo(later.sequence());
  }

  @Test
  void changesSinceReportsATokenOnceWithItsLatestStateAfterSeveralChanges() {
    store.insert(token("tok_a").build());
    store.insert(token("tok_b").build());
    long mark = store.changesSince(0).sequence();
    StoredToken a = store.findById("tok_a").orElseThrow();
    store.update(TokenBuilder.from(a).label("edited").build());
    store.revoke("tok_b", BASE);
    store.revoke("tok_a", BASE);

    TokenStore.Changes changes = store.changesSince(mark);

    assertThat(changes.changed()).extracting(StoredToken::id).containsExactly("tok_b", "tok_a");
    assertThat(changes.changed().get(1).label()).isEqualTo("edited");
    assertThat(changes.changed().get(1).isRevoked()).isTrue();
  }

  @Test
  void failedWritesDoNotMoveTheChangeSequence() {
    store.insert(token("tok_a").build());
    long mark = store.changesSince(0).sequence();

    assertThatThrownBy(() -> store.insert(token("tok_a").build()))
        .isInstanceOf(StoreException.Conflict.class);
    assertThatThrownBy(() -> store.update(token("tok_a").version(9).build()))
        .isInstanceOf(StoreException.Conflict.class);
    store.revoke("tok_a", BASE);
    store.revoke("tok_a", BASE);

    TokenStore.Changes changes = store.changesSince(mark);
    assertThat(changes.changed()).hasSize(1);
    assertThat(store.changesSince(changes.sequence()).changed()).isEmpty();
  }

  @Test
  void byteArraysRoundTripExactly() {
    byte[] hash = new byte[32];
    byte[] cipher = new byte[300];
    for (int i = 0; i < hash.length; i++) {
      hash[i] = (byte) (i * 37 - 128);
    }
    for (int i = 0; i < cipher.length; i++) {
      cipher[i] = (byte) (255 - i);
    }
    hash[0] = 0;
    hash[31] = (byte) 0xff;

    store.insert(token("tok_a").hash(1, hash).encryptedSecret(cipher).build());

    StoredToken a = store.findBySecretHash(1, hash).orElseThrow();
    assertThat(a.secretHash()).containsExactly(hash);
    assertThat(a.encryptedSecret()).containsExactly(cipher);
  }

  @Test
  void nullableFieldsRoundTripAsNull() {
    StoredToken t =
        token("tok_a")
            .owner(null)
            .expiresAt(null)
            .encryptedSecret(null)
            .ipAllowList(List.of())
            .restrictions("")
            .build();

    store.insert(t);

    StoredToken read = store.findById("tok_a").orElseThrow();
    assertThat(read).isEqualTo(t);
    assertThat(read.owner()).isNull();
    assertThat(read.isUnbound()).isTrue();
    assertThat(read.expiresAt()).isNull();
    assertThat(read.revokedAt()).isNull();
    assertThat(read.lastUsedAt()).isNull();
    assertThat(read.encryptedSecret()).isNull();
    assertThat(read.ipAllowList()).isEmpty();
  }

  @Test
  void insertOfAnImportedTokenKeepsItsRevocationAndUsage() {
    StoredToken t = token("tok_a").revokedAt(BASE.plusSeconds(1)).usage(42, BASE.plusSeconds(2)).build();

    store.insert(t);

    assertThat(store.findById("tok_a")).contains(t);
  }

  @Test
  void unicodeTextRoundTrips() {
    String label = "Überweisung 請求書 🚀 שלום e\u0301";
    String restrictions = "[get].*/rest/api/2/search[QueryParam::jql==project = ÄÖÜ 🚀]";
    StoredToken t = token("tok_a").label(label).owner("jürgen@例え.jp").restrictions(restrictions).build();

    store.insert(t);

    StoredToken read = store.findById("tok_a").orElseThrow();
    assertThat(read.label()).isEqualTo(label);
    assertThat(read.owner()).isEqualTo("jürgen@例え.jp");
    assertThat(read.restrictions()).isEqualTo(restrictions);
  }

  @Test
  void longRestrictionsRoundTrip() {
    String restrictions = "[get].*/rest/api/2/issue/KANBAN-1\n".repeat(5_000);

    store.insert(token("tok_a").restrictions(restrictions).build());

    assertThat(store.findById("tok_a").orElseThrow().restrictions()).isEqualTo(restrictions);
  }

  @Test
  void timesAreKeptToTheMicrosecond() {
    Instant nanos = Instant.parse("2026-05-06T07:08:09.123456789Z");

    store.insert(token("tok_a").createdAt(nanos).expiresAt(nanos).build());

    StoredToken read = store.findById("tok_a").orElseThrow();
    assertThat(read.createdAt()).isEqualTo(Instant.parse("2026-05-06T07:08:09.123456Z"));
    assertThat(read.expiresAt()).isEqualTo(Instant.parse("2026-05-06T07:08:09.123456Z"));
  }

  @Test
  void insertWhenTextHoldsNulThenRefusedAndNothingWritten() {
    assertThatThrownBy(() -> store.insert(token("tok_a").label("a\0b").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token field label must not contain the NUL character (U+0000)");
    assertThat(store.list()).isEmpty();
  }

  @Test
  void insertWhenAllowListEntryHoldsALineBreakThenRefused() {
    assertThatThrownBy(
            () -> store.insert(token("tok_a").ipAllowList(List.of("10.0.0.1\n10.0.0.2")).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(StoredTokens.ERR_IP_ENTRY);
    assertThat(store.list()).isEmpty();
  }

  @Test
  void insertWhenIdHasASpaceThenRefused() {
    assertThatThrownBy(() -> store.insert(token("tok a").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(StoredTokens.ERR_ID);
  }

  @Test
  void insertWhenTimeIsOutOfRangeThenRefused() {
    assertThatThrownBy(() -> store.insert(token("tok_a").expiresAt(Instant.MAX).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "token field expiresAt must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z");
  }

  @Test
  void operationsOnAClosedStoreThrowStoreException() {
    store.insert(token("tok_a").build());
    store.close();

    assertThatThrownBy(() -> store.findById("tok_a"))
        .isExactlyInstanceOf(StoreException.class)
        .hasMessage("token store is closed");
    assertThatThrownBy(() -> store.insert(token("tok_b").build()))
        .isExactlyInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.changesSince(0)).isExactlyInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.recordUsage(Map.of("tok_a", 1L), Map.of()))
        .isExactlyInstanceOf(StoreException.class);
  }

  // ---- token controls (read-only, rate limit, rotated secret) and expiry warning claims

  private static final TokenControls CONTROLS = new TokenControls(true,
      new TokenControls.RateLimit(5, java.time.Duration.ofSeconds(1), 10),
      new TokenControls.PreviousSecret(1, TokenBuilder.sha256("old secret"),
          BASE.plusSeconds(3_600)));

  @Test
  void controlsAreStoredReadBackAndReplacedByAnUpdate() {
    store.insert(token("tok_a").build().withControls(CONTROLS));
    StoredToken read = store.findById("tok_a").orElseThrow();
    assertThat(read.controls()).isEqualTo(CONTROLS);
    assertThat(store.list()).containsExactly(read);
    assertThat(store.changesSince(0).changed()).containsExactly(read);

    StoredToken plain = store.update(read.withControls(TokenControls.NONE));

    assertThat(plain.controls()).isEqualTo(TokenControls.NONE);
    assertThat(store.findById("tok_a")).contains(plain);
    StoredToken limited = store.update(
        plain.withControls(TokenControls.NONE.withRateLimit(CONTROLS.rateLimit())));
    assertThat(store.findById("tok_a").orElseThrow().controls())
        .isEqualTo(new TokenControls(false, CONTROLS.rateLimit(), null));
    store.revoke("tok_a", BASE.plusSeconds(5));
    assertThat(store.findById("tok_a").orElseThrow().controls()).isEqualTo(limited.controls());
  }

  @Test
  void findBySecretHashFindsATokenByTheSecretItsRotationReplaced() {
    store.insert(token("tok_a").hash(1, TokenBuilder.sha256("new secret")).build()
        .withControls(CONTROLS));
    store.insert(token("tok_b").build());

    assertThat(store.findBySecretHash(1, TokenBuilder.sha256("old secret")))
        .map(StoredToken::id).contains("tok_a");
    assertThat(store.findBySecretHash(1, TokenBuilder.sha256("new secret")))
        .map(StoredToken::id).contains("tok_a");
    assertThat(store.findBySecretHash(2, TokenBuilder.sha256("old secret"))).isEmpty();
  }

  @Test
  void aWarningIsClaimedOncePerTokenExpiryAndThreshold() {
    WarningClaims claims = (WarningClaims) store;
    Instant expiry = BASE.plusSeconds(86_400);

    assertThat(claims.claimWarning("tok_a", expiry, "7d", "node-1", BASE)).isTrue();
    assertThat(claims.claimWarning("tok_a", expiry, "7d", "node-2", BASE)).isFalse();
    assertThat(claims.claimWarning("tok_a", expiry, "1d", "node-2", BASE)).isTrue();
    assertThat(claims.claimWarning("tok_b", expiry, "7d", "node-2", BASE)).isTrue();
    // an extended expiry is a new one: its warnings are sent again
    assertThat(claims.claimWarning("tok_a", expiry.plusSeconds(60), "7d", "node-1", BASE))
        .isTrue();
  }

  // ---- staged rules

  private static StagedRules staged(String id, String text) {
    return new StagedRules(id, text, "admin", BASE.plusSeconds(60));
  }

  @Test
  void stageThenFindStagedAndListStagedReturnThemWithoutChangingTheToken() {
    store.insert(token("tok_a").build());
    store.insert(token("tok_b").build());
    StoredToken before = store.findById("tok_a").orElseThrow();

    store.stage(staged("tok_a", "[get] .*/rest/api/2/issue/.*"));

    assertThat(store.findStaged("tok_a")).contains(staged("tok_a", "[get] .*/rest/api/2/issue/.*"));
    assertThat(store.findStaged("tok_b")).isEmpty();
    assertThat(store.listStaged()).containsOnlyKeys("tok_a");
    assertThat(store.findById("tok_a")).contains(before);
  }

  @Test
  void stageAgainReplacesTheStagedRules() {
    store.insert(token("tok_a").build());
    store.stage(staged("tok_a", "[get] .*/one"));

    store.stage(staged("tok_a", "[get] .*/two"));

    assertThat(store.findStaged("tok_a").orElseThrow().restrictions()).isEqualTo("[get] .*/two");
    assertThat(store.listStaged()).hasSize(1);
  }

  @Test
  void stageAndUnstageMoveTheChangeSequenceSoOtherNodesSeeThem() {
    store.insert(token("tok_a").build());
    long mark = store.changesSince(0).sequence();

    store.stage(staged("tok_a", "[get] .*/one"));
    TokenStore.Changes afterStage = store.changesSince(mark);
    assertThat(afterStage.changed()).extracting(StoredToken::id).containsExactly("tok_a");

    assertThat(store.unstage("tok_a")).isTrue();
    TokenStore.Changes afterUnstage = store.changesSince(afterStage.sequence());
    assertThat(afterUnstage.changed()).extracting(StoredToken::id).containsExactly("tok_a");
    assertThat(store.findStaged("tok_a")).isEmpty();
  }

  @Test
  void unstageWhenNothingStagedThenFalseAndNoChange() {
    store.insert(token("tok_a").build());
    long mark = store.changesSince(0).sequence();

    assertThat(store.unstage("tok_a")).isFalse();

    assertThat(store.changesSince(mark).changed()).isEmpty();
    assertThat(store.changesSince(mark).sequence()).isEqualTo(mark);
  }

  @Test
  void stageOrUnstageWhenTokenIsMissingThenNotFound() {
    assertThatThrownBy(() -> store.stage(staged("tok_none", "[get] .*")))
        .isInstanceOf(StoreException.NotFound.class);
    assertThatThrownBy(() -> store.unstage("tok_none"))
        .isInstanceOf(StoreException.NotFound.class);
    assertThat(store.listStaged()).isEmpty();
  }

  @Test
  void promoteMakesTheStagedRulesEnforcedRemovesThemAndMovesVersionAndSequence() {
    store.insert(token("tok_a").restrictions("[get] .*/old").build());
    store.stage(staged("tok_a", "[get] .*/new"));
    long mark = store.changesSince(0).sequence();

    StoredToken promoted = store.promote("tok_a", 1, "[get] .*/new");

    assertThat(promoted.restrictions()).isEqualTo("[get] .*/new");
    assertThat(promoted.version()).isEqualTo(2);
    assertThat(store.findById("tok_a")).contains(promoted);
    assertThat(store.findStaged("tok_a")).isEmpty();
    assertThat(store.changesSince(mark).changed()).containsExactly(promoted);
  }

  @Test
  void promoteKeepsTheTokensControls() {
    // a read-only, rate-limited, rotated token stays so when its staged rules become enforced
    store.insert(token("tok_a").restrictions("[get] .*/old").build().withControls(CONTROLS));
    store.stage(staged("tok_a", "[get] .*/new"));

    StoredToken promoted = store.promote("tok_a", 1, "[get] .*/new");

    assertThat(promoted.controls()).isEqualTo(CONTROLS);
    assertThat(store.findById("tok_a").orElseThrow().controls()).isEqualTo(CONTROLS);
  }

  @Test
  void promoteWhenTheTokenChangedMeanwhileThenConflictAndNothingChanges() {
    store.insert(token("tok_a").restrictions("[get] .*/old").build());
    store.stage(staged("tok_a", "[get] .*/new"));
    store.revoke("tok_a", BASE.plusSeconds(5));

    assertThatThrownBy(() -> store.promote("tok_a", 1, "[get] .*/new"))
        .isInstanceOf(StoreException.Conflict.class);

    assertThat(store.findById("tok_a").orElseThrow().restrictions()).isEqualTo("[get] .*/old");
    assertThat(store.findStaged("tok_a")).isPresent();
  }

  @Test
  void promoteWhenTheStagedRulesChangedMeanwhileThenConflict() {
    store.insert(token("tok_a").restrictions("[get] .*/old").build());
    store.stage(staged("tok_a", "[get] .*/other"));

    assertThatThrownBy(() -> store.promote("tok_a", 1, "[get] .*/new"))
        .isInstanceOf(StoreException.Conflict.class);
    assertThat(store.findById("tok_a").orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void promoteWhenNothingIsStagedThenNotFound() {
    store.insert(token("tok_a").build());

    assertThatThrownBy(() -> store.promote("tok_a", 1, "[get] .*"))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("token tok_a has no staged rules");
  }
}
