package dev.limitto.benchmarks;

import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.token.AuthResult;
import dev.limitto.jira.token.CachingTokenAuthenticator;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One token verification per operation ({@link CachingTokenAuthenticator#authenticate}) against
 * a warm cache of 1,000 tokens, as the request gate calls it: shape and checksum, HMAC-SHA-256
 * under the token's server key, in-memory look-up, revocation, expiry, IP allow-list and owner
 * checks, usage counting. Target: under 2 µs for {@code VALID}.
 *
 * <p>Cases: {@code VALID} (a live token with a two-entry allow-list, Basic user name); {@code
 * VALID_EMAIL} (same, owner given by e-mail); {@code TYPO} (one character changed: refused by
 * the checksum before any hash); {@code UNKNOWN} (well-formed, not issued: answered from the
 * negative cache); {@code REVOKED}; {@code LEGACY} (an imported secret of the old deployment).
 * Each operation checks its answer before handing it to JMH.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar TokenVerifyBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TokenVerifyBenchmark {

  /** What is presented. */
  public enum Case {
    VALID,
    VALID_EMAIL,
    TYPO,
    UNKNOWN,
    REVOKED,
    LEGACY
  }

  private static final String CLIENT = "10.20.30.40";
  private static final String LEGACY_SECRET = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==";

  @Param({"VALID", "VALID_EMAIL", "TYPO", "UNKNOWN", "REVOKED", "LEGACY"})
  public Case presented;

  private TokenService service;
  private CachingTokenAuthenticator auth;
  private String secret;
  private String user;
  private Class<?> expected;
  private AuthResult.Reason expectedReason;

  @Setup(Level.Trial)
  public void setUp() {
    InMemoryUserDirectory users = new InMemoryUserDirectory();
    for (int i = 0; i < 1000; i++) {
      users.add("user" + i, "user" + i + "@example.com");
    }
    service = TokenService.builder()
        .store(new InMemoryTokenStore())
        .keys(KeyRing.generate())
        .users(users)
        .settings(TokenSettings.builder().negativeCacheTtl(Duration.ofHours(1)).build())
        .build();
    service.start();
    IssuedToken chosen = null;
    for (int i = 0; i < 1000; i++) {
      IssuedToken t = service.create(TokenRequest.builder().owner("user" + i).label("bench " + i)
          .restrictions("[get].*/rest/api/2/issue/KANBAN-" + i)
          .ipAllowList(java.util.List.of("192.0.2.0/24", "10.0.0.0/8")).build(), "admin");
      if (i == 500) {
        chosen = t;
      }
    }
    service.importTokens("[{\"label\":\"legacy\",\"userName\":\"user7\",\"limitTo\":\"[get].*/x\","
        + "\"validUntil\":null,\"token\":\"" + LEGACY_SECRET + "\"}]", "admin");
    secret = chosen.secret();
    user = "user500";
    expected = AuthResult.Authenticated.class;
    switch (presented) {
      case VALID_EMAIL:
        user = "user500@example.com";
        break;
      case TYPO:
        char c = secret.charAt(20);
        secret = secret.substring(0, 20) + (c == 'a' ? 'b' : 'a') + secret.substring(21);
        expected = AuthResult.Refused.class;
        expectedReason = AuthResult.Reason.MALFORMED;
        break;
      case UNKNOWN:
        secret = fakeWellFormed();
        expected = AuthResult.Refused.class;
        expectedReason = AuthResult.Reason.UNKNOWN;
        break;
      case REVOKED:
        service.revoke(chosen.token().id(), "admin");
        expected = AuthResult.Refused.class;
        expectedReason = AuthResult.Reason.REVOKED;
        break;
      case LEGACY:
        secret = LEGACY_SECRET;
        user = "user7";
        break;
      default:
        break;
    }
    auth = service.authenticator();
    check(auth.authenticate(secret, user, CLIENT));
  }

  /** A well-formed token (valid checksum, key 1) that this service never issued. */
  private static String fakeWellFormed() {
    TokenService other = TokenService.builder().store(new InMemoryTokenStore())
        .keys(KeyRing.generate()).users(new InMemoryUserDirectory().add("x", null)).build();
    other.authenticator().refresh();
    return other.create(TokenRequest.builder().owner("x").label("fake").unrestricted().build(),
        "admin").secret();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    service.close();
  }

  private AuthResult check(AuthResult r) {
    if (!expected.isInstance(r)
        || (expectedReason != null && ((AuthResult.Refused) r).reason() != expectedReason)) {
      throw new AssertionError(presented + ": unexpected " + r);
    }
    return r;
  }

  @Benchmark
  public AuthResult verify() {
    return check(auth.authenticate(secret, user, CLIENT));
  }
}
