package dev.limitto.jira.token;

import dev.limitto.jira.db.StoreException;
import dev.limitto.jira.store.StagedRules;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.store.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store wrapper that counts calls and can be switched "down" (every call throws), to prove what
 * the token code asks of the store and that it fails closed.
 */
final class CountingStore implements TokenStore {

  static final String DOWN = "connection refused (test store is down)";

  private final TokenStore delegate;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger findBySecretHash = new AtomicInteger();
  final AtomicInteger recordUsage = new AtomicInteger();
  final AtomicInteger inserts = new AtomicInteger();
  volatile boolean down;
  /** When >= 0, the insert with this 0-based number fails (then the counter is disarmed). */
  volatile int failInsertNumber = -1;
  /** Runs inside findBySecretHash before it answers (to hold a look-up open). */
  volatile Runnable beforeFind = () -> {};

  CountingStore(TokenStore delegate) {
    this.delegate = delegate;
  }

  private void enter() {
    calls.incrementAndGet();
    if (down) {
      throw new StoreException(DOWN);
    }
  }

  @Override
  public void insert(StoredToken token) {
    enter();
    int n = inserts.getAndIncrement();
    if (n == failInsertNumber) {
      failInsertNumber = -1;
      throw new StoreException(DOWN);
    }
    delegate.insert(token);
  }

  @Override
  public Optional<StoredToken> findById(String id) {
    enter();
    return delegate.findById(id);
  }

  @Override
  public Optional<StoredToken> findBySecretHash(int hashKeyId, byte[] secretHash) {
    findBySecretHash.incrementAndGet();
    enter();
    beforeFind.run();
    return delegate.findBySecretHash(hashKeyId, secretHash);
  }

  @Override
  public List<StoredToken> list() {
    enter();
    return delegate.list();
  }

  @Override
  public StoredToken update(StoredToken token) {
    enter();
    return delegate.update(token);
  }

  @Override
  public Optional<StagedRules> findStaged(String id) {
    enter();
    return delegate.findStaged(id);
  }

  @Override
  public Map<String, StagedRules> listStaged() {
    enter();
    return delegate.listStaged();
  }

  @Override
  public void stage(StagedRules staged) {
    enter();
    delegate.stage(staged);
  }

  @Override
  public boolean unstage(String id) {
    enter();
    return delegate.unstage(id);
  }

  @Override
  public StoredToken promote(String id, long version, String restrictions) {
    enter();
    return delegate.promote(id, version, restrictions);
  }

  @Override
  public boolean revoke(String id, Instant at) {
    enter();
    return delegate.revoke(id, at);
  }

  @Override
  public void recordUsage(Map<String, Long> countDeltas, Map<String, Instant> lastUsed) {
    recordUsage.incrementAndGet();
    enter();
    delegate.recordUsage(countDeltas, lastUsed);
  }

  @Override
  public Changes changesSince(long sequence) {
    enter();
    return delegate.changesSince(sequence);
  }

  @Override
  public Map<Integer, byte[]> keyChecks() {
    enter();
    return delegate.keyChecks();
  }

  @Override
  public void recordKeyCheck(int keyId, byte[] checkValue) {
    enter();
    delegate.recordKeyCheck(keyId, checkValue);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
