package dev.limitto.jira.token;

import java.util.Optional;

/**
 * Who the users are: the host's user directory as the token subsystem needs it. In Jira this is
 * backed by {@code UserManager}/{@code UserSearchService} (see docs/tokens.md); tests and the
 * command line use {@link InMemoryUserDirectory}. Implementations must be thread-safe and must not
 * block for long: {@link #userNameForEmail} is called when a token is presented with an e-mail.
 */
public interface UserDirectory {

  /** The user name of the one active user with this e-mail address, if there is exactly one. */
  Optional<String> userNameForEmail(String email);

  /** Whether an active user of this name exists. */
  boolean exists(String userName);
}
