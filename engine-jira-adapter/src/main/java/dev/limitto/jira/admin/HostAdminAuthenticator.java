package dev.limitto.jira.admin;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * The caller is the host's logged-in user ({@link AdminRequest#remoteUser()}); it is an
 * administrator when the host says so. For Jira, the binding passes the user of
 * {@code UserManager.getRemoteUsername(HttpServletRequest)} (SAL) as the remote user and
 * {@code userName -> userManager.isSystemAdmin(userManager.getUserProfile(userName).getUserKey())}
 * as the predicate (see docs/rest-api.md).
 */
public final class HostAdminAuthenticator implements AdminAuthenticator {

  private final Predicate<String> isAdmin;

  /** @param isAdmin whether a logged-in user is an administrator; must be thread-safe */
  public HostAdminAuthenticator(Predicate<String> isAdmin) {
    this.isAdmin = Objects.requireNonNull(isAdmin, "isAdmin");
  }

  @Override
  public AdminCaller identify(AdminRequest request) {
    String user = request.remoteUser();
    if (user == null || user.isBlank()) {
      return AdminCaller.ANONYMOUS;
    }
    return isAdmin.test(user) ? AdminCaller.admin(user) : AdminCaller.user(user);
  }

  @Override
  public String toString() {
    return "HostAdminAuthenticator";
  }
}
