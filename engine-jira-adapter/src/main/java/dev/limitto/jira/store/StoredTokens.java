package dev.limitto.jira.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * What every store accepts, checked the same way by all of them so that a token the in-memory
 * store takes is a token PostgreSQL and H2 take too, and reads back equal.
 */
final class StoredTokens {

  /** Longest token id, in characters. */
  static final int MAX_ID_LENGTH = 128;
  /** Longest secret hash, in bytes (HMAC-SHA-256 gives 32). */
  static final int MAX_HASH_LENGTH = 64;
  /** Earliest time a store keeps (both databases hold it; {@link Instant#MIN} they do not). */
  static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");
  /** Latest time a store keeps. */
  static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999Z");

  static final String ERR_ID =
      "token id must be 1 to " + MAX_ID_LENGTH + " characters without spaces or control characters";
  static final String ERR_NUL = "token field %s must not contain the NUL character (U+0000)";
  static final String ERR_IP_ENTRY =
      "token ipAllowList entries must be non-empty and contain no line breaks";
  static final String ERR_HASH = "token secretHash must be 1 to " + MAX_HASH_LENGTH + " bytes";
  static final String ERR_USAGE = "token usageCount must not be negative";
  static final String ERR_TIME =
      "token field %s must lie between " + MIN_TIME + " and " + MAX_TIME;
  static final String ERR_DELTA = "usage count delta for token %s must not be negative";

  static final String ERR_CLOSED = "token store is closed";
  static final String ERR_DUPLICATE_ID = "a token with id %s already exists";
  static final String ERR_DUPLICATE_HASH = "another token already has this secret hash";
  static final String ERR_STALE =
      "token %s changed since it was read (stored version %d, given version %d)";
  static final String ERR_NOT_FOUND = "no token with id %s";
  static final String ERR_NOTHING_STAGED = "token %s has no staged rules";
  static final String ERR_STAGED_CHANGED =
      "the staged rules of token %s changed meanwhile; read them again";

  private StoredTokens() {}

  /**
   * Checks a token against what every store can hold and returns it as the store keeps it: times
   * truncated to the microsecond (PostgreSQL's precision) and the given version.
   *
   * @throws IllegalArgumentException naming the field that no store could keep
   */
  static StoredToken forStore(StoredToken t, long version) {
    checkId(t.id());
    checkText("label", t.label());
    checkText("owner", t.owner());
    checkText("createdBy", t.createdBy());
    checkText("restrictions", t.restrictions());
    for (String entry : t.ipAllowList()) {
      if (entry.isEmpty() || entry.indexOf('\n') >= 0 || entry.indexOf('\r') >= 0) {
        throw new IllegalArgumentException(ERR_IP_ENTRY);
      }
      checkText("ipAllowList", entry);
    }
    byte[] hash = t.secretHash();
    if (hash.length == 0 || hash.length > MAX_HASH_LENGTH) {
      throw new IllegalArgumentException(ERR_HASH);
    }
    if (t.usageCount() < 0) {
      throw new IllegalArgumentException(ERR_USAGE);
    }
    return new StoredToken(
        t.id(),
        t.label(),
        t.owner(),
        t.createdBy(),
        time("createdAt", t.createdAt()),
        time("expiresAt", t.expiresAt()),
        t.restrictions(),
        t.ipAllowList(),
        t.runAsAllowed(),
        time("revokedAt", t.revokedAt()),
        t.usageCount(),
        time("lastUsedAt", t.lastUsedAt()),
        t.hashKeyId(),
        hash,
        t.encryptedSecret(),
        version,
        controls(t.controls()));
  }

  /** Controls as the store keeps them: the previous secret's hash checked, its time truncated. */
  static TokenControls controls(TokenControls c) {
    TokenControls.PreviousSecret p = c.previous();
    if (p == null) {
      return c;
    }
    byte[] hash = p.hash();
    if (hash.length == 0 || hash.length > MAX_HASH_LENGTH) {
      throw new IllegalArgumentException(ERR_HASH);
    }
    return c.withPrevious(
        new TokenControls.PreviousSecret(p.keyId(), hash, time("previous.until", p.until())));
  }

  /**
   * The stored token after an {@link TokenStore#update}: the mutable fields of {@code change},
   * everything else of {@code stored}, and the next version.
   */
  static StoredToken updated(StoredToken stored, StoredToken change) {
    return new StoredToken(
        stored.id(),
        change.label(),
        stored.owner(),
        stored.createdBy(),
        stored.createdAt(),
        change.expiresAt(),
        change.restrictions(),
        change.ipAllowList(),
        change.runAsAllowed(),
        stored.revokedAt(),
        stored.usageCount(),
        stored.lastUsedAt(),
        change.hashKeyId(),
        change.secretHash(),
        change.encryptedSecret(),
        stored.version() + 1,
        change.controls());
  }

  static void checkId(String id) {
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(ERR_ID);
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c <= ' ' || Character.isISOControl(c) || Character.isWhitespace(c)) {
        throw new IllegalArgumentException(ERR_ID);
      }
    }
  }

  static Instant time(String field, Instant t) {
    if (t == null) {
      return null;
    }
    if (t.isBefore(MIN_TIME) || t.isAfter(MAX_TIME)) {
      throw new IllegalArgumentException(String.format(ERR_TIME, field));
    }
    return t.truncatedTo(ChronoUnit.MICROS);
  }

  /** Checks usage deltas before any is applied, so that a bad batch changes nothing. */
  static void checkDeltas(Map<String, Long> countDeltas) {
    countDeltas.forEach(
        (id, delta) -> {
          if (delta == null || delta < 0) {
            throw new IllegalArgumentException(String.format(ERR_DELTA, id));
          }
        });
  }

  /** Newline-separated form of the allow-list (entries cannot hold line breaks). */
  static String joinAllowList(List<String> entries) {
    return String.join("\n", entries);
  }

  static List<String> splitAllowList(String joined) {
    return joined.isEmpty() ? List.of() : List.of(joined.split("\n", -1));
  }

  private static void checkText(String field, String value) {
    if (value != null && value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(String.format(ERR_NUL, field));
    }
  }
}
