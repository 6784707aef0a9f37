package dev.limitto.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.limitto.cli.data.SampleUsers;
import dev.limitto.jira.harness.Corpus;
import dev.limitto.jira.harness.FilterHttpContract;
import dev.limitto.jira.harness.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway against a real upstream server that records what it received: allowed requests
 * arrive with the bound credential and nothing of the client's, refused ones never arrive,
 * bodies arrive byte for byte, and the filter's raw-socket corpus lets nothing through to the
 * upstream that the rules refuse.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class GatewayForwardingTest {

  static final String RULES = String.join("\n", FilterHttpContract.RESTRICTED_RULES,
      "[post].*/rest/api/2/upload/echo",
      "[get].*/rest/api/2/cookie",
      "[get].*/rest/api/2/away",
      "[get].*/rest/api/2/self");

  private RecordingUpstream upstream;
  private GatewayFixture gateway;
  private Path tmp;

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createTempDirectory("limit-to-gateway");
    upstream = new RecordingUpstream();
    gateway = new GatewayFixture(tmp, URI.create(upstream.origin()), RULES, b -> b);
  }

  @AfterAll
  void stop() throws Exception {
    gateway.close();
    upstream.close();
    try (Stream<Path> files = Files.walk(tmp)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private RawHttp.Response send(String request) throws IOException {
    return RawHttp.send(gateway.port(), request);
  }

  private String get(String target, String... headers) {
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + String.join("", headers)
        + "Connection: close\r\n\r\n";
  }

  @Test
  void allowedRequestArrivesWithTheBoundCredentialAndNoneOfTheClients() throws IOException {
    int mark = upstream.count();
    RawHttp.Response r = send(get("/rest/api/2/issue/KANBAN-1?fields=summary",
        "Authorization: " + gateway.auth() + "\r\n",
        "Cookie: JSESSIONID=client-session; seraph.rememberme.cookie=x\r\n",
        "Proxy-Authorization: Basic c2VjcmV0OnNlY3JldA==\r\n",
        "X-Forwarded-For: 203.0.113.9\r\n", "Forwarded: for=203.0.113.9\r\n",
        "Keep-Alive: timeout=5\r\n", "X-Atlassian-Token: no-check\r\n"));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    assertThat(r.bodyText()).isEqualTo("{\"ok\":true}");
    List<RecordingUpstream.Received> got = upstream.since(mark);
    assertThat(got).hasSize(1);
    RecordingUpstream.Received in = got.get(0);
    assertThat(in.target()).isEqualTo("/rest/api/2/issue/KANBAN-1?fields=summary");
    assertThat(in.headers().get("authorization")).containsExactly("Bearer " + GatewayFixture.BOUND_PAT);
    assertThat(in.headers()).doesNotContainKeys("cookie", "proxy-authorization",
        "x-forwarded-for", "forwarded", "keep-alive", "contextuser");
    assertThat(in.header("host")).isEqualTo("127.0.0.1:" + upstream.port());
    assertThat(in.header("x-atlassian-token")).isEqualTo("no-check");
  }

  @Test
  void headersTheClientNamesInConnectionAreNotForwarded() throws IOException {
    int mark = upstream.count();
    RawHttp.Response r = send("GET /rest/api/2/issue/KANBAN-1 HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: " + gateway.auth() + "\r\nX-Secret-Hop: 1\r\n"
        + "Connection: close, X-Secret-Hop\r\n\r\n");
    assertThat(r.status()).isEqualTo(200);
    assertThat(upstream.since(mark).get(0).headers()).doesNotContainKey("x-secret-hop");
  }

  @Test
  void refusedRequestNeverReachesTheUpstream() throws IOException {
    int mark = upstream.count();
    RawHttp.Response r = send(get("/rest/api/2/issue/SECRET-1",
        "Authorization: " + gateway.auth() + "\r\n"));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.bodyText()).contains("not allowed to make this request");
    assertThat(upstream.since(mark)).isEmpty();
  }

  @Test
  void requestWithoutALimitToTokenIsRefusedAndNeverReachesTheUpstream() throws IOException {
    int mark = upstream.count();
    RawHttp.Response none = send(get("/rest/api/2/issue/KANBAN-1"));
    RawHttp.Response password = send(get("/rest/api/2/issue/KANBAN-1",
        "Authorization: " + GatewayFixture.basic("demo", "a password") + "\r\n"));
    RawHttp.Response pat = send(get("/rest/api/2/issue/KANBAN-1",
        "Authorization: Bearer NjQ4MzQ1NjY3OTk0OsomeJiraPAT\r\n"));
    for (RawHttp.Response r : List.of(none, password, pat)) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.bodyText()).isEqualTo(
          "{\"errorMessages\":[\"" + dev.limitto.cli.gateway.GatewayTestAccess.MSG_TOKEN_REQUIRED
              + "\"],\"errors\":{}}");
    }
    assertThat(upstream.since(mark)).isEmpty();
  }

  @Test
  void tokenWithoutUpstreamCredentialIsRefusedAndNothingIsSent() throws IOException {
    int mark = upstream.count();
    RawHttp.Response r = send(get("/rest/api/2/issue/KANBAN-1",
        "Authorization: " + GatewayFixture.basic(SampleUsers.DEMO, gateway.unbound) + "\r\n"));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.bodyText()).contains("no upstream credential");
    assertThat(upstream.since(mark)).isEmpty();
  }

  @Test
  void unknownLimitToTokenGets401FromTheGateAndNeverReachesTheUpstream() throws IOException {
    int mark = upstream.count();
    String fake = gateway.restricted.substring(0, gateway.restricted.length() - 3) + "AAA";
    RawHttp.Response r = send(get("/rest/api/2/issue/KANBAN-1",
        "Authorization: " + GatewayFixture.basic(SampleUsers.DEMO, fake) + "\r\n"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(upstream.since(mark)).isEmpty();
  }

  @Test
  void loginParametersInAFormBodyAreRefusedAndNeverReachTheUpstream() throws IOException {
    int mark = upstream.count();
    String form = "os_username=admin&os_password=admin";
    RawHttp.Response r = send("PUT /rest/api/2/issue/KANBAN-2 HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: " + gateway.auth() + "\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
        + "\r\nConnection: close\r\n\r\n" + form);
    assertThat(r.status()).isEqualTo(400);
    assertThat(upstream.since(mark)).isEmpty();
  }

  @Test
  void upstreamSessionCookieIsNotHandedToATokenClient() throws IOException {
    RawHttp.Response r = send(get("/rest/api/2/cookie", "Authorization: " + gateway.auth() + "\r\n"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers("Set-Cookie")).isEmpty();
  }

  @Test
  void hostHeaderDoesNotChooseWhereTheRequestGoes() throws IOException {
    int mark = upstream.count();
    RawHttp.Response r = RawHttp.send(gateway.port(), "GET /rest/api/2/issue/KANBAN-1 HTTP/1.1\r\n"
        + "Host: elsewhere.example:8443\r\nAuthorization: " + gateway.auth() + "\r\n"
        + "Connection: close\r\n\r\n");
    assertThat(r.status()).isEqualTo(200);
    assertThat(upstream.since(mark).get(0).header("host")).isEqualTo("127.0.0.1:" + upstream.port());
  }

  @Test
  void absoluteFormTargetIsRefusedAndNeverReachesTheUpstream() throws IOException {
    int mark = upstream.count();
    RawHttp.Response other = send("GET http://elsewhere.example/rest/api/2/issue/KANBAN-1 HTTP/1.1\r\n"
        + "Host: elsewhere.example\r\nAuthorization: " + gateway.auth() + "\r\n"
        + "Connection: close\r\n\r\n");
    RawHttp.Response same = send("GET http://localhost:" + gateway.port()
        + "/rest/api/2/issue/KANBAN-1 HTTP/1.1\r\nHost: localhost:" + gateway.port()
        + "\r\nAuthorization: " + gateway.auth() + "\r\nConnection: close\r\n\r\n");
    assertThat(other.status()).isEqualTo(400);
    assertThat(same.status()).isEqualTo(400);
    assertThat(upstream.since(mark)).isEmpty();
  }

  @Test
  void redirectToAnotherOriginIsRefusedWith502() throws IOException {
    RawHttp.Response r = send(get("/rest/api/2/away", "Authorization: " + gateway.auth() + "\r\n"));
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.header("Location")).isNull();
    assertThat(r.bodyText()).contains("redirect to another origin");
  }

  @Test
  void redirectToTheUpstreamItselfIsRewrittenToTheGateway() throws IOException {
    RawHttp.Response r = send(get("/rest/api/2/self", "Authorization: " + gateway.auth() + "\r\n"));
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location"))
        .isEqualTo(gateway.server.baseUrl() + "/rest/api/2/issue/KANBAN-1?x=1");
  }

  // ---- bodies ----

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private RawHttp.Response post(byte[] head, byte[] body) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(head);
    all.write(body);
    List<RawHttp.Response> rs = RawHttp.exchange(gateway.port(), all.toByteArray());
    assertThat(rs).isNotEmpty();
    return rs.get(0);
  }

  private byte[] echoHead(String framing) {
    return ("POST /rest/api/2/upload/echo HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
        + gateway.auth() + "\r\nContent-Type: application/octet-stream\r\n" + framing
        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void emptyBodyArrivesEmptyWithContentLengthZero() throws IOException {
    int mark = upstream.count();
    RawHttp.Response r = post(echoHead("Content-Length: 0\r\n"), new byte[0]);
    assertThat(r.status()).isEqualTo(200);
    RecordingUpstream.Received in = upstream.since(mark).get(0);
    assertThat(in.body()).isEmpty();
    assertThat(in.header("content-length")).isEqualTo("0");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void oneMebibyteBodyArrivesAndComesBackByteForByte() throws IOException {
    byte[] body = randomBytes(1 << 20);
    int mark = upstream.count();
    RawHttp.Response r = post(echoHead("Content-Length: " + body.length + "\r\n"), body);
    assertThat(r.status()).isEqualTo(200);
    RecordingUpstream.Received in = upstream.since(mark).get(0);
    assertThat(in.body()).isEqualTo(body);
    assertThat(in.header("content-length")).isEqualTo(String.valueOf(body.length));
    assertThat(r.body()).isEqualTo(body);
  }

  @Test
  void chunkedBodyIsStreamedUpstreamChunkedAndArrivesByteForByte() throws IOException {
    byte[] body = randomBytes(300_000);
    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    for (int off = 0; off < body.length; off += 70_000) {
      int n = Math.min(70_000, body.length - off);
      chunks.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      chunks.write(body, off, n);
      chunks.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    chunks.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    int mark = upstream.count();
    RawHttp.Response r = post(echoHead("Transfer-Encoding: chunked\r\n"), chunks.toByteArray());
    assertThat(r.status()).isEqualTo(200);
    RecordingUpstream.Received in = upstream.since(mark).get(0);
    assertThat(in.body()).isEqualTo(body);
    assertThat(in.header("transfer-encoding")).isEqualTo("chunked");
    assertThat(r.body()).isEqualTo(body);
  }

  @Test
  void jsonBodyOverTheEngineLimitGets413AndNeverReachesTheUpstream() throws IOException {
    int mark = upstream.count();
    byte[] body = ("{\"body\":\"hello" + " ".repeat(1 << 20) + "\"}")
        .getBytes(StandardCharsets.US_ASCII);
    RawHttp.Response r = post(("POST /rest/api/2/issue/KANBAN-1/comment HTTP/1.1\r\n"
        + "Host: localhost\r\nAuthorization: " + gateway.auth() + "\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), body);
    assertThat(r.status()).isEqualTo(413);
    assertThat(upstream.since(mark)).isEmpty();
  }

  @Test
  void checkedJsonBodyIsReplayedUpstreamByteForByte() throws IOException {
    String json = "{\"body\":\"hello from the gateway\",\"x\":[1,2,3]}";
    int mark = upstream.count();
    RawHttp.Response r = send("POST /rest/api/2/issue/KANBAN-1/comment HTTP/1.1\r\n"
        + "Host: localhost\r\nAuthorization: " + gateway.auth() + "\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + json.length()
        + "\r\nConnection: close\r\n\r\n" + json);
    assertThat(r.status()).isEqualTo(200);
    assertThat(new String(upstream.since(mark).get(0).body(), StandardCharsets.UTF_8))
        .isEqualTo(json);
  }

  @Test
  void expectContinueIsAnsweredOnlyForARequestTheGateAllows() throws IOException {
    int mark = upstream.count();
    // no line allows it whatever the body: refused before the body is read, so no 100
    String denied = exchangeWithExpect("/rest/api/2/issue/SECRET-1/comment",
        "{\"body\":\"hello\"}");
    assertThat(denied).startsWith("HTTP/1.1 403");
    String allowed = exchangeWithExpect("/rest/api/2/upload/echo", "{\"body\":\"hello\"}");
    assertThat(allowed).startsWith("HTTP/1.1 100");
    assertThat(allowed).contains("HTTP/1.1 200").endsWith("{\"body\":\"hello\"}");
    List<RecordingUpstream.Received> got = upstream.since(mark);
    assertThat(got).extracting(RecordingUpstream.Received::route)
        .containsExactly("POST /rest/api/2/upload/echo");
  }

  /**
   * Sends the head with {@code Expect: 100-continue} and waits for an interim answer; the body
   * goes only after a {@code 100}. Returns everything read.
   */
  private String exchangeWithExpect(String path, String body) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
          + gateway.auth() + "\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length() + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] first = new byte[4096];
      int n = in.read(first);
      String head = new String(first, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1);
      if (!head.startsWith("HTTP/1.1 100")) {
        return head + new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      }
      out.write(body.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return head + new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void connectionsToTheUpstreamAreReused() throws IOException {
    int mark = upstream.count();
    for (int i = 0; i < 5; i++) {
      assertThat(send(get("/rest/api/2/issue/KANBAN-" + i,
          "Authorization: " + gateway.auth() + "\r\n")).status()).isEqualTo(200);
    }
    // HttpClient keeps the connection: the upstream was asked to keep it open each time
    assertThat(upstream.since(mark)).allSatisfy(r ->
        assertThat(r.header("connection")).isNotEqualToIgnoringCase("close"));
  }

  // ---- the filter's raw-socket corpus, through the gateway ----

  @TestFactory
  Stream<DynamicTest> corpusNothingTheRulesRefuseReachesTheUpstream() {
    Map<String, String> values = new HashMap<>();
    String t = gateway.restricted;
    values.put("A", GatewayFixture.basic("demo", t));
    values.put("AE", GatewayFixture.basic("demo@example.com", t));
    values.put("AB", "Bearer " + t);
    values.put("AL", "basic " + GatewayFixture.basic("demo", t).substring("Basic ".length()));
    values.put("B", GatewayFixture.basic("demo", gateway.unbound));
    values.put("U", GatewayFixture.basic("demo", t.substring(0, t.length() - 3) + "AAA"));
    values.put("X", GatewayFixture.basic("demo", t.substring(0, t.length() - 3) + "BBB"));
    values.put("R", GatewayFixture.basic("demo", t.substring(0, t.length() - 3) + "CCC"));
    values.put("P", GatewayFixture.basic("demo", "correct horse battery staple"));
    values.put("SESSION", "JSESSIONID=client-session");
    // the corpus's oversized bodies, over the gateway's body limit (the engine's default)
    values.put("OVER_LIMIT",
        Integer.toString(dev.limitto.engine.Limits.defaults().maxBodyBytes() + 1024));
    values.put("A_B64", GatewayFixture.basic("demo", t).substring("Basic ".length()));
    values.put("EMPTY_USER", GatewayFixture.basic("", t));
    values.put("NO_COLON", "Basic " + java.util.Base64.getEncoder().encodeToString(
        t.getBytes(StandardCharsets.UTF_8)));
    return Corpus.load().stream().map(c ->
        DynamicTest.dynamicTest(c.where(), () -> runCase(c, values)));
  }

  private void runCase(Corpus.Case c, Map<String, String> values) throws IOException {
    int mark = upstream.count();
    RawHttp.exchange(gateway.port(), c.bytes(values));
    List<String> routes = new ArrayList<>();
    for (RecordingUpstream.Received in : upstream.since(mark)) {
      // default mode: nothing without a Limit-to token is forwarded, so everything that arrived
      // was a token request and carries the bound credential only
      assertThat(in.headers().get("authorization")).as("%s: %s", c.where(), in.target())
          .containsExactly("Bearer " + GatewayFixture.BOUND_PAT);
      assertThat(in.headers()).as(c.where()).doesNotContainKeys("cookie", "contextuser");
      String route = in.route();
      assertThat(route.startsWith(in.method() + " /jira/")).as("%s: %s", c.where(), route)
          .isTrue();
      routes.add(in.method() + " " + route.substring(in.method().length() + " /jira".length()));
      assertThat(in.target()).as("%s: the raw target is forwarded as received", c.where())
          .startsWith("/jira/");
      if (c.body() != null) {
        assertThat(new String(in.body(), StandardCharsets.ISO_8859_1)).as(c.where())
            .isEqualTo(c.body());
      }
    }
    List<String> allowed = new ArrayList<>(c.served());
    assertThat(allowed).as("%s: forwarded routes", c.where()).containsAll(routes);
  }

  @Test
  void everyForwardedAndRefusedTokenRequestIsAuditedWithoutASecret() throws IOException {
    // run last in its own gateway, so that the audit read here is complete
    Path own = Files.createTempDirectory(tmp, "audit");
    int mark = upstream.count();
    GatewayFixture g = new GatewayFixture(own, URI.create(upstream.origin()), RULES, b -> b);
    try {
      assertThat(RawHttp.send(g.port(), get("/rest/api/2/issue/KANBAN-1",
          "Authorization: " + g.auth() + "\r\n")).status()).isEqualTo(200);
      assertThat(RawHttp.send(g.port(), get("/rest/api/2/issue/SECRET-1",
          "Authorization: " + g.auth() + "\r\n")).status()).isEqualTo(403);
      assertThat(RawHttp.send(g.port(), get("/rest/api/2/away",
          "Authorization: " + g.auth() + "\r\n")).status()).isEqualTo(502);
      List<JsonNode> events = g.stopAndReadAudit();
      assertThat(events).extracting(e -> e.path("status").asInt())
          .containsExactly(200, 403, 502);
      String all = g.allAuditText();
      assertThat(all).doesNotContain(GatewayFixture.BOUND_PAT).doesNotContain(g.restricted);
      assertThat(upstream.since(mark)).hasSize(2);
    } finally {
      g.close();
    }
  }
}
