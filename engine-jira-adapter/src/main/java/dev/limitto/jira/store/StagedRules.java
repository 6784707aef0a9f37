package dev.limitto.jira.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Rules staged beside a token's enforced ones: report-only. Every request of the token is still
 * decided by its enforced rules ({@link StoredToken#restrictions()}); the staged rules are
 * evaluated too, off the response path, and the audit records where they would decide otherwise
 * (docs/tokens.md, "Staged rules").
 *
 * @param tokenId the token they are staged on
 * @param restrictions the staged "Limit to" rule text (never empty of effective lines: staging
 *     an unrestricted rule set is refused by the token service)
 * @param stagedBy the admin who staged them
 * @param stagedAt when they were staged: the audit summary counts requests from then on
 */
public record StagedRules(String tokenId, String restrictions, String stagedBy, Instant stagedAt) {

  public StagedRules {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(restrictions, "restrictions");
    Objects.requireNonNull(stagedBy, "stagedBy");
    Objects.requireNonNull(stagedAt, "stagedAt");
  }

  /** The same staged rules as every store keeps them: times to the microsecond, checked text. */
  static StagedRules forStore(StagedRules s) {
    StoredTokens.checkId(s.tokenId());
    if (s.restrictions().indexOf('\0') >= 0 || s.stagedBy().indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          String.format(StoredTokens.ERR_NUL, "staged restrictions or stagedBy"));
    }
    return new StagedRules(s.tokenId(), s.restrictions(), s.stagedBy(),
        StoredTokens.time("stagedAt", s.stagedAt()));
  }
}
