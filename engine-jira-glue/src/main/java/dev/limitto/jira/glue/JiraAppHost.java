package dev.limitto.jira.glue;

import com.atlassian.jira.bc.user.search.UserSearchParams;
import com.atlassian.jira.bc.user.search.UserSearchService;
import com.atlassian.jira.config.util.JiraHome;
import com.atlassian.jira.ofbiz.DefaultOfBizConnectionFactory;
import com.atlassian.jira.security.JiraAuthenticationContext;
import com.atlassian.jira.user.ApplicationUser;
import com.atlassian.jira.user.util.UserManager;
import com.atlassian.sal.api.ApplicationProperties;
import com.atlassian.sal.api.UrlMode;
import com.atlassian.sal.api.user.UserProfile;
import dev.limitto.jira.app.AppHost;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * {@link AppHost} on Jira's APIs: the only class that touches them. Not compiled in the default
 * build (Atlassian's artifacts are not on Maven Central); built with {@code -Pjira}.
 */
public final class JiraAppHost implements AppHost {

  /** Seraph's session key of the logged-in user ({@code DefaultAuthenticator.LOGGED_IN_KEY}). */
  static final String SERAPH_LOGGED_IN_KEY = "seraph_defaultauthenticator_user";

  private final com.atlassian.sal.api.user.UserManager sal;
  private final ApplicationProperties properties;
  private final UserManager users;
  private final UserSearchService search;
  private final JiraAuthenticationContext context;
  private final JiraHome home;

  public JiraAppHost(com.atlassian.sal.api.user.UserManager sal, ApplicationProperties properties,
      UserManager users, UserSearchService search, JiraAuthenticationContext context,
      JiraHome home) {
    this.sal = sal;
    this.properties = properties;
    this.users = users;
    this.search = search;
    this.context = context;
    this.home = home;
  }

  @Override
  public Connection openConnection() throws SQLException {
    return DefaultOfBizConnectionFactory.getInstance().getConnection();
  }

  @Override
  public Path dataDirectory() {
    // the shared home on Data Center: every node reads the same server key
    return home.getSharedHome().toPath().resolve("data").resolve("limit-to");
  }

  @Override
  public String baseUrl() {
    return properties.getBaseUrl(UrlMode.CANONICAL);
  }

  @Override
  public Properties settings() {
    Properties out = new Properties();
    Path file = home.getLocalHome().toPath().resolve("jira-config.properties");
    if (Files.exists(file)) {
      Properties all = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        all.load(in);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
      }
      for (String name : all.stringPropertyNames()) {
        if (name.startsWith("limitto.token.") || name.startsWith("extender.token.")) {
          out.setProperty(name, all.getProperty(name).trim());
        }
      }
    }
    return out;
  }

  @Override
  public boolean isActive(String userName) {
    ApplicationUser u = users.getUserByName(userName);
    return u != null && u.isActive();
  }

  @Override
  public Optional<String> userNameForEmail(String email) {
    String found = null;
    for (ApplicationUser u : search.findUsersByEmail(email)) {
      if (!u.isActive()) {
        continue;
      }
      if (found != null) {
        return Optional.empty();
      }
      found = u.getUsername();
    }
    return Optional.ofNullable(found);
  }

  @Override
  public List<Map<String, String>> searchUsers(String query, int max) {
    UserSearchParams params = UserSearchParams.builder().allowEmptyQuery(true)
        .includeActive(true).includeInactive(false).maxResults(max).build();
    List<Map<String, String>> out = new ArrayList<>();
    for (ApplicationUser u : search.findUsers(query, params)) {
      Map<String, String> m = new HashMap<>();
      m.put("userName", u.getUsername());
      m.put("displayName", u.getDisplayName());
      if (u.getEmailAddress() != null) {
        m.put("email", u.getEmailAddress());
      }
      out.add(m);
    }
    return out;
  }

  @Override
  public boolean isSystemAdmin(String userName) {
    UserProfile p = sal.getUserProfile(userName);
    return p != null && sal.isSystemAdmin(p.getUserKey());
  }

  @Override
  public AutoCloseable bindUser(String userName, BiConsumer<String, Object> sessionAttribute) {
    ApplicationUser u = users.getUserByName(userName);
    if (u == null || !u.isActive()) {
      return null;
    }
    ApplicationUser previous = context.getLoggedInUser();
    context.setLoggedInUser(u);
    sessionAttribute.accept(SERAPH_LOGGED_IN_KEY, u);
    return () -> context.setLoggedInUser(previous);
  }
}
