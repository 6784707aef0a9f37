package dev.limitto.jira.token;

import dev.limitto.engine.RuleSet;
import java.util.Objects;

/**
 * Who a verified token acts for and what it may do.
 *
 * @param tokenId the token's public id
 * @param label the token's label
 * @param userName the user the request is authenticated as (the owner; for an unbound token the
 *     presented user name)
 * @param rules the token's compiled restrictions (unrestricted when it has none)
 * @param runAsAllowed whether a {@code contextUser} header may switch the effective user
 * @param readOnly whether only GET and HEAD requests are allowed (the read-only preset)
 * @param rateLimiter the token's rate limit on this node ({@link TokenRateLimiter#NONE} for none)
 * @param staged the token's staged (report-only) rules, or {@code null} when it has none
 */
public record TokenPrincipal(
    String tokenId, String label, String userName, RuleSet rules, boolean runAsAllowed,
    boolean readOnly, TokenRateLimiter rateLimiter, Staged staged) {

  /** A principal without the read-only preset, rate limit or staged rules. */
  public TokenPrincipal(
      String tokenId, String label, String userName, RuleSet rules, boolean runAsAllowed) {
    this(tokenId, label, userName, rules, runAsAllowed, false, TokenRateLimiter.NONE, null);
  }

  /** A principal with staged rules, without the read-only preset and rate limit. */
  public TokenPrincipal(String tokenId, String label, String userName, RuleSet rules,
      boolean runAsAllowed, Staged staged) {
    this(tokenId, label, userName, rules, runAsAllowed, false, TokenRateLimiter.NONE, staged);
  }

  /**
   * Rules staged beside the enforced ones: evaluated for the audit only, never for the answer.
   *
   * @param rules the compiled staged rules
   * @param readsBody whether they may read the body (some line has a {@code JsonData}
   *     predicate), so that the gate keeps the body for them
   */
  public record Staged(RuleSet rules, boolean readsBody) {
    public Staged {
      Objects.requireNonNull(rules, "rules");
    }
  }

  public TokenPrincipal {
    Objects.requireNonNull(rateLimiter, "rateLimiter");
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(rules, "rules");
  }
}
