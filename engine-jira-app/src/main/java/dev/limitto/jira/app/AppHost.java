package dev.limitto.jira.app;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
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
   * The Limit-to settings ({@code limitto.token.*}, {@code extender.token.*}), e.g. those of
   * {@code jira-config.properties}; properties of other namespaces must not be included.
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
   * Makes {@code userName} Jira's user for the rest of this request: Jira's authentication
   * context, and {@code sessionAttribute} (the request's private session) under Seraph's
   * logged-in key.
   *
   * @return what undoes it when the response is complete, or {@code null} when Jira has no
   *     active user of that name (the request is then refused)
   */
  AutoCloseable bindUser(String userName, java.util.function.BiConsumer<String, Object> sessionAttribute);
}
