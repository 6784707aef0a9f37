package dev.limitto.cli.serve;

import dev.limitto.cli.UsageException;
import dev.limitto.cli.gateway.Gateway;
import dev.limitto.cli.gateway.GatewayConfig;
import dev.limitto.cli.gateway.StoreConfig;
import dev.limitto.jira.audit.AuditLogWriter;
import dev.limitto.jira.audit.AuditReader;
import dev.limitto.jira.audit.JdbcAuditLog;
import dev.limitto.jira.db.ConnectionSource;
import dev.limitto.jira.db.StoreException;
import dev.limitto.jira.store.JdbcTokenStore;
import dev.limitto.jira.token.ServerKeys;
import dev.limitto.jira.token.crypto.KeyFile;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.upstream.UpstreamCredentials;
import dev.limitto.cli.data.DataDirectory;
import dev.limitto.cli.data.SampleUsers;
import dev.limitto.jira.audit.AuditCounters;
import dev.limitto.jira.audit.AuditDispatcher;
import dev.limitto.jira.audit.JsonLinesAuditReader;
import dev.limitto.jira.audit.JsonLinesAuditWriter;
import dev.limitto.jira.admin.AdminApi;
import dev.limitto.jira.admin.BasicPasswordAuthenticator;
import dev.limitto.jira.admin.PasswordHash;
import dev.limitto.jira.gate.Gate;
import dev.limitto.jira.servlet.jakarta.AdminServlet;
import dev.limitto.jira.servlet.jakarta.LimitToFilter;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.user.UserBinding;
import java.io.IOException;
import java.io.Reader;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.InetAddress;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Properties;
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
 * embedded Tomcat 11, in front of {@link SampleJiraServlet} and of the admin API ({@link
 * AdminServlet} on {@value AdminApi#BASE_PATH}, and the admin page on {@value
 * AdminApi#PAGE_PATH}), with the H2 token store, the server keys and the
 * JSON Lines audit log under a {@link DataDirectory}. The admin signs in to both with Basic auth
 * as {@code admin} and the password the first start created, kept only as a PBKDF2 hash.
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
  static final String ERR_ADMIN_PASSWORD =
      "%s: %s (delete it and start again for a new admin password)";

  private static final char[] PASSWORD_ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
  // a strong reference, so that the level set on it is not lost to garbage collection
  private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

  private final DataDirectory data;
  private Tomcat tomcat;
  private DataDirectory.OpenStore store;
  private TokenService tokens;
  private dev.limitto.cli.mail.ExpiryMailer expiryMail;
  private AuditDispatcher audit;
  private String baseUrl;
  private InetAddress address;
  private int port;
  private FirstStart firstStart;
  private Optional<IssuedToken> demoToken = Optional.empty();
  private TokenSettings settings;
  private boolean baseUrlGiven;
  private GatewayConfig gatewayConfig;
  private StoreConfig storeConfig;
  private StoreConfig.Pool pool;
  private JdbcTokenStore sharedStore;
  private Gateway gateway;
  private UpstreamCredentials upstreamCredentials;

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
   * Keeps tokens, credentials and the audit in a shared PostgreSQL database instead of H2 and
   * JSON Lines under the data directory. Call before {@link #start}.
   */
  StandaloneServer store(StoreConfig config) {
    this.storeConfig = config;
    return this;
  }

  /**
   * The server keys for a shared store: the data directory's key file, checked against the
   * store; every node needs a copy of the same file (docs/gateway.md).
   */
  private KeyRing sharedKeys(JdbcTokenStore tokenStore) {
    try {
      return ServerKeys.open(data.resolve(KeyFile.DEFAULT_NAME), tokenStore);
    } catch (KeyFile.KeyFileException e) {
      throw new UsageException(e.getMessage());
    } catch (StoreException e) {
      throw new UsageException("token store " + storeConfig.url() + ": " + e.getMessage());
    }
  }

  /**
   * Gateway mode: forward what the filter lets through to this upstream instead of serving the
   * sample API (see docs/gateway.md). Call before {@link #start}.
   */
  StandaloneServer gateway(GatewayConfig config) {
    this.gatewayConfig = config;
    return this;
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
    if (gatewayConfig != null) {
      // a client waiting for 100 Continue gets it only once its body is read, so a refused
      // request's body is never sent at all
      connector.setProperty("continueResponseTiming", "onRead");
    }
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
    baseUrlGiven = requestedBaseUrl != null;
    address = bindAddress;
    String reachable = bindAddress.isLoopbackAddress() || bindAddress.isAnyLocalAddress()
        ? "localhost" : BindAddress.literal(bindAddress);
    baseUrl = requestedBaseUrl != null ? requestedBaseUrl
        : data.configuredBaseUrl().orElse("http://" + reachable + ":" + port);
    try {
      settings = data.settings().toBuilder().baseUrl(baseUrl).build();
      JdbcTokenStore tokenStore;
      ConnectionSource source;
      AuditReader auditReader;
      AuditLogWriter auditWriter;
      KeyRing keys;
      if (storeConfig == null) {
        store = data.openStore();
        tokenStore = store.store();
        source = store.source();
        keys = data.keys(store);
        auditWriter = JsonLinesAuditWriter.open(data.resolve(DataDirectory.AUDIT_DIRECTORY));
        auditReader = new JsonLinesAuditReader(data.resolve(DataDirectory.AUDIT_DIRECTORY));
      } else {
        // shared by every node: tokens, revocations, upstream credentials and the audit
        pool = storeConfig.open();
        source = pool.source();
        tokenStore = JdbcTokenStore.open(source);
        sharedStore = tokenStore;
        keys = sharedKeys(tokenStore);
        JdbcAuditLog log = JdbcAuditLog.open(source);
        auditWriter = log;
        auditReader = log;
      }
      audit = AuditDispatcher.builder()
          .writer(auditWriter)
          .threadName("limitto-serve-audit")
          .start();
      try {
        // cluster scope shares the rate-limit buckets through the store's database (PostgreSQL
        // with --store; refused on the data directory's H2, naming the setting)
        tokens = TokenService.builder().store(tokenStore).keys(keys).settings(settings)
            .users(SampleUsers.directory()).listener(audit).rateLimitConnections(source).build();
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      tokens.start();
      expiryMail = dev.limitto.cli.mail.ExpiryMailer.start(
          data.resolve(DataDirectory.SETTINGS_FILE), tokenStore, tokens);
      upstreamCredentials = UpstreamCredentials.open(source, keys);
      PasswordHash adminPassword = adminPassword();
      if (gatewayConfig != null) {
        // the demo token's rules are about the sample API, which a gateway does not serve
        demoToken = Optional.empty();
      } else if (firstStart != null && noDemoToken()) {
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
      BasicPasswordAuthenticator admin =
          new BasicPasswordAuthenticator(SampleUsers.ADMIN, adminPassword, SampleJiraServlet.REALM);
      if (gatewayConfig != null) {
        gateway = new Gateway(gatewayConfig, upstreamCredentials, baseUrl);
        ctx.getPipeline().addValve(gateway.originFormValve());
        Tomcat.addServlet(ctx, "gateway", gateway.servlet());
        ctx.addServletMappingDecoded("/*", "gateway");
        FilterDef outer = new FilterDef();
        outer.setFilterName("limit-to-gateway");
        outer.setFilter(gateway.outerFilter());
        ctx.addFilterDef(outer);
        FilterMap outerMap = new FilterMap();
        outerMap.setFilterName("limit-to-gateway");
        outerMap.addURLPattern("/*");
        outerMap.setDispatcher("REQUEST");
        ctx.addFilterMap(outerMap);
      } else {
        Tomcat.addServlet(ctx, "sample", new SampleJiraServlet(new SampleData(), admin, baseUrl));
        ctx.addServletMappingDecoded("/*", "sample");
      }
      AdminApi adminApi = AdminApi.builder().tokens(tokens).authenticator(admin)
          .users(SampleUsers.directory())
          .upstream(upstreamCredentials)
          .audit(auditReader)
          .settingSource(settingSources()).build();
      Tomcat.addServlet(ctx, "limit-to-admin", new AdminServlet(adminApi));
      ctx.addServletMappingDecoded(AdminApi.BASE_PATH + "/*", "limit-to-admin");
      // the admin page and its files: the same servlet, the same checks of the caller
      ctx.addServletMappingDecoded(AdminApi.PAGE_PATH, "limit-to-admin");
      ctx.addServletMappingDecoded(AdminApi.PAGE_PATH + "/*", "limit-to-admin");
      FilterDef def = new FilterDef();
      def.setFilterName("limit-to");
      def.setFilter(new LimitToFilter(gate));
      ctx.addFilterDef(def);
      // as atlassian-plugin.xml declares it; a gateway decides every path it would forward
      FilterMap map = new FilterMap();
      map.setFilterName("limit-to");
      map.addURLPattern(gatewayConfig != null ? "/*" : "/rest/*");
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

  /**
   * The admin password's hash: read, or created with a new random password on first start
   * ({@link #firstStart()} then holds the password, to be shown once). The file is owner-only
   * and holds only the PBKDF2 hash; a password in clear left by an earlier version is hashed
   * in place.
   */
  private PasswordHash adminPassword() {
    Path file = data.resolve(DataDirectory.ADMIN_PASSWORD_FILE);
    Optional<String> existing = data.readFile(DataDirectory.ADMIN_PASSWORD_FILE);
    if (existing.isPresent() && !existing.get().isEmpty()) {
      String stored = existing.get();
      if (!PasswordHash.looksLikeHash(stored)) {
        PasswordHash hash = PasswordHash.create(stored, new SecureRandom());
        replaceSecretFile(DataDirectory.ADMIN_PASSWORD_FILE, hash.encoded() + "\n");
        return hash;
      }
      try {
        return PasswordHash.parse(stored);
      } catch (IllegalArgumentException e) {
        throw new UsageException(String.format(ERR_ADMIN_PASSWORD, file, e.getMessage()));
      }
    }
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder(24);
    for (int i = 0; i < 24; i++) {
      sb.append(PASSWORD_ALPHABET[random.nextInt(PASSWORD_ALPHABET.length)]);
    }
    String password = sb.toString();
    PasswordHash hash = PasswordHash.create(password, random);
    if (!data.writeSecretFile(DataDirectory.ADMIN_PASSWORD_FILE, hash.encoded() + "\n")) {
      // created meanwhile by another start: that one holds
      return adminPassword();
    }
    firstStart = new FirstStart(password);
    return hash;
  }

  /** Replaces an owner-only file atomically: a new owner-only file moved over the old one. */
  private void replaceSecretFile(String name, String content) {
    String tmpName = name + ".new";
    try {
      Files.deleteIfExists(data.resolve(tmpName));
      data.writeSecretFile(tmpName, content);
      Files.move(data.resolve(tmpName), data.resolve(name), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UsageException(String.format(DataDirectory.ERR_WRITE, data.resolve(name),
          e.getMessage()));
    }
  }

  private boolean noDemoToken() {
    return tokens.list().stream().noneMatch(
        t -> DEMO_LABEL.equals(t.label()) && SampleUsers.DEMO.equals(t.owner()));
  }

  /**
   * Where each setting the admin API shows came from: the settings file when it sets the
   * property, {@code --base-url} for the base URL when given, else the default.
   */
  private java.util.function.Function<String, String> settingSources() {
    Path file = data.resolve(DataDirectory.SETTINGS_FILE);
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
        p.load(r);
      } catch (IOException e) {
        // the settings were read a moment ago; unreadable now means unknown sources
        return name -> null;
      }
    }
    boolean given = baseUrlGiven;
    return name -> {
      if (name.equals(TokenSettings.BASE_URL) && given) {
        return "--base-url";
      }
      if (p.getProperty(name) != null) {
        return file.toString();
      }
      return name.equals(TokenSettings.BASE_URL) ? "default (the address serve listens on)"
          : "default";
    };
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

  /** The token service while serving (for tests of a cluster). */
  TokenService tokens() {
    return tokens;
  }

  /** The gateway's configuration, or null when serving the sample API. */
  GatewayConfig gatewayConfig() {
    return gatewayConfig;
  }

  /** The upstream credentials of the store (for the admin API and tests). */
  UpstreamCredentials upstreamCredentials() {
    return upstreamCredentials;
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
    if (expiryMail != null) {
      expiryMail.close();
      expiryMail = null;
    }
    if (gateway != null) {
      gateway.close();
      gateway = null;
    }
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
    if (sharedStore != null) {
      sharedStore.close();
      sharedStore = null;
    }
    if (pool != null) {
      try {
        pool.closer().close();
      } catch (Exception e) {
        // the pool's connections go with the process
      }
      pool = null;
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
