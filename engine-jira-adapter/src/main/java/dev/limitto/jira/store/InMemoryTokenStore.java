package dev.limitto.jira.store;

import dev.limitto.jira.db.StoreException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link TokenStore} held in memory, for tests, the standalone server without a data
 * directory, and as the reference the JDBC store is checked against. Same semantics as
 * the JDBC store: same checks, same conflicts, versions and change sequence. Thread-safe:
 * every operation runs under one lock, which also makes each one atomic.
 */
public final class InMemoryTokenStore implements TokenStore, WarningClaims {

  private static final Comparator<StoredToken> CREATION_ORDER =
      Comparator.comparing(StoredToken::createdAt).thenComparing(StoredToken::id);

  private final Object lock = new Object();
  /** Guarded by {@link #lock}, as are all fields below. */
  private final Map<String, Entry> byId = new HashMap<>();
  /** Secret hash (wrapped copy) to token id: hashes are unique across the store. */
  private final Map<ByteBuffer, String> idByHash = new HashMap<>();
  /** Staged rules by token id. */
  private final Map<String, StagedRules> staged = new HashMap<>();
  /** Server key check values by key id. */
  private final Map<Integer, byte[]> keyChecks = new HashMap<>();
  /** Claimed expiry warnings: token id, expiry and threshold. */
  private final Set<List<Object>> warnings = new HashSet<>();
  /** Last change sequence handed out; bumped by insert, update and revoke. */
  private long sequence;
  private boolean closed;

  /** A stored token and the change sequence of its last security-relevant write. */
  private record Entry(StoredToken token, long changeSequence) {}

  @Override
  public void insert(StoredToken token) {
    StoredToken stored = StoredTokens.forStore(token, 1);
    synchronized (lock) {
      checkOpen();
      if (byId.containsKey(stored.id())) {
        throw new StoreException.Conflict(String.format(StoredTokens.ERR_DUPLICATE_ID, stored.id()));
      }
      ByteBuffer hash = ByteBuffer.wrap(stored.secretHash());
      if (idByHash.containsKey(hash)) {
        throw new StoreException.Conflict(StoredTokens.ERR_DUPLICATE_HASH);
      }
      byId.put(stored.id(), new Entry(stored, ++sequence));
      idByHash.put(hash, stored.id());
    }
  }

  @Override
  public Optional<StoredToken> findById(String id) {
    Objects.requireNonNull(id, "id");
    synchronized (lock) {
      checkOpen();
      Entry e = byId.get(id);
      return e == null ? Optional.empty() : Optional.of(e.token());
    }
  }

  @Override
  public Optional<StoredToken> findBySecretHash(int hashKeyId, byte[] secretHash) {
    ByteBuffer hash = ByteBuffer.wrap(secretHash.clone());
    synchronized (lock) {
      checkOpen();
      String id = idByHash.get(hash);
      if (id == null) {
        // the secret a rotation replaced is still this token's, until its overlap ends
        for (Entry e : byId.values()) {
          TokenControls.PreviousSecret p = e.token().controls().previous();
          if (p != null && p.keyId() == hashKeyId
              && ByteBuffer.wrap(p.hash()).equals(hash)) {
            return Optional.of(e.token());
          }
        }
        return Optional.empty();
      }
      StoredToken t = byId.get(id).token();
      return t.hashKeyId() == hashKeyId ? Optional.of(t) : Optional.empty();
    }
  }

  @Override
  public List<StoredToken> list() {
    List<StoredToken> all = new ArrayList<>();
    synchronized (lock) {
      checkOpen();
      for (Entry e : byId.values()) {
        all.add(e.token());
      }
    }
    all.sort(CREATION_ORDER);
    return List.copyOf(all);
  }

  @Override
  public StoredToken update(StoredToken token) {
    StoredToken change = StoredTokens.forStore(token, token.version());
    synchronized (lock) {
      checkOpen();
      Entry e = byId.get(change.id());
      if (e == null) {
        throw new StoreException.NotFound(String.format(StoredTokens.ERR_NOT_FOUND, change.id()));
      }
      StoredToken stored = e.token();
      if (stored.version() != change.version()) {
        throw new StoreException.Conflict(
            String.format(StoredTokens.ERR_STALE, change.id(), stored.version(), change.version()));
      }
      ByteBuffer oldHash = ByteBuffer.wrap(stored.secretHash());
      ByteBuffer newHash = ByteBuffer.wrap(change.secretHash());
      String holder = idByHash.get(newHash);
      if (holder != null && !holder.equals(change.id())) {
        throw new StoreException.Conflict(StoredTokens.ERR_DUPLICATE_HASH);
      }
      StoredToken next = StoredTokens.updated(stored, change);
      idByHash.remove(oldHash);
      idByHash.put(newHash, next.id());
      byId.put(next.id(), new Entry(next, ++sequence));
      return next;
    }
  }

  @Override
  public boolean revoke(String id, Instant at) {
    Objects.requireNonNull(id, "id");
    Instant when = StoredTokens.time("revokedAt", Objects.requireNonNull(at, "at"));
    synchronized (lock) {
      checkOpen();
      Entry e = byId.get(id);
      if (e == null) {
        throw new StoreException.NotFound(String.format(StoredTokens.ERR_NOT_FOUND, id));
      }
      StoredToken t = e.token();
      if (t.isRevoked()) {
        return false;
      }
      StoredToken revoked =
          new StoredToken(t.id(), t.label(), t.owner(), t.createdBy(), t.createdAt(),
              t.expiresAt(), t.restrictions(), t.ipAllowList(), t.runAsAllowed(), when,
              t.usageCount(), t.lastUsedAt(), t.hashKeyId(), t.secretHash(),
              t.encryptedSecret(), t.version() + 1, t.controls());
      byId.put(id, new Entry(revoked, ++sequence));
      return true;
    }
  }

  @Override
  public void recordUsage(Map<String, Long> countDeltas, Map<String, Instant> lastUsed) {
    StoredTokens.checkDeltas(countDeltas);
    Map<String, Instant> times = new HashMap<>();
    lastUsed.forEach((id, at) -> times.put(id, StoredTokens.time("lastUsedAt", at)));
    Set<String> ids = new HashSet<>(countDeltas.keySet());
    ids.addAll(times.keySet());
    synchronized (lock) {
      checkOpen();
      for (String id : ids) {
        Entry e = byId.get(id);
        if (e == null) {
          continue;
        }
        StoredToken t = e.token();
        long count = t.usageCount() + countDeltas.getOrDefault(id, 0L);
        Instant at = times.get(id);
        Instant last =
            at == null || (t.lastUsedAt() != null && !at.isAfter(t.lastUsedAt()))
                ? t.lastUsedAt()
                : at;
        StoredToken used =
            new StoredToken(t.id(), t.label(), t.owner(), t.createdBy(), t.createdAt(),
                t.expiresAt(), t.restrictions(), t.ipAllowList(), t.runAsAllowed(),
                t.revokedAt(), count, last, t.hashKeyId(), t.secretHash(),
                t.encryptedSecret(), t.version(), t.controls());
        // Usage is not security-relevant: the change sequence stays, so pollers are not woken.
        byId.put(id, new Entry(used, e.changeSequence()));
      }
    }
  }

  @Override
  public Changes changesSince(long since) {
    List<Entry> changed = new ArrayList<>();
    long current;
    synchronized (lock) {
      checkOpen();
      current = sequence;
      for (Entry e : byId.values()) {
        if (e.changeSequence() > since) {
          changed.add(e);
        }
      }
    }
    changed.sort(Comparator.comparingLong(Entry::changeSequence));
    List<StoredToken> tokens = new ArrayList<>(changed.size());
    for (Entry e : changed) {
      tokens.add(e.token());
    }
    return new Changes(current, tokens);
  }

  @Override
  public Optional<StagedRules> findStaged(String id) {
    Objects.requireNonNull(id, "id");
    synchronized (lock) {
      checkOpen();
      return Optional.ofNullable(staged.get(id));
    }
  }

  @Override
  public Map<String, StagedRules> listStaged() {
    synchronized (lock) {
      checkOpen();
      return Map.copyOf(staged);
    }
  }

  @Override
  public void stage(StagedRules rules) {
    StagedRules s = StagedRules.forStore(rules);
    synchronized (lock) {
      checkOpen();
      Entry e = requireEntry(s.tokenId());
      staged.put(s.tokenId(), s);
      byId.put(s.tokenId(), new Entry(e.token(), ++sequence));
    }
  }

  @Override
  public boolean unstage(String id) {
    Objects.requireNonNull(id, "id");
    synchronized (lock) {
      checkOpen();
      Entry e = requireEntry(id);
      if (staged.remove(id) == null) {
        return false;
      }
      byId.put(id, new Entry(e.token(), ++sequence));
      return true;
    }
  }

  @Override
  public StoredToken promote(String id, long version, String restrictions) {
    Objects.requireNonNull(restrictions, "restrictions");
    synchronized (lock) {
      checkOpen();
      StoredToken t = requireEntry(id).token();
      StagedRules s = staged.get(id);
      if (s == null) {
        throw new StoreException.NotFound(String.format(StoredTokens.ERR_NOTHING_STAGED, id));
      }
      if (!s.restrictions().equals(restrictions)) {
        throw new StoreException.Conflict(String.format(StoredTokens.ERR_STAGED_CHANGED, id));
      }
      if (t.version() != version) {
        throw new StoreException.Conflict(
            String.format(StoredTokens.ERR_STALE, id, t.version(), version));
      }
      StoredToken next = StoredTokens.updated(t,
          new StoredToken(t.id(), t.label(), t.owner(), t.createdBy(), t.createdAt(),
              t.expiresAt(), restrictions, t.ipAllowList(), t.runAsAllowed(), t.revokedAt(),
              t.usageCount(), t.lastUsedAt(), t.hashKeyId(), t.secretHash(),
              t.encryptedSecret(), t.version(), t.controls()));
      staged.remove(id);
      byId.put(id, new Entry(next, ++sequence));
      return next;
    }
  }

  private Entry requireEntry(String id) {
    Entry e = byId.get(id);
    if (e == null) {
      throw new StoreException.NotFound(String.format(StoredTokens.ERR_NOT_FOUND, id));
    }
    return e;
  }

  @Override
  public Map<Integer, byte[]> keyChecks() {
    synchronized (lock) {
      checkOpen();
      Map<Integer, byte[]> copy = new HashMap<>();
      keyChecks.forEach((id, v) -> copy.put(id, v.clone()));
      return copy;
    }
  }

  @Override
  public void recordKeyCheck(int keyId, byte[] checkValue) {
    byte[] copy = checkValue.clone();
    synchronized (lock) {
      checkOpen();
      keyChecks.putIfAbsent(keyId, copy);
    }
  }

  @Override
  public boolean claimWarning(String tokenId, Instant expiresAt, String threshold, String node,
      Instant at) {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(threshold, "threshold");
    Instant expiry = StoredTokens.time("expiresAt", Objects.requireNonNull(expiresAt, "expiresAt"));
    synchronized (lock) {
      checkOpen();
      return warnings.add(List.of(tokenId, expiry, threshold));
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreException(StoredTokens.ERR_CLOSED);
    }
  }
}
