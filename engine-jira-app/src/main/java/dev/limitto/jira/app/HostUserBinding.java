package dev.limitto.jira.app;

import dev.limitto.jira.user.HostRequest;
import dev.limitto.jira.user.UserBinding;
import dev.limitto.jira.user.UserSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gate's and the token service's {@link UserBinding}, answered by the {@link AppHost}. */
final class HostUserBinding implements UserBinding {

  private static final Logger LOG = LoggerFactory.getLogger(HostUserBinding.class);
  private final AppHost host;

  HostUserBinding(AppHost host) {
    this.host = host;
  }

  @Override
  public Optional<Scope> bind(String userName, HostRequest request) {
    AutoCloseable undo = host.bindUser(userName, request::setSessionAttribute);
    if (undo == null) {
      return Optional.empty();
    }
    return Optional.of(() -> {
      try {
        undo.close();
      } catch (Exception e) {
        LOG.warn("Limit-to: restoring Jira's user after a token request failed: {}", e.toString());
      }
    });
  }

  @Override
  public boolean isActive(String userName) {
    return userName != null && host.isActive(userName);
  }

  @Override
  public Optional<String> userNameForEmail(String email) {
    return email == null ? Optional.empty() : host.userNameForEmail(email);
  }

  @Override
  public List<UserSummary> search(String query, int max) {
    List<UserSummary> out = new ArrayList<>();
    for (Map<String, String> u : host.searchUsers(query, max)) {
      if (u.get("userName") != null && out.size() < max) {
        out.add(new UserSummary(u.get("userName"), u.get("displayName"), u.get("email")));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public boolean isInGroup(String userName, String group) {
    return userName != null && group != null && host.isInGroup(userName, group);
  }

  @Override
  public String toString() {
    return "HostUserBinding";
  }
}
