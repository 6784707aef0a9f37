package dev.limitto.jira.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;

/** Test tokens: every field set to a value derived from the id, each one changeable. */
final class TokenBuilder {

  static final Instant BASE = Instant.parse("2026-01-02T03:04:05.123456Z");

  String id;
  String label;
  String owner = "alice";
  String createdBy = "admin";
  Instant createdAt = BASE;
  Instant expiresAt = BASE.plusSeconds(86_400);
  String restrictions = "[get].*/rest/api/2/issue/KANBAN-1";
  List<String> ipAllowList = List.of("10.0.0.0/8", "2001:db8::1");
  boolean runAsAllowed;
  Instant revokedAt;
  long usageCount;
  Instant lastUsedAt;
  int hashKeyId = 1;
  byte[] secretHash;
  byte[] encryptedSecret;
  long version = 1;

  private TokenBuilder(String id) {
    this.id = id;
    this.label = "label of " + id;
    this.secretHash = sha256("secret of " + id);
    this.encryptedSecret = sha256("ciphertext of " + id);
  }

  static TokenBuilder token(String id) {
    return new TokenBuilder(id);
  }

  static TokenBuilder from(StoredToken t) {
    TokenBuilder b = new TokenBuilder(t.id());
    b.label = t.label();
    b.owner = t.owner();
    b.createdBy = t.createdBy();
    b.createdAt = t.createdAt();
    b.expiresAt = t.expiresAt();
    b.restrictions = t.restrictions();
    b.ipAllowList = t.ipAllowList();
    b.runAsAllowed = t.runAsAllowed();
    b.revokedAt = t.revokedAt();
    b.usageCount = t.usageCount();
    b.lastUsedAt = t.lastUsedAt();
    b.hashKeyId = t.hashKeyId();
    b.secretHash = t.secretHash();
    b.encryptedSecret = t.encryptedSecret();
    b.version = t.version();
    return b;
  }

  TokenBuilder label(String v) {
    label = v;
    return this;
  }

  TokenBuilder owner(String v) {
    owner = v;
    return this;
  }

  TokenBuilder createdAt(Instant v) {
    createdAt = v;
    return this;
  }

  TokenBuilder expiresAt(Instant v) {
    expiresAt = v;
    return this;
  }

  TokenBuilder restrictions(String v) {
    restrictions = v;
    return this;
  }

  TokenBuilder ipAllowList(List<String> v) {
    ipAllowList = v;
    return this;
  }

  TokenBuilder runAsAllowed(boolean v) {
    runAsAllowed = v;
    return this;
  }

  TokenBuilder revokedAt(Instant v) {
    revokedAt = v;
    return this;
  }

  TokenBuilder usage(long count, Instant last) {
    usageCount = count;
    lastUsedAt = last;
    return this;
  }

  TokenBuilder hash(int keyId, byte[] hash) {
    hashKeyId = keyId;
    secretHash = hash;
    return this;
  }

  TokenBuilder encryptedSecret(byte[] v) {
    encryptedSecret = v;
    return this;
  }

  TokenBuilder version(long v) {
    version = v;
    return this;
  }

  StoredToken build() {
    return new StoredToken(id, label, owner, createdBy, createdAt, expiresAt, restrictions,
        ipAllowList, runAsAllowed, revokedAt, usageCount, lastUsedAt, hashKeyId, secretHash,
        encryptedSecret, version, TokenControls.NONE);
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
