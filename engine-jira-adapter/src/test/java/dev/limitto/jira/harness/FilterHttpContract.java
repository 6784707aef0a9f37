package dev.limitto.jira.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.limitto.jira.audit.AuditEvent;
import dev.limitto.jira.audit.InMemoryAuditSink;
import dev.limitto.jira.token.TokenSettings.AuthType;
import dev.limitto.jira.gate.Gate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Everything the filter promises, asserted over loopback HTTP against a real servlet container
 * with a sample application behind the filter. Each container generation (Tomcat 9 with the
 * javax filter, Tomcat 11 with the jakarta filter) runs this same class, corpus included.
 *
 * <p>Three contexts share one container: {@code /jira} with auth type BOTH (the corpus runs
 * here), {@code /basic} with BASIC (the default) and {@code /bearer} with BEARER.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
public abstract class FilterHttpContract {

  /**
   * A context of the test container: its path, the auth type its filter is configured with, and
   * a gate with that auth type built from {@link #tokens} (a container whose filter brings its
   * own gate, such as the Jira app bundle's, configures it from the auth type instead).
   */
  public record Mount(String contextPath, AuthType authType, Gate gate) {}

  /** A started container. */
  public interface TestServer extends AutoCloseable {
    int port();

    /** The container's name and version, for reports. */
    String container();
  }

  /** Rules of alice's restricted token: the corpus is written against them. */
  public static final String RESTRICTED_RULES = String.join("\n",
      "# what the integration may do",
      "[get].*/rest/api/2/issue/KANBAN-[0-9]+",
      "[post].*/rest/api/2/issue/KANBAN-1/comment[JsonData::body==hello.*]",
      "[get].*/rest/api/2/search[QueryParam::jql==project = KANBAN]",
      "[put].*/rest/api/2/issue/KANBAN-2");

  private static final Pattern ISSUE_ROUTE = Pattern.compile("/rest/api/2/issue/KANBAN-[0-9]+");
  private static final ObjectMapper JSON = new ObjectMapper();

  protected TestServer server;
  protected final ServedLog log = new ServedLog();
  protected final InMemoryAuditSink audit = new InMemoryAuditSink();
  protected TokenFixture tokens;
  private Path baseDir;

  protected String alice;
  protected String bob;
  protected String carol;
  protected String expired;
  protected String revoked;
  protected String elsewhere;
  protected String unknown;
  protected String adminSession;

  /** Starts the container under test with the given contexts. */
  protected abstract TestServer startServer(List<Mount> mounts, ServedLog log, Path baseDir)
      throws Exception;

  /**
   * Every audit event of token requests so far, in the order the requests were made: by default
   * what the mounts' gates recorded in {@link #audit}. A container whose filter audits elsewhere
   * answers from there, with every event of a request already made included.
   */
  protected List<AuditEvent> auditEvents() {
    return audit.events();
  }

  /** The body limit of the test tokens' rules ({@code Limits.maxBodyBytes}). */
  protected final int maxBodyBytes() {
    return tokens.settings().limits().maxBodyBytes();
  }

  /** The token implementation the test runs with. */
  protected TokenFixture newTokenFixture() {
    return new ServiceTokenFixture();
  }

  @BeforeAll
  void startContainer() throws Exception {
    tokens = newTokenFixture();
    alice = tokens.issue(TokenFixture.Spec.of("kanban bot", "alice", RESTRICTED_RULES));
    bob = tokens.issue(TokenFixture.Spec.of("admin script", "bob", ""));
    carol = tokens.issue(
        TokenFixture.Spec.of("service desk", "carol", "[get].*/rest/api/2/myself").runAs());
    expired = tokens.issue(TokenFixture.Spec.of("old", "alice", "")
        .expiredAt(Instant.now().minusSeconds(60)));
    revoked = tokens.issue(TokenFixture.Spec.of("leaked", "alice", "").revokedNow());
    elsewhere = tokens.issue(TokenFixture.Spec.of("office only", "alice", "")
        .allowList("192.0.2.10"));
    unknown = tokens.unknownToken();
    baseDir = Files.createTempDirectory("limit-to-tomcat");
    List<Mount> mounts = List.of(
        new Mount("/jira", AuthType.BOTH, gate(AuthType.BOTH)),
        new Mount("/basic", AuthType.BASIC, gate(AuthType.BASIC)),
        new Mount("/bearer", AuthType.BEARER, gate(AuthType.BEARER)));
    server = startServer(mounts, log, baseDir);
    RawHttp.Response login = RawHttp.send(server.port(),
        "GET /jira/login?user=admin HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    String setCookie = login.header("Set-Cookie");
    assertThat(setCookie).as("sample login sets a session cookie").startsWith("JSESSIONID=");
    adminSession = setCookie.substring(0, setCookie.indexOf(';'));
  }

  private Gate gate(AuthType type) {
    return Gate.builder()
        .settings(tokens.settings())
        .authType(type)
        .authenticator(tokens.authenticator())
        .userBinding(dev.limitto.jira.user.UserBinding.container(tokens.users()))
        .audit(audit)
        .build();
  }

  @AfterAll
  void stopContainer() throws Exception {
    if (server != null) {
      server.close();
    }
    if (tokens != null) {
      tokens.close();
    }
    TempDirs.deleteTree(baseDir);
  }

  // ---- helpers ----

  protected static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** A request with {@code Host} and {@code Connection: close}; headers are "Name: value". */
  protected RawHttp.Response call(String method, String target, String... headers)
      throws IOException {
    return call(method, target, null, headers);
  }

  protected RawHttp.Response call(String method, String target, byte[] body, String... headers)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    if (body != null) {
      sb.append("Content-Length: ").append(body.length).append("\r\n");
    }
    sb.append("Connection: close\r\n\r\n");
    byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = body == null ? head : concat(head, body);
    return RawHttp.send(server.port(), all);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  protected static String errorMessage(RawHttp.Response r) throws IOException {
    JsonNode n = JSON.readTree(r.body());
    assertThat(n.path("errors").isObject() && n.path("errors").isEmpty())
        .as("errors is an empty object in %s", r.bodyText()).isTrue();
    assertThat(n.path("errorMessages")).hasSize(1);
    return n.path("errorMessages").get(0).asText();
  }

  // ---- pass-through ----

  @Test
  void requestWithoutCredentialsPassesThroughUntouched() throws IOException {
    int mark = log.size();
    RawHttp.Response r = call("GET", "/jira/rest/api/2/serverInfo", "Cookie: " + adminSession);
    assertThat(r.status()).isEqualTo(200);
    List<Served> served = log.since(mark);
    assertThat(served).hasSize(1);
    assertThat(served.get(0).remoteUser()).isNull();
    assertThat(served.get(0).cookieHeader()).isEqualTo(adminSession);
    assertThat(served.get(0).sessionUser()).isEqualTo("admin");
  }

  @Test
  void passwordBasicAuthPassesThroughUntouched() throws IOException {
    int mark = log.size();
    String password = basic("alice", "correct horse battery staple");
    RawHttp.Response r = call("GET", "/jira/rest/api/2/myself", "Authorization: " + password);
    assertThat(r.status()).isEqualTo(200);
    Served s = log.since(mark).get(0);
    assertThat(s.authorization()).isEqualTo(password);
    assertThat(s.headerNames()).contains("authorization");
    assertThat(s.remoteUser()).isNull();
  }

  @Test
  void foreignBearerTokenPassesThroughUntouched() throws IOException {
    int mark = log.size();
    RawHttp.Response r = call("GET", "/jira/rest/api/2/myself",
        "Authorization: Bearer NjA0OTc4MTU2NzM2OmJpZ0pp");
    assertThat(r.status()).isEqualTo(200);
    assertThat(log.since(mark).get(0).authorization()).isEqualTo("Bearer NjA0OTc4MTU2NzM2OmJpZ0pp");
  }

  @Test
  void passThroughProducesNoAuditEvent() throws IOException {
    int before = auditEvents().size();
    call("GET", "/jira/rest/api/2/serverInfo");
    assertThat(auditEvents()).hasSize(before);
  }

  // ---- authentication ----

  @Test
  void allowedRequestReachesApplicationAsTokenOwner() throws IOException {
    int mark = log.size();
    RawHttp.Response r = call("GET", "/jira/rest/api/2/issue/KANBAN-7",
        "Authorization: " + basic("alice", alice));
    assertThat(r.status()).isEqualTo(200);
    Served s = log.since(mark).get(0);
    assertThat(s.remoteUser()).isEqualTo("alice");
    assertThat(s.principal()).isEqualTo("alice");
    assertThat(s.authType()).isEqualTo("BASIC");
    assertThat(s.sawOtherCredentials()).isFalse();
  }

  @Test
  void basicAuthAcceptsEmailAsUserName() throws IOException {
    int mark = log.size();
    RawHttp.Response r = call("GET", "/jira/rest/api/2/issue/KANBAN-7",
        "Authorization: " + basic("alice@example.com", alice));
    assertThat(r.status()).isEqualTo(200);
    assertThat(log.since(mark).get(0).remoteUser()).isEqualTo("alice");
  }

  @Test
  void basicAuthWithAnotherUsersNameIsRefused() throws IOException {
    assertRefused401(() -> call("GET", "/jira/rest/api/2/issue/KANBAN-7",
        "Authorization: " + basic("mallory", alice)), Gate.MSG_TOKEN_NOT_ACCEPTED);
  }

  @Test
  void unknownTokenGets401WithChallengeAndNeverReachesApplication() throws IOException {
    RawHttp.Response r = assertRefused401(() -> call("GET", "/jira/rest/api/2/issue/KANBAN-7",
        "Authorization: " + basic("alice", unknown)), Gate.MSG_TOKEN_NOT_ACCEPTED);
    assertThat(r.headers("WWW-Authenticate"))
        .containsExactly("Basic realm=\"Jira\"", "Bearer realm=\"Jira\", error=\"invalid_token\"");
  }

  @Test
  void expiredTokenGets401SayingSo() throws IOException {
    assertRefused401(() -> call("GET", "/jira/rest/api/2/myself",
        "Authorization: " + basic("alice", expired)), Gate.MSG_TOKEN_EXPIRED);
  }

  @Test
  void revokedTokenGets401() throws IOException {
    assertRefused401(() -> call("GET", "/jira/rest/api/2/myself",
        "Authorization: " + basic("alice", revoked)), Gate.MSG_TOKEN_NOT_ACCEPTED);
  }

  @Test
  void tokenUsedFromAddressOutsideItsAllowListGets401() throws IOException {
    assertRefused401(() -> call("GET", "/jira/rest/api/2/myself",
        "Authorization: " + basic("alice", elsewhere)), Gate.MSG_TOKEN_NOT_ACCEPTED);
  }

  /** One request, sent by {@link #assertRefused401}. */
  @FunctionalInterface
  protected interface Call {
    RawHttp.Response send() throws IOException;
  }

  /**
   * Sends the request and asserts a 401 with {@code message} that never reached the application:
   * the log mark is taken before the request is sent, so a request that was served is seen.
   */
  private RawHttp.Response assertRefused401(Call request, String message) throws IOException {
    int mark = log.size();
    RawHttp.Response r = request.send();
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.headers("WWW-Authenticate")).isNotEmpty();
    assertThat(errorMessage(r)).isEqualTo(message);
    assertThat(log.since(mark)).as("requests that reached the application").isEmpty();
    return r;
  }

  @Test
  void refusalAssertionFailsWhenTheRequestReachedTheApplication() {
    // The assertion above must be able to fail: a "request" that reaches the application and then
    // answers with a real 401 refusal is caught by the log mark.
    assertThatThrownBy(() -> assertRefused401(() -> {
      call("GET", "/jira/rest/api/2/serverInfo");
      return call("GET", "/jira/rest/api/2/myself", "Authorization: " + basic("alice", revoked));
    }, Gate.MSG_TOKEN_NOT_ACCEPTED))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("requests that reached the application");
  }

  @Test
  void bearerTokenIsAcceptedWhenAuthTypeIsBoth() throws IOException {
    int mark = log.size();
    RawHttp.Response r = call("GET", "/jira/rest/api/2/issue/KANBAN-7",
        "Authorization: Bearer " + alice);
    assertThat(r.status()).isEqualTo(200);
    assertThat(log.since(mark).get(0).remoteUser()).isEqualTo("alice");
    assertThat(log.since(mark).get(0).authType()).isEqualTo("BEARER");
  }

  @Test
  void bearerTokenIsRefusedWhenAuthTypeIsBasic() throws IOException {
    int mark = log.size();
    RawHttp.Response r = call("GET", "/basic/rest/api/2/issue/KANBAN-7",
        "Authorization: Bearer " + alice);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.headers("WWW-Authenticate")).containsExactly("Basic realm=\"Jira\"");
    assertThat(errorMessage(r)).isEqualTo(Gate.MSG_BEARER_DISABLED);
    assertThat(log.since(mark)).isEmpty();
  }

  @Test
  void basicTokenIsAcceptedWhenAuthTypeIsBasic() throws IOException {
    int mark = log.size();
    RawHttp.Response r = call("GET", "/basic/rest/api/2/issue/KANBAN-7",
        "Authorization: " + basic("alice", alice));
    assertThat(r.status()).isEqualTo(200);
    assertThat(log.since(mark).get(0).remoteUser()).isEqualTo("alice");
  }

  @Test
  void basicTokenIsRefusedWhenAuthTypeIsBearer() throws IOException {
    int mark = log.size();
    RawHttp.Response r = call("GET", "/bearer/rest/api/2/issue/KANBAN-7",
        "Authorization: " + basic("alice", alice));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.headers("WWW-Authenticate"))
        .containsExactly("Bearer realm=\"Jira\", error=\"invalid_token\"");
    assertThat(errorMessage(r)).isEqualTo(Gate.MSG_BASIC_DISABLED);
    assertThat(log.since(mark)).isEmpty();
  }

  // ---- rules ----

  @Test
  void requestNoLineAllowsGets403JiraJsonNamingTheReason() throws IOException {
    int mark = log.size();
    RawHttp.Response r = call("DELETE", "/jira/rest/api/2/issue/KANBAN-7",
        "Authorization: " + basic("alice", alice));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    String message = errorMessage(r);
    assertThat(message).startsWith(Gate.MSG_NOT_ALLOWED_PREFIX);
    assertThat(message.length()).isGreaterThan(Gate.MSG_NOT_ALLOWED_PREFIX.length());
    assertThat(log.since(mark)).isEmpty();
  }

  @Test
  void denialEchoesABoundedAmountOfInput() throws IOException {
    String huge = "x".repeat(6000);
    RawHttp.Response r = call("GET", "/jira/rest/api/2/search?jql=" + huge,
        "Authorization: " + basic("alice", alice));
    assertThat(r.status()).isEqualTo(403);
    String message = errorMessage(r);
    assertThat(message.length())
        .isLessThanOrEqualTo(Gate.MSG_NOT_ALLOWED_PREFIX.length() + Gate.MAX_ECHOED_REASON + 3);
    assertThat(r.bodyText()).doesNotContain("x".repeat(Gate.MAX_ECHOED_REASON + 1));
  }

  @Test
  void refusalNeverEchoesTheSecret() throws IOException {
    for (RawHttp.Response r : List.of(
        call("DELETE", "/jira/rest/api/2/issue/KANBAN-7", "Authorization: " + basic("alice", alice)),
        call("GET", "/jira/rest/api/2/myself", "Authorization: " + basic("alice", revoked)))) {
      assertThat(r.bodyText()).doesNotContain(alice).doesNotContain(revoked);
    }
  }

  // ---- run as another user ----

  @Test
  void contextUserIsHonouredForTokenAllowedToRunAs() throws IOException {
    int mark = log.size();
    RawHttp.Response r = call("GET", "/jira/rest/api/2/myself",
        "Authorization: " + basic("carol", carol), "contextUser: dave");
    assertThat(r.status()).isEqualTo(200);
    Served s = log.since(mark).get(0);
    assertThat(s.remoteUser()).isEqualTo("dave");
    assertThat(s.contextUser()).isNull();
  }

  @Test
  void contextUserIsRefusedForTokenNotAllowedToRunAs() throws IOException {
    int mark = log.size();
    RawHttp.Response r = call("GET", "/jira/rest/api/2/issue/KANBAN-7",
        "Authorization: " + basic("alice", alice), "contextUser: dave");
    assertThat(r.status()).isEqualTo(403);
    assertThat(errorMessage(r)).isEqualTo(Gate.MSG_RUN_AS_NOT_ALLOWED);
    assertThat(log.since(mark)).isEmpty();
  }

  @Test
  void contextUserThatIsNoActiveUserGets403AndIsAuditedWithTheTokenAndTheName()
      throws IOException {
    int mark = log.size();
    int before = auditEvents().size();
    RawHttp.Response r = call("GET", "/jira/rest/api/2/myself",
        "Authorization: " + basic("carol", carol), "contextUser: ghost");
    assertThat(r.status()).isEqualTo(403);
    assertThat(errorMessage(r)).isEqualTo(Gate.MSG_UNKNOWN_CONTEXT_USER);
    assertThat(log.since(mark)).isEmpty();
    AuditEvent e = auditEvents().get(before);
    assertThat(e.tokenId()).isEqualTo(tokens.tokenId("service desk"));
    assertThat(e.owner()).isEqualTo("carol");
    assertThat(e.effectiveUser()).isNull();
    assertThat(e.reason()).isEqualTo("contextUser ghost is not an active user");
  }

  @Test
  void repeatedContextUserIsRefused() throws IOException {
    RawHttp.Response r = call("GET", "/jira/rest/api/2/myself",
        "Authorization: " + basic("carol", carol), "contextUser: dave", "contextUser: erin");
    assertThat(r.status()).isEqualTo(400);
    assertThat(errorMessage(r)).isEqualTo(Gate.MSG_BAD_CONTEXT_USER);
  }

  // ---- one principal ----

  @Test
  void tokenRequestReachesApplicationWithoutCookiesOrSession() throws IOException {
    int mark = log.size();
    RawHttp.Response r = call("GET", "/jira/rest/api/2/issue/KANBAN-7",
        "Authorization: " + basic("alice", alice), "Cookie: " + adminSession + "; theme=dark");
    assertThat(r.status()).isEqualTo(200);
    Served s = log.since(mark).get(0);
    assertThat(s.remoteUser()).isEqualTo("alice");
    assertThat(s.cookieHeader()).isNull();
    assertThat(s.cookieCount()).isZero();
    assertThat(s.requestedSessionId()).isNull();
    assertThat(s.sessionUser()).isNull();
    assertThat(s.authorization()).isNull();
    assertThat(s.headerNames()).doesNotContain("authorization", "cookie").contains("host");
  }

  @Test
  void tokenWithSecondAuthorizationHeaderGets400() throws IOException {
    int mark = log.size();
    RawHttp.Response r = call("GET", "/jira/rest/api/2/issue/KANBAN-7",
        "Authorization: " + basic("alice", alice),
        "Authorization: " + basic("admin", "admin-password"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(errorMessage(r)).isEqualTo(Gate.MSG_SEVERAL_CREDENTIALS);
    assertThat(log.since(mark)).isEmpty();
  }

  @Test
  void tokenWithLoginParametersInQueryGets400() throws IOException {
    int mark = log.size();
    RawHttp.Response r = call("GET", "/jira/rest/api/2/issue/KANBAN-7?os_username=admin&os_password=x",
        "Authorization: " + basic("bob", bob));
    assertThat(r.status()).isEqualTo(400);
    assertThat(errorMessage(r)).isEqualTo(Gate.MSG_LOGIN_PARAMETERS);
    RawHttp.Response encoded = call("GET", "/jira/rest/api/2/issue/KANBAN-7?os%5Fusername=admin",
        "Authorization: " + basic("bob", bob));
    assertThat(encoded.status()).isEqualTo(400);
    assertThat(log.since(mark)).isEmpty();
  }

  @Test
  void moreParametersThanTheContainerReadsGet400AndNeverReachTheApplication() throws IOException {
    // 1,000 empty parameters then the one the rules check: the container would read only the
    // first 1,000 (or fail) after the rules had allowed on the last one
    int mark = log.size();
    String query = "a=&".repeat(Gate.DEFAULT_MAX_PARAMETERS) + "jql=project%20%3D%20KANBAN";
    RawHttp.Response r = call("GET", "/jira/rest/api/2/search?" + query,
        "Authorization: " + basic("alice", alice));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(errorMessage(r)).isEqualTo(
        String.format(Gate.MSG_TOO_MANY_PARAMETERS, Gate.DEFAULT_MAX_PARAMETERS));
    byte[] form = "a=&".repeat(Gate.DEFAULT_MAX_PARAMETERS).getBytes(StandardCharsets.US_ASCII);
    RawHttp.Response posted = call("POST", "/jira/rest/api/2/issue/KANBAN-7/transitions?x=1",
        form, "Authorization: " + basic("bob", bob),
        "Content-Type: application/x-www-form-urlencoded");
    assertThat(posted.status()).isEqualTo(400);
    assertThat(log.since(mark)).isEmpty();
  }

  @Test
  void loginParametersInFormBodyAreHiddenFromApplication() throws IOException {
    int mark = log.size();
    byte[] form = "summary=x&os_username=admin&os_password=secret"
        .getBytes(StandardCharsets.US_ASCII);
    RawHttp.Response r = call("POST", "/jira/rest/api/2/issue/KANBAN-7/transitions", form,
        "Authorization: " + basic("bob", bob),
        "Content-Type: application/x-www-form-urlencoded");
    assertThat(r.status()).isEqualTo(200);
    Served s = log.since(mark).get(0);
    assertThat(s.remoteUser()).isEqualTo("bob");
    assertThat(s.parameters()).doesNotContainKeys("os_username", "os_password");
  }

  // ---- bodies ----

  @Test
  void checkedBodyIsReplayedByteForByte() throws IOException {
    int mark = log.size();
    byte[] body = "{\"body\":\"hello \\u00e9t\\u00e9 \u00e9\",  \"x\" : [1,2.50,true]}\n"
        .getBytes(StandardCharsets.UTF_8);
    RawHttp.Response r = call("POST", "/jira/rest/api/2/issue/KANBAN-1/comment", body,
        "Authorization: " + basic("alice", alice), "Content-Type: application/json");
    assertThat(r.status()).isEqualTo(200);
    assertThat(log.since(mark).get(0).body()).isEqualTo(body);
  }

  @Test
  void checkedChunkedBodyIsReplayedByteForByte() throws IOException {
    int mark = log.size();
    String request = "POST /jira/rest/api/2/issue/KANBAN-1/comment HTTP/1.1\r\n"
        + "Host: localhost\r\nAuthorization: " + basic("alice", alice) + "\r\n"
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + "5\r\n{\"bod\r\n"
        + "d\r\ny\":\"hello, wo\r\n"
        + "4\r\nrld\"\r\n"
        + "1\r\n}\r\n0\r\n\r\n";
    RawHttp.Response r = RawHttp.send(server.port(), request);
    assertThat(r.status()).isEqualTo(200);
    assertThat(new String(log.since(mark).get(0).body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"body\":\"hello, world\"}");
  }

  @Test
  void bodyOverTheLimitThatTheRulesNeedGets413() throws IOException {
    int mark = log.size();
    byte[] body = ("{\"body\":\"hello" + " ".repeat(maxBodyBytes()) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    RawHttp.Response r = call("POST", "/jira/rest/api/2/issue/KANBAN-1/comment", body,
        "Authorization: " + basic("alice", alice), "Content-Type: application/json");
    assertThat(r.status()).isEqualTo(413);
    assertThat(errorMessage(r)).isEqualTo(String.format(
        java.util.Locale.ROOT, Gate.MSG_BODY_TOO_LARGE, maxBodyBytes()));
    assertThat(log.since(mark)).isEmpty();
  }

  @Test
  void chunkedBodyOverTheLimitGets413() throws IOException {
    int mark = log.size();
    StringBuilder sb = new StringBuilder("POST /jira/rest/api/2/issue/KANBAN-1/comment HTTP/1.1\r\n"
        + "Host: localhost\r\nAuthorization: " + basic("alice", alice) + "\r\n"
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + "e\r\n{\"body\":\"hello\r\n");
    for (int i = 0; i <= maxBodyBytes() / 512; i++) {
      sb.append("200\r\n").append(" ".repeat(512)).append("\r\n");
    }
    sb.append("2\r\n\"}\r\n0\r\n\r\n");
    RawHttp.Response r = RawHttp.send(server.port(), sb.toString());
    assertThat(r.status()).isEqualTo(413);
    assertThat(log.since(mark)).isEmpty();
  }

  @Test
  void refusalOfAnUnreadBodyClosesTheConnectionSoNothingInItIsServed() throws IOException {
    int mark = log.size();
    String hidden = "GET /jira/rest/api/2/issue/KANBAN-3 HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: " + basic("alice", alice) + "\r\n\r\n";
    String body = "{\"body\":\"hello" + " ".repeat(maxBodyBytes()) + "\"}"
        + hidden;
    String request = "POST /jira/rest/api/2/issue/KANBAN-1/comment HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: " + basic("alice", alice) + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body
        + "GET /jira/rest/api/2/issue/KANBAN-4 HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: " + basic("alice", alice) + "\r\n\r\n";
    List<RawHttp.Response> responses =
        RawHttp.exchange(server.port(), request.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(responses).hasSize(1);
    assertThat(responses.get(0).status()).isEqualTo(413);
    assertThat(responses.get(0).header("Connection")).isEqualToIgnoringCase("close");
    assertThat(log.since(mark)).isEmpty();
  }

  @Test
  void largeBodyAllowedByALineWithoutBodyPredicateIsReplayedWhole() throws IOException {
    int mark = log.size();
    byte[] body = new byte[3 * maxBodyBytes() + 17];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (i * 31);
    }
    RawHttp.Response r = call("PUT", "/jira/rest/api/2/issue/KANBAN-2", body,
        "Authorization: " + basic("alice", alice), "Content-Type: application/json");
    assertThat(r.status()).isEqualTo(200);
    assertThat(log.since(mark).get(0).body()).isEqualTo(body);
  }

  // ---- every refusal is the gate's answer ----

  /** A chunked JsonData request whose chunks are the given raw text. */
  private String chunkedComment(String chunks) {
    return "POST /jira/rest/api/2/issue/KANBAN-1/comment HTTP/1.1\r\n"
        + "Host: localhost\r\nAuthorization: " + basic("alice", alice) + "\r\n"
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks;
  }

  /**
   * A body that broke inside the container: the answer is a 400 that closes the connection and
   * holds no stack trace, whatever the container's error page; when it is JSON (a container
   * whose error page answers with the gate's body, as {@code serve} does), the gate's message.
   * Hiding the container's name and version is the container's setting (docs/jira-integration.md).
   */
  private void assertGateAnswer400(List<RawHttp.Response> responses, int mark) throws IOException {
    assertThat(responses).isNotEmpty();
    RawHttp.Response r = responses.get(0);
    assertThat(r.status()).as(r.bodyText()).isEqualTo(400);
    assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
    if (String.valueOf(r.header("Content-Type")).startsWith("application/json")) {
      assertThat(errorMessage(r)).isEqualTo(Gate.MSG_BODY_UNREADABLE);
    }
    assertThat(r.bodyText()).doesNotContain("org.apache", "dev.limitto", "Exception", "\tat ");
    assertThat(log.since(mark)).isEmpty();
  }

  @Test
  void brokenChunkedBodyOnAJsonDataLineGetsTheGates400() throws IOException {
    int mark = log.size();
    assertGateAnswer400(RawHttp.exchange(server.port(), chunkedComment(
        "5\r\n{\"bod\r\nzz\r\ny\":\"hello\"}\r\n0\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1)), mark);
  }

  @Test
  void chunkSizeOverflowOnAJsonDataLineGetsTheGates400() throws IOException {
    int mark = log.size();
    assertGateAnswer400(RawHttp.exchange(server.port(), chunkedComment(
        "fffffffffffffffff1\r\n{\"body\":\"hello\"}\r\n0\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1)), mark);
  }

  @Test
  void bareLineFeedChunksOnAJsonDataLineGetTheGates400() throws IOException {
    int mark = log.size();
    assertGateAnswer400(RawHttp.exchange(server.port(), chunkedComment(
        "10\n{\"body\":\"hello\"}\n0\n\n").getBytes(StandardCharsets.ISO_8859_1)), mark);
  }

  // ---- audit ----

  @Test
  void allowedTokenRequestProducesOneAuditEvent() throws IOException {
    int before = auditEvents().size();
    call("GET", "/jira/rest/api/2/issue/KANBAN-9?fields=summary&expand=x",
        "Authorization: " + basic("alice", alice));
    List<AuditEvent> all = auditEvents();
    List<AuditEvent> events = all.subList(before, all.size());
    assertThat(events).hasSize(1);
    AuditEvent e = events.get(0);
    assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.ALLOWED);
    assertThat(e.tokenLabel()).isEqualTo("kanban bot");
    assertThat(e.tokenId()).isNotBlank();
    assertThat(e.owner()).isEqualTo("alice");
    assertThat(e.effectiveUser()).isEqualTo("alice");
    assertThat(e.clientAddress()).isEqualTo("127.0.0.1");
    assertThat(e.method()).isEqualTo("GET");
    assertThat(e.url()).isEqualTo(
        "http://jira.example.com/jira/rest/api/2/issue/KANBAN-9?fields=***&expand=***");
    assertThat(e.matchedLine()).isEqualTo(2);
    assertThat(e.reason()).isNull();
    assertThat(e.status()).isEqualTo(200);
    assertThat(e.duration()).isPositive();
    assertThat(e.toString()).doesNotContain(alice);
  }

  @Test
  void refusedTokenRequestProducesOneAuditEventWithTheReason() throws IOException {
    int before = auditEvents().size();
    call("DELETE", "/jira/rest/api/2/issue/KANBAN-9", "Authorization: " + basic("alice", alice));
    call("GET", "/jira/rest/api/2/myself", "Authorization: " + basic("alice", unknown));
    List<AuditEvent> all = auditEvents();
    List<AuditEvent> events = all.subList(before, all.size());
    assertThat(events).hasSize(2);
    assertThat(events.get(0).outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
    assertThat(events.get(0).status()).isEqualTo(403);
    assertThat(events.get(0).owner()).isEqualTo("alice");
    assertThat(events.get(0).reason()).isNotBlank();
    assertThat(events.get(1).status()).isEqualTo(401);
    assertThat(events.get(1).tokenId()).isNull();
    assertThat(events.get(1).reason()).startsWith("token refused: UNKNOWN");
    assertThat(events.toString()).doesNotContain(alice).doesNotContain(unknown);
  }

  @Test
  void refusalsOfARecognisedTokenAreAuditedUnderItsId() throws IOException {
    record Attempt(String label, String credential, String reason) {}
    List<Attempt> attempts = List.of(
        new Attempt("old", basic("alice", expired), "token refused: EXPIRED"),
        new Attempt("leaked", basic("alice", revoked), "token refused: REVOKED"),
        new Attempt("office only", basic("alice", elsewhere), "token refused: ADDRESS_NOT_ALLOWED"),
        new Attempt("kanban bot", basic("mallory", alice), "token refused: WRONG_USER"));
    for (Attempt a : attempts) {
      int before = auditEvents().size();
      RawHttp.Response r = call("GET", "/jira/rest/api/2/myself", "Authorization: " + a.credential());
      assertThat(r.status()).isEqualTo(401);
      AuditEvent e = auditEvents().get(before);
      String id = tokens.tokenId(a.label());
      assertThat(e.tokenId()).as(a.label()).isEqualTo(id);
      assertThat(e.tokenLabel()).isEqualTo(a.label());
      assertThat(e.owner()).isEqualTo("alice");
      assertThat(e.reason()).startsWith(a.reason());
      // what `audit --token ID` reads
      assertThat(dev.limitto.jira.audit.AuditQuery.all().forToken(id).onlyRefused()
          .matches(dev.limitto.jira.audit.AuditEntry.of(e))).as(a.label()).isTrue();
    }
  }

  @Test
  void runAsRequestIsAuditedWithBothNames() throws IOException {
    int before = auditEvents().size();
    call("GET", "/jira/rest/api/2/myself", "Authorization: " + basic("carol", carol),
        "contextUser: dave");
    AuditEvent e = auditEvents().get(before);
    assertThat(e.owner()).isEqualTo("carol");
    assertThat(e.effectiveUser()).isEqualTo("dave");
  }

  // ---- the corpus ----

  @Test
  void corpusHasAtLeastFortyRawRequests() {
    assertThat(Corpus.load()).hasSizeGreaterThanOrEqualTo(40);
  }

  @TestFactory
  Stream<DynamicTest> corpusNothingOutsideTheRulesIsServed() {
    Map<String, String> values = new HashMap<>();
    values.put("A", basic("alice", alice));
    values.put("AE", basic("alice@example.com", alice));
    values.put("AB", "Bearer " + alice);
    values.put("AL", "basic " + basic("alice", alice).substring("Basic ".length()));
    values.put("B", basic("bob", bob));
    values.put("U", basic("alice", unknown));
    values.put("X", basic("alice", expired));
    values.put("R", basic("alice", revoked));
    values.put("P", basic("alice", "correct horse battery staple"));
    values.put("SESSION", adminSession);
    values.put("A_B64", basic("alice", alice).substring("Basic ".length()));
    values.put("EMPTY_USER", basic("", alice));
    values.put("NO_COLON", "Basic " + Base64.getEncoder().encodeToString(
        alice.getBytes(StandardCharsets.UTF_8)));
    values.put("OVER_LIMIT", Integer.toString(maxBodyBytes() + 1024));
    List<Corpus.Case> cases = Corpus.load();
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.where(), () -> runCase(c, values)));
  }

  private void runCase(Corpus.Case c, Map<String, String> values) throws IOException {
    int mark = log.size();
    List<RawHttp.Response> responses = RawHttp.exchange(server.port(), c.bytes(values));
    List<Served> served = log.since(mark);
    List<String> tokenRoutes = new ArrayList<>();
    for (Served s : served) {
      if (s.remoteUser() == null) {
        assertThat(c.anonymous()).as("%s: served without a user: %s", c.where(), s).isTrue();
        continue;
      }
      assertThat(s.sawOtherCredentials())
          .as("%s: a token request saw a second credential: %s", c.where(), s).isFalse();
      String violation = oracle(s);
      assertThat(violation).as("%s: served outside the rules: %s", c.where(), s).isNull();
      tokenRoutes.add(s.method() + " " + s.route());
      if (c.body() != null) {
        assertThat(new String(s.body(), StandardCharsets.ISO_8859_1))
            .as("%s: body as the application read it", c.where()).isEqualTo(c.body());
      }
    }
    assertThat(c.served()).as("%s: served routes", c.where()).containsAll(tokenRoutes);
    if (c.must()) {
      assertThat(tokenRoutes).as("%s: served routes", c.where())
          .containsExactlyElementsOf(c.served());
    }
    if (!c.status().isEmpty()) {
      assertThat(responses).as("%s: responses", c.where()).isNotEmpty();
      assertThat(c.status()).as("%s: status", c.where()).contains(responses.get(0).status());
    }
  }

  /**
   * Whether a request served as a token's user is one its rules allow, judged from what the
   * application saw and with no help from the engine: {@code null} when allowed, else why not.
   */
  static String oracle(Served s) {
    if ("bob".equals(s.remoteUser())) {
      return null; // bob's token is unrestricted
    }
    if (!"alice".equals(s.remoteUser())) {
      return "unexpected user " + s.remoteUser();
    }
    String route = s.route();
    switch (s.method()) {
      case "GET" -> {
        if (ISSUE_ROUTE.matcher(route).matches()) {
          return null;
        }
        if (route.equals("/rest/api/2/search")) {
          List<String> jql = s.parameters().get("jql");
          if (jql == null || jql.isEmpty()) {
            return "search without jql";
          }
          for (String v : jql) {
            if (!v.equals("project = KANBAN")) {
              return "search with jql " + v;
            }
          }
          return null;
        }
        return "GET " + route;
      }
      case "POST" -> {
        if (!route.equals("/rest/api/2/issue/KANBAN-1/comment")) {
          return "POST " + route;
        }
        try {
          JsonNode n = JSON.readTree(s.body());
          List<JsonNode> bodies = n.findValues("body");
          if (bodies.isEmpty()) {
            return "comment without body";
          }
          for (JsonNode b : bodies) {
            if (!b.isTextual() || !b.asText().startsWith("hello")) {
              return "comment body " + b;
            }
          }
          return null;
        } catch (IOException e) {
          return "comment body is not JSON to the application: " + e.getMessage();
        }
      }
      case "PUT" -> {
        return route.equals("/rest/api/2/issue/KANBAN-2") ? null : "PUT " + route;
      }
      default -> {
        return "method " + s.method();
      }
    }
  }
}
