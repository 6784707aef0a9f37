package dev.limitto.jira.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the JDBC token store and the JDBC audit log get their database connections. Each
 * operation borrows one connection and closes it when done, so a pooled source gets it back at
 * once. Writers set auto-commit off for their writes and restore it before closing.
 *
 * <p>Inside Jira this is bound to Jira's own database (see docs/store.md, "Jira binding"); the
 * standalone server uses {@link H2ConnectionSource} or a PostgreSQL URL. The adapter bundles no
 * JDBC driver: the driver comes with whoever provides the connections.
 */
@FunctionalInterface
public interface ConnectionSource {

  /** A connection to the database holding the token tables; the caller closes it. */
  Connection getConnection() throws SQLException;
}
