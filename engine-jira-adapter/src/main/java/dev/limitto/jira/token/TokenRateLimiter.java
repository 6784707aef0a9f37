package dev.limitto.jira.token;

/**
 * A token's rate limit on this node, asked once per request by the gate. Lock-free; does not
 * allocate when a request is admitted.
 */
public interface TokenRateLimiter {

  /** No limit: every request is admitted. */
  TokenRateLimiter NONE = () -> 0;

  /**
   * Takes one request from the token's bucket.
   *
   * @return 0 when the request is admitted, else how many nanoseconds until one would be (at
   *     least 1)
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
