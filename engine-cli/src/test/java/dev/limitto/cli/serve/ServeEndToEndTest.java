package dev.limitto.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import dev.limitto.cli.data.DataDirectory;
import dev.limitto.jira.admin.PasswordHash;
import dev.limitto.jira.harness.Tools;
import dev.limitto.jira.snippet.Snippets;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.TokenSettings.AuthType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code serve} as a user meets it: started in its own JVM on a free port, the printed curl
 * lines pasted into bash, the outcomes they announce checked, the audit read; then tokens made
 * with the {@code token} command while it runs, their snippets run with curl and Node.js, and a
 * revocation seen by the running server. Once per auth type.
 */
class ServeEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TOKEN_ID = Pattern.compile("Created token (tok_[0-9a-f]+) ");

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(AuthType.class)
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void printedLinesWhenPastedThenGiveThePrintedOutcomesAndTheAudit(AuthType authType)
      throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve(DataDirectory.SETTINGS_FILE),
        TokenSettings.AUTH_TYPE + "=" + authType + "\n");

    try (ServeProcess serve = ServeProcess.start(data)) {
      List<String> banner = serve.awaitBanner();
      assertThat(Files.getPosixFilePermissions(data.resolve(DataDirectory.ADMIN_PASSWORD_FILE)))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      String adminPassword = adminPassword(banner);
      // the file keeps a PBKDF2 hash, never the password
      String stored = Files.readString(data.resolve(DataDirectory.ADMIN_PASSWORD_FILE)).strip();
      assertThat(stored).startsWith(PasswordHash.SCHEME + "$").doesNotContain(adminPassword);
      assertThat(PasswordHash.parse(stored).matches(adminPassword)).isTrue();

      // the printed commands, by their headings
      Shell.Result allowed = Shell.bash(tmp, commandAfter(banner, ServeCommand.ALLOWED));
      assertThat(allowed.status()).as(allowed.out()).isEqualTo(200);
      assertThat(allowed.header(SampleJiraServlet.SERVED_HEADER))
          .isEqualTo("GET /rest/api/2/issue/DEMO-1");
      assertThat(allowed.out()).contains("\"key\":\"DEMO-1\"");

      Shell.Result comment = Shell.bash(tmp, commandAfter(banner, ServeCommand.ALLOWED_COMMENT));
      assertThat(comment.status()).as(comment.out()).isEqualTo(201);
      assertThat(comment.header(SampleJiraServlet.SERVED_HEADER))
          .isEqualTo("POST /rest/api/2/issue/DEMO-1/comment");

      Shell.Result denied = Shell.bash(tmp, commandAfter(banner, ServeCommand.DENIED));
      assertThat(denied.status()).as(denied.out()).isEqualTo(403);
      assertThat(denied.header(SampleJiraServlet.SERVED_HEADER)).isNull();
      assertThat(denied.out()).contains("This API token is not allowed to make this request");

      String auditLine = banner.get(banner.indexOf(ServeCommand.AUDIT) + 1);
      assertThat(auditLine).isEqualTo("./limit-to audit --data " + data);

      // the admin's own password passes the filter untouched; the sample API checks it
      String base = baseUrl(banner);
      Shell.Result admin = Shell.run(tmp, "curl", "-sS", "-i", "-u", "admin:" + adminPassword,
          base + "/rest/api/2/project/OPS");
      assertThat(admin.status()).isEqualTo(200);
      assertThat(admin.header(SampleJiraServlet.SERVED_HEADER)).isEqualTo("GET /rest/api/2/project/OPS");
      Shell.Result wrongPassword = Shell.run(tmp, "curl", "-sS", "-i", "-u", "admin:nope",
          base + "/rest/api/2/project/OPS");
      assertThat(wrongPassword.status()).isEqualTo(401);

      tokensWhileServing(data, base);
      storePortOnlyOnLoopback(data);

      assertThat(serve.stop()).isZero();
      assertThat(serve.lines()).as(serve::stderr).anyMatch(l -> l.startsWith("Stopped. Audit log flushed: "));
    }

    // the audit, read as the banner says: ./limit-to audit --data DIR
    CliRun audit = CliRun.run("", "audit", "--data", data.toString());
    assertThat(audit.exitCode()).as(audit.err()).isZero();
    assertThat(audit.outLines())
        .anySatisfy(l -> assertThat(l).contains("ALLOWED 200").contains("user demo")
            .contains(" GET http://localhost:").contains("/rest/api/2/issue/DEMO-1  line 2"))
        .anySatisfy(l -> assertThat(l).contains("ALLOWED 201")
            .contains(" POST http://localhost:").contains("/rest/api/2/issue/DEMO-1/comment  line 3"))
        .anySatisfy(l -> assertThat(l).contains("REFUSED 403").contains("user demo")
            .contains(" GET http://localhost:").contains("/rest/api/2/issue/OPS-1  reason: "))
        // the revoked token, refused after the CLI revoked it
        .anySatisfy(l -> assertThat(l).contains("REFUSED 401").contains("REVOKED"));
    List<JsonNode> requests = auditRequests(data);
    assertThat(requests).isNotEmpty();
    String all = String.join("\n", Files.readAllLines(auditFile(data)));
    assertThat(all).doesNotContain("ltk_");
  }

  /** token create, snippet (curl and js) and revoke against the running server. */
  private void tokensWhileServing(Path data, String base) throws Exception {
    Path rules = tmp.resolve("rules.txt");
    Files.writeString(rules, "[get]{base}/rest/api/2/project/DEMO\n"
        + "[post]{base}/rest/api/2/issue/DEMO-2/comment[JsonData::body==.{1,100}]\n");
    CliRun created = CliRun.run("", "token", "create", "--user", "alice", "--label", "e2e",
        "--expires-in", "1d", "--limit-to", rules.toString(), "--data", data.toString());
    assertThat(created.exitCode()).as(created.err()).isEqualTo(ExitCode.OK);
    Matcher m = TOKEN_ID.matcher(created.out());
    assertThat(m.find()).as(created.out()).isTrue();
    String id = m.group(1);

    CliRun curl = CliRun.run("", "token", "snippet", id, "--path", "/rest/api/2/project/DEMO",
        "--data", data.toString());
    assertThat(curl.exitCode()).as(curl.err()).isZero();
    assertThat(curl.out()).contains(base + "/rest/api/2/project/DEMO");
    Shell.Result curlRun = Shell.bash(tmp, curl.out());
    assertThat(curlRun.exit()).isZero();
    assertThat(curlRun.out()).contains("\"key\":\"DEMO\"");

    CliRun post = CliRun.run("", "token", "snippet", id, "--method", "POST",
        "--path", "/rest/api/2/issue/DEMO-2/comment", "--body", "{\"body\":\"it's \\\"quoted\\\"\"}",
        "--data", data.toString());
    assertThat(post.out()).startsWith(Snippets.CURL_POST_NOTE);
    Shell.Result postRun = Shell.bash(tmp, post.out());
    assertThat(postRun.out()).contains("\"body\":\"it's \\\"quoted\\\"\"");

    if (Tools.presentOrNote("node", "the JavaScript snippet against serve")) {
      CliRun js = CliRun.run("", "token", "snippet", id, "--format", "js",
          "--path", "/rest/api/2/project/DEMO", "--data", data.toString());
      assertThat(js.exitCode()).as(js.err()).isZero();
      Path file = tmp.resolve("snippet.js");
      Files.writeString(file, js.out());
      assertThat(Shell.run(tmp, "node", "--check", file.toString()).exit()).isZero();
      Shell.Result node = Shell.run(tmp, "node", file.toString());
      assertThat(node.out()).startsWith("200 ").contains("\"key\":\"DEMO\"");
    }

    CliRun revoked = CliRun.run("", "token", "revoke", id, "--data", data.toString());
    assertThat(revoked.exitCode()).as(revoked.err()).isZero();
    // the server polls the store every 2 s: generous bound, the point is that it happens
    String statusOnly = curl.out().replace("curl -sS", "curl -sS -o /dev/null -w '%{http_code}'");
    String status = "";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!status.equals("401") && System.nanoTime() < deadline) {
      Thread.sleep(200);
      status = Shell.bash(tmp, statusOnly).out().strip();
    }
    assertThat(status).isEqualTo("401");

    CliRun list = CliRun.run("", "token", "list", "--data", data.toString());
    assertThat(list.outLines()).anySatisfy(l -> assertThat(l).startsWith(id).contains(" revoked "));
  }

  /**
   * The H2 server that shares the store with the token command answers on the loopback
   * address only (H2 alone would listen on every interface).
   */
  private static void storePortOnlyOnLoopback(Path data) throws IOException {
    Properties lock = new Properties();
    try (var in = Files.newInputStream(data.resolve("limitto-tokens.lock.db"))) {
      lock.load(in);
    }
    String server = lock.getProperty("server");
    assertThat(server).as("lock file %s", lock).isNotNull();
    int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      assertThat(s.isConnected()).isTrue();
    }
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(ni.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          assertThatThrownBy(() -> new Socket(a, port).close())
              .as("store port %d on %s", port, a).isInstanceOf(ConnectException.class);
        }
      }
    }
  }

  /** The command printed on the line after a heading (a POST has its comment line first). */
  private static String commandAfter(List<String> banner, String heading) {
    int at = banner.indexOf(heading);
    assertThat(at).as("heading %s in %s", heading, banner).isNotNegative();
    List<String> lines = new ArrayList<>();
    for (int i = at + 1; i < banner.size() && !banner.get(i).isEmpty(); i++) {
      lines.add(banner.get(i));
    }
    assertThat(lines.get(lines.size() - 1)).startsWith("curl ");
    return String.join("\n", lines);
  }

  /** The password printed on the line after the first start's heading. */
  static String adminPassword(List<String> banner) {
    for (int i = 0; i + 1 < banner.size(); i++) {
      if (banner.get(i).startsWith("First start: created the admin password")) {
        return banner.get(i + 1).strip();
      }
    }
    throw new AssertionError("no admin password in " + banner);
  }

  static String baseUrl(List<String> banner) {
    Matcher m = Pattern.compile("at (http://localhost:[0-9]+)/rest/api/2/").matcher(banner.get(0));
    assertThat(m.find()).as(banner.get(0)).isTrue();
    return m.group(1);
  }

  private static Path auditFile(Path data) throws IOException {
    try (Stream<Path> files = Files.list(data.resolve(DataDirectory.AUDIT_DIRECTORY))) {
      List<Path> jsonl = files.filter(p -> p.toString().endsWith(".jsonl")).toList();
      assertThat(jsonl).hasSize(1);
      return jsonl.get(0);
    }
  }

  private static List<JsonNode> auditRequests(Path data) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(auditFile(data))) {
      JsonNode n = JSON.readTree(line);
      if (n.path("type").asText().equals("REQUEST")) {
        events.add(n);
      }
    }
    return events;
  }
}
