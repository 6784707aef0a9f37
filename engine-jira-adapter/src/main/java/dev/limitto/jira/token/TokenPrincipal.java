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
 */
public record TokenPrincipal(
    String tokenId, String label, String userName, RuleSet rules, boolean runAsAllowed) {

  public TokenPrincipal {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(rules, "rules");
  }
}
