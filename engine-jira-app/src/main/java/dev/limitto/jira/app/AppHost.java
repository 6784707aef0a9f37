package dev.limitto.jira.app;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What the app needs from the Jira it runs in, and nothing else: the one seam between the
 * host-neutral app ({@link LimitToApp}) and Jira's APIs. Only JDK types cross it, so the Jira
 * glue (module {@code engine-jira-glue}, built with {@code -Pjira}) implements it with
 * Atlassian's APIs, and the bundle tests play Jira from outside the bundle.
 *
 * <p>Implementations must be thread-safe; the user methods are called while a request waits
 * and must not block for long.
 */
public interface AppHost {

  /** A connection to Jira's own database, where the token and audit tables live. */
  Connection openConnection() throws SQLException;

  /**
   * The app's directory for the server key file: on Data Center Jira's <em>shared</em> home,
   * so that every node reads the same key.
   */
  Path dataDirectory();

  /** Jira's canonical base URL: what {@code {base}} stands for in rules. */
  String baseUrl();

  /**
   * The Limit-to settings ({@code limitto.token.*}, {@code extender.token.*} and the expiry
   * warnings' {@code limitto.expiry.*}), e.g. those of {@code jira-config.properties};
   * properties of other namespaces must not be included.
   */
  Properties settings();

  /** The clock tokens expire by. */
  default Clock clock() {
    return Clock.systemUTC();
  }

  /** Whether Jira has an active user of this name. */
  boolean isActive(String userName);

  /** The user name of the one active user with this e-mail address, if there is exactly one. */
  Optional<String> userNameForEmail(String email);

  /**
   * Active users matching {@code query} (user name, display name or e-mail, ignoring case), by
   * user name, at most {@code max}: each a map with {@code userName}, {@code displayName} and
   * {@code email} (absent when the user has none).
   */
  List<Map<String, String>> searchUsers(String query, int max);

  /** Whether this user is a Jira system administrator (may call the admin API and page). */
  boolean isSystemAdmin(String userName);

  /**
   * Whether this user is a member of the group, for the creation settings
   * ({@code limitto.token.create.self.groups}, ...); the default answers {@code false}, so that
   * a host that cannot tell lets no group create tokens.
   */
  default boolean isInGroup(String userName, String group) {
    return false;
  }

  /**
   * Makes {@code userName} Jira's user for the rest of this request: Jira's authentication
   * context, and {@code sessionAttribute} (the request's private session) under Seraph's
   * logged-in key.
   *
   * @return what undoes it when the response is complete, or {@code null} when Jira has no
   *     active user of that name (the request is then refused)
   */
  AutoCloseable bindUser(String userName, java.util.function.BiConsumer<String, Object> sessionAttribute);

  /**
   * The e-mail address of the active user of this name, if Jira has one: where a token's expiry
   * warnings go (with the admins' addresses of {@code limitto.expiry.warn.admins}).
   */
  Optional<String> emailOf(String userName);

  /**
   * Whether Jira can send mail now: an outgoing (SMTP) mail server is configured and sending is
   * not disabled. While it cannot, the app does not look for expiry warnings, so none is claimed
   * and lost; they go out once mail works.
   */
  boolean mailEnabled();

  /**
   * Hands one plain-text mail (UTF-8) to Jira's mail queue, from Jira's default sender; returns
   * once it is queued. Called from the app's expiry warning thread, never on a request.
   *
   * @param to the recipients' addresses, at least one
   * @throws RuntimeException when it could not be queued (logged; that warning is not sent again)
   */
  void sendMail(List<String> to, String subject, String text);

  /**
   * Records an administrative change of a token in Jira's own audit log, in addition to
   * Limit-to's audit table. Called on the admin's request thread after the change is stored; an
   * exception is logged and does not undo the change. Never carries a secret, its hash or its
   * ciphertext (a label is masked if it holds anything shaped like a token).
   *
   * @param action {@code CREATE}, {@code EDIT}, {@code ROTATE}, {@code REVOKE}, {@code VIEW} (the
   *     secret was shown again) or {@code IMPORT}
   * @param tokenId the token's public id
   * @param label the token's label after the change
   * @param actor the user name of the admin who made it
   * @param time when
   * @param changedFields the names of the fields set or changed ({@code secret} for a rotation),
   *     empty for revoke and view
   * @param ruleLines the token's effective rule lines after the change, 0 for an unrestricted
   *     token, -1 when not known (view, revoke)
   */
  void recordAdminEvent(String action, String tokenId, String label, String actor, Instant time,
      List<String> changedFields, int ruleLines);
}
