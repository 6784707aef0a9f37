package dev.limitto.jira.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One API token as the store keeps it. Never holds the secret in clear: only its keyed hash
 * ({@link #secretHash}, HMAC-SHA-256 under the server key {@link #hashKeyId}) and, in standard
 * mode, the secret encrypted with AES-GCM ({@link #encryptedSecret}; {@code null} in secure mode).
 *
 * @param id stable public identifier (not secret), e.g. {@code tok_2f9c...}
 * @param label what the token is for, chosen by the admin
 * @param owner user name the token authenticates as; {@code null} only for an unbound token
 * @param createdBy user name of the admin who created or imported it
 * @param createdAt creation time
 * @param expiresAt expiry, or {@code null} for none
 * @param restrictions "Limit to" rule text; empty for an unrestricted token
 * @param ipAllowList addresses and CIDR ranges the token may be used from; empty for any
 * @param runAsAllowed whether the token may act as another user through {@code contextUser}
 * @param revokedAt revocation time, or {@code null} while the token is live
 * @param usageCount number of authenticated requests, as last flushed
 * @param lastUsedAt time of the last authenticated request, as last flushed, or {@code null}
 * @param hashKeyId which server key produced {@link #secretHash} (key rotation)
 * @param secretHash HMAC-SHA-256 of the secret: the look-up key, unique in the store
 * @param encryptedSecret AES-GCM ciphertext of the secret (standard mode), or {@code null}
 * @param version optimistic-concurrency version, incremented by the store on every update
 * @param controls read-only preset, rate limit and the secret replaced by the last rotation
 *     ({@link TokenControls#NONE} for none)
 */
public record StoredToken(
    String id,
    String label,
    String owner,
    String createdBy,
    Instant createdAt,
    Instant expiresAt,
    String restrictions,
    List<String> ipAllowList,
    boolean runAsAllowed,
    Instant revokedAt,
    long usageCount,
    Instant lastUsedAt,
    int hashKeyId,
    byte[] secretHash,
    byte[] encryptedSecret,
    long version,
    TokenControls controls) {

  public StoredToken {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(restrictions, "restrictions");
    ipAllowList = List.copyOf(ipAllowList);
    secretHash = secretHash.clone();
    encryptedSecret = encryptedSecret == null ? null : encryptedSecret.clone();
    controls = controls == null ? TokenControls.NONE : controls;
  }

  /** This token with other controls (same version: the store decides the next one). */
  public StoredToken withControls(TokenControls c) {
    return new StoredToken(id, label, owner, createdBy, createdAt, expiresAt, restrictions,
        ipAllowList, runAsAllowed, revokedAt, usageCount, lastUsedAt, hashKeyId, secretHash,
        encryptedSecret, version, c);
  }

  /** This token with a new secret (its hash, key and ciphertext) and other controls. */
  public StoredToken withSecret(int keyId, byte[] hash, byte[] sealed, TokenControls c) {
    return new StoredToken(id, label, owner, createdBy, createdAt, expiresAt, restrictions,
        ipAllowList, runAsAllowed, revokedAt, usageCount, lastUsedAt, keyId, hash, sealed,
        version, c);
  }

  public boolean isRevoked() {
    return revokedAt != null;
  }

  public boolean isUnbound() {
    return owner == null;
  }

  @Override
  public byte[] secretHash() {
    return secretHash.clone();
  }

  @Override
  public byte[] encryptedSecret() {
    return encryptedSecret == null ? null : encryptedSecret.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredToken t
        && t.id.equals(id)
        && t.version == version
        && Objects.equals(t.label, label)
        && Objects.equals(t.owner, owner)
        && Objects.equals(t.createdBy, createdBy)
        && Objects.equals(t.createdAt, createdAt)
        && Objects.equals(t.expiresAt, expiresAt)
        && Objects.equals(t.restrictions, restrictions)
        && Objects.equals(t.ipAllowList, ipAllowList)
        && t.runAsAllowed == runAsAllowed
        && Objects.equals(t.revokedAt, revokedAt)
        && t.usageCount == usageCount
        && Objects.equals(t.lastUsedAt, lastUsedAt)
        && t.hashKeyId == hashKeyId
        && Arrays.equals(t.secretHash, secretHash)
        && Arrays.equals(t.encryptedSecret, encryptedSecret)
        && t.controls.equals(controls);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version);
  }

  /** Never prints the hash or the ciphertext. */
  @Override
  public String toString() {
    return "StoredToken{id=" + id + ", label=" + label + ", owner=" + owner
        + ", expiresAt=" + expiresAt + ", revoked=" + isRevoked() + ", version=" + version
        + (controls.isNone() ? "" : ", controls=" + controls) + "}";
  }
}
