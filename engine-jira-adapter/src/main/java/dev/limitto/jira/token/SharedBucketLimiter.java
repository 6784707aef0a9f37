package dev.limitto.jira.token;

import dev.limitto.jira.store.TokenControls.RateLimit;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token's bucket in the shared database ({@link SharedRateLimits}): one round trip per
 * request. Fails closed: when the database cannot be asked, {@link #tryAcquire()} answers {@link
 * TokenRateLimiter#UNAVAILABLE}, and goes on answering it without asking for {@link
 * SharedRateLimits#RETRY_AFTER_FAILURE}, so that an outage neither lets requests through nor
 * piles them up on the pool. Outages are logged once when they start and once when they end,
 * for all tokens together.
 */
final class SharedBucketLimiter implements TokenRateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(SharedBucketLimiter.class);
  static final String LOG_DOWN =
      "Shared rate-limit store unavailable ({}); refusing requests of rate-limited tokens ("
          + TokenSettings.RATE_LIMIT_SCOPE + "=cluster)";
  static final String LOG_BACK = "Shared rate-limit store reachable again";

  private final RateLimit limit;
  private final BucketProxy bucket;
  /** System.nanoTime until which the database is not asked again; 0 when it answered last. */
  private volatile long failedUntil;
  /** Whether an outage is logged and not yet its end: shared by every token's limiter. */
  private final AtomicBoolean downLogged;

  SharedBucketLimiter(RateLimit limit, BucketProxy bucket, AtomicBoolean downLogged) {
    this.limit = limit;
    this.bucket = bucket;
    this.downLogged = downLogged;
  }

  @Override
  public String rate() {
    return RateLimitText.rate(limit);
  }

  @Override
  public long burst() {
    return limit.burst();
  }

  @Override
  public long tryAcquire() {
    long until = failedUntil;
    if (until != 0 && System.nanoTime() - until < 0) {
      return UNAVAILABLE;
    }
    ConsumptionProbe probe;
    try {
      probe = bucket.tryConsumeAndReturnRemaining(1);
    } catch (RuntimeException e) {
      failedUntil = System.nanoTime() + SharedRateLimits.RETRY_AFTER_FAILURE.toNanos() | 1;
      if (downLogged.compareAndSet(false, true)) {
        // the message of a JDBC failure names the database, never a token's secret
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        LOG.warn(LOG_DOWN, cause.getClass().getSimpleName() + ": " + cause.getMessage());
      }
      return UNAVAILABLE;
    }
    if (until != 0) {
      failedUntil = 0;
    }
    if (downLogged.get() && downLogged.compareAndSet(true, false)) {
      LOG.info(LOG_BACK);
    }
    return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
  }
}
