package dev.limitto.jira.store;

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
