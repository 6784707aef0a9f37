package dev.limitto.jira.store;

import dev.limitto.jira.db.StoreException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.jira.db.ConnectionSource;
import dev.limitto.jira.db.PostgresServer;
import java.net.ServerSocket;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/**
 * The store contract against {@link JdbcTokenStore} on a real PostgreSQL server started by
 * {@link PostgresServer} (once per test JVM; a fresh schema per test).
 */
class PostgresTokenStoreTest extends JdbcTokenStoreContract {

  @Override
  protected ConnectionSource newDatabase() {
    PostgresServer server = PostgresServer.shared();
    return server.schemaConnectionSource(server.newSchema());
  }

  @Test
  void storeRunsOnThePostgresqlDialect() {
    assertThat(((JdbcTokenStore) store).dialectName()).isEqualTo("POSTGRESQL");
  }

  @Test
  void serverThatIsNotListeningThenStoreExceptionSayingSo() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/none?connectTimeout=5";

    assertThatThrownBy(() -> JdbcTokenStore.open(() -> DriverManager.getConnection(url, "u", "p")))
        .isExactlyInstanceOf(StoreException.class)
        .hasMessage("token store unavailable: cannot reach the database (during schema check)");
  }
}
