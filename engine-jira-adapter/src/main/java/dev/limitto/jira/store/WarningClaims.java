package dev.limitto.jira.store;

import java.time.Instant;

/**
 * Claims of expiry warnings, so that each warning is sent once even when every node of a cluster
 * looks for due warnings: the node whose claim is recorded first sends it, the others see it
 * taken. Both token stores implement it; in the JDBC store a claim is a row of {@code
 * limitto_token_warning} with a primary key over the token, the expiry it warns of and the
 * threshold.
 */
public interface WarningClaims {

  /**
   * Records that the warning {@code threshold} (e.g. {@code 7d}, {@code 1d}, {@code expired}) of
   * the token's expiry {@code expiresAt} is being sent, unless it was claimed already.
   *
   * @return whether this call claimed it (and the caller must send it)
   * @throws dev.limitto.jira.db.StoreException when the store cannot be reached
   */
  boolean claimWarning(String tokenId, Instant expiresAt, String threshold, String node,
      Instant at);
}
