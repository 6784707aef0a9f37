package dev.limitto.jira.token;

import dev.limitto.jira.db.ConnectionSource;
import dev.limitto.jira.db.Dialect;
import dev.limitto.jira.db.Jdbc;
import dev.limitto.jira.db.SchemaMigrator;
import dev.limitto.jira.db.StoreException;
import dev.limitto.jira.store.TokenControls.RateLimit;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Rate-limit buckets shared by every node of a cluster ({@value TokenSettings#RATE_LIMIT_SCOPE}
 * {@code = cluster}): one Bucket4j bucket per token and limit, kept in the shared PostgreSQL
 * database (Bucket4j's PostgreSQL integration, {@code SELECT ... FOR UPDATE} on the token's row),
 * so that all nodes draw from the same bucket. Connections come from the store's {@link
 * ConnectionSource}; the table ({@value #TABLE}) is created by this component's own schema
 * migration ({@value #COMPONENT} in {@link SchemaMigrator#VERSION_TABLE}).
 *
 * <p>Each request of a rate-limited token is one short transaction on the database, holding the
 * token's row lock for a moment: a token's requests are counted one after the other. When the database cannot be reached
 * or does not answer within {@link #REQUEST_TIMEOUT}, the limiter cannot tell whether the request
 * is within the limit and the gate refuses it (503, fail closed; see {@link
 * TokenRateLimiter#UNAVAILABLE}); after such a failure the token's requests are refused without
 * asking the database for {@link #RETRY_AFTER_FAILURE}. Refill times come from each node's clock:
 * the nodes' clocks must be synchronised (NTP), as Jira Data Center requires anyway.
 *
 * <p>Rows whose bucket would be full again are deleted by {@link #removeExpired()}, which {@link
 * TokenService#start()} runs every {@link #CLEANUP_INTERVAL}: a missing row is a full bucket.
 */
public final class SharedRateLimits {

  /** The bucket table. */
  public static final String TABLE = "limitto_rate_bucket";
  /** Component name of this table's schema migrations. */
  public static final String COMPONENT = "rate-limits";
  /** How long one bucket operation may take on the database before the request is refused. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  /** How long a token's requests are refused without asking after the database failed. */
  public static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);
  /** How often rows of buckets that are full again are deleted. */
  public static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);
  /** How long a row is kept after its bucket would be full again. */
  static final Duration KEEP_AFTER_FULL = Duration.ofMinutes(1);
  /** Most rows deleted by one {@link #removeExpired()} statement. */
  static final int CLEANUP_BATCH = 1000;

  /** Refused when the store is not PostgreSQL; names the setting. */
  public static final String ERR_NOT_POSTGRESQL =
      TokenSettings.RATE_LIMIT_SCOPE + "=cluster needs the token store on PostgreSQL (the"
          + " database every node shares); this store is %s. Use "
          + TokenSettings.RATE_LIMIT_SCOPE + "=node (the default), or a PostgreSQL store";
  /** Refused when the host gave no connections to share the buckets through. */
  public static final String ERR_NO_DATABASE =
      TokenSettings.RATE_LIMIT_SCOPE + "=cluster needs the token store's database connections"
          + " to share the buckets through, and this host gave none. Use "
          + TokenSettings.RATE_LIMIT_SCOPE + "=node (the default)";
  /** Prefix of a failure to reach the database at start. */
  public static final String ERR_UNREACHABLE = TokenSettings.RATE_LIMIT_SCOPE + "=cluster: %s";

  /** The table, in order. Append new steps; never change a released one. */
  static final List<SchemaMigrator.Migration> MIGRATIONS =
      List.of(
          new SchemaMigrator.Migration(
              1,
              "rate-limit buckets shared by the cluster (Bucket4j PostgreSQL)",
              List.of(
                  "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                      + "id VARCHAR(255) NOT NULL PRIMARY KEY, "
                      + "state {binary}, "
                      + "expires_at BIGINT)",
                  "CREATE INDEX IF NOT EXISTS " + TABLE + "_expires_idx ON " + TABLE
                      + " (expires_at)")));

  private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
  /** Whether an outage is logged and not yet its end (logged once for all tokens). */
  private final AtomicBoolean downLogged = new AtomicBoolean();

  private SharedRateLimits(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets) {
    this.buckets = buckets;
  }

  /**
   * Checks that {@code source} is PostgreSQL, creates or migrates the bucket table (safe when
   * several nodes start at once) and serves buckets from it.
   *
   * @throws IllegalArgumentException naming {@value TokenSettings#RATE_LIMIT_SCOPE} when the
   *     database is not PostgreSQL, cannot be reached, or has a newer table than this release knows
   */
  public static SharedRateLimits open(ConnectionSource source) {
    Objects.requireNonNull(source, "source");
    try {
      Dialect dialect = Jdbc.read(source, "rate-limit store check", Dialect::of);
      if (dialect != Dialect.POSTGRESQL) {
        throw new IllegalArgumentException(String.format(ERR_NOT_POSTGRESQL, dialect));
      }
      new SchemaMigrator(COMPONENT, MIGRATIONS).migrate(source);
    } catch (StoreException e) {
      throw new IllegalArgumentException(String.format(ERR_UNREACHABLE, e.getMessage()), e);
    }
    PostgreSQLSelectForUpdateBasedProxyManager<String> buckets =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(new SourceDataSource(source))
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table(TABLE)
            .idColumn("id")
            .stateColumn("state")
            .expiresAtColumn("expires_at")
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_FULL))
            .requestTimeout(REQUEST_TIMEOUT)
            .build();
    return new SharedRateLimits(buckets);
  }

  /**
   * The shared bucket of a token's limit. The key names the limit too, so a token whose limit is
   * changed starts on a new (full) bucket on every node, as in node scope.
   */
  TokenRateLimiter limiter(String tokenId, RateLimit limit) {
    return new SharedBucketLimiter(limit, bucket(key(tokenId, limit), limit), downLogged);
  }

  /** The bucket key: token id, permits, period in milliseconds and burst. */
  static String key(String tokenId, RateLimit limit) {
    return tokenId + ":" + limit.permits() + "/" + limit.period().toMillis() + "ms:"
        + limit.burst();
  }

  BucketProxy bucket(String key, RateLimit limit) {
    BucketConfiguration configuration = BucketConfiguration.builder()
        .addLimit(BucketRateLimiter.bandwidth(limit))
        .build();
    // no batching optimisation: in 8.18 it fails the first requests of several threads that
    // create a bucket together (BucketNotFoundException), which here would be refusals
    return proxies().builder().build(key, () -> configuration);
  }

  private ProxyManager<String> proxies() {
    return buckets;
  }

  /**
   * Deletes the rows of buckets that have been full again for {@link #KEEP_AFTER_FULL}; the next
   * request of such a token starts a full bucket, which is what the row would have said.
   *
   * @return how many rows were deleted
   */
  public int removeExpired() {
    int total = 0;
    int n;
    do {
      n = buckets.removeExpired(CLEANUP_BATCH);
      total += n;
    } while (n == CLEANUP_BATCH);
    return total;
  }

  /**
   * The {@link DataSource} Bucket4j asks for, over a {@link ConnectionSource}. Bucket4j turns
   * auto-commit off for its transaction and closes the connection after; a pool would be handed
   * the connection back with auto-commit still off, so closing restores it first.
   */
  static final class SourceDataSource implements DataSource {
    private final ConnectionSource source;

    SourceDataSource(ConnectionSource source) {
      this.source = source;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection c = source.getConnection();
      InvocationHandler h = (proxy, method, args) -> {
        if (method.getName().equals("close") && method.getParameterCount() == 0) {
          try {
            if (!c.isClosed() && !c.getAutoCommit()) {
              c.rollback();
              c.setAutoCommit(true);
            }
          } catch (SQLException ignored) {
            // a broken connection: closing it is all that is left to do
          }
        }
        try {
          return method.invoke(c, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      };
      return (Connection) Proxy.newProxyInstance(
          Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("connections come from the token store's source");
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
      // no driver logging through here
    }

    @Override
    public void setLoginTimeout(int seconds) {
      // the source's own timeouts apply
    }

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
