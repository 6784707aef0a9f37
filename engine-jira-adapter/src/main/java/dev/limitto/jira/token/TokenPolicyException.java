package dev.limitto.jira.token;

import java.util.Objects;

/**
 * A token creation that the settings of {@link CreationPolicy} (or the maximum lifetime) forbid:
 * the creator may not create this token, its lifetime is too long for the creator's groups, or
 * the owner has as many active tokens as one user may. The message names the setting (and the
 * limit); {@link #setting()} is the setting's property name.
 */
public final class TokenPolicyException extends TokenAdminException {

  private static final long serialVersionUID = 1L;

  /** What the settings forbid. */
  public enum Kind {
    /** The creator may not create this token at all (who, for whom, or what kind). */
    NOT_ALLOWED,
    /** The expiry is further away than the creator's groups allow. */
    LIFETIME,
    /** The owner already has the most active tokens one user may own. */
    TOO_MANY
  }

  private final Kind kind;
  private final String setting;

  public TokenPolicyException(Kind kind, String setting, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.setting = Objects.requireNonNull(setting, "setting");
  }

  public Kind kind() {
    return kind;
  }

  /** The property name of the setting that forbids it, e.g. {@value TokenSettings#MAX_ACTIVE_PER_USER}. */
  public String setting() {
    return setting;
  }
}
