package dev.limitto.jira.user;

import java.util.Objects;

/**
 * One user as a user search finds it: what an admin needs to pick a token's owner.
 *
 * @param userName the name a token's owner is stored under
 * @param displayName the name people read (the user name where the host has no other)
 * @param email the e-mail address, or {@code null} when the host has none for the user
 */
public record UserSummary(String userName, String displayName, String email) {

  public UserSummary {
    Objects.requireNonNull(userName, "userName");
    displayName = displayName == null || displayName.isBlank() ? userName : displayName;
  }
}
