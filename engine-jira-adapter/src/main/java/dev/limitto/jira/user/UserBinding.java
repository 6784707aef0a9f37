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
 * <p>A binding is also the {@link UserDirectory} the gate asks whether a user is active, so that
 * one object answers that question for the token service and for the gate.
 *
 * <p>Implementations must be thread-safe.
 */
public interface UserBinding extends UserDirectory {

  /**
   * Makes {@code userName} the user of the rest of this request.
   *
   * @return a scope that the filter closes when the response is complete, or empty when the
   *     host has no active user of that name (the request is then refused and never reaches the
   *     host)
   */
  Optional<Scope> bind(String userName, HostRequest request);

  /**
   * Whether the host has an active user of that name. Asked for the token's owner and for the
   * named user when a request acts as another user ({@code contextUser}), before the token's
   * rules are evaluated, so that a token never acts as a user that does not exist or is
   * deactivated, nor through a deactivated owner.
   *
   * <p>Fails closed: the default answers {@code false}, as a binding that does not know its
   * users cannot vouch for one; with such a binding no token can act as another user (403). A
   * binding for a host with users (Jira's, {@link #container(UserDirectory)}) answers from the
   * host's user directory.
   */
  @Override
  default boolean isActive(String userName) {
    return false;
  }

  /** In no group, unless the binding knows the host's users (fails closed). */
  @Override
  default boolean isInGroup(String userName, String group) {
    return false;
  }

  /** No user by e-mail, unless the binding knows the host's users. */
  @Override
  default Optional<String> userNameForEmail(String email) {
    return Optional.empty();
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
   * needed. It knows no users, so it vouches for none: requests that ask to act as another user
   * are refused; use {@link #container(UserDirectory)} where they should be honoured.
   */
  static UserBinding container() {
    return (userName, request) -> Optional.of(Scope.NONE);
  }

  /**
   * The binding for plain servlet containers whose users are in a {@link UserDirectory} (the
   * standalone server, tests): a user is active when {@link UserDirectory#isActive} says so, and
   * a request is bound only to an active user.
   */
  static UserBinding container(UserDirectory users) {
    java.util.Objects.requireNonNull(users, "users");
    return new UserBinding() {
      @Override
      public Optional<Scope> bind(String userName, HostRequest request) {
        return users.isActive(userName) ? Optional.of(Scope.NONE) : Optional.empty();
      }

      @Override
      public boolean isActive(String userName) {
        return users.isActive(userName);
      }

      @Override
      public Optional<String> userNameForEmail(String email) {
        return users.userNameForEmail(email);
      }

      @Override
      public java.util.List<UserSummary> search(String query, int max) {
        return users.search(query, max);
      }

      @Override
      public boolean isInGroup(String userName, String group) {
        return users.isInGroup(userName, group);
      }

      @Override
      public String toString() {
        return "UserBinding.container(" + users.getClass().getSimpleName() + ")";
      }
    };
  }
}
