package dev.limitto.jira.admin;

/**
 * Who may call the admin API: finds out who the caller of one request is. {@link AdminApi}
 * asks it only after refusing every request that was authenticated by, or carries, a Limit-to
 * token, so an implementation never needs to know about tokens.
 *
 * <p>Two implementations: {@link BasicPasswordAuthenticator} for the standalone server (one
 * admin user, a password stored hashed), and {@link HostAdminAuthenticator} for a host that has
 * its own login and its own idea of who is an administrator (Jira: the logged-in user and its
 * system-administrator permission, see docs/rest-api.md). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AdminAuthenticator {

  /** The caller of this request; {@link AdminCaller#ANONYMOUS} when not authenticated. */
  AdminCaller identify(AdminRequest request);

  /**
   * The value of the {@code WWW-Authenticate} header of a 401, or {@code null} for none (a host
   * whose login is a web page sends none, so that a browser does not pop up a password dialog).
   */
  default String challenge() {
    return null;
  }
}
