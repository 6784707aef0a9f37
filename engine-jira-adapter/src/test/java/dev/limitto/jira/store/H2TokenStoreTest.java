package dev.limitto.jira.store;

import static dev.limitto.jira.store.TokenBuilder.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.jira.db.ConnectionSource;
import dev.limitto.jira.db.H2ConnectionSource;
import dev.limitto.jira.db.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against {@link JdbcTokenStore} on embedded H2 in file mode. */
class H2TokenStoreTest extends JdbcTokenStoreContract {

  @TempDir Path dataDir;
  private final List<H2ConnectionSource> opened = new ArrayList<>();
  private int databases;

  @Override
  protected ConnectionSource newDatabase() {
    H2ConnectionSource s = H2ConnectionSource.inDirectory(dataDir.resolve("db" + ++databases));
    opened.add(s);
    return s;
  }

  @AfterEach
  void shutDownDatabases() {
    opened.forEach(H2ConnectionSource::close);
  }

  @Test
  void databaseIsAFileInTheDataDirectory() {
    assertThat(Files.isRegularFile(dataDir.resolve("db1").resolve("limitto-tokens.mv.db"))).isTrue();
    assertThat(((H2ConnectionSource) source).url())
        .isEqualTo(
            "jdbc:h2:file:" + dataDir.resolve("db1").toAbsolutePath()
                + "/limitto-tokens;DB_CLOSE_DELAY=-1;WRITE_DELAY=0;LOCK_TIMEOUT=10000");
  }

  @Test
  void newDataDirectoryIsPrivateToItsUser() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("db1"))))
        .isEqualTo("rwx------");
  }

  @Test
  void tokensSurviveShuttingTheDatabaseDown() {
    store.insert(token("tok_a").build());
    store.revoke("tok_a", TokenBuilder.BASE);
    store.close();
    ((H2ConnectionSource) source).close();

    store = JdbcTokenStore.open(source);

    assertThat(store.findById("tok_a").orElseThrow().isRevoked()).isTrue();
  }

  @Test
  void dataDirectoryWithASemicolonIsRefused() {
    Path sneaky = dataDir.resolve("x;INIT=RUNSCRIPT FROM 'evil.sql'");

    assertThatThrownBy(() -> H2ConnectionSource.inDirectory(sneaky))
        .isExactlyInstanceOf(StoreException.class)
        .hasMessage(
            "H2 data directory " + sneaky.toAbsolutePath()
                + " cannot be used: the path must not contain ';' (it would be read as database"
                + " settings)");
    assertThat(Files.exists(sneaky)).isFalse();
  }

  @Test
  void storeRunsOnTheH2Dialect() {
    assertThat(((JdbcTokenStore) store).dialectName()).isEqualTo("H2");
  }
}
