package dev.limitto.jira.token;

import dev.limitto.jira.store.TokenControls.RateLimit;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.SynchronizationStrategy;

/**
 * A token bucket from Bucket4j, in memory: {@code burst} requests at once, refilled greedily at
 * {@code permits} per {@code period}. One per token and node. Synchronized rather than lock-free:
 * measured in {@code RateLimitBenchmark}, it allocates nothing and stays under 200 ns when two
 * threads use one token at once, where the lock-free bucket allocates 64 bytes per call and
 * retries its compare-and-set (429 ns).
 */
final class BucketRateLimiter implements TokenRateLimiter {

  final RateLimit limit;
  private final Bucket bucket;

  BucketRateLimiter(RateLimit limit) {
    this(limit, TimeMeter.SYSTEM_NANOTIME);
  }

  /** With a time source of its own (tests). */
  BucketRateLimiter(RateLimit limit, TimeMeter time) {
    this.limit = limit;
    this.bucket = Bucket.builder()
        .addLimit(bandwidth(limit))
        .withCustomTimePrecision(time)
        .withSynchronizationStrategy(SynchronizationStrategy.SYNCHRONIZED)
        .build();
  }

  /** The bandwidth of a limit, the same in node and cluster scope. */
  static Bandwidth bandwidth(RateLimit limit) {
    return Bandwidth.builder().capacity(limit.burst())
        .refillGreedy(limit.permits(), limit.period()).build();
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
    if (bucket.tryConsume(1)) {
      return 0;
    }
    return Math.max(1, bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
  }
}
