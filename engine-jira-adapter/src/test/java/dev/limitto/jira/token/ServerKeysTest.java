package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.token.crypto.KeyFile.KeyFileException;
import dev.limitto.jira.token.crypto.KeyFile;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerKeysTest {

  @TempDir Path dir;

  private final InMemoryTokenStore store = new InMemoryTokenStore();

  private Path keyFile() {
    return dir.resolve(KeyFile.DEFAULT_NAME);
  }

  private IssuedToken createToken(KeyRing keys, TokenSettings settings) {
    try (TokenService tokens = TokenService.builder().store(store).keys(keys).settings(settings)
        .users(new InMemoryUserDirectory().add("alice", "alice@example.com")).build()) {
      return tokens.create(
          TokenRequest.builder().owner("alice").label("ci").unrestricted().build(), "admin");
    }
  }

  /** Puts a key file of another installation at {@code file}. */
  private static void foreignKeyFile(Path file) throws Exception {
    Path other = file.resolveSibling("other-" + KeyFile.DEFAULT_NAME);
    KeyFile.loadOrCreate(other);
    Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void openWhenStoreUnusedAndNoKeyFileThenCreatesItAndRecordsItsCheckValue() {
    KeyRing keys = ServerKeys.open(keyFile(), store);

    assertThat(keyFile()).exists();
    assertThat(store.keyChecks()).containsOnlyKeys(1);
    assertThat(store.keyChecks().get(1)).containsExactly(keys.checkValue(1));
    assertThat(ServerKeys.open(keyFile(), store).checkValue(1)).containsExactly(keys.checkValue(1));
  }

  @Test
  void openWhenKeyFileMissingAndStoreHoldsTokensThenRefusedAndNoKeyIsMade() throws Exception {
    createToken(ServerKeys.open(keyFile(), store), TokenSettings.defaults());
    Files.delete(keyFile());

    assertThatThrownBy(() -> ServerKeys.open(keyFile(), store))
        .isInstanceOf(KeyFileException.class)
        .hasMessage(String.format(ServerKeys.ERR_MISSING, keyFile(), "[1]", 1));
    assertThat(keyFile()).doesNotExist();
  }

  @Test
  void openWhenKeyFileMissingAndStoreRecordsAKeyButHoldsNoTokenThenRefused() throws Exception {
    ServerKeys.open(keyFile(), store);
    Files.delete(keyFile());

    assertThatThrownBy(() -> ServerKeys.open(keyFile(), store))
        .hasMessage(String.format(ServerKeys.ERR_MISSING, keyFile(), "[1]", 0));
    assertThat(keyFile()).doesNotExist();
  }

  @Test
  void openWhenKeyFileOfAnotherInstallationThenRefusedAsNotMatching() throws Exception {
    ServerKeys.open(keyFile(), store);
    foreignKeyFile(keyFile());

    assertThatThrownBy(() -> ServerKeys.open(keyFile(), store))
        .isInstanceOf(KeyFileException.class)
        .hasMessage(String.format(ServerKeys.ERR_MISMATCH, keyFile(), 1));
  }

  @Test
  void openWhenStorePredatesCheckValuesThenAWrongKeyIsFoundByAStoredSecret() throws Exception {
    // tokens made before check values were recorded: only the encrypted secret can tell
    KeyRing original = KeyFile.loadOrCreate(keyFile());
    createToken(original, TokenSettings.defaults());
    assertThat(store.keyChecks()).isEmpty();
    foreignKeyFile(keyFile());

    assertThatThrownBy(() -> ServerKeys.open(keyFile(), store))
        .hasMessage(String.format(ServerKeys.ERR_MISMATCH, keyFile(), 1));
    assertThat(store.keyChecks()).as("a wrong key is never recorded").isEmpty();
  }

  @Test
  void openWhenStorePredatesCheckValuesAndKeyIsRightThenRecordsIt() throws Exception {
    KeyRing original = KeyFile.loadOrCreate(keyFile());
    createToken(original, TokenSettings.defaults());

    ServerKeys.open(keyFile(), store);

    assertThat(store.keyChecks().get(1)).containsExactly(original.checkValue(1));
  }

  @Test
  void openAfterRotationThenRecordsTheNewKeyAndKeepsAcceptingTheFile() {
    ServerKeys.open(keyFile(), store);
    KeyFile.rotate(keyFile());

    KeyRing rotated = ServerKeys.open(keyFile(), store);

    assertThat(rotated.keyIds()).containsExactly(1, 2);
    assertThat(store.keyChecks()).containsOnlyKeys(1, 2);
  }

  @Test
  void openWhenFileHoldsNoneOfTheRecordedKeysThenRefused() throws Exception {
    ServerKeys.open(keyFile(), store);
    KeyRing other = KeyRing.generate().rotate();
    store.recordKeyCheck(5, other.checkValue(2));
    Files.writeString(keyFile(), "key.7=" + "A".repeat(43) + "\n");
    Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> ServerKeys.open(keyFile(), store))
        .hasMessage(String.format(ServerKeys.ERR_NO_KNOWN_KEY, keyFile(), "[7]", "[1, 5]"));
  }

  @Test
  void checkValueIsTheSameForAKeyAndDiffersBetweenKeys() {
    KeyRing keys = KeyRing.generate().rotate();
    List<byte[]> values = List.of(keys.checkValue(1), keys.checkValue(2));

    assertThat(values.get(0)).hasSize(32);
    assertThat(Arrays.equals(values.get(0), values.get(1))).isFalse();
    assertThat(Arrays.equals(values.get(0), keys.checkValue(1))).isTrue();
  }
}
