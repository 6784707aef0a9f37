package dev.limitto.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.limitto.cli.data.DataDirectory;
import dev.limitto.cli.data.SampleUsers;
import dev.limitto.jira.gate.Gate;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone server over raw sockets: every refusal the filter causes and every error Tomcat
 * answers itself is Jira-style JSON with no stack trace, no class name and no server name or
 * version; a run-as token cannot act as a user that does not exist.
 */
@Timeout(120)
class StandaloneServerAnswersTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private StandaloneServer server;
  private String demo;
  private String runAs;

  @BeforeEach
  void start() {
    DataDirectory data = DataDirectory.create(tmp.resolve("data").toString());
    DataDirectory.OpenStore store = data.openStore();
    try (TokenService tokens = TokenService.builder().store(store.store()).keys(data.keys(store))
        .settings(data.settings()).users(SampleUsers.directory()).build()) {
      tokens.start();
      runAs = tokens.create(TokenRequest.builder().owner(SampleUsers.DEMO).label("desk")
          .runAsAllowed(true).unrestricted().build(), "test").secret();
    } finally {
      store.store().close();
      store.source().close();
    }
    server = new StandaloneServer(data);
    server.start(BindAddress.resolve("127.0.0.1"), 0, null);
    demo = server.demoToken().orElseThrow().secret();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private String chunkedComment(String chunks) {
    return "POST /rest/api/2/issue/DEMO-1/comment HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: " + basic(SampleUsers.DEMO, demo) + "\r\n"
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks;
  }

  @Test
  void brokenChunkedBodyGetsTheGatesJson400() throws IOException {
    assertGateJson(send(chunkedComment("5\r\n{\"bod\r\nzz\r\ny\":\"x\"}\r\n0\r\n\r\n")), 400,
        Gate.MSG_BODY_UNREADABLE, true);
  }

  @Test
  void chunkSizeOverflowGetsTheGatesJson400() throws IOException {
    assertGateJson(send(chunkedComment("fffffffffffffffff1\r\n{\"body\":\"x\"}\r\n0\r\n\r\n")),
        400, Gate.MSG_BODY_UNREADABLE, true);
  }

  @Test
  void bareLineFeedChunksGetTheGatesJson400() throws IOException {
    assertGateJson(send(chunkedComment("c\n{\"body\":\"x\"}\n0\n\n")), 400,
        Gate.MSG_BODY_UNREADABLE, true);
  }

  @Test
  void errorsTomcatAnswersItselfAreJsonWithoutServerOrVersion() throws IOException {
    // an encoded slash outside the filter's path: Tomcat refuses it before any servlet
    Answer slash = send("GET /a%2Fb HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assertThat(slash.status()).isGreaterThanOrEqualTo(400);
    assertContainerFree(slash);
    Answer options = send("TRACE /rest/api/2/myself HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: close\r\n\r\n");
    assertThat(options.status()).isGreaterThanOrEqualTo(400);
    assertContainerFree(options);
  }

  @Test
  void moreParametersThanTomcatReadsGetTheGatesJson400AndNeverReachTheSampleApi()
      throws IOException {
    // before: allowed on the jql after 1,100 empty parameters, then Tomcat failed reading them
    // in the sample API (audited ALLOWED 500, X-Sample-Served present)
    Answer many = send("GET /rest/api/2/search?" + "a=&".repeat(1_100)
        + "jql=project%20%3D%20DEMO HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
        + basic(SampleUsers.DEMO, demo) + "\r\nConnection: close\r\n\r\n");
    assertGateJson(many, 400,
        String.format(Gate.MSG_TOO_MANY_PARAMETERS, Gate.DEFAULT_MAX_PARAMETERS), true);
    assertThat(many.header("x-sample-served")).isNull();
  }

  @Test
  void runAsTokenCannotActAsAUserThatDoesNotExist() throws IOException {
    Answer ghost = send("GET /rest/api/2/myself HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
        + basic(SampleUsers.DEMO, runAs) + "\r\ncontextUser: ghost\r\nConnection: close\r\n\r\n");
    assertGateJson(ghost, 403, Gate.MSG_UNKNOWN_CONTEXT_USER, false);
    Answer admin = send("GET /rest/api/2/myself HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
        + basic(SampleUsers.DEMO, runAs) + "\r\ncontextUser: " + SampleUsers.ADMIN
        + "\r\nConnection: close\r\n\r\n");
    assertThat(admin.status()).as(admin.text()).isEqualTo(200);
  }

  private static void assertGateJson(Answer a, int status, String message, boolean closes)
      throws IOException {
    assertThat(a.status()).as(a.text()).isEqualTo(status);
    assertThat(a.header("content-type")).startsWith("application/json");
    if (closes) {
      assertThat(a.header("connection")).isEqualToIgnoringCase("close");
    }
    JsonNode n = JSON.readTree(a.body());
    assertThat(n.path("errorMessages").get(0).asText()).isEqualTo(message);
    assertContainerFree(a);
  }

  private static void assertContainerFree(Answer a) {
    assertThat(a.header("server")).isNull();
    assertThat(a.text()).doesNotContain("org.apache", "dev.limitto", "Tomcat", "tomcat",
        "Exception", "\tat ", "<html");
  }

  /** One answer read from the wire: status line, headers (lower-case names), body. */
  record Answer(int status, String head, String body) {
    String text() {
      return head + "\r\n\r\n" + body;
    }

    String header(String name) {
      for (String line : head.split("\r\n")) {
        int c = line.indexOf(':');
        if (c > 0 && line.substring(0, c).trim().toLowerCase(Locale.ROOT).equals(name)) {
          return line.substring(c + 1).trim();
        }
      }
      return null;
    }
  }

  private Answer send(String request) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()),
          10_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      byte[] b = new byte[8192];
      try {
        for (int n; (n = in.read(b)) >= 0; ) {
          buf.write(b, 0, n);
        }
      } catch (IOException e) {
        if (buf.size() == 0) {
          throw e;
        }
      }
    }
    String raw = buf.toString(StandardCharsets.ISO_8859_1);
    int end = raw.indexOf("\r\n\r\n");
    String head = end < 0 ? raw : raw.substring(0, end);
    String body = end < 0 ? "" : raw.substring(end + 4);
    int status = Integer.parseInt(head.split(" ", 3)[1]);
    return new Answer(status, head, body);
  }
}
