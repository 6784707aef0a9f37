package dev.limitto.benchmarks;

import dev.limitto.engine.Limits;
import dev.limitto.jira.gate.Gate;
import dev.limitto.jira.servlet.jakarta.LimitToFilter;
import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency the Limit-to filter adds to a real HTTP request: an embedded Tomcat 11 on loopback
 * with a minimal REST servlet, once without the filter ({@code NONE}) and once with the jakarta
 * {@link LimitToFilter} on {@code /rest/*} ({@code FILTER}), the real token service (in-memory
 * store, real token format and keyed hash) and a 4-line restricted token. One operation is one
 * request and its full response on a kept-alive connection. Requests:
 *
 * <ul>
 *   <li>{@code GET_ISSUE}: {@code GET /rest/api/2/issue/KANBAN-7} with the token (line 1 allows
 *       it: method, URL).
 *   <li>{@code POST_COMMENT}: a 60-byte JSON comment allowed by a {@code JsonData} line, so the
 *       body is read, checked and replayed.
 *   <li>{@code NO_TOKEN}: the same GET without credentials, which the filter passes through.
 * </ul>
 *
 * <p>Both sides send the same bytes; without the filter the servlet ignores the credentials.
 * Every operation checks the status, and with the filter the user the servlet saw, so a fast
 * wrong answer cannot win. Sample mode gives the percentiles (p50, p99) of docs/benchmarks.md.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar FilterOverheadBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FilterOverheadBenchmark {

  /** With or without the filter in front of the servlet. */
  public enum Container {
    NONE,
    FILTER
  }

  /** The request sent. */
  public enum Call {
    GET_ISSUE,
    POST_COMMENT,
    NO_TOKEN
  }

  static final String RULES = String.join("\n",
      "[get].*/rest/api/2/issue/KANBAN-[0-9]+",
      "[post].*/rest/api/2/issue/KANBAN-[0-9]+/comment[JsonData::body==[^<>]*]",
      "[get].*/rest/api/2/search[QueryParam::jql==project = KANBAN.*]",
      "[put].*/rest/api/2/issue/KANBAN-[0-9]+[JsonData::fields.labels==[a-z-]+]");

  private static final String COMMENT = "{\"body\":\"Deployed to staging, build 4711 is green.\"}";

  @Param public Container container;

  @Param public Call call;

  private Tomcat tomcat;
  private TokenService tokens;
  private Path baseDir;
  private Socket socket;
  private OutputStream out;
  private InputStream in;
  private byte[] request;
  private String expectedUser;
  private final byte[] buf = new byte[16 * 1024];

  @Setup
  public void setUp() throws Exception {
    Logger.getLogger("org.apache").setLevel(Level.WARNING);
    KeyRing keys = KeyRing.generate();
    TokenSettings settings = TokenSettings.builder()
        .baseUrl("http://jira.example.com").limits(Limits.defaults()).build();
    tokens = TokenService.builder().store(new InMemoryTokenStore()).keys(keys)
        .settings(settings).users(new InMemoryUserDirectory().add("alice", "alice@example.com"))
        .build();
    tokens.start();
    String secret = tokens.create(TokenRequest.builder().owner("alice").label("bench")
        .restrictions(RULES).build(), "admin").secret();
    Gate gate = Gate.builder().settings(settings).authenticator(tokens.authenticator()).build();

    baseDir = Files.createTempDirectory("limit-to-bench");
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    // one connection for the whole run (Tomcat closes after 100 requests by default)
    connector.setProperty("maxKeepAliveRequests", "-1");
    tomcat.setConnector(connector);
    Context ctx = tomcat.addContext("", baseDir.toString());
    Tomcat.addServlet(ctx, "rest", new RestServlet());
    ctx.addServletMappingDecoded("/*", "rest");
    if (container == Container.FILTER) {
      FilterDef def = new FilterDef();
      def.setFilterName("limit-to");
      def.setFilter(new LimitToFilter(gate));
      ctx.addFilterDef(def);
      FilterMap map = new FilterMap();
      map.setFilterName("limit-to");
      map.addURLPattern("/rest/*");
      ctx.addFilterMap(map);
    }
    tomcat.start();

    String auth = "Authorization: Basic " + Base64.getEncoder().encodeToString(
        ("alice:" + secret).getBytes(StandardCharsets.UTF_8)) + "\r\n";
    String head = switch (call) {
      case GET_ISSUE -> "GET /rest/api/2/issue/KANBAN-7 HTTP/1.1\r\nHost: localhost\r\n" + auth;
      case NO_TOKEN -> "GET /rest/api/2/issue/KANBAN-7 HTTP/1.1\r\nHost: localhost\r\n";
      case POST_COMMENT -> "POST /rest/api/2/issue/KANBAN-7/comment HTTP/1.1\r\nHost: localhost\r\n"
          + auth + "Content-Type: application/json\r\nContent-Length: "
          + COMMENT.getBytes(StandardCharsets.UTF_8).length + "\r\n";
    };
    String body = call == Call.POST_COMMENT ? COMMENT : "";
    request = (head + "\r\n" + body).getBytes(StandardCharsets.UTF_8);
    expectedUser = container == Container.FILTER && call != Call.NO_TOKEN ? "alice" : "-";

    socket = new Socket();
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        connector.getLocalPort()), 5_000);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  @TearDown
  public void tearDown() throws Exception {
    if (socket != null) {
      socket.close();
    }
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
      // embedded Tomcat sets these on its first start; a later instance in this JVM would make the
      // first one's directory again
      System.clearProperty("catalina.home");
      System.clearProperty("catalina.base");
    }
    if (tokens != null) {
      tokens.close();
    }
    if (baseDir != null) {
      try (Stream<Path> paths = Files.walk(baseDir)) {
        for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Benchmark
  public int request() throws IOException {
    out.write(request);
    out.flush();
    String body = readResponse();
    // the servlet answers "<user>|<body length>"; check both before handing anything back
    int bar = body.indexOf('|');
    if (bar < 0 || !body.startsWith(expectedUser + "|")
        || Integer.parseInt(body.substring(bar + 1)) != (call == Call.POST_COMMENT
            ? COMMENT.getBytes(StandardCharsets.UTF_8).length : 0)) {
      throw new AssertionError("unexpected answer: " + body);
    }
    return body.length();
  }

  /** Reads one response with a Content-Length body; fails on anything but 200. */
  private String readResponse() throws IOException {
    int n = 0;
    int headEnd = -1;
    while (headEnd < 0) {
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        throw new IOException("connection closed");
      }
      n += r;
      headEnd = indexOfBlankLine(buf, n);
    }
    String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
    if (!head.startsWith("HTTP/1.1 200 ")) {
      throw new AssertionError("unexpected response: " + head);
    }
    int cl = head.indexOf("Content-Length: ");
    int length = Integer.parseInt(head.substring(cl + 16, head.indexOf('\r', cl)));
    int total = headEnd + 4 + length;
    while (n < total) {
      int r = in.read(buf, n, total - n);
      if (r < 0) {
        throw new IOException("connection closed");
      }
      n += r;
    }
    return new String(buf, headEnd + 4, length, StandardCharsets.UTF_8);
  }

  private static int indexOfBlankLine(byte[] b, int n) {
    for (int i = 0; i + 3 < n; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** A minimal REST endpoint: reads the body, answers the user it saw and the body length. */
  static final class RestServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      int length = req.getInputStream().readAllBytes().length;
      String user = req.getRemoteUser();
      byte[] answer = ((user == null ? "-" : user) + "|" + length)
          .getBytes(StandardCharsets.UTF_8);
      resp.setStatus(200);
      resp.setContentType("text/plain");
      resp.setContentLength(answer.length);
      resp.getOutputStream().write(answer);
    }
  }
}
