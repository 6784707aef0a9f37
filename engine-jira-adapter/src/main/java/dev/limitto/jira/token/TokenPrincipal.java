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
 * @param staged the token's staged (report-only) rules, or {@code null} when it has none
 */
public record TokenPrincipal(
    String tokenId, String label, String userName, RuleSet rules, boolean runAsAllowed,
    Staged staged) {

  /** A principal without staged rules. */
  public TokenPrincipal(
      String tokenId, String label, String userName, RuleSet rules, boolean runAsAllowed) {
    this(tokenId, label, userName, rules, runAsAllowed, null);
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
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(rules, "rules");
  }
}
