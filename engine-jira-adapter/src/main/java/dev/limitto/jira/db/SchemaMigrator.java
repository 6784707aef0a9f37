package dev.limitto.jira.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * Creates and upgrades a component's tables: ordered, numbered migrations, each recorded in
 * {@code limitto_schema_version} (keyed by component, so other parts of the adapter can keep
 * their own tables there too), applied under a database-wide lock so that nodes starting together
 * migrate once.
 *
 * <ul>
 *   <li>PostgreSQL: one transaction holding {@code pg_advisory_xact_lock}; DDL is transactional,
 *       so a failed migration leaves nothing behind and the lock goes with the transaction (or
 *       the connection, if the node dies).
 *   <li>H2: DDL commits on its own, so the lock is a row lock ({@code SELECT ... FOR UPDATE} on
 *       {@code limitto_schema_lock}) held by a second connection while the first migrates. H2
 *       statements therefore must be safe to run again ({@code IF NOT EXISTS}): a crash between a
 *       statement and its version row makes the next start repeat it.
 * </ul>
 *
 * A database whose schema is newer than this release knows is refused rather than guessed at.
 */
public final class SchemaMigrator {

  public static final String VERSION_TABLE = "limitto_schema_version";
  public static final String LOCK_TABLE = "limitto_schema_lock";
  /** Key of the PostgreSQL advisory lock: "LimitTo" in ASCII, unlikely to clash with others. */
  static final long ADVISORY_LOCK_KEY = 0x4c696d6974546fL;
  /** How long H2 waits for another migrator before giving up, in milliseconds. */
  static final int H2_LOCK_TIMEOUT_MILLIS = 60_000;

  public static final String ERR_NUMBERING =
      "migrations of %s must be numbered 1, 2, 3, ... in order; step %d is not";
  public static final String ERR_NEWER =
      "the %s tables are at schema version %d but this release knows only up to %d; refusing to"
          + " use a schema it does not understand (upgrade this node)";

  /**
   * One step of the schema. Statements may use {@code {text}} and {@code {binary}} for the
   * dialect's column types and must be repeatable (see the class comment).
   */
  public record Migration(int version, String description, List<String> statements) {
    public Migration {
      Objects.requireNonNull(description, "description");
      statements = List.copyOf(statements);
    }
  }

  private final String component;
  private final List<Migration> migrations;

  public SchemaMigrator(String component, List<Migration> migrations) {
    this.component = component;
    this.migrations = List.copyOf(migrations);
    for (int i = 0; i < this.migrations.size(); i++) {
      if (this.migrations.get(i).version() != i + 1) {
        throw new IllegalArgumentException(String.format(ERR_NUMBERING, component, i + 1));
      }
    }
  }

  public int latestVersion() {
    return migrations.size();
  }

  /** Brings the schema up to {@link #latestVersion()} and tells which database this is. */
  public Dialect migrate(ConnectionSource source) {
    Dialect dialect = Jdbc.read(source, "schema check", Dialect::of);
    if (dialect.transactionalDdl) {
      Jdbc.transaction(
          source,
          "schema migration",
          c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
              lock.setLong(1, ADVISORY_LOCK_KEY);
              lock.executeQuery().close();
            }
            applyPending(c, dialect);
            return null;
          });
    } else {
      migrateUnderRowLock(source, dialect);
    }
    return dialect;
  }

  private void migrateUnderRowLock(ConnectionSource source, Dialect dialect) {
    Connection lock = Jdbc.borrow(source, "schema migration");
    try {
      try (Statement s = lock.createStatement()) {
        s.execute("SET LOCK_TIMEOUT " + H2_LOCK_TIMEOUT_MILLIS);
        s.execute("CREATE TABLE IF NOT EXISTS " + LOCK_TABLE + " (id INTEGER NOT NULL PRIMARY KEY)");
      }
      try (Statement s = lock.createStatement()) {
        s.executeUpdate(
            "INSERT INTO " + LOCK_TABLE + " (id) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM "
                + LOCK_TABLE + " WHERE id = 1)");
      } catch (SQLException e) {
        if (!Jdbc.isUniqueViolation(e)) {
          throw e; // another node inserted the row at the same moment: fine
        }
      }
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.executeQuery("SELECT id FROM " + LOCK_TABLE + " WHERE id = 1 FOR UPDATE").close();
      }
      Jdbc.transaction(
          source,
          "schema migration",
          c -> {
            applyPending(c, dialect);
            return null;
          });
    } catch (SQLException e) {
      throw Jdbc.failure("schema migration", e);
    } finally {
      try {
        lock.rollback();
        lock.setAutoCommit(true);
      } catch (SQLException ignored) {
        // closing releases the row lock anyway
      }
      Jdbc.closeQuietly(lock);
    }
  }

  private void applyPending(Connection c, Dialect dialect) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " ("
              + "component VARCHAR(64) NOT NULL, "
              + "version INTEGER NOT NULL, "
              + "description VARCHAR(200) NOT NULL, "
              + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL, "
              + "PRIMARY KEY (component, version))");
    }
    int current = currentVersion(c);
    if (current > latestVersion()) {
      throw new StoreException(String.format(ERR_NEWER, component, current, latestVersion()));
    }
    for (Migration m : migrations.subList(current, migrations.size())) {
      try (Statement s = c.createStatement()) {
        for (String sql : m.statements()) {
          s.execute(dialect.sql(sql));
        }
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO " + VERSION_TABLE
                  + " (component, version, description, applied_at) VALUES (?, ?, ?, ?)")) {
        p.setString(1, component);
        p.setInt(2, m.version());
        p.setString(3, m.description());
        p.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
        p.executeUpdate();
      }
    }
  }

  /** The highest version recorded for this component, 0 when none. */
  public int currentVersion(Connection c) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT MAX(version) FROM " + VERSION_TABLE + " WHERE component = ?")) {
      p.setString(1, component);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }
}
