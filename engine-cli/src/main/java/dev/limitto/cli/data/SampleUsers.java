package dev.limitto.cli.data;

import dev.limitto.jira.user.InMemoryUserDirectory;
import java.util.List;

/**
 * The users of the sample application that {@code serve} runs, and so the owners {@code token
 * create --user} accepts. Fixed: the sample keeps no user database.
 */
public final class SampleUsers {

  /** One user. */
  public record User(String name, String email, String displayName) {}

  /** The administrator: signs in with Basic auth and the password in the data directory. */
  public static final String ADMIN = "admin";
  /** Owner of the demo token created on first start. */
  public static final String DEMO = "demo";

  public static final List<User> ALL = List.of(
      new User(ADMIN, "admin@example.com", "Administrator"),
      new User(DEMO, "demo@example.com", "Demo User"),
      new User("alice", "alice@example.com", "Alice Example"),
      new User("bob", "bob@example.com", "Bob Example"));

  private SampleUsers() {}

  /** The users as a directory for the token service. */
  public static InMemoryUserDirectory directory() {
    InMemoryUserDirectory d = new InMemoryUserDirectory();
    for (User u : ALL) {
      d.add(u.name(), u.email());
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
