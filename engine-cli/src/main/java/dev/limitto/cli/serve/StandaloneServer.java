package dev.limitto.cli.serve;

import dev.limitto.cli.UsageException;
import dev.limitto.cli.data.DataDirectory;
import dev.limitto.cli.data.SampleUsers;
import dev.limitto.jira.audit.AuditCounters;
import dev.limitto.jira.audit.AuditDispatcher;
import dev.limitto.jira.audit.JsonLinesAuditWriter;
import dev.limitto.jira.gate.Gate;
import dev.limitto.jira.servlet.jakarta.LimitToFilter;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.user.UserBinding;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * The adapter running for real: the jakarta {@link LimitToFilter} on {@code /rest/*} of an
 * embedded Tomcat 11, in front of {@link SampleJiraServlet}, with the H2 token store, the server
 * keys and the JSON Lines audit log under a {@link DataDirectory}.
 *
 * <p>{@link #stop()} (the shutdown hook on Ctrl-C) stops Tomcat first, so every request in
 * flight completes and is audited, then writes the usage counters, flushes the audit log and
 * closes the store, in that order.
 */
final class StandaloneServer {

  /** Label of the demo token created on first start. */
  static final String DEMO_LABEL = "demo";
  /** Rules of the demo token; {@code {base}} is the server's base URL. */
  static final String DEMO_RULES = String.join("\n",
      "[get]{base}/rest/api/2/myself",
      "[get]{base}/rest/api/2/issue/DEMO-[0-9]+",
      "[post]{base}/rest/api/2/issue/DEMO-1/comment[JsonData::body==.{1,500}]",
      "[get]{base}/rest/api/2/search[QueryParam::jql==project = DEMO]");
  static final String ACTOR = "serve";
  static final String ERR_PORT_IN_USE = "port %d is in use (choose another with --port)";
  static final String ERR_START = "could not start the server: %s";
  static final String ERR_BIND = "cannot listen on %s:%d: %s";

  private static final char[] PASSWORD_ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
  // a strong reference, so that the level set on it is not lost to garbage collection
  private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

  private final DataDirectory data;
  private Tomcat tomcat;
  private DataDirectory.OpenStore store;
  private TokenService tokens;
  private AuditDispatcher audit;
  private String baseUrl;
  private InetAddress address;
  private int port;
  private FirstStart firstStart;
  private Optional<IssuedToken> demoToken = Optional.empty();
  private TokenSettings settings;

  /** What the first start on a data directory created. */
  record FirstStart(String adminPassword) {}

  private static final String CATALINA_HOME = "catalina.home";
  private static final String CATALINA_BASE = "catalina.base";
  private String previousCatalinaHome;
  private String previousCatalinaBase;

  StandaloneServer(DataDirectory data) {
    this.data = data;
  }

  /**
   * Binds the port, opens the store and the audit log, creates the admin password and the demo
   * token on first start, and starts serving.
   *
   * @param bindAddress the address to listen on, resolved ({@link BindAddress#resolve}): Tomcat
   *     gets the address itself, never a name, so it cannot fall back to every interface
   * @param requestedBaseUrl the base URL, or null for {@code limitto.token.base.url} from the
   *     settings file, else {@code http://localhost:PORT} (a loopback or wildcard address) or
   *     {@code http://ADDRESS:PORT}
   * @throws UsageException when the port is in use, the address cannot be bound, or the data
   *     directory cannot be used
   */
  void start(InetAddress bindAddress, int requestedPort, String requestedBaseUrl) {
    TOMCAT_LOG.setLevel(Level.WARNING);
    // Tomcat sets these for the whole JVM on its first start; put them back at stop, so that a
    // JVM that runs another server later (the tests do) does not recreate this one's directory
    previousCatalinaHome = System.getProperty(CATALINA_HOME);
    previousCatalinaBase = System.getProperty(CATALINA_BASE);
    tomcat = new Tomcat();
    Path tomcatDir = data.resolve(".tomcat");
    tomcat.setBaseDir(tomcatDir.toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(requestedPort);
    ((AbstractProtocol<?>) connector.getProtocolHandler()).setAddress(bindAddress);
    connector.setThrowOnFailure(true);
    tomcat.setConnector(connector);
    // every error answer is JSON without stack trace or server version (no Server header either)
    ((StandardHost) tomcat.getHost())
        .setErrorReportValveClass(JsonErrorReportValve.class.getName());
    try {
      // init binds the port, so the base URL can name the real port before anything starts
      tomcat.init();
    } catch (LifecycleException e) {
      destroyQuietly();
      throw bindFailure(bindAddress, requestedPort, e);
    }
    if (connector.getState() != LifecycleState.INITIALIZED || connector.getLocalPort() <= 0) {
      destroyQuietly();
      throw new UsageException(String.format(ERR_PORT_IN_USE, requestedPort));
    }
    port = connector.getLocalPort();
    address = bindAddress;
    String reachable = bindAddress.isLoopbackAddress() || bindAddress.isAnyLocalAddress()
        ? "localhost" : BindAddress.literal(bindAddress);
    baseUrl = requestedBaseUrl != null ? requestedBaseUrl
        : data.configuredBaseUrl().orElse("http://" + reachable + ":" + port);
    try {
      settings = data.settings().toBuilder().baseUrl(baseUrl).build();
      store = data.openStore();
      audit = AuditDispatcher.builder()
          .writer(JsonLinesAuditWriter.open(data.resolve(DataDirectory.AUDIT_DIRECTORY)))
          .threadName("limitto-serve-audit")
          .start();
      tokens = TokenService.builder().store(store.store()).keys(data.keys(store)).settings(settings)
          .users(SampleUsers.directory()).listener(audit).build();
      tokens.start();
      String adminPassword = adminPassword();
      if (firstStart != null) {
        demoToken = Optional.of(tokens.create(TokenRequest.builder().owner(SampleUsers.DEMO)
            .label(DEMO_LABEL).restrictions(DEMO_RULES).build(), ACTOR));
      } else {
        demoToken = existingDemoToken();
      }
      Gate gate = Gate.builder().settings(settings).authenticator(tokens.authenticator())
          .userBinding(UserBinding.container(SampleUsers.directory()))
          .audit(audit).realm(SampleJiraServlet.REALM).build();
      Context ctx = tomcat.addContext("", tomcatDir.toString());
      if (ctx instanceof StandardContext standard) {
        // Tomcat's leak hunt at stop looks for references a redeployed web application leaves
        // behind. Here the classes come from the application class loader and the JVM ends
        // with the context, so there is nothing to clear; the hunt would only warn that it
        // needs --add-opens to look.
        standard.setClearReferencesThreadLocals(false);
        standard.setClearReferencesRmiTargets(false);
      }
      Tomcat.addServlet(ctx, "sample",
          new SampleJiraServlet(new SampleData(), adminPassword, baseUrl));
      ctx.addServletMappingDecoded("/*", "sample");
      FilterDef def = new FilterDef();
      def.setFilterName("limit-to");
      def.setFilter(new LimitToFilter(gate));
      ctx.addFilterDef(def);
      // as atlassian-plugin.xml declares it
      FilterMap map = new FilterMap();
      map.setFilterName("limit-to");
      map.addURLPattern("/rest/*");
      map.setDispatcher("REQUEST");
      ctx.addFilterMap(map);
      tomcat.start();
      data.recordServedBaseUrl(baseUrl);
    } catch (IOException | LifecycleException | RuntimeException e) {
      stop();
      if (e instanceof UsageException u) {
        throw u;
      }
      throw new UsageException(String.format(ERR_START, e.getMessage()));
    }
  }

  /**
   * The true reason a bind failed: the port in use, or an address this machine does not have
   * (the two {@link BindException}s look alike but for their message, which is the operating
   * system's).
   */
  private static UsageException bindFailure(InetAddress address, int port, LifecycleException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException b) {
        String why = String.valueOf(b.getMessage());
        if (why.contains("in use")) {
          return new UsageException(String.format(ERR_PORT_IN_USE, port));
        }
        if (why.contains("assign requested address") || why.contains("not available")) {
          return BindAddress.notLocal(address);
        }
        return new UsageException(String.format(ERR_BIND, BindAddress.literal(address), port,
            why));
      }
    }
    return new UsageException(String.format(ERR_START, e.getMessage()));
  }

  /** Reads the admin password, or creates it (owner-only) on first start. */
  private String adminPassword() {
    Optional<String> existing = data.readFile(DataDirectory.ADMIN_PASSWORD_FILE);
    if (existing.isPresent() && !existing.get().isEmpty()) {
      return existing.get();
    }
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder(24);
    for (int i = 0; i < 24; i++) {
      sb.append(PASSWORD_ALPHABET[random.nextInt(PASSWORD_ALPHABET.length)]);
    }
    String password = sb.toString();
    if (!data.writeSecretFile(DataDirectory.ADMIN_PASSWORD_FILE, password + "\n")) {
      // created meanwhile by another start: use that one
      return data.readFile(DataDirectory.ADMIN_PASSWORD_FILE).orElse(password);
    }
    firstStart = new FirstStart(password);
    return password;
  }

  /** The live demo token with its secret, when the mode still lets it be shown. */
  private Optional<IssuedToken> existingDemoToken() {
    if (settings.secureMode()) {
      return Optional.empty();
    }
    for (StoredToken t : tokens.list()) {
      if (DEMO_LABEL.equals(t.label()) && SampleUsers.DEMO.equals(t.owner()) && !t.isRevoked()
          && t.encryptedSecret() != null) {
        return Optional.of(tokens.show(t.id(), ACTOR));
      }
    }
    return Optional.empty();
  }

  String baseUrl() {
    return baseUrl;
  }

  int port() {
    return port;
  }

  /** The address and port listened on, as {@code 127.0.0.1:8080} or {@code [::1]:8080}. */
  String boundAddress() {
    return BindAddress.literal(address) + ":" + port;
  }

  TokenSettings settings() {
    return settings;
  }

  Optional<FirstStart> firstStart() {
    return Optional.ofNullable(firstStart);
  }

  Optional<IssuedToken> demoToken() {
    return demoToken;
  }

  /**
   * Stops serving, then writes usage, flushes the audit log and closes the store. Each step
   * runs even when an earlier one failed.
   *
   * @return the audit counters at the end, or null when the audit log was never opened
   */
  synchronized AuditCounters stop() {
    destroyQuietly();
    if (tokens != null) {
      tokens.close();
      tokens = null;
    }
    AuditCounters counters = null;
    if (audit != null) {
      audit.close();
      counters = audit.counters();
      audit = null;
    }
    if (store != null) {
      try {
        store.store().close();
        // not when another process holds the database: closing it there would stop that one too
        store.source().closeIfOpenHere();
      } catch (RuntimeException e) {
        // the store is going away with the process; nothing left to save
      }
      store = null;
    }
    return counters;
  }

  private void destroyQuietly() {
    if (tomcat == null) {
      return;
    }
    try {
      if (tomcat.getServer().getState().isAvailable()) {
        tomcat.stop();
      }
      tomcat.destroy();
    } catch (LifecycleException | RuntimeException e) {
      // stopping is best effort: the process is ending
    }
    tomcat = null;
    restoreProperty(CATALINA_HOME, previousCatalinaHome);
    restoreProperty(CATALINA_BASE, previousCatalinaBase);
  }

  private static void restoreProperty(String name, String previous) {
    if (previous == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, previous);
    }
  }
}
