package dev.limitto.cli.token;

import dev.limitto.cli.UsageException;
import dev.limitto.jira.store.TokenControls;
import dev.limitto.jira.token.RateLimitText;
import dev.limitto.jira.token.TokenAdminException;
import picocli.CommandLine.Option;

/** {@code --rate-limit COUNT/UNIT} and {@code --burst N}: a token's rate limit on each node. */
final class RateLimitOptions {

  @Option(names = "--rate-limit", paramLabel = "RATE",
      description = "Most requests per second, minute or hour on each node (5/s, 300/m, 10000/h);"
          + " above it the token gets 429 with Retry-After. A cluster of N nodes allows up to N"
          + " times the rate, unless limitto.token.rate.limit.scope=cluster shares one bucket"
          + " through PostgreSQL.")
  String rate;

  @Option(names = "--burst", paramLabel = "N",
      description = "How many requests may come at once (the bucket's size). Default: the count"
          + " of --rate-limit.")
  Long burst;

  boolean given() {
    return rate != null || burst != null;
  }

  /** The limit asked for, or null when neither option was given. */
  TokenControls.RateLimit limit() {
    if (rate == null) {
      if (burst != null) {
        throw new UsageException("--burst: " + RateLimitText.ERR_BURST_WITHOUT_RATE
            + " (give --rate-limit too)");
      }
      return null;
    }
    try {
      return RateLimitText.parse(rate, burst);
    } catch (TokenAdminException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
