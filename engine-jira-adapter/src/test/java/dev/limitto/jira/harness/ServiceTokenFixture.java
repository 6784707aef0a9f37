package dev.limitto.jira.harness;

import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.store.TokenStore;
import dev.limitto.jira.token.TokenAuthenticator;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The real token subsystem for the HTTP tests: {@link TokenService} with its caching
 * authenticator over an in-memory store, the real token format and keyed hashes. Users alice,
 * bob, carol, dave and admin exist, each with the e-mail {@code name@example.com}.
 */
public final class ServiceTokenFixture implements TokenFixture {

  private static final String ADMIN = "admin";

  private final ShiftableClock clock = new ShiftableClock();
  private final KeyRing keys;
  private final TokenSettings settings;
  private final InMemoryUserDirectory users = new InMemoryUserDirectory();
  private final TokenService service;

  /** Over an in-memory store, with fresh keys and the {@link TokenFixture#LIMITS}. */
  public ServiceTokenFixture() {
    this(new InMemoryTokenStore(), KeyRing.generate(),
        TokenSettings.builder().baseUrl(BASE_URL).limits(LIMITS).build());
  }

  /**
   * Over {@code store} with {@code keys}: a store and key file that a gate outside this fixture
   * (the Jira app's, in its own class loader) reads too, with {@link #clock()} as its clock.
   * {@code settings} are those that gate is configured with.
   */
  public ServiceTokenFixture(TokenStore store, KeyRing keys, TokenSettings settings) {
    this.keys = keys;
    this.settings = settings;
    for (String u : new String[] {"alice", "bob", "carol", "dave", ADMIN}) {
      users.add(u, u + "@example.com");
    }
    service = TokenService.builder().store(store).keys(keys)
        .settings(settings).users(users).clock(clock).build();
    service.start();
  }

  /** The clock tokens are issued and expire by; it moves on when an expired token is issued. */
  public Clock clock() {
    return clock;
  }

  @Override
  public TokenAuthenticator authenticator() {
    return service.authenticator();
  }

  @Override
  public dev.limitto.jira.user.UserDirectory users() {
    return users;
  }

  @Override
  public String tokenId(String label) {
    return service.list().stream().filter(t -> t.label().equals(label)).findFirst()
        .orElseThrow().id();
  }

  @Override
  public TokenSettings settings() {
    return settings;
  }

  /**
   * Issues a token. A token whose spec expires in the past is issued to expire in a minute and
   * the clock is then moved on two minutes (tokens cannot be created already expired).
   */
  @Override
  public String issue(Spec spec) {
    boolean expired = spec.expiresAt() != null && !spec.expiresAt().isAfter(clock.instant());
    TokenRequest.Builder r = TokenRequest.builder()
        .owner(spec.owner())
        .label(spec.label())
        .restrictions(spec.rules())
        .ipAllowList(spec.ipAllowList())
        .runAsAllowed(spec.runAsAllowed());
    if (spec.rules().isBlank()) {
      // the spec's empty rules mean an unrestricted token, which must be asked for explicitly
      r.restrictions("").unrestricted();
    }
    if (expired) {
      r.expiresIn(Duration.ofMinutes(1));
    } else if (spec.expiresAt() != null) {
      r.expiresAt(spec.expiresAt());
    }
    var issued = service.create(r.build(), ADMIN);
    if (spec.revoked()) {
      service.revoke(issued.token().id(), ADMIN);
    }
    if (expired) {
      clock.shift(Duration.ofMinutes(2));
      service.authenticator().refresh();
    }
    return issued.secret();
  }

  @Override
  public String unknownToken() {
    // same keys, another store: a well-formed token with a valid checksum that nobody issued here
    try (TokenService elsewhere = TokenService.builder().store(new InMemoryTokenStore())
        .keys(keys).settings(settings).users(users).clock(clock).build()) {
      return elsewhere.create(TokenRequest.builder().owner("alice").label("elsewhere").unrestricted().build(),
          ADMIN).secret();
    }
  }

  @Override
  public void close() {
    service.close();
  }

  /** A clock the fixture can move forward. */
  private static final class ShiftableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void shift(Duration d) {
      offset = offset.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  }
}
