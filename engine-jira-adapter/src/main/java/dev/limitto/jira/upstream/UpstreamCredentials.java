package dev.limitto.jira.upstream;

import dev.limitto.jira.db.ConnectionSource;
import dev.limitto.jira.db.Jdbc;
import dev.limitto.jira.db.SchemaMigrator;
import dev.limitto.jira.token.crypto.KeyRing;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The upstream credentials bound to Limit-to tokens, for the gateway ({@code serve --upstream}):
 * one per token at most, in a table of their own next to the token tables ({@value #TABLE}, its
 * own schema component {@value #COMPONENT}), encrypted with the server keys exactly like a
 * standard-mode token secret (AES-256-GCM; the associated data names the token, so a sealed
 * credential moved to another token's row does not open). Nothing here returns the secret but
 * {@link #authorization}, which the gateway puts on the forwarded request; {@link #describe}
 * tells only the kind and, for Basic, the upstream user.
 *
 * <p>{@link #authorization} is read through a small cache whose entries live {@link
 * #DEFAULT_CACHE_TTL} by default, so a credential bound or removed on another node is seen
 * within that time, like a token's revocation; a change made here is seen at once. Thread-safe.
 */
public final class UpstreamCredentials {

  /** The table holding the sealed credentials. */
  public static final String TABLE = "limitto_upstream_credential";
  /** Schema component of the table in {@code limitto_schema_version}. */
  public static final String COMPONENT = "upstream";
  /** How long a looked-up credential (or its absence) is kept before it is read again. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(2);
  /** Most token ids the cache holds before it starts over. */
  static final int MAX_CACHED = 10_000;

  static final List<SchemaMigrator.Migration> MIGRATIONS =
      List.of(
          new SchemaMigrator.Migration(
              1,
              "upstream credentials bound to tokens",
              List.of(
                  "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                      + "token_id VARCHAR(128) NOT NULL PRIMARY KEY, "
                      + "kind VARCHAR(16) NOT NULL, "
                      + "upstream_user {text}, "
                      + "sealed {binary} NOT NULL, "
                      + "updated_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                      + "updated_by {text} NOT NULL)")));

  private static final String DELETE = "DELETE FROM " + TABLE + " WHERE token_id = ?";
  private static final String INSERT = "INSERT INTO " + TABLE
      + " (token_id, kind, upstream_user, sealed, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)";
  private static final String SELECT =
      "SELECT kind, upstream_user, sealed, updated_at, updated_by FROM " + TABLE
          + " WHERE token_id = ?";

  /** What may be shown of a bound credential: never the secret. */
  public record Binding(UpstreamCredential.Kind kind, String upstreamUser, Instant updatedAt,
      String updatedBy) {}

  private record Cached(Optional<String> authorization, long expiresNanos) {}

  private final ConnectionSource source;
  private final KeyRing keys;
  private final Clock clock;
  private final long ttlNanos;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  private UpstreamCredentials(ConnectionSource source, KeyRing keys, Clock clock, Duration ttl) {
    this.source = source;
    this.keys = keys;
    this.clock = clock;
    this.ttlNanos = ttl.toNanos();
  }

  /** Opens the credentials of a token store's database, creating or migrating the table. */
  public static UpstreamCredentials open(ConnectionSource source, KeyRing keys) {
    return open(source, keys, Clock.systemUTC(), DEFAULT_CACHE_TTL);
  }

  /** As {@link #open(ConnectionSource, KeyRing)}, with a clock and a cache time to live. */
  public static UpstreamCredentials open(ConnectionSource source, KeyRing keys, Clock clock,
      Duration cacheTtl) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(keys, "keys");
    if (cacheTtl.isNegative()) {
      throw new IllegalArgumentException("cacheTtl must not be negative: " + cacheTtl);
    }
    new SchemaMigrator(COMPONENT, MIGRATIONS).migrate(source);
    return new UpstreamCredentials(source, keys, clock, cacheTtl);
  }

  /** Binds (or replaces) the credential of a token. */
  public void bind(String tokenId, UpstreamCredential credential, String actor) {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(actor, "actor");
    byte[] sealed = keys.encrypt(aad(tokenId), credential.sealed());
    Jdbc.transaction(source, "bind upstream credential", c -> {
      try (PreparedStatement d = c.prepareStatement(DELETE)) {
        d.setString(1, tokenId);
        d.executeUpdate();
      }
      try (PreparedStatement p = c.prepareStatement(INSERT)) {
        p.setString(1, tokenId);
        p.setString(2, credential.kind().name());
        p.setString(3, credential.user());
        p.setBytes(4, sealed);
        p.setObject(5, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        p.setString(6, actor);
        p.executeUpdate();
      }
      return null;
    });
    cache.remove(tokenId);
  }

  /** Removes the credential of a token; false when it had none. */
  public boolean unbind(String tokenId) {
    Objects.requireNonNull(tokenId, "tokenId");
    boolean removed = Jdbc.transaction(source, "remove upstream credential", c -> {
      try (PreparedStatement d = c.prepareStatement(DELETE)) {
        d.setString(1, tokenId);
        return d.executeUpdate() > 0;
      }
    });
    cache.remove(tokenId);
    return removed;
  }

  /** What may be shown of a token's credential, when it has one. */
  public Optional<Binding> describe(String tokenId) {
    Objects.requireNonNull(tokenId, "tokenId");
    return Jdbc.read(source, "read upstream credential", c -> {
      try (PreparedStatement p = c.prepareStatement(SELECT)) {
        p.setString(1, tokenId);
        try (ResultSet r = p.executeQuery()) {
          if (!r.next()) {
            return Optional.empty();
          }
          return Optional.of(new Binding(UpstreamCredential.Kind.valueOf(r.getString(1)),
              r.getString(2), r.getObject(4, OffsetDateTime.class).toInstant(),
              r.getString(5)));
        }
      }
    });
  }

  /**
   * The {@code Authorization} value to send upstream for a token, when it has a credential.
   *
   * @throws dev.limitto.jira.db.StoreException when the database cannot be read
   * @throws KeyRing.DecryptException when the sealed credential does not open with these keys
   */
  public Optional<String> authorization(String tokenId) {
    long now = System.nanoTime();
    Cached c = cache.get(tokenId);
    if (c != null && now - c.expiresNanos < 0) {
      return c.authorization;
    }
    Optional<String> found = read(tokenId).map(UpstreamCredential::authorization);
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(tokenId, new Cached(found, now + ttlNanos));
    return found;
  }

  private Optional<UpstreamCredential> read(String tokenId) {
    Optional<byte[]> sealed = Jdbc.read(source, "read upstream credential", c -> {
      try (PreparedStatement p = c.prepareStatement(SELECT)) {
        p.setString(1, tokenId);
        try (ResultSet r = p.executeQuery()) {
          return r.next() ? Optional.of(r.getBytes(3)) : Optional.<byte[]>empty();
        }
      }
    });
    return sealed.map(b -> UpstreamCredential.unseal(keys.decrypt(aad(tokenId), b)));
  }

  /** The associated data of a token's sealed credential: never the same as its secret's. */
  private static String aad(String tokenId) {
    return "upstream:" + tokenId;
  }

}
