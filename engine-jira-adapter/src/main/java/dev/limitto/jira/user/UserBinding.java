package dev.limitto.jira.user;

import java.util.Optional;

/**
 * How the host application learns who a token request is from. The filter always presents the
 * authenticated user through {@code getRemoteUser()} and {@code getUserPrincipal()} of the request
 * it hands on; a host that reads the user from elsewhere binds it here.
 *
 * <p>The default, {@link #container()}, needs nothing more: plain servlet applications read the
 * request's remote user. Jira reads its own authentication context, so the Jira binding (see
 * docs/jira-integration.md) looks the user up with {@code UserManager}, sets it on
 * {@code JiraAuthenticationContext} and in the request's private session under Seraph's
 * logged-in key, and restores the previous user when the scope closes; the SAL
 * {@code AuthenticationListener} is told of the success.
 *
 * <p>Implementations must be thread-safe.
 */
public interface UserBinding {

  /**
   * Makes {@code userName} the user of the rest of this request.
   *
   * @return a scope that the filter closes when the response is complete, or empty when the
   *     host has no active user of that name (the request is then refused and never reaches the
   *     host)
   */
  Optional<Scope> bind(String userName, HostRequest request);

  /**
   * Whether the host has an active user of that name. Asked for the token's owner when a
   * request acts as another user, so that a disabled owner's token cannot act through
   * {@code contextUser}. Defaults to {@code true} for hosts that do not know their users.
   */
  default boolean isActive(String userName) {
    return true;
  }

  /** What a binding undoes when the request ends. Never throws. */
  @FunctionalInterface
  interface Scope extends AutoCloseable {

    /** A scope with nothing to undo. */
    Scope NONE = () -> { };

    @Override
    void close();
  }

  /**
   * The binding for plain servlet containers: the filter's request already answers
   * {@code getRemoteUser()} and {@code getUserPrincipal()} with the user, and nothing else is
   * needed.
   */
  static UserBinding container() {
    return (userName, request) -> Optional.of(Scope.NONE);
  }
}
