package dev.limitto.jira.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One administrative change of a token. Never carries the secret, its hash or its ciphertext.
 *
 * @param action what was done
 * @param tokenId the token's public id
 * @param label the token's label (after the change)
 * @param actor user name of the admin who did it
 * @param time when
 * @param changedFields names of the fields set or changed ({@code label}, {@code owner},
 *     {@code expiresAt}, {@code restrictions}, {@code ipAllowList}, {@code runAsAllowed},
 *     {@code readOnly}, {@code rateLimit}; {@code secret} for a rotation); empty
 *     for revoke and view
 * @param ruleLines for create, edit, import and promote, the token's effective rule lines after
 *     the change (blank lines and comments not counted), 0 for an unrestricted token; for stage,
 *     the staged rules' lines; -1 for view, revoke and unstage, and when unknown
 */
public record TokenAdminEvent(
    Action action, String tokenId, String label, String actor, Instant time,
    List<String> changedFields, int ruleLines) {

  /** An event whose rule line count is unknown ({@code ruleLines} -1). */
  public TokenAdminEvent(Action action, String tokenId, String label, String actor, Instant time,
      List<String> changedFields) {
    this(action, tokenId, label, actor, time, changedFields, -1);
  }

  /** What an admin did to a token. */
  public enum Action {
    CREATE,
    EDIT,
    /** The secret was shown again (standard mode only). */
    VIEW,
    REVOKE,
    IMPORT,
    /** A new secret for the same token; the old one works until the overlap ends. */
    ROTATE,
    /** Rules were staged beside the enforced ones (report-only). */
    STAGE,
    /** The staged rules became the enforced rules: recorded as an edit of the restrictions. */
    PROMOTE,
    /** The staged rules were removed. */
    UNSTAGE
  }

  public TokenAdminEvent {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(time, "time");
    changedFields = List.copyOf(changedFields);
    if (ruleLines < -1) {
      throw new IllegalArgumentException("ruleLines must be -1 or more, was " + ruleLines);
    }
  }
}
