package dev.limitto.jira.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The few places where H2 and PostgreSQL differ for the token tables. Everything else (types
 * {@code TIMESTAMP WITH TIME ZONE}, {@code BIGINT}, {@code BOOLEAN}; {@code IF NOT EXISTS};
 * SQLState 23505 for unique violations; a counter row instead of a database sequence) is
 * written once for both.
 */
public enum Dialect {
  /** Embedded default: file mode under the data directory. DDL commits on its own. */
  H2("VARCHAR", "VARBINARY", false),
  /** Data Center clusters. DDL is transactional. */
  POSTGRESQL("TEXT", "BYTEA", true);

  public static final String ERR_UNSUPPORTED =
      "token store needs H2 or PostgreSQL; this database reports itself as %s";

  /** Unbounded text column type. */
  final String text;
  /** Byte string column type. */
  final String binary;
  /** Whether CREATE/ALTER take part in the surrounding transaction (rolled back on failure). */
  final boolean transactionalDdl;

  Dialect(String text, String binary, boolean transactionalDdl) {
    this.text = text;
    this.binary = binary;
    this.transactionalDdl = transactionalDdl;
  }

  /** Fills the {@code {text}} and {@code {binary}} placeholders of a statement. */
  public String sql(String template) {
    return template.replace("{text}", text).replace("{binary}", binary);
  }

  public static Dialect of(Connection c) throws SQLException {
    String product = c.getMetaData().getDatabaseProductName();
    String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (p.equals("h2")) {
      return H2;
    }
    if (p.equals("postgresql")) {
      return POSTGRESQL;
    }
    throw new StoreException(String.format(ERR_UNSUPPORTED, product));
  }
}
