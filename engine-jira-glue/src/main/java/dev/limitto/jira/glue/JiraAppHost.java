package dev.limitto.jira.glue;

import com.atlassian.audit.api.AuditService;
import com.atlassian.audit.entity.AuditAttribute;
import com.atlassian.audit.entity.AuditEvent;
import com.atlassian.audit.entity.AuditResource;
import com.atlassian.audit.entity.AuditType;
import com.atlassian.audit.entity.CoverageArea;
import com.atlassian.audit.entity.CoverageLevel;
import com.atlassian.jira.bc.user.search.UserSearchParams;
import com.atlassian.jira.bc.user.search.UserSearchService;
import com.atlassian.jira.config.util.JiraHome;
import com.atlassian.jira.ofbiz.DefaultOfBizConnectionFactory;
import com.atlassian.jira.security.JiraAuthenticationContext;
import com.atlassian.jira.user.ApplicationUser;
import com.atlassian.jira.user.util.UserManager;
import com.atlassian.mail.Email;
import com.atlassian.mail.MailFactory;
import com.atlassian.mail.queue.MailQueue;
import com.atlassian.mail.queue.SingleMailQueueItem;
import com.atlassian.mail.server.MailServerManager;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * {@link AppHost} on Jira's APIs: the only class that touches them. Not compiled in the default
 * build (Atlassian's artifacts are not on Maven Central); built with {@code -Pjira}.
 *
 * <p>Mail goes to Jira's mail queue ({@link MailQueue}, sent by Jira's own mail job through the
 * default outgoing mail server and sender). The token administration audit goes to Jira's audit
 * log through the Atlassian audit API ({@link AuditService}, Jira 8.8 and later, the API of
 * Jira 9, 10 and 11) rather than Jira's older {@code AuditingManager}, which that API
 * replaced: its events appear in <em>Administration › System › Audit log</em> under the
 * category of {@link #CATEGORY_KEY}, with the coverage area security, level base.
 */
public final class JiraAppHost implements AppHost {

  /** Seraph's session key of the logged-in user ({@code DefaultAuthenticator.LOGGED_IN_KEY}). */
  static final String SERAPH_LOGGED_IN_KEY = "seraph_defaultauthenticator_user";
  /** The settings {@code jira-config.properties} gives the app. */
  static final List<String> SETTING_PREFIXES =
      List.of("limitto.token.", "extender.token.", "limitto.expiry.");
  /** i18n keys of the audit events (the plugin's i18n resource, {@code audit.properties}). */
  static final String CATEGORY_KEY = "limitto.audit.category";
  static final String ACTION_KEY = "limitto.audit.action.";
  static final String ATTRIBUTE_ACTOR = "limitto.audit.attribute.actor";
  static final String ATTRIBUTE_FIELDS = "limitto.audit.attribute.changed";
  static final String ATTRIBUTE_RULE_LINES = "limitto.audit.attribute.rulelines";
  /** The audit log's object type of a token. */
  static final String RESOURCE_TYPE = "Limit-to API token";

  private final com.atlassian.sal.api.user.UserManager sal;
  private final ApplicationProperties properties;
  private final UserManager users;
  private final UserSearchService search;
  private final JiraAuthenticationContext context;
  private final JiraHome home;
  private final MailQueue mailQueue;
  private final AuditService audit;

  public JiraAppHost(com.atlassian.sal.api.user.UserManager sal, ApplicationProperties properties,
      UserManager users, UserSearchService search, JiraAuthenticationContext context,
      JiraHome home, MailQueue mailQueue, AuditService audit) {
    this.sal = sal;
    this.properties = properties;
    this.users = users;
    this.search = search;
    this.context = context;
    this.home = home;
    this.mailQueue = mailQueue;
    this.audit = audit;
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
        if (SETTING_PREFIXES.stream().anyMatch(name::startsWith)) {
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
  public boolean isInGroup(String userName, String group) {
    UserProfile p = sal.getUserProfile(userName);
    return p != null && sal.isUserInGroup(p.getUserKey(), group);
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

  @Override
  public Optional<String> emailOf(String userName) {
    ApplicationUser u = users.getUserByName(userName);
    if (u == null || !u.isActive() || u.getEmailAddress() == null
        || u.getEmailAddress().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(u.getEmailAddress());
  }

  @Override
  public boolean mailEnabled() {
    MailServerManager servers = MailFactory.getServerManager();
    return !MailFactory.isSendingDisabled() && servers != null
        && servers.getDefaultSMTPMailServer() != null;
  }

  @Override
  public void sendMail(List<String> to, String subject, String text) {
    Email email = new Email(String.join(",", to));
    email.setSubject(subject);
    email.setBody(text);
    email.setMimeType("text/plain");
    email.setEncoding("UTF-8");
    mailQueue.addItem(new SingleMailQueueItem(email));
  }

  @Override
  public void recordAdminEvent(String action, String tokenId, String label, String actor,
      Instant time, List<String> changedFields, int ruleLines) {
    // the audit service stamps the time and takes the author from the request's user: the
    // admin whose call made the change (the actor, recorded as well)
    AuditType type = AuditType.fromI18nKeys(CoverageArea.SECURITY, CoverageLevel.BASE,
        CATEGORY_KEY, ACTION_KEY + action.toLowerCase(Locale.ROOT)).build();
    AuditEvent.Builder event = AuditEvent.builder(type)
        .affectedObject(AuditResource.builder(label, RESOURCE_TYPE).id(tokenId).build())
        .extraAttribute(AuditAttribute.fromI18nKeys(ATTRIBUTE_ACTOR, actor).build());
    if (!changedFields.isEmpty()) {
      event.extraAttribute(
          AuditAttribute.fromI18nKeys(ATTRIBUTE_FIELDS, String.join(", ", changedFields)).build());
    }
    if (ruleLines >= 0) {
      event.extraAttribute(
          AuditAttribute.fromI18nKeys(ATTRIBUTE_RULE_LINES, Integer.toString(ruleLines)).build());
    }
    audit.audit(event.build());
  }
}
