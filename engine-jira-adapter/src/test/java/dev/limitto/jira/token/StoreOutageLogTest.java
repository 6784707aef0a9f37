package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.store.InMemoryTokenStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** A store outage is logged once when it starts and once when it ends, not per request. */
class StoreOutageLogTest {

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void outageIsLoggedOnceAndRecoveryOnce() {
    InMemoryTokenStore shared = new InMemoryTokenStore();
    Fixture a = new Fixture(TokenSettings.defaults(), shared,
        dev.limitto.jira.token.crypto.KeyRing.generate(), new MutableClock(Fixture.START));
    Fixture b = a.otherNode(TokenSettings.defaults(), shared);
    SecureRandom r = new SecureRandom();
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      b.store.down = true;
      for (int i = 0; i < 5; i++) {
        b.auth().authenticate(a.create("alice").secret(), "alice", "192.0.2.1");
        b.auth().refresh();
        b.auth().authenticate(TokenFormat.generate(1, b.keys, r), "alice", "192.0.2.1");
      }
      b.store.down = false;
      b.auth().refresh();
      b.auth().refresh();
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(count(log, "Token store unavailable (StoreException: " + CountingStore.DOWN + ")")).isEqualTo(1);
    assertThat(count(log, CachingTokenAuthenticator.LOG_STORE_BACK)).isEqualTo(1);
  }
}
