package dev.limitto.jira.app;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * Jira as the app sees it, outside OSGi: an H2 database in memory, a data directory, three users
 * with addresses, a clock the test moves, and a record of the mails queued and of the audit
 * events given to Jira's audit log.
 */
final class TestJiraHost implements AppHost {

  /** A mail handed to Jira's mail queue. */
  record Mail(List<String> to, String subject, String text) {}

  /** An event given to Jira's audit log. */
  record AdminEvent(String action, String tokenId, String label, String actor, Instant time,
      List<String> changedFields, int ruleLines) {}

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant t) {
      now = t;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  static final Map<String, String> EMAILS = Map.of("alice", "alice@example.com",
      "bob", "bob@example.com", "admin", "admin@example.com");

  final List<Mail> mails = new CopyOnWriteArrayList<>();
  final List<AdminEvent> events = new CopyOnWriteArrayList<>();
  final Properties settings = new Properties();
  volatile boolean mailEnabled = true;
  volatile RuntimeException auditFailure;
  private final String jdbcUrl;
  private final Path data;
  private final MovableClock clock;

  TestJiraHost(String database, Path data, MovableClock clock) {
    this.jdbcUrl = "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1";
    this.data = data;
    this.clock = clock;
  }

  @Override
  public Connection openConnection() throws SQLException {
    return DriverManager.getConnection(jdbcUrl);
  }

  /** Drops the in-memory database. */
  void dropDatabase() throws SQLException {
    try (Connection c = openConnection()) {
      c.createStatement().execute("SHUTDOWN");
    }
  }

  @Override
  public Path dataDirectory() {
    return data;
  }

  @Override
  public String baseUrl() {
    return "https://jira.example.com";
  }

  @Override
  public Properties settings() {
    return (Properties) settings.clone();
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public boolean isActive(String userName) {
    return EMAILS.containsKey(userName);
  }

  @Override
  public Optional<String> userNameForEmail(String email) {
    return EMAILS.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(email))
        .map(Map.Entry::getKey).findFirst();
  }

  @Override
  public List<Map<String, String>> searchUsers(String query, int max) {
    return List.of();
  }

  @Override
  public boolean isSystemAdmin(String userName) {
    return "admin".equals(userName);
  }

  /** Jira's groups: alice is a developer. */
  @Override
  public boolean isInGroup(String userName, String group) {
    return "alice".equals(userName) && "developers".equalsIgnoreCase(group);
  }

  @Override
  public AutoCloseable bindUser(String userName, BiConsumer<String, Object> sessionAttribute) {
    return isActive(userName) ? () -> { } : null;
  }

  @Override
  public Optional<String> emailOf(String userName) {
    return Optional.ofNullable(EMAILS.get(userName));
  }

  @Override
  public boolean mailEnabled() {
    return mailEnabled;
  }

  @Override
  public void sendMail(List<String> to, String subject, String text) {
    mails.add(new Mail(List.copyOf(to), subject, text));
  }

  @Override
  public void recordAdminEvent(String action, String tokenId, String label, String actor,
      Instant time, List<String> changedFields, int ruleLines) {
    RuntimeException f = auditFailure;
    if (f != null) {
      throw f;
    }
    events.add(new AdminEvent(action, tokenId, label, actor, time, List.copyOf(changedFields),
        ruleLines));
  }
}
