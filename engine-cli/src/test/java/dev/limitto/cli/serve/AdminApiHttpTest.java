package dev.limitto.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.limitto.jira.admin.AdminApi;
import dev.limitto.jira.admin.AdminErrors;
import dev.limitto.jira.admin.AdminLimits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin REST API as a script meets it: {@code serve} in its own JVM, every call over real
 * HTTP with the admin login the first start printed. Contract: create a token, use it against
 * the sample API, revoke it, see it refused; who may call; the cross-site check; malformed and
 * oversized bodies change nothing; the OpenAPI description and the live routes agree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AdminApiHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;

  private ServeProcess serve;
  private String base;
  private String api;
  private String adminAuth;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  void startServe() throws Exception {
    Path data = tmp.resolve("data");
    serve = ServeProcess.start(data);
    List<String> banner = serve.awaitBanner();
    base = ServeEndToEndTest.baseUrl(banner);
    api = base + AdminApi.BASE_PATH;
    assertThat(banner).contains(ServeCommand.ADMIN_API + " " + api + "/ (Basic auth as 'admin';"
        + " described at " + api + "/openapi.json, see docs/rest-api.md)");
    adminAuth = basic("admin", ServeEndToEndTest.adminPassword(banner));
  }

  @AfterAll
  void stopServe() throws Exception {
    if (serve != null) {
      assertThat(serve.stop()).as(serve::stderr).isZero();
      // no stack trace reached the server's own output either
      assertThat(serve.stderr()).doesNotContain("ltk_");
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private record Answer(int status, Map<String, List<String>> headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  private Answer send(String method, String url, String body, String... headers) throws Exception {
    return send(method, url, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
  }

  private Answer send(String method, String url, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.headers().map(), r.body());
  }

  /** A call of the admin, with the XSRF header and a JSON content type when there is a body. */
  private Answer admin(String method, String path, String body) throws Exception {
    return body == null
        ? send(method, api + path, (String) null, "Authorization", adminAuth,
            AdminApi.XSRF_HEADER, AdminApi.XSRF_NO_CHECK)
        : send(method, api + path, body, "Authorization", adminAuth,
            AdminApi.XSRF_HEADER, AdminApi.XSRF_NO_CHECK, "Content-Type", "application/json");
  }

  private static void assertError(Answer a, int status, String code) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
    assertThat(a.json().path("code").asText()).as(a.body()).isEqualTo(code);
    assertThat(a.body()).doesNotContain("Exception").doesNotContain("Tomcat").doesNotContain("\tat ");
  }

  private int tokenCount() throws Exception {
    return admin("GET", "/tokens", null).json().path("total").asInt();
  }

  private long auditCount() throws Exception {
    return admin("GET", "/audit", null).json().path("total").asLong();
  }

  @Test
  void createUseRevoke_thenTheTokenIsRefusedAndEveryChangeAudited() throws Exception {
    Answer created = admin("POST", "/tokens", "{\"userName\":\"alice\",\"label\":\"http contract\","
        + "\"limitTo\":\"[get]{base}/rest/api/2/myself\",\"validDays\":1}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asText();
    String secret = created.json().path("secret").asText();
    assertThat(created.header("Location")).isEqualTo(AdminApi.BASE_PATH + "/tokens/" + id);
    assertThat(created.header("Cache-Control")).isEqualTo("no-store");

    String tokenAuth = basic("alice", secret);
    Answer used = send("GET", base + "/rest/api/2/myself", (String) null, "Authorization", tokenAuth);
    assertThat(used.status()).as(used.body()).isEqualTo(200);
    assertThat(used.json().path("name").asText()).isEqualTo("alice");
    Answer denied = send("GET", base + "/rest/api/2/issue/DEMO-1", (String) null,
        "Authorization", tokenAuth);
    assertThat(denied.status()).isEqualTo(403);

    Answer revoked = admin("DELETE", "/tokens/" + id, null);
    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
    assertThat(revoked.json().path("state").asText()).isEqualTo("revoked");
    // the node that revokes refuses at once; other nodes within the poll interval
    Answer refused = send("GET", base + "/rest/api/2/myself", (String) null, "Authorization", tokenAuth);
    assertThat(refused.status()).isEqualTo(401);

    // the admin events are in the audit with the admin as actor, and the token's requests
    List<String> events = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      events.clear();
      for (JsonNode e : admin("GET", "/audit", null).json().path("values")) {
        if (id.equals(e.path("tokenId").asText())) {
          events.add(e.path("type").asText() + " " + e.path("action").asText(e.path("decision").asText())
              + " " + e.path("actor").asText(e.path("status").asText()));
        }
      }
      if (events.contains("ADMIN REVOKE admin")) {
        break;
      }
      Thread.sleep(100); // the audit log is written asynchronously
    }
    // newest first (the 401 of the revoked token is audited as well; whether with the token's
    // id is the gate's business, so it is not asked for here)
    assertThat(events).containsSubsequence("ADMIN REVOKE admin",
        "REQUEST REFUSED 403", "REQUEST ALLOWED 200", "ADMIN CREATE admin");
    assertThat(admin("GET", "/audit?token=" + id + "&refused=true", null).json()
        .path("values").get(0).path("status").asInt()).isIn(401, 403);
  }

  @Test
  void whoMayCall_onlyTheAdminWithItsPassword() throws Exception {
    Answer anonymous = send("GET", api + "/tokens", (String) null);
    assertError(anonymous, 401, AdminErrors.NOT_AUTHENTICATED);
    assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Limit-to sample\"");

    assertError(send("GET", api + "/tokens", (String) null, "Authorization", basic("admin", "wrong")),
        401, AdminErrors.NOT_AUTHENTICATED);
    // a user of the sample application who is not the admin has no admin login here
    assertError(send("GET", api + "/tokens", (String) null, "Authorization",
        basic("alice", adminAuth)), 401, AdminErrors.NOT_AUTHENTICATED);

    Answer ok = send("GET", api + "/tokens", (String) null, "Authorization", adminAuth);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
  }

  @Test
  void limitToToken_isRefusedWhateverItsRulesSay() throws Exception {
    // the admin's own token, unrestricted, and one whose rules name the admin API
    String unrestricted = admin("POST", "/tokens", "{\"userName\":\"admin\",\"unrestricted\":true,\"label\":\"admin-all\"}")
        .json().path("secret").asText();
    String rules = admin("POST", "/tokens", "{\"userName\":\"admin\",\"label\":\"admin-api\","
        + "\"limitTo\":\"[get,post,put,delete]{base}/rest/limit-to/1\\\\.0/.*\"}")
        .json().path("secret").asText();
    int before = tokenCount();
    for (String secret : List.of(unrestricted, rules)) {
      for (String auth : List.of(basic("admin", secret), "Bearer " + secret)) {
        Answer list = send("GET", api + "/tokens", (String) null, "Authorization", auth);
        assertThat(list.status()).as(list.body()).isIn(401, 403);
        assertThat(list.body()).doesNotContain(secret);
        Answer mint = send("POST", api + "/tokens", "{\"userName\":\"admin\",\"unrestricted\":true,\"label\":\"minted\"}",
            "Authorization", auth, AdminApi.XSRF_HEADER, AdminApi.XSRF_NO_CHECK,
            "Content-Type", "application/json");
        assertThat(mint.status()).as(mint.body()).isIn(401, 403);
      }
      // with Basic auth (the configured type) the filter lets the token in; the API refuses it
      assertError(send("GET", api + "/tokens", (String) null, "Authorization",
          basic("admin", secret)), 403, AdminErrors.TOKEN_NOT_ALLOWED);
    }
    assertThat(tokenCount()).isEqualTo(before);
  }

  @Test
  void stateChangingCall_withoutXsrfHeaderOrWithForeignOrigin_isRefusedAndChangesNothing()
      throws Exception {
    int tokens = tokenCount();
    String body = "{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"cross-site\"}";
    assertError(send("POST", api + "/tokens", body, "Authorization", adminAuth,
        "Content-Type", "application/json"), 403, AdminErrors.XSRF_CHECK_FAILED);
    assertError(send("POST", api + "/tokens", body, "Authorization", adminAuth,
        "Content-Type", "application/json", "Origin", "https://evil.example"),
        403, AdminErrors.XSRF_CHECK_FAILED);
    // what a cross-site HTML form can send
    assertError(send("POST", api + "/tokens", "label=x&userName=alice", "Authorization", adminAuth,
        "Content-Type", "application/x-www-form-urlencoded", "Origin", "https://evil.example"),
        403, AdminErrors.XSRF_CHECK_FAILED);
    assertThat(tokenCount()).isEqualTo(tokens);
    // the page's own origin passes
    Answer same = send("POST", api + "/tokens", body, "Authorization", adminAuth,
        "Content-Type", "application/json", "Origin", base);
    assertThat(same.status()).as(same.body()).isEqualTo(201);
  }

  @Test
  void malformedJsonUnknownFieldsAndOversizedBodies_get400AndNothingIsWritten() throws Exception {
    int tokens = tokenCount();
    long audited = auditCount();
    assertError(admin("POST", "/tokens", "{\"userName\":\"alice\",\"label\":"), 400,
        AdminErrors.MALFORMED_JSON);
    assertError(admin("POST", "/tokens", "{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"x\",\"days\":3}"),
        400, AdminErrors.UNKNOWN_FIELD);
    byte[] big = new byte[AdminLimits.DEFAULT_MAX_BODY_BYTES + 1];
    byte[] head = "{\"userName\":\"alice\",\"label\":\"".getBytes(StandardCharsets.UTF_8);
    java.util.Arrays.fill(big, (byte) 'x');
    System.arraycopy(head, 0, big, 0, head.length);
    big[big.length - 2] = '"';
    big[big.length - 1] = '}';
    Answer oversized = send("POST", api + "/tokens", big, "Authorization", adminAuth,
        AdminApi.XSRF_HEADER, AdminApi.XSRF_NO_CHECK, "Content-Type", "application/json");
    assertError(oversized, 400, AdminErrors.BODY_TOO_LARGE);
    assertThat(oversized.json().path("message").asText()).isEqualTo(
        String.format(AdminErrors.MSG_BODY_TOO_LARGE, AdminLimits.DEFAULT_MAX_BODY_BYTES));
    assertThat(tokenCount()).isEqualTo(tokens);
    Thread.sleep(300); // anything audited would be written by now
    assertThat(auditCount()).isEqualTo(audited);
  }

  @Test
  void openApi_everyDocumentedRouteAnswersAndEveryRouteIsDocumented() throws Exception {
    JsonNode doc = admin("GET", "/openapi.json", null).json();
    assertThat(doc.path("openapi").asText()).startsWith("3.0");
    assertThat(doc.path("servers").get(0).path("url").asText()).isEqualTo(AdminApi.BASE_PATH);
    TreeSet<String> documented = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> p = doc.path("paths").fields(); p.hasNext(); ) {
      Map.Entry<String, JsonNode> path = p.next();
      for (Iterator<String> m = path.getValue().fieldNames(); m.hasNext(); ) {
        documented.add(m.next().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
      }
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(AdminApi.routes());

    String id = admin("POST", "/tokens", "{\"userName\":\"bob\",\"unrestricted\":true,\"label\":\"openapi\"}")
        .json().path("id").asText();
    for (String route : documented) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1).replace("{id}", id);
      String body = method.equals("POST") || method.equals("PUT") ? "{}" : null;
      Answer a = admin(method, path, body);
      assertThat(a.status()).as(route + ": " + a.body()).isNotIn(405, 500);
      // a 404 of a route that exists names what is missing (a token, staged rules), never the route
      if (a.status() == 404) {
        assertThat(a.json().path("code").asText()).as(route).isNotEqualTo(AdminErrors.NOT_FOUND);
      }
      assertThat(a.header("Content-Type")).as(route).isEqualTo("application/json;charset=UTF-8");
      a.json();
    }
    // and a route that is not documented does not answer
    assertError(admin("GET", "/nothing", null), 404, AdminErrors.NOT_FOUND);
    assertError(admin("PATCH", "/tokens/" + id, "{}"), 405, AdminErrors.METHOD_NOT_ALLOWED);
  }

  @Test
  void adminPage_servedToTheAdminWithItsFilesUnderAStrictPolicy() throws Exception {
    Answer page = send("GET", base + AdminApi.PAGE_PATH, (String) null, "Authorization", adminAuth);
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.header("Content-Type")).isEqualTo("text/html;charset=UTF-8");
    assertThat(page.header("Content-Security-Policy")).startsWith("default-src 'self';")
        .contains("frame-ancestors 'none'").doesNotContain("unsafe");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.body()).contains("<script src=\"admin/admin.js\" defer></script>");
    Answer js = send("GET", base + AdminApi.PAGE_PATH + "/vendor/uPlot.iife.min.js", (String) null,
        "Authorization", adminAuth);
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.header("Content-Type")).isEqualTo("text/javascript;charset=UTF-8");
    assertThat(js.header("Content-Security-Policy")).isEqualTo(page.header("Content-Security-Policy"));

    Answer anonymous = send("GET", base + AdminApi.PAGE_PATH, (String) null);
    assertError(anonymous, 401, AdminErrors.NOT_AUTHENTICATED);
    // the browser asks for the login with this challenge
    assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Limit-to sample\"");
    assertError(send("GET", base + AdminApi.PAGE_PATH + "/nothing.js", (String) null,
        "Authorization", adminAuth), 404, AdminErrors.NOT_FOUND);
    // Tomcat resolves the dots before any servlet: the path leaves the page and serves nothing
    Answer climbing = send("GET", base + AdminApi.PAGE_PATH + "/../admin.js", (String) null,
        "Authorization", adminAuth);
    assertThat(climbing.status()).isEqualTo(404);
    assertThat(climbing.body()).doesNotContain("use strict");
  }

  @Test
  void settings_sayWhereEachCameFrom() throws Exception {
    JsonNode s = admin("GET", "/settings", null).json().path("settings");
    assertThat(s).anySatisfy(v -> {
      assertThat(v.path("name").asText()).isEqualTo("authType");
      assertThat(v.path("value").asText()).isEqualTo("BASIC");
      assertThat(v.path("source").asText()).isEqualTo("default");
    });
    assertThat(s).anySatisfy(v -> {
      assertThat(v.path("name").asText()).isEqualTo("baseUrl");
      assertThat(v.path("value").asText()).isEqualTo(base);
    });
    assertThat(Files.exists(tmp.resolve("data").resolve("admin-password"))).isTrue();
  }
}
