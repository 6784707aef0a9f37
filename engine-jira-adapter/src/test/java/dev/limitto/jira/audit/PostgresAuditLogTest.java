package dev.limitto.jira.audit;

import dev.limitto.jira.db.ConnectionSource;
import dev.limitto.jira.db.PostgresServer;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The audit table on a real PostgreSQL server started by {@link PostgresServer}. */
class PostgresAuditLogTest extends JdbcAuditLogContract {

  @Override
  protected ConnectionSource newDatabase() {
    PostgresServer server = PostgresServer.shared();
    return server.connectionSource(server.newDatabase());
  }

  @Test
  void auditLogRunsOnThePostgresqlDialect() {
    assertThat(log.dialectName()).isEqualTo("POSTGRESQL");
  }
}
