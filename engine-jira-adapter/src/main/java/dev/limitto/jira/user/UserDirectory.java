package dev.limitto.jira.user;

import java.util.List;
import java.util.Optional;

/**
 * Who the host's users are: the one place that answers "is this user active". The token service
 * asks it when a token is created, edited or presented with a user name or an e-mail address;
 * the gate asks it (through its {@link UserBinding}, which is a directory too) for the owner and
 * the named user when a request acts as another user ({@code contextUser}). In Jira this is
 * backed by {@code UserManager}/{@code UserSearchService} (see docs/tokens.md); tests and the
 * command line use {@link InMemoryUserDirectory}.
 *
 * <p>Implementations must be thread-safe and must not block for long: both methods are called
 * while a request waits.
 */
public interface UserDirectory {

  /** The user name of the one active user with this e-mail address, if there is exactly one. */
  Optional<String> userNameForEmail(String email);

  /** Whether the host has an active user of this name. */
  boolean isActive(String userName);

  /**
   * Active users whose user name, display name or e-mail address contains {@code query}
   * (case-insensitively; an empty query matches every user), ordered by user name, at most
   * {@code max}: the admin page's owner picker asks this through {@code GET /users}.
   *
   * <p>Fails closed: the default finds nobody, as a directory that cannot list its users
   * cannot vouch for one (the picker then offers only the owners of existing tokens).
   * In Jira this is {@code UserSearchService} (see docs/jira-integration.md).
   */
  default List<UserSummary> search(String query, int max) {
    return List.of();
  }

  /**
   * Whether the user is a member of the group (names compared as the host does; Jira ignores
   * case). Asked only when a user who is not an administrator creates a token, for the groups
   * named in the settings of {@code dev.limitto.jira.token.CreationPolicy}; never on the request
   * path.
   *
   * <p>Fails closed: the default answers {@code false}, so a directory that does not know groups
   * lets no group create tokens. In Jira: {@code GroupManager.isUserInGroup(ApplicationUser,
   * String)} (or SAL's {@code UserManager.isUserInGroup(UserKey, String)}).
   */
  default boolean isInGroup(String userName, String group) {
    return false;
  }
}
