package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.store.TokenStore;
import dev.limitto.jira.token.crypto.KeyRing;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tokens forged by anyone who knows the (public) format, with valid checksums, never reach the
 * store, so a flood of them cannot use up the store look-ups that a real token, issued on another
 * node and not yet in this node's memory, needs on its first use.
 */
class ForgedTokenFloodTest {

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String ADDR = "192.0.2.1";

  /**
   * A token as an attacker makes it: prefix, key id 01, random base62 of the given length, and
   * the CRC32 checksum (public). 49 random characters give the tagged length (the attacker has
   * to guess the tag), 43 the untagged one.
   */
  static String forge(SecureRandom r, int randomChars) {
    StringBuilder sb = new StringBuilder("ltk_01");
    for (int i = 0; i < randomChars; i++) {
      sb.append(BASE62.charAt(r.nextInt(62)));
    }
    CRC32 crc = new CRC32();
    crc.update(sb.toString().getBytes(StandardCharsets.US_ASCII));
    long sum = crc.getValue();
    char[] c = new char[6];
    for (int i = 5; i >= 0; i--) {
      c[i] = BASE62.charAt((int) (sum % 62));
      sum /= 62;
    }
    return sb.append(c).toString();
  }

  @Test
  @Timeout(60)
  void thousandsOfForgedTokensWithValidChecksumsNeverReachTheStore() {
    Fixture f = new Fixture();
    SecureRandom r = new SecureRandom();
    for (int i = 0; i < 5_000; i++) {
      for (String forged : List.of(forge(r, 43), forge(r, 49))) {
        AuthResult result = f.auth().authenticate(forged, "alice", ADDR);
        assertThat(result).isInstanceOf(AuthResult.Refused.class);
      }
    }
    assertThat(f.store.findBySecretHash.get()).isZero();
  }

  @Test
  @Timeout(60)
  void floodOfForgedTokensFromOtherThreadsCannotStarveAFirstUseOfARealToken() throws Exception {
    InMemoryTokenStore shared = new InMemoryTokenStore();
    KeyRing keys = KeyRing.generate();
    MutableClock clock = new MutableClock(Fixture.START);
    HoldingStore holding = new HoldingStore(shared);
    Fixture b = new Fixture(TokenSettings.builder().maxConcurrentStoreLookups(1).build(),
        holding, keys, clock);
    Fixture a = new Fixture(TokenSettings.defaults(), shared, keys, clock);
    // issued on node a after node b loaded the store: b meets it first at its first use
    IssuedToken real = a.create("alice");
    holding.pass = keys.hash(real.token().hashKeyId(), real.secret());

    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger attempts = new AtomicInteger();
    List<Thread> flood = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread th = new Thread(() -> {
        SecureRandom r = new SecureRandom();
        while (!stop.get()) {
          b.auth().authenticate(forge(r, 43), "alice", ADDR);
          b.auth().authenticate(forge(r, 49), "alice", ADDR);
          attempts.addAndGet(2);
        }
      }, "forger-" + t);
      th.setDaemon(true);
      flood.add(th);
      th.start();
    }
    try {
      // the flood is on: it has a look-up held in the store, or has sent thousands of forgeries
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (holding.held.getCount() > 0 && attempts.get() < 4_000
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      AuthResult first = b.auth().authenticate(real.secret(), "alice", ADDR);
      assertThat(first).isInstanceOf(AuthResult.Authenticated.class);
      assertThat(holding.forgedLookUps.get()).isZero();
    } finally {
      stop.set(true);
      holding.release.countDown();
      for (Thread th : flood) {
        th.join(10_000);
      }
    }
  }

  /**
   * A store whose look-ups of any hash but {@link #pass} wait until released: a forgery that
   * reaches it holds its look-up slot for as long as the test lets it.
   */
  static final class HoldingStore implements TokenStore {
    private final TokenStore delegate;
    volatile byte[] pass = new byte[0];
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch held = new CountDownLatch(1);
    final AtomicInteger forgedLookUps = new AtomicInteger();

    HoldingStore(TokenStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<StoredToken> findBySecretHash(int hashKeyId, byte[] secretHash) {
      if (!KeyRing.hashesEqual(pass, secretHash)) {
        forgedLookUps.incrementAndGet();
        held.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return delegate.findBySecretHash(hashKeyId, secretHash);
    }

    @Override
    public void insert(StoredToken token) {
      delegate.insert(token);
    }

    @Override
    public Optional<StoredToken> findById(String id) {
      return delegate.findById(id);
    }

    @Override
    public List<StoredToken> list() {
      return delegate.list();
    }

    @Override
    public StoredToken update(StoredToken token) {
      return delegate.update(token);
    }

    @Override
    public boolean revoke(String id, Instant at) {
      return delegate.revoke(id, at);
    }

    @Override
    public void recordUsage(Map<String, Long> countDeltas, Map<String, Instant> lastUsed) {
      delegate.recordUsage(countDeltas, lastUsed);
    }

    @Override
    public Changes changesSince(long sequence) {
      return delegate.changesSince(sequence);
    }

    @Override
    public Map<Integer, byte[]> keyChecks() {
      return delegate.keyChecks();
    }

    @Override
    public void recordKeyCheck(int keyId, byte[] checkValue) {
      delegate.recordKeyCheck(keyId, checkValue);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
