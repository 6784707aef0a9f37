package dev.limitto.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import dev.limitto.cli.gateway.GatewayConfig;

/**
 * The gateway when the upstream misbehaves: refusing connections, resetting mid-response,
 * answering too slowly. Each gives the documented JSON status (or, once the status line was
 * sent, a cut connection that cannot be taken for a whole answer), is audited with that status,
 * and shows no credential to anyone.
 */
@Timeout(60)
class GatewayFaultTest {

  @TempDir Path tmp;

  private GatewayFixture gateway;
  private ServerSocket fake;
  private Thread fakeThread;

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (fake != null) {
      fake.close();
    }
    if (fakeThread != null) {
      fakeThread.join(5_000);
    }
  }

  /** A fake upstream that reads one request head, then does what {@code answer} says. */
  private URI fakeUpstream(SocketAction answer) throws IOException {
    return fakeUpstream(answer, true);
  }

  private URI fakeUpstream(SocketAction answer, boolean readRequest) throws IOException {
    fake = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    fakeThread = new Thread(() -> {
      while (!fake.isClosed()) {
        try (Socket s = fake.accept()) {
          if (readRequest) {
            readHead(s.getInputStream());
          }
          answer.run(s);
        } catch (IOException | InterruptedException e) {
          // closed by the test or by the gateway: the next accept decides
        }
      }
    }, "fake-upstream");
    fakeThread.setDaemon(true);
    fakeThread.start();
    return URI.create("http://127.0.0.1:" + fake.getLocalPort());
  }

  interface SocketAction {
    void run(Socket s) throws IOException, InterruptedException;
  }

  private static void readHead(InputStream in) throws IOException {
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        return;
      }
      state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
          ? state + 1 : 0;
    }
  }

  private void start(URI upstream, UnaryOperator<GatewayConfig.Builder> config) {
    gateway = new GatewayFixture(tmp, upstream, "[get].*/rest/api/2/issue/KANBAN-[0-9]+", config);
  }

  /** Sends a GET as the token and reads whatever comes until the gateway closes. */
  private String exchange() throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /rest/api/2/issue/KANBAN-1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
          + gateway.auth() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      try {
        int n;
        while ((n = in.read(buf)) >= 0) {
          got.write(buf, 0, n);
        }
      } catch (IOException reset) {
        // a reset connection ends the answer too
      }
      return got.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private void assertNoSecret(String answer) throws IOException {
    assertThat(answer).doesNotContain(GatewayFixture.BOUND_PAT).doesNotContain(gateway.restricted)
        .doesNotContain("Exception").doesNotContain("Tomcat");
  }

  private List<JsonNode> audit() throws IOException {
    List<JsonNode> events = gateway.stopAndReadAudit();
    assertThat(gateway.allAuditText()).doesNotContain(GatewayFixture.BOUND_PAT)
        .doesNotContain(gateway.restricted);
    return events;
  }

  @Test
  void upstreamRefusingConnectionsGives502() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    start(URI.create("http://127.0.0.1:" + port), b -> b);
    String answer = exchange();
    assertThat(answer).startsWith("HTTP/1.1 502").endsWith(
        "{\"errorMessages\":[\"The upstream could not be reached.\"],\"errors\":{}}");
    assertNoSecret(answer);
    assertThat(audit()).extracting(e -> e.path("status").asInt()).containsExactly(502);
  }

  @Test
  void upstreamAnsweringTooSlowlyGives504AfterTheReadTimeout() throws IOException {
    URI up = fakeUpstream(s -> Thread.sleep(10_000));
    start(up, b -> b.readTimeout(Duration.ofMillis(500)));
    String answer = exchange();
    assertThat(answer).startsWith("HTTP/1.1 504").endsWith("{\"errorMessages\":[\"The upstream"
        + " did not answer within 500 ms (read timeout).\"],\"errors\":{}}");
    assertNoSecret(answer);
    assertThat(audit()).extracting(e -> e.path("status").asInt()).containsExactly(504);
  }

  @Test
  void upstreamTricklingPastTheTotalTimeoutIsCutAndAudited504() throws IOException {
    URI up = fakeUpstream(s -> {
      OutputStream o = s.getOutputStream();
      o.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 100; i++) {
        o.write('x');
        o.flush();
        Thread.sleep(100);
      }
    });
    start(up, b -> b.readTimeout(Duration.ofSeconds(5)).totalTimeout(Duration.ofMillis(800)));
    String answer = exchange();
    assertThat(answer).startsWith("HTTP/1.1 200");
    // cut: fewer body bytes than the announced length, so no client takes it for whole
    assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4).length()).isLessThan(100);
    assertNoSecret(answer);
    assertThat(audit()).extracting(e -> e.path("status").asInt()).containsExactly(504);
  }

  @Test
  void upstreamResettingMidResponseCutsTheClientAndIsAudited502() throws IOException {
    URI up = fakeUpstream(s -> {
      OutputStream o = s.getOutputStream();
      o.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"issues\":[1,2,3\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      o.flush();
      Thread.sleep(200);
      s.setSoLinger(true, 0);
      s.close();
    });
    start(up, b -> b);
    String answer = exchange();
    assertThat(answer).startsWith("HTTP/1.1 200").contains("{\"issues\":[1,2,3");
    // no last chunk: the client sees a broken answer, never a complete one
    assertThat(answer).doesNotEndWith("0\r\n\r\n");
    assertNoSecret(answer);
    assertThat(audit()).extracting(e -> e.path("status").asInt()).containsExactly(502);
  }

  @Test
  void upstreamClosingBeforeAnsweringGives502() throws IOException {
    URI up = fakeUpstream(s -> s.close());
    start(up, b -> b);
    String answer = exchange();
    assertThat(answer).startsWith("HTTP/1.1 502")
        .endsWith("{\"errorMessages\":[\"The upstream failed to answer.\"],\"errors\":{}}");
    assertNoSecret(answer);
    assertThat(audit()).extracting(e -> e.path("status").asInt()).containsExactly(502);
  }

  @Test
  void upstreamNotSpeakingTlsOnAnHttpsOriginGives502() throws IOException {
    URI up = fakeUpstream(s -> s.getOutputStream().write(
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
        false);
    start(URI.create("https://127.0.0.1:" + up.getPort()), b -> b);
    String answer = exchange();
    assertThat(answer).startsWith("HTTP/1.1 502").contains("TLS");
    assertNoSecret(answer);
  }
}
