package dev.limitto.jira.store;

import dev.limitto.jira.db.ConnectionSource;
import dev.limitto.jira.db.Dialect;
import dev.limitto.jira.db.Jdbc;
import dev.limitto.jira.db.SchemaMigrator;
import dev.limitto.jira.db.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A {@link TokenStore} in a relational database: embedded H2 (file mode, the default) or
 * PostgreSQL (Data Center clusters, every node on the same database). Connections come from a
 * {@link ConnectionSource}; each operation borrows one and gives it back.
 *
 * <p>Every write is one transaction. Security-relevant writes (insert, update, revoke) first
 * increment the single row of {@code limitto_token_sequence} and stamp the token with the new
 * value; the row lock that increment takes is held until commit, so these writes commit in
 * sequence order and a node polling {@link #changesSince} never skips one that commits late.
 * Usage is written by {@link #recordUsage} as one JDBC batch per flush, without touching the
 * sequence.
 *
 * <p>The schema is created and migrated by {@link #open}; see docs/store.md.
 */
public final class JdbcTokenStore implements TokenStore, WarningClaims {

  static final String TOKEN_TABLE = "limitto_token";
  static final String SEQUENCE_TABLE = "limitto_token_sequence";
  static final String KEY_CHECK_TABLE = "limitto_key_check";
  static final String CONTROL_TABLE = "limitto_token_control";
  static final String WARNING_TABLE = "limitto_token_warning";
  static final String STAGED_TABLE = "limitto_token_staged";
  static final String COMPONENT = "tokens";

  /** The token tables, in order. Append new steps; never change a released one. */
  static final List<SchemaMigrator.Migration> MIGRATIONS =
      List.of(
          new SchemaMigrator.Migration(
              1,
              "token table and change sequence",
              List.of(
                  "CREATE TABLE IF NOT EXISTS " + TOKEN_TABLE + " ("
                      + "id VARCHAR(" + StoredTokens.MAX_ID_LENGTH + ") NOT NULL PRIMARY KEY, "
                      + "label {text} NOT NULL, "
                      + "owner {text}, "
                      + "created_by {text} NOT NULL, "
                      + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                      + "expires_at TIMESTAMP WITH TIME ZONE, "
                      + "restrictions {text} NOT NULL, "
                      + "ip_allow_list {text} NOT NULL, "
                      + "run_as_allowed BOOLEAN NOT NULL, "
                      + "revoked_at TIMESTAMP WITH TIME ZONE, "
                      + "usage_count BIGINT NOT NULL, "
                      + "last_used_at TIMESTAMP WITH TIME ZONE, "
                      + "hash_key_id INTEGER NOT NULL, "
                      + "secret_hash {binary} NOT NULL, "
                      + "encrypted_secret {binary}, "
                      + "version BIGINT NOT NULL, "
                      + "change_seq BIGINT NOT NULL, "
                      + "CONSTRAINT limitto_token_secret_hash_uq UNIQUE (secret_hash))",
                  "CREATE TABLE IF NOT EXISTS " + SEQUENCE_TABLE + " ("
                      + "id INTEGER NOT NULL PRIMARY KEY, seq BIGINT NOT NULL)",
                  "INSERT INTO " + SEQUENCE_TABLE + " (id, seq) SELECT 1, 0 WHERE NOT EXISTS"
                      + " (SELECT 1 FROM " + SEQUENCE_TABLE + " WHERE id = 1)")),
          new SchemaMigrator.Migration(
              2,
              "indexes for change polling and listing",
              List.of(
                  "CREATE INDEX IF NOT EXISTS limitto_token_change_seq_idx ON " + TOKEN_TABLE
                      + " (change_seq)",
                  "CREATE INDEX IF NOT EXISTS limitto_token_created_idx ON " + TOKEN_TABLE
                      + " (created_at, id)")),
          new SchemaMigrator.Migration(
              3,
              "server key check values",
              List.of(
                  "CREATE TABLE IF NOT EXISTS " + KEY_CHECK_TABLE + " ("
                      + "key_id INTEGER NOT NULL PRIMARY KEY, "
                      + "check_value {binary} NOT NULL, "
                      + "recorded_at TIMESTAMP WITH TIME ZONE NOT NULL)")),
          new SchemaMigrator.Migration(
              4,
              "token controls (read-only, rate limit, rotated secret) and expiry warning claims",
              List.of(
                  "CREATE TABLE IF NOT EXISTS " + CONTROL_TABLE + " ("
                      + "token_id VARCHAR(" + StoredTokens.MAX_ID_LENGTH + ") NOT NULL PRIMARY KEY, "
                      + "read_only BOOLEAN NOT NULL, "
                      + "rate_permits BIGINT, "
                      + "rate_period_ms BIGINT, "
                      + "rate_burst BIGINT, "
                      + "previous_key_id INTEGER, "
                      + "previous_hash {binary}, "
                      + "previous_until TIMESTAMP WITH TIME ZONE)",
                  "CREATE INDEX IF NOT EXISTS limitto_token_control_prev_idx ON " + CONTROL_TABLE
                      + " (previous_hash)",
                  "CREATE TABLE IF NOT EXISTS " + WARNING_TABLE + " ("
                      + "token_id VARCHAR(" + StoredTokens.MAX_ID_LENGTH + ") NOT NULL, "
                      + "expires_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                      + "threshold VARCHAR(32) NOT NULL, "
                      + "node {text} NOT NULL, "
                      + "claimed_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                      + "PRIMARY KEY (token_id, expires_at, threshold))")),
          new SchemaMigrator.Migration(
              5,
              "staged (report-only) rules",
              List.of(
                  "CREATE TABLE IF NOT EXISTS " + STAGED_TABLE + " ("
                      + "token_id VARCHAR(" + StoredTokens.MAX_ID_LENGTH
                      + ") NOT NULL PRIMARY KEY, "
                      + "restrictions {text} NOT NULL, "
                      + "staged_by {text} NOT NULL, "
                      + "staged_at TIMESTAMP WITH TIME ZONE NOT NULL)")));

  private static final String COLUMNS =
      "id, label, owner, created_by, created_at, expires_at, restrictions, ip_allow_list,"
          + " run_as_allowed, revoked_at, usage_count, last_used_at, hash_key_id, secret_hash,"
          + " encrypted_secret, version";
  private static final String SELECT =
      "SELECT t.id, t.label, t.owner, t.created_by, t.created_at, t.expires_at, t.restrictions,"
          + " t.ip_allow_list, t.run_as_allowed, t.revoked_at, t.usage_count, t.last_used_at,"
          + " t.hash_key_id, t.secret_hash, t.encrypted_secret, t.version, c.read_only,"
          + " c.rate_permits, c.rate_period_ms, c.rate_burst, c.previous_key_id, c.previous_hash,"
          + " c.previous_until FROM " + TOKEN_TABLE + " t LEFT JOIN " + CONTROL_TABLE
          + " c ON c.token_id = t.id";
  private static final String DELETE_CONTROLS =
      "DELETE FROM " + CONTROL_TABLE + " WHERE token_id = ?";
  private static final String INSERT_CONTROLS =
      "INSERT INTO " + CONTROL_TABLE + " (token_id, read_only, rate_permits, rate_period_ms,"
          + " rate_burst, previous_key_id, previous_hash, previous_until)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String CLAIM_WARNING =
      "INSERT INTO " + WARNING_TABLE + " (token_id, expires_at, threshold, node, claimed_at)"
          + " SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM " + WARNING_TABLE
          + " WHERE token_id = ? AND expires_at = ? AND threshold = ?)";
  private static final String INSERT =
      "INSERT INTO " + TOKEN_TABLE + " (" + COLUMNS + ", change_seq)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE =
      "UPDATE " + TOKEN_TABLE + " SET label = ?, expires_at = ?, restrictions = ?,"
          + " ip_allow_list = ?, run_as_allowed = ?, hash_key_id = ?, secret_hash = ?,"
          + " encrypted_secret = ?, version = version + 1, change_seq = ?"
          + " WHERE id = ? AND version = ?";
  private static final String REVOKE =
      "UPDATE " + TOKEN_TABLE + " SET revoked_at = ?, version = version + 1, change_seq = ?"
          + " WHERE id = ? AND revoked_at IS NULL";
  // A NULL time leaves last_used_at alone: NULL < x is unknown, and NULL stays NULL.
  private static final String USAGE =
      "UPDATE " + TOKEN_TABLE + " SET usage_count = usage_count + ?,"
          + " last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < ? THEN ?"
          + " ELSE last_used_at END WHERE id = ?";
  private static final String BUMP_SEQUENCE =
      "UPDATE " + SEQUENCE_TABLE + " SET seq = seq + 1 WHERE id = 1";
  private static final String READ_SEQUENCE = "SELECT seq FROM " + SEQUENCE_TABLE + " WHERE id = 1";
  private static final String READ_KEY_CHECKS =
      "SELECT key_id, check_value FROM " + KEY_CHECK_TABLE;
  private static final String RECORD_KEY_CHECK =
      "INSERT INTO " + KEY_CHECK_TABLE + " (key_id, check_value, recorded_at)"
          + " SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM " + KEY_CHECK_TABLE
          + " WHERE key_id = ?)";

  private static final String SELECT_STAGED =
      "SELECT token_id, restrictions, staged_by, staged_at FROM " + STAGED_TABLE;
  private static final String TOUCH =
      "UPDATE " + TOKEN_TABLE + " SET change_seq = ? WHERE id = ?";
  private static final String DELETE_STAGED = "DELETE FROM " + STAGED_TABLE + " WHERE token_id = ?";
  private static final String INSERT_STAGED =
      "INSERT INTO " + STAGED_TABLE + " (token_id, restrictions, staged_by, staged_at)"
          + " VALUES (?, ?, ?, ?)";
  private static final String PROMOTE =
      "UPDATE " + TOKEN_TABLE + " SET restrictions = ?, version = version + 1, change_seq = ?"
          + " WHERE id = ? AND version = ?";

  private final ConnectionSource source;
  private final Dialect dialect;
  private volatile boolean closed;

  private JdbcTokenStore(ConnectionSource source, Dialect dialect) {
    this.source = source;
    this.dialect = dialect;
  }

  /**
   * Opens the store: creates or migrates its tables (safe when several nodes start at once),
   * then serves from {@code source}.
   *
   * @throws StoreException when the database cannot be reached, is neither H2 nor PostgreSQL, or
   *     has a newer schema than this release knows
   */
  public static JdbcTokenStore open(ConnectionSource source) {
    Objects.requireNonNull(source, "source");
    Dialect dialect = new SchemaMigrator(COMPONENT, MIGRATIONS).migrate(source);
    return new JdbcTokenStore(source, dialect);
  }

  /** Which database this store runs on (for diagnostics). */
  String dialectName() {
    return dialect.name();
  }

  @Override
  public void insert(StoredToken token) {
    StoredToken t = StoredTokens.forStore(token, 1);
    checkOpen();
    try {
      Jdbc.transaction(
          source,
          "insert",
          c -> {
            long seq = nextSequence(c);
            try (PreparedStatement p = c.prepareStatement(INSERT)) {
              int i = 1;
              p.setString(i++, t.id());
              p.setString(i++, t.label());
              p.setString(i++, t.owner());
              p.setString(i++, t.createdBy());
              setTime(p, i++, t.createdAt());
              setTime(p, i++, t.expiresAt());
              p.setString(i++, t.restrictions());
              p.setString(i++, StoredTokens.joinAllowList(t.ipAllowList()));
              p.setBoolean(i++, t.runAsAllowed());
              setTime(p, i++, t.revokedAt());
              p.setLong(i++, t.usageCount());
              setTime(p, i++, t.lastUsedAt());
              p.setInt(i++, t.hashKeyId());
              p.setBytes(i++, t.secretHash());
              setBytes(p, i++, t.encryptedSecret());
              p.setLong(i++, 1);
              p.setLong(i, seq);
              p.executeUpdate();
            }
            writeControls(c, t.id(), t.controls());
            return null;
          });
    } catch (StoreException e) {
      throw duplicateOr(e, t.id());
    }
  }

  @Override
  public Optional<StoredToken> findById(String id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    return Jdbc.read(source, "find by id", c -> selectById(c, id));
  }

  @Override
  public Optional<StoredToken> findBySecretHash(int hashKeyId, byte[] secretHash) {
    byte[] hash = secretHash.clone();
    checkOpen();
    return Jdbc.read(
        source,
        "find by secret hash",
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(SELECT + " WHERE t.secret_hash = ? AND t.hash_key_id = ?")) {
            p.setBytes(1, hash);
            p.setInt(2, hashKeyId);
            Optional<StoredToken> found = one(p);
            if (found.isPresent()) {
              return found;
            }
          }
          // the secret a rotation replaced is still this token's, until its overlap ends
          try (PreparedStatement p = c.prepareStatement(
              SELECT + " WHERE c.previous_hash = ? AND c.previous_key_id = ?")) {
            p.setBytes(1, hash);
            p.setInt(2, hashKeyId);
            return one(p);
          }
        });
  }

  @Override
  public List<StoredToken> list() {
    checkOpen();
    return Jdbc.read(
        source,
        "list",
        c -> {
          try (PreparedStatement p = c.prepareStatement(SELECT + " ORDER BY t.created_at, t.id")) {
            return all(p);
          }
        });
  }

  @Override
  public StoredToken update(StoredToken token) {
    StoredToken t = StoredTokens.forStore(token, token.version());
    checkOpen();
    try {
      return Jdbc.transaction(
          source,
          "update",
          c -> {
            long seq = nextSequence(c);
            int rows;
            try (PreparedStatement p = c.prepareStatement(UPDATE)) {
              int i = 1;
              p.setString(i++, t.label());
              setTime(p, i++, t.expiresAt());
              p.setString(i++, t.restrictions());
              p.setString(i++, StoredTokens.joinAllowList(t.ipAllowList()));
              p.setBoolean(i++, t.runAsAllowed());
              p.setInt(i++, t.hashKeyId());
              p.setBytes(i++, t.secretHash());
              setBytes(p, i++, t.encryptedSecret());
              p.setLong(i++, seq);
              p.setString(i++, t.id());
              p.setLong(i, t.version());
              rows = p.executeUpdate();
            }
            if (rows == 1) {
              writeControls(c, t.id(), t.controls());
            }
            Optional<StoredToken> stored = selectById(c, t.id());
            if (stored.isEmpty()) {
              throw new StoreException.NotFound(String.format(StoredTokens.ERR_NOT_FOUND, t.id()));
            }
            if (rows == 0) {
              throw new StoreException.Conflict(
                  String.format(
                      StoredTokens.ERR_STALE, t.id(), stored.get().version(), t.version()));
            }
            return stored.get();
          });
    } catch (StoreException e) {
      throw duplicateOr(e, null);
    }
  }

  @Override
  public boolean revoke(String id, Instant at) {
    Objects.requireNonNull(id, "id");
    Instant when = StoredTokens.time("revokedAt", Objects.requireNonNull(at, "at"));
    checkOpen();
    return Jdbc.transaction(
        source,
        "revoke",
        c -> {
          long seq = nextSequence(c);
          try (PreparedStatement p = c.prepareStatement(REVOKE)) {
            setTime(p, 1, when);
            p.setLong(2, seq);
            p.setString(3, id);
            if (p.executeUpdate() == 1) {
              return true;
            }
          }
          if (selectById(c, id).isEmpty()) {
            throw new StoreException.NotFound(String.format(StoredTokens.ERR_NOT_FOUND, id));
          }
          // Already revoked: give the sequence number back so pollers see no phantom change.
          c.rollback();
          return false;
        });
  }

  @Override
  public void recordUsage(Map<String, Long> countDeltas, Map<String, Instant> lastUsed) {
    StoredTokens.checkDeltas(countDeltas);
    // Sorted ids: concurrent flushes from several nodes lock rows in one order, never deadlock.
    TreeSet<String> ids = new TreeSet<>(countDeltas.keySet());
    ids.addAll(lastUsed.keySet());
    List<Object[]> rows = new ArrayList<>(ids.size());
    for (String id : ids) {
      long delta = countDeltas.getOrDefault(id, 0L);
      Instant at = StoredTokens.time("lastUsedAt", lastUsed.get(id));
      if (delta != 0 || at != null) {
        rows.add(new Object[] {id, delta, at});
      }
    }
    checkOpen();
    if (rows.isEmpty()) {
      return;
    }
    Jdbc.transaction(
        source,
        "record usage",
        c -> {
          try (PreparedStatement p = c.prepareStatement(USAGE)) {
            for (Object[] row : rows) {
              p.setLong(1, (Long) row[1]);
              setTime(p, 2, (Instant) row[2]);
              setTime(p, 3, (Instant) row[2]);
              p.setString(4, (String) row[0]);
              p.addBatch();
            }
            p.executeBatch();
          }
          return null;
        });
  }

  @Override
  public Changes changesSince(long since) {
    checkOpen();
    return Jdbc.read(
        source,
        "changes since",
        c -> {
          // Read the sequence first: every write up to it has committed (see the class
          // comment), so the token query below misses none of them. A write committing in
          // between shows up now and again next time, which is harmless.
          long current;
          try (PreparedStatement p = c.prepareStatement(READ_SEQUENCE);
              ResultSet r = p.executeQuery()) {
            r.next();
            current = r.getLong(1);
          }
          try (PreparedStatement p =
              c.prepareStatement(SELECT + " WHERE t.change_seq > ? ORDER BY t.change_seq")) {
            p.setLong(1, since);
            return new Changes(current, all(p));
          }
        });
  }

  @Override
  public Optional<StagedRules> findStaged(String id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    return Jdbc.read(source, "find staged", c -> selectStaged(c, id));
  }

  @Override
  public Map<String, StagedRules> listStaged() {
    checkOpen();
    return Jdbc.read(source, "list staged", c -> {
      Map<String, StagedRules> out = new java.util.HashMap<>();
      try (PreparedStatement p = c.prepareStatement(SELECT_STAGED);
          ResultSet r = p.executeQuery()) {
        while (r.next()) {
          StagedRules s = staged(r);
          out.put(s.tokenId(), s);
        }
      }
      return out;
    });
  }

  @Override
  public void stage(StagedRules rules) {
    StagedRules s = StagedRules.forStore(rules);
    checkOpen();
    Jdbc.transaction(source, "stage", c -> {
      touch(c, s.tokenId());
      try (PreparedStatement p = c.prepareStatement(DELETE_STAGED)) {
        p.setString(1, s.tokenId());
        p.executeUpdate();
      }
      try (PreparedStatement p = c.prepareStatement(INSERT_STAGED)) {
        p.setString(1, s.tokenId());
        p.setString(2, s.restrictions());
        p.setString(3, s.stagedBy());
        setTime(p, 4, s.stagedAt());
        p.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public boolean unstage(String id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    return Jdbc.transaction(source, "unstage", c -> {
      touch(c, id);
      int rows;
      try (PreparedStatement p = c.prepareStatement(DELETE_STAGED)) {
        p.setString(1, id);
        rows = p.executeUpdate();
      }
      if (rows == 0) {
        // nothing was staged: give the sequence number back so pollers see no phantom change
        c.rollback();
        return false;
      }
      return true;
    });
  }

  @Override
  public StoredToken promote(String id, long version, String restrictions) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(restrictions, "restrictions");
    checkOpen();
    return Jdbc.transaction(source, "promote", c -> {
      long seq = nextSequence(c);
      Optional<StoredToken> before = selectById(c, id);
      if (before.isEmpty()) {
        throw new StoreException.NotFound(String.format(StoredTokens.ERR_NOT_FOUND, id));
      }
      Optional<StagedRules> s = selectStaged(c, id);
      if (s.isEmpty()) {
        throw new StoreException.NotFound(String.format(StoredTokens.ERR_NOTHING_STAGED, id));
      }
      if (!s.get().restrictions().equals(restrictions)) {
        throw new StoreException.Conflict(String.format(StoredTokens.ERR_STAGED_CHANGED, id));
      }
      int rows;
      try (PreparedStatement p = c.prepareStatement(PROMOTE)) {
        p.setString(1, restrictions);
        p.setLong(2, seq);
        p.setString(3, id);
        p.setLong(4, version);
        rows = p.executeUpdate();
      }
      if (rows == 0) {
        throw new StoreException.Conflict(
            String.format(StoredTokens.ERR_STALE, id, before.get().version(), version));
      }
      try (PreparedStatement p = c.prepareStatement(DELETE_STAGED)) {
        p.setString(1, id);
        p.executeUpdate();
      }
      return selectById(c, id).orElseThrow();
    });
  }

  /** Moves a token's change sequence (not its version); NotFound when there is no such token. */
  private static void touch(Connection c, String id) throws SQLException {
    long seq = nextSequence(c);
    try (PreparedStatement p = c.prepareStatement(TOUCH)) {
      p.setLong(1, seq);
      p.setString(2, id);
      if (p.executeUpdate() == 0) {
        throw new StoreException.NotFound(String.format(StoredTokens.ERR_NOT_FOUND, id));
      }
    }
  }

  private static Optional<StagedRules> selectStaged(Connection c, String id) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(SELECT_STAGED + " WHERE token_id = ?")) {
      p.setString(1, id);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.of(staged(r)) : Optional.empty();
      }
    }
  }

  private static StagedRules staged(ResultSet r) throws SQLException {
    return new StagedRules(r.getString(1), r.getString(2), r.getString(3), time(r, 4));
  }

  @Override
  public Map<Integer, byte[]> keyChecks() {
    checkOpen();
    return Jdbc.read(
        source,
        "read key checks",
        c -> {
          Map<Integer, byte[]> out = new java.util.HashMap<>();
          try (PreparedStatement p = c.prepareStatement(READ_KEY_CHECKS);
              ResultSet r = p.executeQuery()) {
            while (r.next()) {
              out.put(r.getInt(1), r.getBytes(2));
            }
          }
          return out;
        });
  }

  @Override
  public void recordKeyCheck(int keyId, byte[] checkValue) {
    Objects.requireNonNull(checkValue, "checkValue");
    checkOpen();
    try {
      Jdbc.transaction(
          source,
          "record key check",
          c -> {
            try (PreparedStatement p = c.prepareStatement(RECORD_KEY_CHECK)) {
              p.setInt(1, keyId);
              p.setBytes(2, checkValue);
              setTime(p, 3, Instant.now());
              p.setInt(4, keyId);
              p.executeUpdate();
            }
            return null;
          });
    } catch (StoreException e) {
      if (!(e.getCause() instanceof SQLException sql) || !Jdbc.isUniqueViolation(sql)) {
        throw e;
      }
      // another node recorded the same id at the same moment: the first one stays
    }
  }

  @Override
  public boolean claimWarning(String tokenId, Instant expiresAt, String threshold, String node,
      Instant at) {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(node, "node");
    Instant expiry = StoredTokens.time("expiresAt", Objects.requireNonNull(expiresAt, "expiresAt"));
    Instant when = StoredTokens.time("claimedAt", Objects.requireNonNull(at, "at"));
    checkOpen();
    try {
      return Jdbc.transaction(
          source,
          "claim expiry warning",
          c -> {
            try (PreparedStatement p = c.prepareStatement(CLAIM_WARNING)) {
              p.setString(1, tokenId);
              setTime(p, 2, expiry);
              p.setString(3, threshold);
              p.setString(4, node);
              setTime(p, 5, when);
              p.setString(6, tokenId);
              setTime(p, 7, expiry);
              p.setString(8, threshold);
              return p.executeUpdate() == 1;
            }
          });
    } catch (StoreException e) {
      if (e.getCause() instanceof SQLException sql && Jdbc.isUniqueViolation(sql)) {
        return false; // another node claimed it at the same moment
      }
      throw e;
    }
  }

  /** Stops serving; the connection source is the caller's to close. */
  @Override
  public void close() {
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreException(StoredTokens.ERR_CLOSED);
    }
  }

  /** Increments the change sequence; the row lock it takes orders writers until commit. */
  private static long nextSequence(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(BUMP_SEQUENCE)) {
      if (p.executeUpdate() != 1) {
        throw new SQLException("change sequence row missing", "55000");
      }
    }
    try (PreparedStatement p = c.prepareStatement(READ_SEQUENCE);
        ResultSet r = p.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  /**
   * Turns a unique violation into a conflict naming what clashed (the id, never the hash).
   * {@code id} is null when only the hash can clash (update).
   */
  private StoreException duplicateOr(StoreException e, String id) {
    if (e instanceof StoreException.Conflict || e instanceof StoreException.NotFound) {
      return e;
    }
    if (!(e.getCause() instanceof SQLException sql) || !Jdbc.isUniqueViolation(sql)) {
      return e;
    }
    if (id != null && Jdbc.read(source, "insert", c -> selectById(c, id)).isPresent()) {
      return new StoreException.Conflict(String.format(StoredTokens.ERR_DUPLICATE_ID, id));
    }
    return new StoreException.Conflict(StoredTokens.ERR_DUPLICATE_HASH);
  }

  /** Replaces a token's row of controls (none for {@link TokenControls#NONE}). */
  private static void writeControls(Connection c, String id, TokenControls controls)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(DELETE_CONTROLS)) {
      p.setString(1, id);
      p.executeUpdate();
    }
    if (controls.isNone()) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement(INSERT_CONTROLS)) {
      TokenControls.RateLimit rate = controls.rateLimit();
      TokenControls.PreviousSecret prev = controls.previous();
      p.setString(1, id);
      p.setBoolean(2, controls.readOnly());
      if (rate == null) {
        p.setNull(3, Types.BIGINT);
        p.setNull(4, Types.BIGINT);
        p.setNull(5, Types.BIGINT);
      } else {
        p.setLong(3, rate.permits());
        p.setLong(4, rate.period().toMillis());
        p.setLong(5, rate.burst());
      }
      if (prev == null) {
        p.setNull(6, Types.INTEGER);
        setBytes(p, 7, null);
        setTime(p, 8, null);
      } else {
        p.setInt(6, prev.keyId());
        p.setBytes(7, prev.hash());
        setTime(p, 8, prev.until());
      }
      p.executeUpdate();
    }
  }

  private static Optional<StoredToken> selectById(Connection c, String id) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(SELECT + " WHERE t.id = ?")) {
      p.setString(1, id);
      return one(p);
    }
  }

  private static Optional<StoredToken> one(PreparedStatement p) throws SQLException {
    try (ResultSet r = p.executeQuery()) {
      return r.next() ? Optional.of(row(r)) : Optional.empty();
    }
  }

  private static List<StoredToken> all(PreparedStatement p) throws SQLException {
    List<StoredToken> out = new ArrayList<>();
    try (ResultSet r = p.executeQuery()) {
      while (r.next()) {
        out.add(row(r));
      }
    }
    return out;
  }

  private static StoredToken row(ResultSet r) throws SQLException {
    return new StoredToken(
        r.getString(1),
        r.getString(2),
        r.getString(3),
        r.getString(4),
        time(r, 5),
        time(r, 6),
        r.getString(7),
        StoredTokens.splitAllowList(r.getString(8)),
        r.getBoolean(9),
        time(r, 10),
        r.getLong(11),
        time(r, 12),
        r.getInt(13),
        r.getBytes(14),
        r.getBytes(15),
        r.getLong(16),
        controls(r));
  }

  private static TokenControls controls(ResultSet r) throws SQLException {
    boolean readOnly = r.getBoolean(17);
    if (r.wasNull()) {
      return TokenControls.NONE;
    }
    TokenControls.RateLimit rate = null;
    long permits = r.getLong(18);
    if (!r.wasNull()) {
      rate = new TokenControls.RateLimit(
          permits, java.time.Duration.ofMillis(r.getLong(19)), r.getLong(20));
    }
    TokenControls.PreviousSecret prev = null;
    int keyId = r.getInt(21);
    if (!r.wasNull()) {
      prev = new TokenControls.PreviousSecret(keyId, r.getBytes(22), time(r, 23));
    }
    return new TokenControls(readOnly, rate, prev);
  }

  private static Instant time(ResultSet r, int column) throws SQLException {
    OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static void setTime(PreparedStatement p, int i, Instant t) throws SQLException {
    if (t == null) {
      p.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      p.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }
  }

  private static void setBytes(PreparedStatement p, int i, byte[] b) throws SQLException {
    if (b == null) {
      p.setNull(i, Types.VARBINARY);
    } else {
      p.setBytes(i, b);
    }
  }
}
