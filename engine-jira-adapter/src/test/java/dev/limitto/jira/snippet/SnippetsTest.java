package dev.limitto.jira.snippet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.limitto.jira.harness.Tools;
import dev.limitto.jira.token.TokenSettings.AuthType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Snippets are run for real: the curl ones with bash and curl, the JavaScript ones with Node.js,
 * against a small HTTP server that records what arrived, so that quoting mistakes show up as
 * wrong bytes on the wire and not only as odd-looking text.
 */
class SnippetsTest {

  /** A user name and a body that need quoting in both languages. */
  private static final String USER = "o'brien";
  private static final String SECRET = "ltk_01Abc'\"$(touch pwned)`x`\\n";
  private static final String BODY = "{\"body\":\"it's $HOME `id` \\\"quoted\\\" \\u00e9\"}";

  record Received(String method, String path, String authorization, String contentType,
      String body) {}

  private HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private String base;

  @TempDir Path dir;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(new Received(exchange.getRequestMethod(),
          exchange.getRequestURI().getRawPath()
              + (exchange.getRequestURI().getRawQuery() == null
                  ? "" : "?" + exchange.getRequestURI().getRawQuery()),
          exchange.getRequestHeaders().getFirst("Authorization"),
          exchange.getRequestHeaders().getFirst("Content-Type"),
          new String(body, StandardCharsets.UTF_8)));
      byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort() + "/jira";
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static String expectedAuthorization(AuthType type) {
    return type == AuthType.BASIC ? basic(USER, SECRET) : "Bearer " + SECRET;
  }

  @ParameterizedTest
  @EnumSource(AuthType.class)
  void curlGetWhenRunThenSendsTheTokenForTheAuthType(AuthType type) throws Exception {
    Snippets s = Snippets.of(base, type, USER, SECRET);
    String out = run(List.of("bash", "-c", s.curl(SnippetRequest.get("/rest/api/2/search?jql=a%20b"))));

    assertThat(out).contains("{\"ok\":true}");
    assertThat(received).containsExactly(new Received("GET", "/jira/rest/api/2/search?jql=a%20b",
        expectedAuthorization(type), null, ""));
    assertThat(dir.resolve("pwned")).doesNotExist();
  }

  @ParameterizedTest
  @EnumSource(AuthType.class)
  void curlPostWhenRunThenSendsTheBodyByteForByte(AuthType type) throws Exception {
    Snippets s = Snippets.of(base, type, USER, SECRET);
    String snippet = s.curl(SnippetRequest.post("/rest/api/2/issue/DEMO-1/comment", BODY));
    run(List.of("bash", "-c", snippet));

    assertThat(received).containsExactly(new Received("POST", "/jira/rest/api/2/issue/DEMO-1/comment",
        expectedAuthorization(type), "application/json", BODY));
  }

  @ParameterizedTest
  @EnumSource(AuthType.class)
  void curlOneLineWhenRunThenSendsTheSameRequest(AuthType type) throws Exception {
    Snippets s = Snippets.of(base, type, USER, SECRET);
    String snippet = s.curlOneLine(new SnippetRequest("DELETE", "/rest/api/2/issue/OPS-1", null), true);
    String out = run(List.of("bash", "-c", snippet));

    assertThat(snippet.lines()).hasSize(1);
    assertThat(out).startsWith("HTTP/1.1 200");
    assertThat(received).containsExactly(new Received("DELETE", "/jira/rest/api/2/issue/OPS-1",
        expectedAuthorization(type), null, ""));
  }

  @Test
  void curlWhenPostThenCarriesTheRedirectFlagsWithTheirReason() {
    Snippets s = Snippets.of(base, AuthType.BASIC, USER, SECRET);

    String post = s.curl(SnippetRequest.post("/rest/api/2/issue", "{}"));
    String get = s.curl(SnippetRequest.get("/rest/api/2/myself"));

    assertThat(post).startsWith(Snippets.CURL_POST_NOTE + "\n")
        .contains("curl -sS -L").contains("--post301 --post302 --post303").doesNotContain("-X POST");
    assertThat(get).doesNotContain("--post30").doesNotContain("#");
  }

  @ParameterizedTest
  @EnumSource(AuthType.class)
  void javascriptWhenCheckedByNodeThenIsValidSyntax(AuthType type) throws Exception {
    Tools.assumePresent("node", "the JavaScript snippets' syntax");
    Snippets s = Snippets.of(base, type, USER, SECRET);
    for (SnippetRequest r : List.of(SnippetRequest.get("/rest/api/2/myself"),
        SnippetRequest.post("/rest/api/2/issue/DEMO-1/comment", BODY),
        new SnippetRequest("PUT", "/rest/api/2/issue/DEMO-1", "not json 'quoted' \"x\""))) {
      Path file = dir.resolve("snippet-" + r.method() + ".js");
      Files.writeString(file, s.javascript(r));
      run(List.of("node", "--check", file.toString()));
    }
  }

  @ParameterizedTest
  @EnumSource(AuthType.class)
  void javascriptWhenRunByNodeThenSendsTheTokenAndBody(AuthType type) throws Exception {
    Tools.assumePresent("node", "running the JavaScript snippets");
    Snippets s = Snippets.of(base, type, USER, SECRET);
    Path file = dir.resolve("post.js");
    Files.writeString(file, s.javascript(SnippetRequest.post("/rest/api/2/issue/DEMO-1/comment", BODY)));

    String out = run(List.of("node", file.toString()));

    assertThat(out).startsWith("200 OK").contains("{\"ok\":true}");
    assertThat(received).hasSize(1);
    Received r = received.get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.authorization()).isEqualTo(expectedAuthorization(type));
    assertThat(r.contentType()).isEqualTo("application/json");
    // JSON.stringify re-serialises: same value, not necessarily the same bytes
    assertThat(r.body()).isEqualTo("{\"body\":\"it's $HOME `id` \\\"quoted\\\" \u00e9\"}");
  }

  @Test
  void javascriptWhenPostThenRefusesRedirects() {
    String js = Snippets.of(base, AuthType.BEARER, USER, SECRET)
        .javascript(SnippetRequest.post("/rest/api/2/issue", "{}"));

    assertThat(js).contains(Snippets.JS_POST_NOTE).contains("redirect: \"error\"");
  }

  @Test
  void ofWhenAuthTypeBothThenBearerForOwnedTokenAndBasicForUnbound() {
    assertThat(Snippets.of(base, AuthType.BOTH, USER, SECRET).usesBasic()).isFalse();
    assertThat(Snippets.of(base, AuthType.BOTH, null, SECRET).usesBasic()).isTrue();
    assertThat(Snippets.of(base, AuthType.BOTH, null, SECRET).curl(SnippetRequest.get("/x")))
        .contains("-u 'YOUR_USER_NAME:");
  }

  @Test
  void ofWhenUserHasColonThenRefused() {
    assertThatThrownBy(() -> Snippets.of(base, AuthType.BASIC, "a:b", SECRET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(String.format(Snippets.ERR_USER_COLON, "a:b"));
  }

  @Test
  void ofWhenBaseUrlNotHttpThenRefused() {
    assertThatThrownBy(() -> Snippets.of("file:///etc", AuthType.BASIC, USER, SECRET))
        .hasMessage(String.format(Snippets.ERR_BASE_URL, "file:///etc"));
    assertThatThrownBy(() -> Snippets.of("localhost:8080", AuthType.BASIC, USER, SECRET))
        .hasMessage(String.format(Snippets.ERR_BASE_URL, "localhost:8080"));
  }

  @Test
  void requestWhenPathHasSpaceOrNoSlashThenRefused() {
    assertThatThrownBy(() -> SnippetRequest.get("/a b"))
        .hasMessage(String.format(SnippetRequest.ERR_PATH, "/a b"));
    assertThatThrownBy(() -> SnippetRequest.get("rest"))
        .hasMessage(String.format(SnippetRequest.ERR_PATH, "rest"));
    assertThatThrownBy(() -> new SnippetRequest("GE T", "/", null))
        .hasMessage(String.format(SnippetRequest.ERR_METHOD, "GE T"));
  }

  @Test
  void shellWhenQuoteInsideThenClosesEscapesAndReopens() {
    assertThat(Snippets.shell("it's")).isEqualTo("'it'\\''s'");
  }


  private String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("exit of %s; output:%n%s", command, out).isZero();
    return out;
  }
}
