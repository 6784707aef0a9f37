package dev.limitto.jira.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A user directory held in memory (tests, the command line, the standalone server). User names
 * and e-mail addresses are matched case-insensitively, as Jira does.
 */
public final class InMemoryUserDirectory implements UserDirectory {

  // lower-cased user name -> user name as registered
  private final Map<String, String> users = new ConcurrentHashMap<>();
  // lower-cased user name -> e-mail as registered (users without one are absent)
  private final Map<String, String> emailOf = new ConcurrentHashMap<>();
  // lower-cased e-mail -> user name, or AMBIGUOUS when two users share it
  private final Map<String, String> emails = new ConcurrentHashMap<>();
  private static final String AMBIGUOUS = "";
  // lower-cased user name -> lower-cased group names
  private final Map<String, Set<String>> groups = new ConcurrentHashMap<>();

  /**
   * Adds a user with an optional e-mail address ({@code null} for none) and the groups it is a
   * member of (matched ignoring case, as Jira does).
   */
  public InMemoryUserDirectory add(String userName, String email, String... groupNames) {
    Objects.requireNonNull(userName, "userName");
    users.put(userName.toLowerCase(Locale.ROOT), userName);
    Set<String> g = groups.computeIfAbsent(userName.toLowerCase(Locale.ROOT),
        k -> ConcurrentHashMap.newKeySet());
    for (String group : groupNames) {
      g.add(Objects.requireNonNull(group, "group").toLowerCase(Locale.ROOT));
    }
    if (email != null) {
      emailOf.put(userName.toLowerCase(Locale.ROOT), email);
      emails.merge(email.toLowerCase(Locale.ROOT), userName,
          (a, b) -> a.equalsIgnoreCase(b) ? a : AMBIGUOUS);
    }
    return this;
  }

  @Override
  public Optional<String> userNameForEmail(String email) {
    if (email == null) {
      return Optional.empty();
    }
    String u = emails.get(email.toLowerCase(Locale.ROOT));
    return u == null || u.isEmpty() ? Optional.empty() : Optional.of(u);
  }

  @Override
  public boolean isInGroup(String userName, String group) {
    if (userName == null || group == null) {
      return false;
    }
    Set<String> g = groups.get(userName.toLowerCase(Locale.ROOT));
    return g != null && g.contains(group.strip().toLowerCase(Locale.ROOT));
  }

  @Override
  public boolean isActive(String userName) {
    return userName != null && users.containsKey(userName.toLowerCase(Locale.ROOT));
  }

  @Override
  public List<UserSummary> search(String query, int max) {
    String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
    List<UserSummary> found = new ArrayList<>();
    for (Map.Entry<String, String> u : users.entrySet()) {
      String email = emailOf.get(u.getKey());
      if (u.getKey().contains(q) || (email != null && email.toLowerCase(Locale.ROOT).contains(q))) {
        found.add(new UserSummary(u.getValue(), u.getValue(), email));
      }
    }
    found.sort((a, b) -> a.userName().compareToIgnoreCase(b.userName()));
    return List.copyOf(found.subList(0, Math.min(Math.max(max, 0), found.size())));
  }
}
