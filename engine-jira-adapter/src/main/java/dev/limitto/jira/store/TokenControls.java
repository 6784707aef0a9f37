package dev.limitto.jira.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a token carries besides its rules: the read-only preset, a rate limit, and the secret it
 * had before its last rotation while that secret's overlap window lasts. Stored in a table of its
 * own ({@code limitto_token_control}); a token without any of them has {@link #NONE}.
 *
 * @param readOnly the token's rules are intersected with "GET and HEAD only"
 * @param rateLimit requests per period and burst, or {@code null} for no limit
 * @param previous the secret replaced by the last rotation, or {@code null}
 */
public record TokenControls(boolean readOnly, RateLimit rateLimit, PreviousSecret previous) {

  /** No preset, no limit, no previous secret. */
  public static final TokenControls NONE = new TokenControls(false, null, null);

  public boolean isNone() {
    return !readOnly && rateLimit == null && previous == null;
  }

  public TokenControls withReadOnly(boolean v) {
    return new TokenControls(v, rateLimit, previous);
  }

  public TokenControls withRateLimit(RateLimit v) {
    return new TokenControls(readOnly, v, previous);
  }

  public TokenControls withPrevious(PreviousSecret v) {
    return new TokenControls(readOnly, rateLimit, v);
  }

  /**
   * A per-token rate limit: at most {@code burst} requests at once, refilled at {@code permits}
   * per {@code period} (a token bucket).
   */
  public record RateLimit(long permits, Duration period, long burst) {
    public RateLimit {
      Objects.requireNonNull(period, "period");
      if (permits < 1 || burst < 1 || period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException(
            "a rate limit needs at least 1 request per period, a positive period and a burst of"
                + " at least 1");
      }
    }

    /** Requests per second (for display and bounds). */
    public double perSecond() {
      return permits * 1e9 / period.toNanos();
    }
  }

  /**
   * The secret a token had before its last rotation: accepted as the same token until {@code
   * until}, then refused as rotated.
   *
   * @param keyId the server key of {@code hash}
   * @param hash HMAC-SHA-256 of the old secret
   * @param until end of the overlap window
   */
  public record PreviousSecret(int keyId, byte[] hash, Instant until) {
    public PreviousSecret {
      Objects.requireNonNull(until, "until");
      hash = hash.clone();
    }

    @Override
    public byte[] hash() {
      return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PreviousSecret p && p.keyId == keyId && Arrays.equals(p.hash, hash)
          && p.until.equals(until);
    }

    @Override
    public int hashCode() {
      return Objects.hash(keyId, until);
    }

    /** Never prints the hash. */
    @Override
    public String toString() {
      return "PreviousSecret{keyId=" + keyId + ", until=" + until + "}";
    }
  }
}
