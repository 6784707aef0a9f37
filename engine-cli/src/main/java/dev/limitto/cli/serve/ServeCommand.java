package dev.limitto.cli.serve;

import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.cli.UsageException;
import dev.limitto.cli.data.DataDirectory;
import dev.limitto.cli.gateway.GatewayConfig;
import dev.limitto.cli.gateway.GatewaySettings;
import dev.limitto.cli.gateway.StoreConfig;
import dev.limitto.cli.data.SampleUsers;
import dev.limitto.jira.admin.AdminApi;
import dev.limitto.jira.audit.AuditCounters;
import dev.limitto.jira.snippet.SnippetRequest;
import dev.limitto.jira.snippet.Snippets;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.TokenSettings;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code limit-to serve}: the adapter in embedded Tomcat in front of a sample Jira-like API. */
@Command(
    name = "serve",
    description = {
      "Run the Limit-to filter in an embedded Tomcat 11 in front of a sample Jira-like REST API"
          + " (/rest/api/2/...), with the token store and the audit log under --data.",
      "On first start it creates an admin password and a demo token, and prints curl commands"
          + " to try. Ctrl-C stops it and flushes the audit log."
    })
public final class ServeCommand implements Callable<Integer> {

  static final String ERR_PORT_RANGE = "--port must be between 0 and 65535, was %d";
  static final String ERR_BASE_URL = "--base-url must be an absolute http or https URL, was '%s'";
  /** Headings of the printed commands, which tests look for. */
  static final String ALLOWED = "Allowed: read an issue of project DEMO (200, served by the sample API):";
  static final String ALLOWED_COMMENT = "Allowed: comment on DEMO-1 (201; the body is checked too):";
  static final String DENIED = "Denied: read an issue of project OPS (403, never reaches the sample API):";
  static final String AUDIT = "Read the audit log (every token request, allowed or not):";
  static final String ADMIN_API = "Admin REST API:";
  static final String ADMIN_PAGE = "Admin page:";
  static final String GATEWAY = "Limit-to is a gateway:";

  private static final String[] STOP_SIGNALS = {"INT", "TERM"};

  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
      description = "TCP port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "IP address or host name of this machine to listen on (0.0.0.0: every"
          + " interface). Default: ${DEFAULT-VALUE} (this machine only)")
  String bind;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = DataDirectory.DEFAULT,
      description = "Data directory: token store, keys, audit log; created owner-only on first"
          + " start. Default: ${DEFAULT-VALUE}")
  String dataDir;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Base URL that rules' {base} and the audit use. Default:"
          + " limitto.token.base.url from DIR/jira-config.properties, else http://localhost:PORT")
  String baseUrl;

  @Option(names = "--upstream", paramLabel = "URL",
      description = "Gateway mode: forward the requests the filter allows to this origin (e.g."
          + " https://jira.example.com) with the upstream credential bound to each token,"
          + " instead of serving the sample API. Default: limitto.gateway.upstream from"
          + " DIR/jira-config.properties, else none. See docs/gateway.md")
  String upstream;

  @Option(names = "--pass-unauthenticated",
      description = "Gateway mode: forward requests without a Limit-to token unchanged (with"
          + " their own credentials) instead of refusing them with 401.")
  Boolean passUnauthenticated;

  @Option(names = "--upstream-connect-timeout", paramLabel = "DURATION",
      description = "Gateway mode: longest wait for a connection to the upstream. Default: 5s")
  String connectTimeout;

  @Option(names = "--upstream-read-timeout", paramLabel = "DURATION",
      description = "Gateway mode: longest silence of the upstream while an answer is awaited"
          + " or read. Default: 30s")
  String readTimeout;

  @Option(names = "--upstream-total-timeout", paramLabel = "DURATION",
      description = "Gateway mode: longest a whole exchange with the upstream may take."
          + " Default: 120s")
  String totalTimeout;

  @Option(names = "--upstream-trust-store", paramLabel = "FILE",
      description = "Gateway mode: PKCS#12 or JKS trust store to verify the upstream's TLS"
          + " certificate with, instead of the JDK's trusted authorities.")
  java.nio.file.Path trustStore;

  @Option(names = "--upstream-trust-store-password-file", paramLabel = "FILE",
      description = "Gateway mode: file holding the trust store's password.")
  java.nio.file.Path trustStorePasswordFile;

  @Option(names = "--store", paramLabel = "JDBC_URL",
      description = "Keep tokens, upstream credentials and the audit in this PostgreSQL database"
          + " (jdbc:postgresql://HOST[:PORT]/DATABASE), shared by every node that names it,"
          + " instead of H2 and JSON Lines under --data. Every node needs a copy of the same"
          + " DIR/limitto-keys. Default: the H2 database under --data")
  String storeUrl;

  @Option(names = "--store-user", paramLabel = "USER",
      description = "Database user for --store. Default: the environment variable "
          + StoreConfig.USER_ENV)
  String storeUser;

  @Option(names = "--store-password-file", paramLabel = "FILE",
      description = "File holding the database password for --store. Default: the environment"
          + " variable " + StoreConfig.PASSWORD_ENV)
  java.nio.file.Path storePasswordFile;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65_535) {
      throw new UsageException(String.format(ERR_PORT_RANGE, port));
    }
    if (baseUrl != null) {
      try {
        Snippets.of(baseUrl, TokenSettings.AuthType.BASIC, null, "x");
      } catch (IllegalArgumentException e) {
        throw new UsageException(String.format(ERR_BASE_URL, baseUrl));
      }
      if (baseUrl.endsWith("/")) {
        baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
      }
    }
    // resolved first: a name that does not resolve must not create the data directory
    InetAddress address = BindAddress.resolve(bind);
    DataDirectory data = DataDirectory.create(dataDir);
    GatewayConfig gateway;
    try {
      gateway = GatewaySettings.resolve(new GatewaySettings.Options(upstream, passUnauthenticated,
          connectTimeout, readTimeout, totalTimeout, trustStore, trustStorePasswordFile),
          data.resolve(DataDirectory.SETTINGS_FILE));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    StoreConfig store = null;
    if (storeUrl != null) {
      try {
        store = StoreConfig.of(storeUrl, storeUser, storePasswordFile, System.getenv());
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    StandaloneServer server = new StandaloneServer(data).gateway(gateway).store(store);
    server.start(address, port, baseUrl);

    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop = () -> {
      if (!stopping.compareAndSet(false, true)) {
        return;
      }
      AuditCounters c = server.stop();
      out.println();
      out.println(stoppedMessage(c));
      out.flush();
      stopped.countDown();
    };
    // Ctrl-C and kill are handled before the JVM starts to exit: H2 closes the token database
    // from its own shutdown hook, which would race the last usage write in ours
    for (String name : STOP_SIGNALS) {
      try {
        Signal.handle(new Signal(name), signal -> new Thread(stop, "limitto-serve-stop").start());
      } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
        // not on this platform: the shutdown hook below still stops the server
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "limitto-serve-shutdown"));
    banner(out, server, data);
    out.flush();
    stopped.await();
    return ExitCode.OK;
  }

  static String stoppedMessage(AuditCounters c) {
    if (c == null) {
      return "Stopped.";
    }
    String problems = c.dropped() + c.failed() > 0
        ? " (" + c.dropped() + " dropped, " + c.failed() + " failed)" : "";
    return "Stopped. Audit log flushed: " + c.written() + " events written" + problems + ".";
  }

  private void banner(PrintWriter out, StandaloneServer server, DataDirectory data) {
    if (server.gatewayConfig() != null) {
      gatewayBanner(out, server, data);
      return;
    }
    out.println("Limit-to is serving a sample Jira-like API at " + server.baseUrl()
        + "/rest/api/2/ (Tomcat, listening on " + server.boundAddress() + ").");
    out.println("Data directory: " + data.path() + " (token store, server keys, audit log).");
    String auth = server.settings().authType().toString();
    out.println("Tokens are accepted with " + auth + " auth; secure mode is "
        + (server.settings().secureMode() ? "on" : "off") + ".");
    out.println();
    out.println(ADMIN_PAGE + " " + server.baseUrl() + AdminApi.PAGE_PATH + " (sign in as '"
        + SampleUsers.ADMIN + "' with the admin password; see docs/admin-guide.md)");
    out.println(ADMIN_API + " " + server.baseUrl() + AdminApi.BASE_PATH + "/ (Basic auth as '"
        + SampleUsers.ADMIN + "'; described at " + server.baseUrl() + AdminApi.BASE_PATH
        + "/openapi.json, see docs/rest-api.md)");
    if (server.firstStart().isPresent()) {
      out.println("First start: created the admin password (user '" + SampleUsers.ADMIN
          + "', Basic auth) for the admin API and the sample API. It is shown once, here; "
          + data.resolve(DataDirectory.ADMIN_PASSWORD_FILE) + " keeps only its hash:");
      out.println("  " + server.firstStart().get().adminPassword());
    } else {
      out.println("Admin password: the one shown at the first start (only its hash is kept in "
          + data.resolve(DataDirectory.ADMIN_PASSWORD_FILE) + "; delete that file and start"
          + " again for a new one).");
    }
    out.println();
    if (server.demoToken().isEmpty()) {
      out.println("No demo token to show (secure mode, or it was revoked). Create one with:");
      out.println("  ./limit-to token create --user demo --data " + quote(dataDir));
    } else {
      IssuedToken demo = server.demoToken().get();
      out.println((server.firstStart().isPresent() ? "Created" : "Using")
          + " the demo token " + demo.token().id() + " (owner '" + demo.token().owner()
          + "') limited to:");
      demo.token().restrictions().lines().forEach(l -> out.println("  " + l));
      out.println();
      Snippets s = Snippets.of(server.baseUrl(), server.settings().authType(),
          demo.token().owner(), demo.secret());
      out.println(ALLOWED);
      out.println(s.curlOneLine(SnippetRequest.get("/rest/api/2/issue/DEMO-1"), true));
      out.println();
      out.println(ALLOWED_COMMENT);
      out.println(s.curlOneLine(SnippetRequest.post("/rest/api/2/issue/DEMO-1/comment",
          "{\"body\":\"Hello from the demo token\"}"), true));
      out.println();
      out.println(DENIED);
      out.println(s.curlOneLine(SnippetRequest.get("/rest/api/2/issue/OPS-1"), true));
    }
    out.println();
    out.println(AUDIT);
    out.println("./limit-to audit --data " + quote(dataDir));
    out.println();
    out.println("Manage tokens while this runs: ./limit-to token list --data " + quote(dataDir)
        + "   Stop with Ctrl-C.");
  }

  /** What a gateway prints: where it forwards to, and how to give a token its credential. */
  private void gatewayBanner(PrintWriter out, StandaloneServer server, DataDirectory data) {
    GatewayConfig g = server.gatewayConfig();
    out.println(GATEWAY + " " + server.baseUrl() + " -> " + g.origin() + " (Tomcat, listening on "
        + server.boundAddress() + ").");
    out.println("Data directory: " + data.path() + " (token store, server keys, audit log).");
    out.println("Tokens are accepted with " + server.settings().authType() + " auth; requests"
        + " without a Limit-to token are " + (g.passUnauthenticated()
            ? "forwarded unchanged (--pass-unauthenticated)." : "refused with 401."));
    out.println(ADMIN_API + " " + server.baseUrl() + AdminApi.BASE_PATH + "/ (Basic auth as '"
        + SampleUsers.ADMIN + "')");
    if (server.firstStart().isPresent()) {
      out.println("First start: created the admin password (user '" + SampleUsers.ADMIN
          + "'). It is shown once, here:");
      out.println("  " + server.firstStart().get().adminPassword());
    }
    out.println();
    out.println("Give a token an upstream credential (a Jira PAT, or user:api-token for Jira"
        + " Cloud) to use it here:");
    out.println("  ./limit-to token create --user NAME --limit-to RULES_FILE"
        + " --upstream-bearer-file PAT_FILE --data " + quote(dataDir));
    out.println("Stop with Ctrl-C.");
  }

  /** Shell-quotes a path only when it needs it, so the common case stays readable. */
  private static String quote(String s) {
    return s.matches("[A-Za-z0-9_./=:@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }
}
