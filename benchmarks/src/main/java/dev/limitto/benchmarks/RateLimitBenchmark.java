package dev.limitto.benchmarks;

import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.store.TokenControls;
import dev.limitto.jira.token.AuthResult;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.RateLimitText;
import dev.limitto.jira.token.TokenRateLimiter;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot-path cost of a token's rate limit: one {@link TokenRateLimiter#tryAcquire()} per
 * operation, as the gate asks it for every request of a rate-limited token (a Bucket4j bucket in
 * memory, synchronized). {@code ADMITTED}: a limit so high every request passes (the tear-down checks that it
 * still does); {@code REFUSED}: the bucket
 * is empty, so each call also estimates the wait for {@code Retry-After}. Target: under 200 ns.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar RateLimitBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RateLimitBenchmark {

  /** Whether the bucket has room. */
  public enum Case {
    ADMITTED,
    REFUSED
  }

  @Param({"ADMITTED", "REFUSED"})
  public Case bucket;

  private TokenService service;
  private TokenRateLimiter limiter;

  @Setup(Level.Trial)
  public void setUp() {
    InMemoryUserDirectory users = new InMemoryUserDirectory().add("alice", "alice@example.com");
    service = TokenService.builder().store(new InMemoryTokenStore()).keys(KeyRing.generate())
        .settings(TokenSettings.defaults()).users(users).build();
    service.authenticator().refresh();
    IssuedToken t = service.create(TokenRequest.builder().owner("alice").label("bench")
        .unrestricted().rateLimit(bucket == Case.ADMITTED
            // a refill faster than the benchmark can ask (Bucket4j's highest, one per nanosecond),
            // so every call is admitted; the settings' largest, 1,000,000/s, drains in a tenth of
            // a second here and would measure refusals
            ? new TokenControls.RateLimit(1_000_000_000L, Duration.ofSeconds(1), 1_000_000_000L)
            : RateLimitText.parse("1/h", 1L))
        .build(), "admin");
    AuthResult r = service.authenticator().authenticate(t.secret(), "alice", "10.0.0.1");
    limiter = ((AuthResult.Authenticated) r).principal().rateLimiter();
    if (bucket == Case.REFUSED) {
      limiter.tryAcquire();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (bucket == Case.ADMITTED && limiter.tryAcquire() != 0) {
      throw new IllegalStateException("the ADMITTED bucket ran dry: the run measured refusals");
    }
    service.close();
  }

  @Benchmark
  @Threads(1)
  public long oneThread() {
    return limiter.tryAcquire();
  }

  @Benchmark
  @Threads(2)
  public long twoThreads() {
    return limiter.tryAcquire();
  }
}
