package dev.limitto.cli.data;

import dev.limitto.jira.user.InMemoryUserDirectory;
import java.util.List;

/**
 * The users of the sample application that {@code serve} runs, and so the owners {@code token
 * create --user} accepts. Fixed: the sample keeps no user database.
 */
public final class SampleUsers {

  /** One user and the groups it is a member of. */
  public record User(String name, String email, String displayName, List<String> groups) {}

  /** Jira's default group of administrators. */
  public static final String ADMINISTRATORS = "jira-administrators";
  /** Jira's default group of every user. */
  public static final String USERS = "jira-users";
  /** A group of the sample, for trying {@code limitto.token.create.others.groups}. */
  public static final String DEVELOPERS = "developers";

  /** The administrator: signs in with Basic auth and the password in the data directory. */
  public static final String ADMIN = "admin";
  /** Owner of the demo token created on first start. */
  public static final String DEMO = "demo";

  public static final List<User> ALL = List.of(
      new User(ADMIN, "admin@example.com", "Administrator", List.of(ADMINISTRATORS, USERS)),
      new User(DEMO, "demo@example.com", "Demo User", List.of(USERS)),
      new User("alice", "alice@example.com", "Alice Example", List.of(USERS, DEVELOPERS)),
      new User("bob", "bob@example.com", "Bob Example", List.of(USERS)));

  private SampleUsers() {}

  /** The users, with their groups, as a directory for the token service and the gate. */
  public static InMemoryUserDirectory directory() {
    InMemoryUserDirectory d = new InMemoryUserDirectory();
    for (User u : ALL) {
      d.add(u.name(), u.email(), u.groups().toArray(String[]::new));
    }
    return d;
  }

  /** The user of that name (case-insensitive), or null. */
  public static User find(String name) {
    for (User u : ALL) {
      if (u.name().equalsIgnoreCase(name)) {
        return u;
      }
    }
    return null;
  }
}
