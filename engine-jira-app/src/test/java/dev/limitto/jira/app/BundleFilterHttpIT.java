package dev.limitto.jira.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.audit.AuditEvent;
import dev.limitto.jira.audit.AuditQuery;
import dev.limitto.jira.audit.JdbcAuditLog;
import dev.limitto.jira.db.ConnectionSource;
import dev.limitto.jira.harness.FilterHttpContract;
import dev.limitto.jira.harness.RawHttp;
import dev.limitto.jira.harness.ServedLog;
import dev.limitto.jira.harness.ServiceTokenFixture;
import dev.limitto.jira.harness.TempDirs;
import dev.limitto.jira.harness.TokenFixture;
import dev.limitto.jira.servlet.jakarta.JakartaTomcat;
import dev.limitto.jira.store.JdbcTokenStore;
import dev.limitto.jira.token.ServerKeys;
import dev.limitto.jira.token.TokenAuthenticator;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyFile;
import dev.limitto.jira.user.UserDirectory;
import dev.limitto.jira.user.UserSummary;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BiConsumer;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;
import org.osgi.framework.Constants;
import org.w3c.dom.Element;

/**
 * The filter of the Jira 11 app bundle, run through the same HTTP contract as the adapter's
 * filters ({@link FilterHttpContract}, corpus included), in the container of its host line
 * (an embedded Tomcat 11).
 *
 * <p>Nothing of the gate is built by the test: the bundle is installed in Apache Felix (exporting
 * only the JDK and the host line's packages, as {@link BundleIT}), and each mount's filter is the
 * class atlassian-plugin.xml names, created as Jira creates it, with a {@link LimitToApp} that
 * the app's own wiring started on an {@link AppHost} playing Jira. Only JDK types cross into the
 * bundle, so the test shares with the app what Jira would: the database (an in-memory H2 both
 * sides open through the same driver), the key file in the data directory, the clock, the users
 * and the settings ({@code limitto.token.auth.type} of each mount). The tokens are issued into
 * that database beforehand by the real token service of the test's class loader, and the audit
 * events are read back from the app's audit table.
 */
class BundleFilterHttpIT extends FilterHttpContract {

  /** Seraph's session key for the logged-in user, which Jira's binding sets. */
  private static final String SERAPH_LOGGED_IN = "seraph_defaultauthenticator_user";
  /** Path of the requests that mark how far the apps' audit has been written. */
  private static final String BARRIER = "/rest/limit-to-contract/audit-barrier/";
  private static final Duration AUDIT_WAIT = Duration.ofSeconds(30);

  private final String databaseUrl =
      "jdbc:h2:mem:limit-to-bundle-contract-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  private final ConnectionSource database = () -> DriverManager.getConnection(databaseUrl);
  private Path work;
  private Path dataDirectory;
  private ServiceTokenFixture fixture;
  private JdbcAuditLog auditTable;
  private final List<String> contexts = new ArrayList<>();
  private int barriers;

  /** The settings every mount's app gets, besides its auth type: none (the app's defaults). */
  private static Properties settings() {
    return new Properties();
  }

  @Override
  protected TokenFixture newTokenFixture() {
    try {
      work = Files.createTempDirectory("limit-to-bundle-contract");
      dataDirectory = work.resolve("data");
      Files.createDirectories(dataDirectory);
      JdbcTokenStore store = JdbcTokenStore.open(database);
      // the key file the app finds in its data directory and checks against the store
      var keys = ServerKeys.open(dataDirectory.resolve(KeyFile.DEFAULT_NAME), store);
      TokenSettings appSettings = TokenSettings.fromProperties(settings()).toBuilder()
          .baseUrl(TokenFixture.BASE_URL).build();
      fixture = new ServiceTokenFixture(store, keys, appSettings);
      auditTable = JdbcAuditLog.open(database);
      return new SharedStoreFixture(fixture, store);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  protected TestServer startServer(List<Mount> mounts, ServedLog log, Path baseDir)
      throws Exception {
    Map<String, Object> config = new HashMap<>();
    config.put(Constants.FRAMEWORK_STORAGE, work.resolve("felix").toString());
    config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
    config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, System.getProperty("limitto.host.packages"));
    Felix felix = new Felix(config);
    List<AutoCloseable> apps = new ArrayList<>();
    try {
      felix.start();
      Bundle bundle = felix.getBundleContext().installBundle(
          Path.of(System.getProperty("limitto.bundle")).toUri().toString());
      bundle.start();
      Class<?> hostType = bundle.loadClass("dev.limitto.jira.app.AppHost");
      Class<?> appType = bundle.loadClass("dev.limitto.jira.app.LimitToApp");
      Class<?> filterType = bundle.loadClass(filterClassName(bundle));
      assertThat(((BundleReference) filterType.getClassLoader()).getBundle()).isEqualTo(bundle);
      Map<String, jakarta.servlet.Filter> filters = new LinkedHashMap<>();
      for (Mount m : mounts) {
        Properties p = settings();
        p.setProperty(TokenSettings.AUTH_TYPE, m.authType().name());
        // as the plugin's Spring context does: the app on the host, started; then the module
        Object app = appType.getConstructor(hostType).newInstance(host(hostType, p));
        apps.add((AutoCloseable) app);
        appType.getMethod("start").invoke(app);
        filters.put(m.contextPath(), (jakarta.servlet.Filter) autowire(filterType, app));
        contexts.add(m.contextPath());
      }
      // Felix owns the JVM's URL stream handler factory (bundle: URLs); Tomcat needs none of its own
      org.apache.catalina.webresources.TomcatURLStreamHandlerFactory.disable();
      JakartaTomcat tomcat = JakartaTomcat.start(filters, log, baseDir);
      return new BundleServer(tomcat, apps, felix);
    } catch (Exception e) {
      new BundleServer(null, apps, felix).close();
      throw e instanceof InvocationTargetException i && i.getCause() instanceof Exception c ? c : e;
    }
  }

  /** The filter module's class, as atlassian-plugin.xml in the bundle names it. */
  private static String filterClassName(Bundle bundle) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (InputStream in = bundle.getEntry("atlassian-plugin.xml").openStream()) {
      Element filter = (Element) f.newDocumentBuilder().parse(in)
          .getElementsByTagName("servlet-filter").item(0);
      return filter.getAttribute("class");
    }
  }

  /** Jira's constructor autowiring: the one public constructor, given the plugin's app. */
  private static Object autowire(Class<?> type, Object app) throws Exception {
    Constructor<?>[] cs = type.getConstructors();
    assertThat(cs).as(type.getName() + " has one public constructor").hasSize(1);
    assertThat(cs[0].getParameterTypes()).containsExactly(app.getClass());
    return cs[0].newInstance(app);
  }

  /** Jira as the app sees it, answered from the test's database, key directory, clock and users. */
  private Object host(Class<?> hostType, Properties settings) {
    UserDirectory users = fixture.users();
    return Proxy.newProxyInstance(hostType.getClassLoader(), new Class<?>[] {hostType},
        (proxy, m, args) -> switch (m.getName()) {
          case "openConnection" -> database.getConnection();
          case "dataDirectory" -> dataDirectory;
          case "baseUrl" -> TokenFixture.BASE_URL;
          case "settings" -> (Properties) settings.clone();
          case "clock" -> fixture.clock();
          case "isActive" -> users.isActive((String) args[0]);
          case "userNameForEmail" -> users.userNameForEmail((String) args[0]);
          case "searchUsers" -> searchUsers(users, (String) args[0], (Integer) args[1]);
          case "isSystemAdmin" -> "admin".equals(args[0]);
          case "bindUser" -> bindUser(users, (String) args[0], castSessionAttribute(args[1]));
          case "emailOf" -> java.util.Optional.empty();
          case "mailEnabled" -> false;
          case "sendMail", "recordAdminEvent" -> null;
          case "toString" -> "test Jira for " + settings;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(m.getName());
        });
  }

  @SuppressWarnings("unchecked")
  private static BiConsumer<String, Object> castSessionAttribute(Object o) {
    return (BiConsumer<String, Object>) o;
  }

  private static List<Map<String, String>> searchUsers(UserDirectory users, String query, int max) {
    List<Map<String, String>> out = new ArrayList<>();
    for (UserSummary u : users.search(query, max)) {
      Map<String, String> m = new HashMap<>();
      m.put("userName", u.userName());
      m.put("displayName", u.displayName());
      if (u.email() != null) {
        m.put("email", u.email());
      }
      out.add(m);
    }
    return out;
  }

  /** As Jira's binding: only an active user, set in the request's (private) session. */
  private static AutoCloseable bindUser(UserDirectory users, String userName,
      BiConsumer<String, Object> sessionAttribute) {
    if (!users.isActive(userName)) {
      return null;
    }
    sessionAttribute.accept(SERAPH_LOGGED_IN, userName);
    return () -> { };
  }

  /**
   * The app's audit table. The apps write it from their own queues, after the responses; so
   * first one refused request per mount marks the point (each app writes its events in order),
   * and the table is read once every mark is in it. The marks themselves are left out.
   */
  @Override
  protected List<AuditEvent> auditEvents() {
    String mark = BARRIER + (++barriers);
    try {
      for (String context : contexts) {
        String credential = context.equals("/bearer") ? "Bearer " + unknown : basic("alice", unknown);
        RawHttp.Response r = call("GET", context + mark, "Authorization: " + credential);
        assertThat(r.status()).as("audit mark on " + context).isEqualTo(401);
      }
      long deadline = System.nanoTime() + AUDIT_WAIT.toNanos();
      while (true) {
        List<AuditEntry> entries = new ArrayList<>();
        auditTable.read(AuditQuery.all(), entries::add);
        long marks = entries.stream().filter(e -> e.url() != null && e.url().endsWith(mark)).count();
        if (marks == contexts.size()) {
          return entries.stream()
              .filter(e -> e.type() == AuditEntry.Type.REQUEST)
              .filter(e -> e.url() == null || !e.url().contains(BARRIER))
              .map(BundleFilterHttpIT::event)
              .toList();
        }
        assertThat(System.nanoTime()).as("the apps' audit writes mark " + mark + " within "
            + AUDIT_WAIT).isLessThan(deadline);
        Thread.sleep(10);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static AuditEvent event(AuditEntry e) {
    return new AuditEvent(e.time(), e.tokenId(), e.tokenLabel(), e.owner(), e.effectiveUser(),
        e.clientAddress(), e.method(), e.url(),
        AuditEntry.ALLOWED.equals(e.decision()) ? AuditEvent.Outcome.ALLOWED
            : AuditEvent.Outcome.REFUSED,
        e.matchedLine(), e.reason(), e.status(), Duration.ofNanos(e.durationMicros() * 1_000));
  }

  /** Tomcat, then the apps (their audit written), then the framework. */
  private record BundleServer(JakartaTomcat tomcat, List<AutoCloseable> apps, Felix felix)
      implements TestServer {
    @Override
    public int port() {
      return tomcat.port();
    }

    @Override
    public String container() {
      return tomcat.container() + ", filter of the app bundle";
    }

    @Override
    public void close() throws Exception {
      if (tomcat != null) {
        tomcat.close();
      }
      for (AutoCloseable app : apps) {
        app.close();
      }
      felix.stop();
      felix.waitForStop(10_000);
    }
  }

  /**
   * The fixture over the shared store; closing it also drops the database and deletes the key
   * and framework directories (after the container and the apps are closed).
   */
  private final class SharedStoreFixture implements TokenFixture {
    private final ServiceTokenFixture tokens;
    private final JdbcTokenStore store;

    SharedStoreFixture(ServiceTokenFixture tokens, JdbcTokenStore store) {
      this.tokens = tokens;
      this.store = store;
    }

    @Override
    public TokenAuthenticator authenticator() {
      return tokens.authenticator();
    }

    @Override
    public TokenSettings settings() {
      return tokens.settings();
    }

    @Override
    public String issue(Spec spec) {
      return tokens.issue(spec);
    }

    @Override
    public UserDirectory users() {
      return tokens.users();
    }

    @Override
    public String tokenId(String label) {
      return tokens.tokenId(label);
    }

    @Override
    public String unknownToken() {
      return tokens.unknownToken();
    }

    @Override
    public void close() {
      tokens.close();
      store.close();
      try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException e) {
        throw new IllegalStateException("cannot drop the test database", e);
      }
      TempDirs.deleteTree(work);
    }
  }
}
