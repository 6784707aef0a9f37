package dev.limitto.jira.audit;

import dev.limitto.jira.db.ConnectionSource;
import dev.limitto.jira.db.H2ConnectionSource;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit table on embedded H2 in file mode, in the token database of the data directory. */
class H2AuditLogTest extends JdbcAuditLogContract {

  @TempDir Path dataDir;
  private H2ConnectionSource h2;

  @Override
  protected ConnectionSource newDatabase() {
    h2 = H2ConnectionSource.inDirectory(dataDir);
    return h2;
  }

  @AfterEach
  void shutDown() {
    h2.close();
  }

  @Test
  void auditLogRunsOnTheH2Dialect() {
    assertThat(log.dialectName()).isEqualTo("H2");
  }
}
