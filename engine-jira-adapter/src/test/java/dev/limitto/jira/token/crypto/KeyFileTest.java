package dev.limitto.jira.token.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {

  private static final String SECRET = "legacy-secret-0123456789";

  @TempDir Path dir;

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  @Test
  void loadOrCreateWhenMissingThenCreatesOwnerOnlyFileWithOneKey() throws Exception {
    Path file = dir.resolve("sub").resolve(KeyFile.DEFAULT_NAME);
    KeyRing ring = KeyFile.loadOrCreate(file);
    assertThat(ring.keyIds()).containsExactly(1);
    assertThat(Files.readString(file)).contains("key.1=");
    if (posix()) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void loadOrCreateWhenPresentThenReadsTheSameKeys() {
    Path file = dir.resolve(KeyFile.DEFAULT_NAME);
    KeyRing first = KeyFile.loadOrCreate(file);
    KeyRing again = KeyFile.loadOrCreate(file);
    assertThat(again.hash(1, SECRET)).isEqualTo(first.hash(1, SECRET));
  }

  @Test
  void loadOrCreateLeavesNoTemporaryFileBehind() throws Exception {
    KeyFile.loadOrCreate(dir.resolve(KeyFile.DEFAULT_NAME));
    KeyFile.rotate(dir.resolve(KeyFile.DEFAULT_NAME));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(KeyFile.DEFAULT_NAME);
    }
  }

  @Test
  void rotateAddsKeyTwoKeepsKeyOneAndStaysOwnerOnly() throws Exception {
    Path file = dir.resolve(KeyFile.DEFAULT_NAME);
    KeyRing before = KeyFile.loadOrCreate(file);
    KeyRing rotated = KeyFile.rotate(file);
    assertThat(rotated.newestKeyId()).isEqualTo(2);
    KeyRing reloaded = KeyFile.load(file);
    assertThat(reloaded.keyIds()).containsExactly(1, 2);
    assertThat(reloaded.hash(1, SECRET)).isEqualTo(before.hash(1, SECRET));
    assertThat(reloaded.hash(2, SECRET)).isEqualTo(rotated.hash(2, SECRET));
    if (posix()) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void loadWhenGroupCanReadThenRefusedNamingTheFix() throws Exception {
    assumeTrue(posix(), "POSIX permissions only");
    Path file = dir.resolve(KeyFile.DEFAULT_NAME);
    KeyFile.loadOrCreate(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    assertThatThrownBy(() -> KeyFile.load(file))
        .isInstanceOf(KeyFile.KeyFileException.class)
        .hasMessage(String.format(KeyFile.ERR_PERMISSIONS, file, "rw-r-----", file));
  }

  @Test
  void loadWhenLineIsMalformedThenRefusedWithFileAndLine() throws Exception {
    Path file = dir.resolve(KeyFile.DEFAULT_NAME);
    Files.writeString(file, "# comment\nkey.1=not-base64-of-32-bytes\n", StandardCharsets.US_ASCII);
    if (posix()) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
    assertThatThrownBy(() -> KeyFile.load(file))
        .isInstanceOf(KeyFile.KeyFileException.class)
        .hasMessage(String.format(KeyFile.ERR_SYNTAX, file, 2));
  }

  @Test
  void loadWhenNoKeyThenRefused() throws Exception {
    Path file = dir.resolve(KeyFile.DEFAULT_NAME);
    Files.writeString(file, "# nothing\n", StandardCharsets.US_ASCII);
    if (posix()) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
    assertThatThrownBy(() -> KeyFile.load(file)).hasMessage(String.format(KeyFile.ERR_EMPTY, file));
  }
}
