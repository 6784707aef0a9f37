package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.db.H2ConnectionSource;
import dev.limitto.jira.store.JdbcTokenStore;
import dev.limitto.jira.token.crypto.KeyFile;
import dev.limitto.jira.token.crypto.KeyRing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secure mode keeps no trace of a secret: not in any field of the store, not in the key file, not
 * in the log. Log output is captured from standard error, where slf4j-simple writes.
 */
class SecureModeSecretScanTest {

  @TempDir Path dir;

  @Test
  void secureModeLeavesNoByteOfAnySecretInStoreKeyFileOrLog() throws Exception {
    KeyRing keys = KeyFile.loadOrCreate(dir.resolve(KeyFile.DEFAULT_NAME));
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> secrets = new ArrayList<>();
    Fixture f;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      f = new Fixture(TokenSettings.builder().secureMode(true).build(),
          new dev.limitto.jira.store.InMemoryTokenStore(), keys, new MutableClock(Fixture.START));
      for (String owner : List.of("alice", "bob", "alice")) {
        secrets.add(f.create(owner).secret());
      }
      // exercise every path that logs: store outage on look-up, poll and usage flush; bad tokens
      for (String s : secrets) {
        f.auth().authenticate(s, "alice", "192.0.2.1");
        f.auth().authenticate(s.substring(0, 50) + "000000", "alice", "192.0.2.1");
      }
      f.store.down = true;
      f.auth().refresh();
      f.auth().flushUsage();
      f.store.down = false;
      f.auth().refresh();
      f.auth().flushUsage();
      f.service.revoke(f.service.list().get(0).id(), Fixture.ADMIN);
    } finally {
      System.setErr(originalErr);
    }
    Files.write(dir.resolve("captured.log"), captured.toByteArray());

    SecretScan scan = new SecretScan(secrets);
    assertThat(scan.scanTokens(f.service.list())).isEmpty();
    assertThat(scan.scanDirectory(dir)).isEmpty();
    assertThat(f.events.toString()).doesNotContain(secrets.get(0).substring(10, 22));
    // the log did get written: the scan looked at real output
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("Token store unavailable");
  }

  @Test
  void secureModeOnH2LeavesNoByteOfAnySecretInTheDataDirectory() throws Exception {
    Path data = dir.resolve("data");
    KeyRing keys = KeyFile.loadOrCreate(data.resolve(KeyFile.DEFAULT_NAME));
    List<String> secrets = new ArrayList<>();
    H2ConnectionSource source = H2ConnectionSource.inDirectory(data);
    try (JdbcTokenStore store = JdbcTokenStore.open(source)) {
      Fixture f = new Fixture(TokenSettings.builder().secureMode(true).build(), store, keys,
          new MutableClock(Fixture.START));
      for (String owner : List.of("alice", "bob", "alice", "bob")) {
        IssuedToken t = f.create(owner);
        secrets.add(t.secret());
        f.auth().authenticate(t.secret(), owner, "192.0.2.1");
      }
      f.auth().flushUsage();
      f.service.revoke(f.service.list().get(1).id(), Fixture.ADMIN);
      assertThat(new SecretScan(secrets).scanTokens(f.service.list())).isEmpty();
    } finally {
      source.close();
    }
    assertThat(Files.list(data).map(p -> p.getFileName().toString()))
        .anyMatch(n -> n.startsWith(H2ConnectionSource.FILE_NAME));
    assertThat(new SecretScan(secrets).scanDirectory(data)).isEmpty();
  }

  @Test
  void standardModeOnH2KeepsOnlyCiphertextSoTheScanStillFindsNoSecret() throws Exception {
    Path data = dir.resolve("standard");
    KeyRing keys = KeyFile.loadOrCreate(data.resolve(KeyFile.DEFAULT_NAME));
    List<String> secrets = new ArrayList<>();
    H2ConnectionSource source = H2ConnectionSource.inDirectory(data);
    try (JdbcTokenStore store = JdbcTokenStore.open(source)) {
      Fixture f = new Fixture(TokenSettings.defaults(), store, keys, new MutableClock(Fixture.START));
      IssuedToken t = f.create("alice");
      secrets.add(t.secret());
      assertThat(f.service.show(t.token().id(), Fixture.ADMIN).secret()).isEqualTo(t.secret());
    } finally {
      source.close();
    }
    assertThat(new SecretScan(secrets).scanDirectory(data)).isEmpty();
  }

  @Test
  void scanOfH2FilesFindsTextThatIsStoredThere() throws Exception {
    // control: the database files hold text readably, so a clean scan above means something
    Path data = dir.resolve("control");
    String planted = TokenFormat.generate(1, KeyRing.generate(), new java.security.SecureRandom());
    H2ConnectionSource source = H2ConnectionSource.inDirectory(data);
    try (JdbcTokenStore store = JdbcTokenStore.open(source)) {
      Fixture f = new Fixture(TokenSettings.defaults(), store, KeyRing.generate(),
          new MutableClock(Fixture.START));
      f.service.create(TokenRequest.builder().owner("alice").label(planted).unrestricted().build(), Fixture.ADMIN);
    } finally {
      source.close();
    }
    assertThat(new SecretScan(List.of(planted)).scanDirectory(data)).isNotEmpty();
  }

  @Test
  void scanFindsASecretHiddenInAFileInAnyEncoding() throws Exception {
    String secret = TokenFormat.generate(1, KeyRing.generate(), new java.security.SecureRandom());
    SecretScan scan = new SecretScan(List.of(secret));
    Files.write(dir.resolve("utf8.bin"), ("x" + secret.substring(20, 40) + "y").getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve("utf16.bin"), secret.getBytes(StandardCharsets.UTF_16LE));
    Files.write(dir.resolve("b64.txt"), java.util.Base64.getEncoder()
        .encode(secret.getBytes(StandardCharsets.UTF_8)));
    Files.writeString(dir.resolve("clean.txt"), "ltk_ and nothing else");
    List<String> found = scan.scanDirectory(dir);
    assertThat(found).anyMatch(s -> s.contains("utf8.bin"));
    assertThat(found).anyMatch(s -> s.contains("utf16.bin"));
    assertThat(found).anyMatch(s -> s.contains("b64.txt"));
    assertThat(found).noneMatch(s -> s.contains("clean.txt"));
  }

  @Test
  void standardModeCiphertextIsNoTraceOfTheSecret() {
    Fixture f = new Fixture();
    String secret = f.create("alice").secret();
    assertThat(new SecretScan(List.of(secret)).scanTokens(f.service.list())).isEmpty();
    assertThat(f.service.list().get(0).encryptedSecret()).isNotNull();
  }
}
