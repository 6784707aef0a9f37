package dev.limitto.jira.app;

import dev.limitto.jira.admin.AdminApi;
import dev.limitto.jira.admin.HostAdminAuthenticator;
import dev.limitto.jira.audit.AuditDispatcher;
import dev.limitto.jira.audit.JdbcAuditLog;
import dev.limitto.jira.db.ConnectionSource;
import dev.limitto.jira.gate.Gate;
import dev.limitto.jira.notify.ExpirySchedule;
import dev.limitto.jira.notify.ExpirySettings;
import dev.limitto.jira.notify.ExpiryWarner;
import dev.limitto.jira.notify.ExpiryWarning;
import dev.limitto.jira.store.JdbcTokenStore;
import dev.limitto.jira.token.ServerKeys;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyFile;
import dev.limitto.jira.token.crypto.KeyRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jira app's wiring, host-neutral: from an {@link AppHost} it builds what the plugin's
 * modules serve, the same pieces {@code ./limit-to serve} builds from its data directory.
 * <ul>
 *   <li>the token store and the audit log on Jira's database ({@link JdbcTokenStore}, {@link
 *       JdbcAuditLog}: H2 or PostgreSQL, migrated on start); revocation reaches every Data
 *       Center node through the store poll ({@link TokenSettings#revocationPollInterval()}), so
 *       no cluster messaging is needed;
 *   <li>the server key in {@link AppHost#dataDirectory()} (Jira's shared home), checked against
 *       the store ({@link ServerKeys});
 *   <li>the {@link TokenService}, the {@link Gate} of the filter ({@link AppFilter}) and the
 *       {@link AdminApi} of the REST module and the page ({@link AppServlet}), whose callers are
 *       Jira's system administrators;
 *   <li>the token administration audit: Limit-to's audit table and Jira's audit log ({@link
 *       AppHost#recordAdminEvent}, {@link HostAdminAudit});
 *   <li>the expiry warnings: an {@link ExpiryWarner} on a thread of its own ({@link
 *       ExpirySchedule}, a minute after start and then every 15 minutes), with the thresholds
 *       and admin addresses of {@code limitto.expiry.warn.*} ({@link ExpirySettings}), mailed
 *       through Jira's mail queue ({@link AppHost#sendMail}); each warning is claimed in Jira's
 *       database first, so that of the nodes of a cluster one sends it.
 * </ul>
 *
 * <p>The plugin's Spring context creates one ({@code META-INF/spring/limit-to-jira.xml} of the
 * Jira glue: constructor, then {@link #start}, and {@link #close} when the plugin stops); the
 * modules receive it in their constructors, as Jira autowires module classes.
 */
public final class LimitToApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LimitToApp.class);
  /** Where {@code /settings} says a setting came from when Jira's settings hold it. */
  static final String SETTINGS_SOURCE = "jira-config.properties";

  private final AppHost host;
  private volatile Running running;

  /** The name of the expiry warnings' thread. */
  static final String EXPIRY_THREAD = "limitto-jira-expiry";

  private record Running(JdbcTokenStore store, AuditDispatcher audit, TokenService tokens,
      Gate gate, AdminApi adminApi, ExpiryWarner warner, ExpirySchedule expiry) {}

  /** Whether the last look found Jira unable to send mail (logged once per change). */
  private volatile boolean mailWasOff;

  public LimitToApp(AppHost host) {
    this.host = Objects.requireNonNull(host, "host");
  }

  /**
   * Opens the store, the key and the audit, and starts the token service. Fails, and the
   * plugin with it, when any of them cannot be opened: a filter without its gate refuses to
   * start rather than let tokens through unchecked.
   */
  public synchronized void start() {
    if (running != null) {
      return;
    }
    ConnectionSource db = host::openConnection;
    Properties given = host.settings();
    TokenSettings settings = TokenSettings.fromProperties(given).toBuilder()
        .baseUrl(host.baseUrl()).build();
    ExpirySettings expirySettings;
    try {
      expirySettings = ExpirySettings.from(given);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(SETTINGS_SOURCE + ": " + e.getMessage(), e);
    }
    JdbcTokenStore store = JdbcTokenStore.open(db);
    AuditDispatcher audit = null;
    TokenService tokens = null;
    ExpirySchedule expiry = null;
    try {
      Path dir = host.dataDirectory();
      Files.createDirectories(dir);
      KeyRing keys = ServerKeys.open(dir.resolve(KeyFile.DEFAULT_NAME), store);
      JdbcAuditLog log = JdbcAuditLog.open(db);
      audit = AuditDispatcher.builder().writer(log).threadName("limitto-jira-audit").start();
      HostUserBinding users = new HostUserBinding(host);
      tokens = TokenService.builder().store(store).keys(keys).settings(settings).users(users)
          .listener(new HostAdminAudit(audit, host)).clock(host.clock())
          .rateLimitConnections(db).build();
      tokens.start();
      Gate gate = Gate.builder().settings(settings).authenticator(tokens.authenticator())
          .userBinding(users).audit(audit).clock(host.clock()).build();
      AdminApi adminApi = AdminApi.builder().tokens(tokens).audit(log).users(users)
          .authenticator(new HostAdminAuthenticator(host::isSystemAdmin))
          .settingSource(p -> given.containsKey(p) ? SETTINGS_SOURCE : "default")
          .clock(host.clock()).build();
      ExpiryWarner warner = new ExpiryWarner(tokens::list, store,
          new HostMailNotifier(host, settings.baseUrl()), this::emailOf, expirySettings.admins(),
          expirySettings.thresholds(), ExpirySchedule.nodeName(), host.clock());
      Running r = new Running(store, audit, tokens, gate, adminApi, warner, null);
      expiry = ExpirySchedule.start(() -> lookForExpiryWarnings(r), EXPIRY_THREAD);
      running = new Running(store, audit, tokens, gate, adminApi, warner, expiry);
      LOG.info("Limit-to started: auth type {}, {} mode, base URL {}, expiry warnings {} before"
          + " to owners{}", settings.authType(), settings.secureMode() ? "secure" : "standard",
          settings.baseUrl(), expirySettings.thresholds().stream()
              .map(dev.limitto.jira.token.DurationText::format).toList(),
          expirySettings.admins().isEmpty() ? "" : " and " + expirySettings.admins());
    } catch (java.io.IOException | RuntimeException e) {
      closeQuietly(expiry);
      closeQuietly(tokens);
      closeQuietly(audit);
      closeQuietly(store);
      throw e instanceof RuntimeException r ? r
          : new IllegalStateException("Limit-to cannot create its data directory", e);
    }
  }

  /** The filter's gate; the app must be started. */
  public Gate gate() {
    return require().gate();
  }

  /** The admin API of the REST module and the page; the app must be started. */
  public AdminApi adminApi() {
    return require().adminApi();
  }

  /** The token service (for the host's own uses, e.g. a mail notifier). */
  public TokenService tokens() {
    return require().tokens();
  }

  /**
   * Looks once for due expiry warnings and mails them, as the app's schedule does every 15
   * minutes; nothing while Jira cannot send mail ({@link AppHost#mailEnabled}).
   *
   * @return the warnings this node sent
   */
  List<ExpiryWarning> lookForExpiryWarnings() {
    return lookForExpiryWarnings(require());
  }

  private List<ExpiryWarning> lookForExpiryWarnings(Running r) {
    boolean off = !host.mailEnabled();
    if (off != mailWasOff) {
      mailWasOff = off;
      if (off) {
        LOG.warn("Limit-to: Jira cannot send mail (no outgoing mail server, or sending is"
            + " disabled): expiry warnings wait until it can");
      } else {
        LOG.info("Limit-to: Jira can send mail: expiry warnings are sent");
      }
    }
    return off ? List.of() : r.warner().runOnce();
  }

  /** The owner's address; a host failure leaves the owner out (the admins still get it). */
  private Optional<String> emailOf(String userName) {
    try {
      Optional<String> a = host.emailOf(userName);
      return a == null ? Optional.empty() : a.filter(s -> !s.isBlank());
    } catch (RuntimeException e) {
      LOG.warn("Limit-to: no e-mail address for {}: {}", userName,
          e.getClass().getSimpleName() + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Whether {@link #start} has run and {@link #close} has not. */
  public boolean isRunning() {
    return running != null;
  }

  private Running require() {
    Running r = running;
    if (r == null) {
      throw new IllegalStateException("Limit-to is not started");
    }
    return r;
  }

  /** Stops the expiry warnings and the token service, flushes the audit and closes the store. */
  @Override
  public synchronized void close() {
    Running r = running;
    running = null;
    if (r != null) {
      closeQuietly(r.expiry());
      closeQuietly(r.tokens());
      closeQuietly(r.audit());
      closeQuietly(r.store());
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("Limit-to: closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
    }
  }

  @Override
  public String toString() {
    return "LimitToApp(" + (running == null ? "stopped" : "running") + ")";
  }
}
