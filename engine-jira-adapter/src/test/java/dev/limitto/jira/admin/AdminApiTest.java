package dev.limitto.jira.admin;

import static dev.limitto.jira.admin.ApiFixture.admin;
import static dev.limitto.jira.admin.ApiFixture.body;
import static dev.limitto.jira.admin.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The admin API's policy and routes, without a container. */
class AdminApiTest {

  private final ApiFixture f = new ApiFixture();

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static void assertError(AdminResponse r, int status, String code) {
    assertThat(r.status()).as(r.bodyText()).isEqualTo(status);
    assertThat(body(r).path("code").asText()).as(r.bodyText()).isEqualTo(code);
    assertThat(r.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
    assertThat(r.bodyText()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  // ---- who may call

  @Test
  void anyRoute_whenAnonymous_then401NotAuthenticated() {
    AdminResponse r = f.api.handle(AdminRequest.builder("GET", AdminApi.BASE_PATH + "/tokens").build());
    assertError(r, 401, AdminErrors.NOT_AUTHENTICATED);
    assertThat(body(r).path("message").asText()).isEqualTo(AdminErrors.MSG_NOT_AUTHENTICATED);
  }

  @Test
  void anyRoute_whenUserIsNotAdmin_then403NotAdmin() {
    AdminResponse r = f.call(AdminRequest.builder("GET", AdminApi.BASE_PATH + "/tokens")
        .remoteUser("alice"));
    assertError(r, 403, AdminErrors.NOT_ADMIN);
  }

  @Test
  void create_whenAuthenticatedByLimitToToken_then403TokenNotAllowedAndNothingCreated() {
    AdminResponse r = f.call(json(admin("POST", "/tokens").tokenAuthenticated(true),
        "{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"minted\"}"));
    assertError(r, 403, AdminErrors.TOKEN_NOT_ALLOWED);
    assertThat(f.tokens.list()).isEmpty();
    assertThat(f.audit).isEmpty();
  }

  @Test
  void anyRoute_whenAuthorizationCarriesALimitToToken_then403TokenNotAllowed() {
    String secret = f.create("{\"userName\":\"admin\",\"unrestricted\":true,\"label\":\"t\"}").path("secret").asText();
    for (String auth : List.of("Bearer " + secret, basic("admin", secret), basic(secret, "x"),
        "Bearer ltk_not_even_valid")) {
      AdminResponse r = f.call(admin("GET", "/tokens").header("Authorization", auth));
      assertError(r, 403, AdminErrors.TOKEN_NOT_ALLOWED);
      assertThat(r.bodyText()).doesNotContain(secret);
    }
  }

  @Test
  void basicAuthenticator_whenPasswordRightOrWrong_thenAdminOrAnonymousWithChallenge() {
    PasswordHash hash = PasswordHash.create("s3cret-Pass", new java.security.SecureRandom(),
        PasswordHash.MIN_ITERATIONS);
    BasicPasswordAuthenticator auth = new BasicPasswordAuthenticator("admin", hash, "Limit-to");
    AdminRequest.Builder ok = AdminRequest.builder("GET", "/x")
        .header("Authorization", basic("admin", "s3cret-Pass"));
    assertThat(auth.identify(ok.build())).isEqualTo(AdminCaller.admin("admin"));
    // the second time from the in-memory digest
    assertThat(auth.identify(ok.build())).isEqualTo(AdminCaller.admin("admin"));
    assertThat(auth.identify(AdminRequest.builder("GET", "/x")
        .header("Authorization", basic("admin", "wrong")).build())).isEqualTo(AdminCaller.ANONYMOUS);
    assertThat(auth.identify(AdminRequest.builder("GET", "/x")
        .header("Authorization", basic("alice", "s3cret-Pass")).build()))
        .isEqualTo(AdminCaller.ANONYMOUS);
    assertThat(auth.challenge()).isEqualTo("Basic realm=\"Limit-to\"");
  }

  @Test
  void anyRoute_whenAuthenticatorFails_then500WithoutStackTrace() {
    AdminApi api = AdminApi.builder().tokens(f.tokens).authenticator(r -> {
      throw new IllegalStateException("directory down: secret detail");
    }).build();
    AdminResponse r = api.handle(admin("GET", "/tokens").build());
    assertError(r, 500, AdminErrors.INTERNAL_ERROR);
    assertThat(r.bodyText()).doesNotContain("directory down");
  }

  // ---- cross-site requests

  @Test
  void create_withoutXsrfHeaderOrOrigin_then403AndNothingCreated() {
    AdminResponse r = f.call(json(AdminRequest.builder("POST", AdminApi.BASE_PATH + "/tokens")
        .remoteUser("admin").requestOrigin(ApiFixture.BASE), "{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"x\"}"));
    assertError(r, 403, AdminErrors.XSRF_CHECK_FAILED);
    assertThat(body(r).path("message").asText()).isEqualTo(String.format(AdminErrors.MSG_XSRF, "POST"));
    assertThat(f.tokens.list()).isEmpty();
  }

  @Test
  void revoke_withOriginOfAnotherSite_then403AndTokenStaysActive() {
    String id = f.create("{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"x\"}").path("id").asText();
    AdminResponse r = f.call(AdminRequest.builder("DELETE", AdminApi.BASE_PATH + "/tokens/" + id)
        .remoteUser("admin").requestOrigin(ApiFixture.BASE).header("Origin", "https://evil.example"));
    assertError(r, 403, AdminErrors.XSRF_CHECK_FAILED);
    assertThat(f.tokens.find(id).orElseThrow().isRevoked()).isFalse();
  }

  @Test
  void create_withOriginOfThisServer_thenCreated() {
    AdminResponse r = f.call(json(AdminRequest.builder("POST", AdminApi.BASE_PATH + "/tokens")
        .remoteUser("admin").requestOrigin("http://127.0.0.1:8080")
        .header("Origin", "http://127.0.0.1:8080"), "{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"x\"}"));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
  }

  @Test
  void create_withXsrfHeaderOtherThanNoCheck_then403() {
    AdminResponse r = f.call(json(AdminRequest.builder("POST", AdminApi.BASE_PATH + "/tokens")
        .remoteUser("admin").header(AdminApi.XSRF_HEADER, "check"),
        "{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"x\"}"));
    assertError(r, 403, AdminErrors.XSRF_CHECK_FAILED);
  }

  // ---- bodies

  @Test
  void create_whenJsonMalformed_then400AndNothingWritten() {
    AdminResponse r = f.call(json(admin("POST", "/tokens"), "{\"userName\":\"alice\",\"label\":"));
    assertError(r, 400, AdminErrors.MALFORMED_JSON);
    assertThat(body(r).path("message").asText()).startsWith("The request body is not valid JSON (line 1, column ");
    assertThat(f.tokens.list()).isEmpty();
    assertThat(f.audit).isEmpty();
  }

  @Test
  void create_whenFieldUnknown_then400NamingTheField() {
    AdminResponse r = f.call(json(admin("POST", "/tokens"),
        "{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"x\",\"owner\":\"bob\"}"));
    assertError(r, 400, AdminErrors.UNKNOWN_FIELD);
    assertThat(body(r).path("field").asText()).isEqualTo("owner");
    assertThat(f.tokens.list()).isEmpty();
  }

  @Test
  void create_whenFieldRepeated_then400() {
    AdminResponse r = f.call(json(admin("POST", "/tokens"),
        "{\"userName\":\"alice\",\"userName\":\"admin\",\"unrestricted\":true,\"label\":\"x\"}"));
    assertError(r, 400, AdminErrors.MALFORMED_JSON);
    assertThat(body(r).path("message").asText())
        .isEqualTo(String.format(AdminErrors.MSG_DUPLICATE_FIELD, "userName"));
  }

  @Test
  void create_whenTrailingContent_then400() {
    AdminResponse r = f.call(json(admin("POST", "/tokens"), "{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"x\"} {}"));
    assertError(r, 400, AdminErrors.MALFORMED_JSON);
    assertThat(f.tokens.list()).isEmpty();
  }

  @Test
  void create_whenFieldHasWrongType_then400InvalidField() {
    AdminResponse r = f.call(json(admin("POST", "/tokens"), "{\"userName\":\"alice\",\"unrestricted\":true,\"label\":7}"));
    assertError(r, 400, AdminErrors.INVALID_FIELD);
    assertThat(body(r).path("field").asText()).isEqualTo("label");
  }

  @Test
  void create_whenBodyOverLimit_then400AndNothingWritten() {
    ApiFixture small = new ApiFixture(TokenSettings.defaults(),
        AdminLimits.builder().maxBodyBytes(64).build());
    String body = "{\"userName\":\"alice\",\"label\":\"" + "x".repeat(60) + "\"}";
    AdminResponse r = small.call(json(admin("POST", "/tokens"), body));
    assertError(r, 400, AdminErrors.BODY_TOO_LARGE);
    assertThat(body(r).path("message").asText())
        .isEqualTo(String.format(AdminErrors.MSG_BODY_TOO_LARGE, 64));
    assertThat(r.header("Connection")).isEqualTo("close");
    assertThat(small.tokens.list()).isEmpty();
    assertThat(small.audit).isEmpty();
  }

  @Test
  void create_whenNestedTooDeep_then400() {
    ApiFixture shallow = new ApiFixture(TokenSettings.defaults(),
        AdminLimits.builder().maxJsonDepth(3).build());
    AdminResponse r = shallow.call(json(admin("POST", "/tokens"), "{\"label\":[[[[1]]]]}"));
    assertError(r, 400, AdminErrors.MALFORMED_JSON);
    assertThat(body(r).path("message").asText()).isEqualTo(String.format(AdminErrors.MSG_TOO_DEEP, 3));
  }

  @Test
  void create_whenNotJsonContentType_then415() {
    AdminResponse r = f.call(admin("POST", "/tokens").header("Content-Type", "text/plain")
        .body("{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
    assertError(r, 415, AdminErrors.UNSUPPORTED_MEDIA_TYPE);
    assertThat(f.tokens.list()).isEmpty();
  }

  @Test
  void create_whenBodyUnreadable_then400() {
    AdminResponse r = f.call(admin("POST", "/tokens").header("Content-Type", "application/json")
        .bodyUnreadable(true));
    assertError(r, 400, AdminErrors.BODY_UNREADABLE);
  }

  // ---- tokens

  @Test
  void create_thenSecretOnceLocationAndAuditedAsTheAdmin() {
    AdminResponse r = f.call(json(admin("POST", "/tokens"), "{\"userName\":\"alice@example.com\","
        + "\"label\":\"ci\",\"limitTo\":\"[get]{base}/rest/api/2/myself\",\"ip\":\"10.0.0.0/8, 192.0.2.1\","
        + "\"validDays\":30}"));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
    JsonNode t = body(r);
    String id = t.path("id").asText();
    assertThat(id).startsWith(TokenService.ID_PREFIX);
    assertThat(r.header("Location")).isEqualTo(AdminApi.BASE_PATH + "/tokens/" + id);
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(t.path("secret").asText()).startsWith("ltk_");
    assertThat(t.path("userName").asText()).isEqualTo("alice");
    assertThat(t.path("state").asText()).isEqualTo("active");
    assertThat(t.path("ip").toString()).isEqualTo("[\"10.0.0.0/8\",\"192.0.2.1\"]");
    assertThat(t.path("validUntil").asText()).isEqualTo(ApiFixture.NOW.plus(Duration.ofDays(30)).toString());
    assertThat(t.path("dateCreated").asText()).isEqualTo(ApiFixture.NOW.toString());
    assertThat(t.path("counter").asLong()).isZero();
    assertThat(t.path("ruleLines").asInt()).isEqualTo(1);
    assertThat(t.path("unrestricted").asBoolean()).isFalse();
    assertThat(t.path("snippets").path("curl").asText()).contains(ApiFixture.BASE + "/rest/api/2/myself");
    assertThat(f.audit).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo("CREATE");
      assertThat(e.actor()).isEqualTo("admin");
      assertThat(e.tokenId()).isEqualTo(id);
    });
    // the secret is never shown again
    AdminResponse get = f.call(admin("GET", "/tokens/" + id));
    assertThat(get.status()).isEqualTo(200);
    assertThat(body(get).has("secret")).isFalse();
    assertThat(get.bodyText()).doesNotContain(t.path("secret").asText());
  }

  @Test
  void create_whenServiceRefuses_then400WithItsMessage() {
    AdminResponse r = f.call(json(admin("POST", "/tokens"), "{\"userName\":\"nobody\",\"unrestricted\":true,\"label\":\"x\"}"));
    assertError(r, 400, AdminErrors.INVALID_TOKEN_REQUEST);
    assertThat(body(r).path("message").asText())
        .isEqualTo(String.format(TokenService.ERR_OWNER_UNKNOWN, "nobody"));
  }

  @Test
  void create_whenRulesHaveNoEffectiveLineAndUnrestrictedNotAsked_then400RulesEmpty() {
    AdminResponse r = f.call(json(admin("POST", "/tokens"),
        "{\"userName\":\"alice\",\"label\":\"x\",\"limitTo\":\"# all commented out\"}"));
    assertError(r, 400, AdminErrors.RULES_EMPTY);
    assertThat(body(r).path("message").asText()).isEqualTo(TokenService.ERR_RULES_EMPTY);
    assertThat(f.tokens.list()).isEmpty();
    JsonNode unrestricted = f.create("{\"userName\":\"alice\",\"label\":\"x\",\"unrestricted\":true}");
    assertThat(unrestricted.path("unrestricted").asBoolean()).isTrue();
    assertThat(unrestricted.path("ruleLines").asInt()).isZero();
  }

  @Test
  void create_whenRulesDoNotCompile_then400WithEveryIssue() {
    AdminResponse r = f.call(json(admin("POST", "/tokens"),
        "{\"userName\":\"alice\",\"label\":\"x\",\"limitTo\":\"[get]{base}/ok\\n[bogus{base}/x(\"}"));
    assertError(r, 400, AdminErrors.RULE_SYNTAX);
    JsonNode issues = body(r).path("issues");
    assertThat(issues.size()).isPositive();
    assertThat(issues.get(0).path("line").asInt()).isEqualTo(2);
    assertThat(issues.get(0).path("column").asInt()).isPositive();
    assertThat(f.tokens.list()).isEmpty();
  }

  @Test
  void list_filtersByOwnerStateAndLabelAndPages() {
    f.create("{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"CI build\"}");
    String bobs = f.create("{\"userName\":\"bob\",\"unrestricted\":true,\"label\":\"ci deploy\"}").path("id").asText();
    f.create("{\"userName\":\"bob\",\"unrestricted\":true,\"label\":\"report\"}");
    f.call(admin("DELETE", "/tokens/" + bobs));

    JsonNode all = body(f.call(admin("GET", "/tokens")));
    assertThat(all.path("total").asInt()).isEqualTo(3);
    assertThat(all.path("isLast").asBoolean()).isTrue();
    assertThat(labels(f.call(admin("GET", "/tokens").rawQuery("owner=bob"))))
        .containsExactlyInAnyOrder("ci deploy", "report");
    assertThat(labels(f.call(admin("GET", "/tokens").rawQuery("state=revoked"))))
        .containsExactly("ci deploy");
    assertThat(labels(f.call(admin("GET", "/tokens").rawQuery("label=ci&state=active"))))
        .containsExactly("CI build");
    // the fixed clock gives all three the same creation time: compare with the full listing
    List<String> order = labels(f.call(admin("GET", "/tokens")));
    JsonNode page = body(f.call(admin("GET", "/tokens").rawQuery("startAt=1&maxResults=1")));
    assertThat(page.path("values").get(0).path("label").asText()).isEqualTo(order.get(1));
    assertThat(page.path("isLast").asBoolean()).isFalse();
  }

  private static List<String> labels(AdminResponse r) {
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    body(r).path("values").forEach(t -> out.add(t.path("label").asText()));
    return out;
  }

  @Test
  void list_whenParameterUnknownRepeatedOrOutOfRange_then400NamingIt() {
    assertThat(body(f.call(admin("GET", "/tokens").rawQuery("user=bob"))).path("parameter").asText())
        .isEqualTo("user");
    assertError(f.call(admin("GET", "/tokens").rawQuery("owner=a&owner=b")), 400, AdminErrors.BAD_PARAMETER);
    AdminResponse big = f.call(admin("GET", "/tokens").rawQuery("maxResults=1000"));
    assertError(big, 400, AdminErrors.BAD_PARAMETER);
    assertThat(body(big).path("message").asText())
        .isEqualTo("Query parameter 'maxResults' must be a whole number from 1 to 200.");
    assertError(f.call(admin("GET", "/tokens").rawQuery("state=lost")), 400, AdminErrors.BAD_PARAMETER);
    assertError(f.call(admin("GET", "/tokens").rawQuery("owner=%zz")), 400, AdminErrors.BAD_PARAMETER);
  }

  @Test
  void get_whenUnknown_then404TokenNotFound() {
    assertError(f.call(admin("GET", "/tokens/tok_0000")), 404, AdminErrors.TOKEN_NOT_FOUND);
  }

  @Test
  void edit_inStandardMode_thenChangedAndAudited() {
    String id = f.create("{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"x\",\"validDays\":10}").path("id").asText();
    Instant until = ApiFixture.NOW.plus(Duration.ofDays(5));
    AdminResponse r = f.call(json(admin("PUT", "/tokens/" + id),
        "{\"label\":\"renamed\",\"validUntil\":\"" + until + "\",\"ip\":[\"10.1.0.0/16\"]}"));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    assertThat(body(r).path("label").asText()).isEqualTo("renamed");
    assertThat(body(r).path("validUntil").asText()).isEqualTo(until.toString());
    assertThat(f.audit).last().satisfies(e -> {
      assertThat(e.action()).isEqualTo("EDIT");
      assertThat(e.changedFields()).containsExactly("label", "expiresAt", "ipAllowList");
    });
  }

  @Test
  void edit_inSecureMode_then409SecureModeAndUnchanged() {
    ApiFixture secure = new ApiFixture(TokenSettings.builder().secureMode(true).build(),
        AdminLimits.defaults());
    String id = secure.create("{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"x\"}").path("id").asText();
    AdminResponse r = secure.call(json(admin("PUT", "/tokens/" + id), "{\"label\":\"renamed\"}"));
    assertError(r, 409, AdminErrors.SECURE_MODE);
    assertThat(body(r).path("message").asText()).isEqualTo(String.format(TokenService.ERR_SECURE_EDIT, id));
    assertThat(secure.tokens.find(id).orElseThrow().label()).isEqualTo("x");
  }

  @Test
  void edit_whenOwnerGiven_then400UnknownField() {
    String id = f.create("{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"x\"}").path("id").asText();
    AdminResponse r = f.call(json(admin("PUT", "/tokens/" + id), "{\"userName\":\"bob\"}"));
    assertError(r, 400, AdminErrors.UNKNOWN_FIELD);
    assertThat(f.tokens.find(id).orElseThrow().owner()).isEqualTo("alice");
  }

  @Test
  void edit_whenRevoked_then409TokenRevoked() {
    String id = f.create("{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"x\"}").path("id").asText();
    f.call(admin("DELETE", "/tokens/" + id));
    assertError(f.call(json(admin("PUT", "/tokens/" + id), "{\"label\":\"y\"}")), 409,
        AdminErrors.TOKEN_REVOKED);
  }

  @Test
  void revoke_thenRevokedAndAuditedOnce() {
    String id = f.create("{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"x\"}").path("id").asText();
    AdminResponse r = f.call(admin("DELETE", "/tokens/" + id));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    assertThat(body(r).path("state").asText()).isEqualTo("revoked");
    assertThat(body(r).path("revokedAt").asText()).isEqualTo(ApiFixture.NOW.toString());
    // again: nothing more to do, nothing more audited
    assertThat(f.call(admin("DELETE", "/tokens/" + id)).status()).isEqualTo(200);
    assertThat(f.audit).extracting(AuditEntry::action).containsExactly("CREATE", "REVOKE");
    assertError(f.call(admin("DELETE", "/tokens/tok_unknown")), 404, AdminErrors.TOKEN_NOT_FOUND);
  }

  // ---- rules

  @Test
  void lint_thenIssuesWithLineColumnSeverityAndMessage() {
    AdminResponse r = f.call(json(admin("POST", "/rules/lint"),
        "{\"limitTo\":\"[get]{base}/rest/api/2/myself\\n[get].*/rest/api/2/issue/.*\\n[get(\"}"));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    JsonNode issues = body(r).path("issues");
    assertThat(issues).anySatisfy(i -> {
      assertThat(i.path("line").asInt()).isEqualTo(2);
      assertThat(i.path("severity").asText()).isEqualTo("warning");
      assertThat(i.path("check").asText()).isEqualTo("LEADING_WILDCARD");
    });
    assertThat(issues).anySatisfy(i -> {
      assertThat(i.path("line").asInt()).isEqualTo(3);
      assertThat(i.path("severity").asText()).isEqualTo("error");
      assertThat(i.path("column").asInt()).isPositive();
      assertThat(i.path("message").asText()).isNotEmpty();
    });
  }

  @Test
  void tryRules_withText_thenDecisionLineAndPerLineExplanation() {
    AdminResponse r = f.call(json(admin("POST", "/rules/try"),
        "{\"limitTo\":\"[post]{base}/rest/api/2/issue\\n[get]{base}/rest/api/2/issue/DEMO-[0-9]+\","
            + "\"request\":{\"method\":\"GET\",\"target\":\"/rest/api/2/issue/DEMO-7\"}}"));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    JsonNode d = body(r);
    assertThat(d.path("decision").asText()).isEqualTo("ALLOW");
    assertThat(d.path("line").asInt()).isEqualTo(2);
    assertThat(d.path("lines").get(0).path("matched").asBoolean()).isFalse();
    assertThat(d.path("lines").get(0).path("detail").asText()).contains("does not match");
    assertThat(d.path("lines").get(1).path("matched").asBoolean()).isTrue();
  }

  @Test
  void tryRules_withTokenId_thenThatTokensRulesDecide() {
    String id = f.create("{\"userName\":\"alice\",\"label\":\"x\","
        + "\"limitTo\":\"[get]{base}/rest/api/2/myself\"}").path("id").asText();
    JsonNode d = body(f.call(json(admin("POST", "/rules/try"), "{\"tokenId\":\"" + id + "\","
        + "\"request\":{\"method\":\"DELETE\",\"target\":\"/rest/api/2/myself\"}}")));
    assertThat(d.path("decision").asText()).isEqualTo("DENY");
    assertThat(d.path("reason").asText()).startsWith("line 1: ");
  }

  @Test
  void tryRules_whenRulesAndTokenBothOrNeither_then400() {
    assertError(f.call(json(admin("POST", "/rules/try"),
        "{\"request\":{\"method\":\"GET\",\"target\":\"/\"}}")), 400, AdminErrors.INVALID_FIELD);
    assertError(f.call(json(admin("POST", "/rules/try"),
        "{\"limitTo\":\"\",\"request\":{\"method\":\"GET\",\"target\":\"/\",\"verb\":\"x\"}}")),
        400, AdminErrors.UNKNOWN_FIELD);
  }

  // ---- audit and settings

  @Test
  void audit_newestFirstPagedAndFiltered() {
    String a = f.create("{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"a\"}").path("id").asText();
    f.create("{\"userName\":\"bob\",\"unrestricted\":true,\"label\":\"b\"}");
    f.call(admin("DELETE", "/tokens/" + a));
    JsonNode all = body(f.call(admin("GET", "/audit")));
    assertThat(all.path("total").asInt()).isEqualTo(3);
    List<String> actions = new ArrayList<>();
    all.path("values").forEach(e -> actions.add(e.path("action").asText() + " " + e.path("tokenLabel").asText()));
    assertThat(actions).containsExactly("REVOKE a", "CREATE b", "CREATE a");
    JsonNode second = body(f.call(admin("GET", "/audit").rawQuery("startAt=1&maxResults=1")));
    assertThat(second.path("values").get(0).path("tokenLabel").asText()).isEqualTo("b");
    JsonNode ofA = body(f.call(admin("GET", "/audit").rawQuery("token=" + a)));
    assertThat(ofA.path("total").asInt()).isEqualTo(2);
    JsonNode refused = body(f.call(admin("GET", "/audit").rawQuery("refused=true&since=1h")));
    assertThat(refused.path("total").asInt()).isZero();
    assertError(f.call(admin("GET", "/audit").rawQuery("since=yesterday")), 400, AdminErrors.BAD_PARAMETER);
    assertError(f.call(admin("GET", "/audit").rawQuery("startAt=9990&maxResults=50")), 400,
        AdminErrors.BAD_PARAMETER);
  }

  private static AuditEntry request(String token, String time, String decision) {
    return new AuditEntry(AuditEntry.Type.REQUEST, Instant.parse(time), token, "label", "alice",
        "alice", "127.0.0.1", "GET", "https://jira.example.com/rest/api/2/myself", decision,
        decision.equals(AuditEntry.ALLOWED) ? 1 : 0, null, 200, 10, null, null, List.of());
  }

  @Test
  void auditDaily_countsAllowedAndRefusedPerUtcDayWithEveryDayPresent() {
    String a = f.create("{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"a\"}")
        .path("id").asText();
    f.audit.add(request(a, "2026-02-27T23:59:59Z", AuditEntry.ALLOWED));
    f.audit.add(request(a, "2026-02-28T00:00:00Z", AuditEntry.ALLOWED));
    f.audit.add(request(a, "2026-02-28T12:00:00Z", AuditEntry.REFUSED));
    f.audit.add(request(a, "2026-03-01T09:00:00Z", AuditEntry.REFUSED));
    f.audit.add(request("tok_other", "2026-03-01T09:00:00Z", AuditEntry.ALLOWED));
    f.audit.add(request(a, "2026-02-01T09:00:00Z", AuditEntry.ALLOWED)); // before the window

    JsonNode d = body(f.call(admin("GET", "/audit/daily").rawQuery("token=" + a + "&since=3d")));
    List<String> days = new ArrayList<>();
    d.path("days").forEach(x -> days.add(x.path("day").asText() + " " + x.path("allowed").asLong()
        + " " + x.path("refused").asLong()));
    // the CREATE entry of the token is administration, not a request: not counted
    assertThat(days).containsExactly("2026-02-26 0 0", "2026-02-27 1 0", "2026-02-28 1 1",
        "2026-03-01 0 1");
    assertThat(d.path("token").asText()).isEqualTo(a);

    JsonNode every = body(f.call(admin("GET", "/audit/daily")));
    assertThat(every.path("days")).hasSize(AdminApi.DEFAULT_DAILY_DAYS);
    assertThat(every.path("days").get(AdminApi.DEFAULT_DAILY_DAYS - 1).path("allowed").asLong())
        .isEqualTo(1);
    assertThat(every.path("token").isNull()).isTrue();
  }

  @Test
  void auditDaily_whenTooFarBackOrParameterUnknown_then400NamingIt() {
    AdminResponse far = f.call(admin("GET", "/audit/daily").rawQuery("since=400d"));
    assertError(far, 400, AdminErrors.BAD_PARAMETER);
    assertThat(body(far).path("parameter").asText()).isEqualTo("since");
    assertThat(body(far).path("message").asText()).contains("366");
    assertThat(f.call(admin("GET", "/audit/daily").rawQuery("since=365d")).status()).isEqualTo(200);
    assertError(f.call(admin("GET", "/audit/daily").rawQuery("refused=true")), 400,
        AdminErrors.BAD_PARAMETER);
    assertError(f.call(admin("GET", "/audit/daily").rawQuery("token=a/b")), 400,
        AdminErrors.BAD_PARAMETER);
  }

  @Test
  void settings_thenEffectiveValuesAndWhereEachCameFrom() {
    JsonNode s = body(f.call(admin("GET", "/settings")));
    assertThat(s.path("settings")).anySatisfy(v -> {
      assertThat(v.path("name").asText()).isEqualTo("secureMode");
      assertThat(v.path("property").asText()).isEqualTo(TokenSettings.SECURE_MODE);
      assertThat(v.path("value").asBoolean()).isFalse();
      assertThat(v.path("source").asText()).isEqualTo("/jira/jira-config.properties");
    });
    assertThat(s.path("settings")).anySatisfy(v -> {
      assertThat(v.path("name").asText()).isEqualTo("maxLifetime");
      assertThat(v.path("value").asText()).isEqualTo("PT8760H");
      assertThat(v.path("source").asText()).isEqualTo("default");
    });
    assertThat(s.path("settings")).anySatisfy(v ->
        assertThat(v.path("name").asText()).isEqualTo("authType"));
  }

  // ---- routes

  @Test
  void unknownPath_then404AndWrongMethod_then405WithAllow() {
    assertError(f.call(admin("GET", "/nothing")), 404, AdminErrors.NOT_FOUND);
    assertError(f.call(admin("GET", "/tokens/a/b")), 404, AdminErrors.NOT_FOUND);
    AdminResponse r = f.call(admin("PATCH", "/tokens"));
    assertError(r, 405, AdminErrors.METHOD_NOT_ALLOWED);
    assertThat(r.header("Allow")).isEqualTo("GET, POST");
  }

  @Test
  void openApi_thenServedToTheAdmin() {
    AdminResponse r = f.call(admin("GET", "/openapi.json"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(body(r).path("openapi").asText()).startsWith("3.");
  }

  @Test
  void openApi_tokenSchemaNamesExactlyTheFieldsATokenHas() {
    AdminResponse created = f.call(json(admin("POST", "/tokens"),
        "{\"userName\":\"alice\",\"limitTo\":\"[get].*/x\",\"label\":\"schema\","
            + "\"rateLimit\":\"5/s\"}"));
    assertThat(created.status()).as(created.bodyText()).isEqualTo(201);
    String id = body(created).path("id").asText();
    JsonNode token = body(f.call(admin("GET", "/tokens/" + id)));
    JsonNode schema = body(f.call(admin("GET", "/openapi.json")))
        .path("components").path("schemas").path("Token").path("properties");
    java.util.List<String> shown = new java.util.ArrayList<>();
    token.fieldNames().forEachRemaining(shown::add);
    java.util.List<String> documented = new java.util.ArrayList<>();
    schema.fieldNames().forEachRemaining(documented::add);
    assertThat(shown).isNotEmpty();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(shown);
  }
}
