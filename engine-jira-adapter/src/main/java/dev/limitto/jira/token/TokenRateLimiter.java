package dev.limitto.jira.token;

/**
 * A token's rate limit, asked once per request by the gate. In node scope a bucket in memory
 * that does not allocate; in cluster scope ({@value
 * TokenSettings#RATE_LIMIT_SCOPE}) a bucket in the shared database, one round trip per request.
 */
public interface TokenRateLimiter {

  /** No limit: every request is admitted. */
  TokenRateLimiter NONE = () -> 0;

  /**
   * What {@link #tryAcquire()} answers when it cannot tell whether the request is within the
   * limit (a shared bucket whose database cannot be reached): the gate refuses the request (503).
   */
  long UNAVAILABLE = -1;

  /**
   * Takes one request from the token's bucket.
   *
   * @return 0 when the request is admitted, {@link #UNAVAILABLE} when the limit cannot be
   *     checked now, else how many nanoseconds until one would be admitted (at least 1)
   */
  long tryAcquire();

  /** The limit as text, e.g. {@code 5/s}. */
  default String rate() {
    return "unlimited";
  }

  /** The burst: how many requests may come at once. */
  default long burst() {
    return 0;
  }
}
