package dev.limitto.jira.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where tokens live. Implementations: in memory, and JDBC (embedded H2 by default, PostgreSQL for
 * clusters). Every method is atomic: a failure leaves the store as it was, never a half-written
 * token. Methods throw {@link StoreException} when the store cannot be reached; callers on the
 * request path treat that as "deny" (fail closed).
 *
 * <p>All implementations accept the same tokens and read them back equal: times are kept to the
 * microsecond (finer parts are truncated) between years 1 and 9999; text fields cannot hold
 * U+0000; allow-list entries are non-empty and hold no line breaks; ids are 1 to 128 characters
 * without spaces. A token outside these bounds is refused with {@link IllegalArgumentException}
 * before anything is written.
 */
public interface TokenStore extends AutoCloseable {

  /**
   * Adds a new token (its {@code version} is ignored and stored as 1).
   *
   * @throws StoreException.Conflict when the id or the secret hash is already present
   */
  void insert(StoredToken token);

  Optional<StoredToken> findById(String id);

  /** Looks a token up by its secret hash (HMAC-SHA-256 under key {@code hashKeyId}). */
  Optional<StoredToken> findBySecretHash(int hashKeyId, byte[] secretHash);

  /** Every token, revoked ones included, ordered by creation time. */
  List<StoredToken> list();

  /**
   * Replaces the mutable fields of a token (label, expiry, restrictions, IP allow-list, run-as,
   * hash key id and hash, encrypted secret) if its stored version equals {@code token.version()}.
   *
   * @return the stored token with its new version
   * @throws StoreException.Conflict when the token changed since it was read (version mismatch)
   * @throws StoreException.NotFound when there is no such token
   */
  StoredToken update(StoredToken token);

  /**
   * Revokes a token; revoking a revoked token keeps the first revocation time. Revoking
   * increments the version, so an edit based on the live token fails with a conflict.
   *
   * @return whether a live token was revoked by this call
   * @throws StoreException.NotFound when there is no such token
   */
  boolean revoke(String id, Instant at);

  /**
   * Adds usage counted in memory since the last flush (one batch, many tokens): count deltas
   * and the latest use per token id. Unknown ids are ignored. A last-use time never moves
   * backwards. Neither the version nor the change sequence moves: usage is not security-relevant.
   */
  void recordUsage(Map<String, Long> countDeltas, Map<String, Instant> lastUsed);

  /**
   * Tokens whose security-relevant state (revocation, expiry, restrictions, allow-list, run-as,
   * hash) changed after the given change sequence, with the store's current sequence: what a
   * node of a cluster polls to see another node's revocation within a bounded time.
   */
  Changes changesSince(long sequence);

  /**
   * The check values of the server keys this store's tokens were made with, by key id: a keyed
   * hash of each key ({@code KeyRing.checkValue}), never the key itself, so that a missing or
   * wrong key file is noticed before a single token is used ({@code ServerKeys.open}).
   */
  Map<Integer, byte[]> keyChecks();

  /**
   * Records the check value of a server key, unless one is recorded for that id already (then
   * nothing changes, whatever the value: the first key made with an id is the one tokens use).
   */
  void recordKeyCheck(int keyId, byte[] checkValue);

  /**
   * The rules staged on a token (report-only, see {@link StagedRules}), if any. The default
   * knows none: a store without staging never changes a decision, it only audits nothing.
   */
  default Optional<StagedRules> findStaged(String id) {
    return Optional.empty();
  }

  /** Every token's staged rules, by token id. */
  default Map<String, StagedRules> listStaged() {
    return Map.of();
  }

  /**
   * Stages rules on a token, replacing any staged before. Moves the token's change sequence (not
   * its version), so that every node of a cluster starts evaluating them within a poll interval.
   *
   * @throws StoreException.NotFound when there is no such token
   */
  default void stage(StagedRules staged) {
    throw new UnsupportedOperationException("this token store cannot stage rules");
  }

  /**
   * Removes a token's staged rules (moving its change sequence when there were any).
   *
   * @return whether there were staged rules
   * @throws StoreException.NotFound when there is no such token
   */
  default boolean unstage(String id) {
    throw new UnsupportedOperationException("this token store cannot stage rules");
  }

  /**
   * Makes a token's staged rules its enforced rules and removes them, in one step: the token's
   * restrictions become {@code restrictions}, its version and change sequence move.
   *
   * @param version the version the caller read; the promotion fails when the token changed since
   * @param restrictions the staged text the caller checked; the promotion fails when the staged
   *     rules changed since
   * @return the token with its new rules and version
   * @throws StoreException.NotFound when there is no such token, or it has no staged rules
   * @throws StoreException.Conflict when the token or its staged rules changed meanwhile
   */
  default StoredToken promote(String id, long version, String restrictions) {
    throw new UnsupportedOperationException("this token store cannot stage rules");
  }

  /** Result of {@link #changesSince}. */
  record Changes(long sequence, List<StoredToken> changed) {
    public Changes {
      changed = List.copyOf(changed);
    }
  }

  @Override
  void close();
}
