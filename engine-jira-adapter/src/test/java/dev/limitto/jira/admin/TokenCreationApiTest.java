package dev.limitto.jira.admin;

import static dev.limitto.jira.admin.ApiFixture.admin;
import static dev.limitto.jira.admin.ApiFixture.body;
import static dev.limitto.jira.admin.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.limitto.jira.token.CreationPolicy;
import dev.limitto.jira.token.TokenSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A logged-in user who is not an administrator creating tokens on {@code POST /tokens}. */
class TokenCreationApiTest {

  private static final String RULES = "[get] {base}/rest/api/2/myself";

  /** alice is in jira-users, bob in jira-users and ci-admins; admin is the administrator. */
  private static ApiFixture fixture(List<String> self, List<String> others,
      Map<String, Duration> lifetimes, int max) {
    ApiFixture f = new ApiFixture(TokenSettings.builder()
        .creation(CreationPolicy.of(self, others, lifetimes, max)).build(),
        AdminLimits.defaults());
    f.users.add("alice", null, "jira-users");
    f.users.add("bob", null, "jira-users", "ci-admins");
    return f;
  }

  /** A request of a logged-in user, with the XSRF header on every method but GET. */
  private static AdminRequest.Builder as(String user, String method, String path) {
    AdminRequest.Builder b = AdminRequest.builder(method, AdminApi.BASE_PATH + path)
        .remoteUser(user).requestOrigin(ApiFixture.BASE);
    if (!method.equals("GET")) {
      b.header(AdminApi.XSRF_HEADER, AdminApi.XSRF_NO_CHECK);
    }
    return b;
  }

  private static AdminResponse create(ApiFixture f, String user, String body) {
    return f.call(json(as(user, "POST", "/tokens"), body));
  }

  private static JsonNode assertError(AdminResponse r, int status, String code) {
    assertThat(r.status()).as(r.bodyText()).isEqualTo(status);
    JsonNode n = body(r);
    assertThat(n.path("code").asText()).as(r.bodyText()).isEqualTo(code);
    assertThat(r.bodyText()).doesNotContain("Exception").doesNotContain("ltk_");
    return n;
  }

  @Test
  void withTheDefaultSettingsAUserIsRefusedEveryRouteAsBefore() {
    ApiFixture f = new ApiFixture();
    f.users.add("alice", null, "jira-users");
    AdminResponse r = create(f, "alice", "{\"label\":\"mine\",\"limitTo\":\"" + RULES + "\"}");
    JsonNode n = assertError(r, 403, AdminErrors.NOT_ADMIN);
    assertThat(n.path("message").asText()).isEqualTo(AdminErrors.MSG_NOT_ADMIN);
    assertThat(f.tokens.list()).isEmpty();
  }

  @Test
  void aUserWhoseGroupMayCreatesATokenForThemselves() {
    ApiFixture f = fixture(List.of("jira-users"), List.of(), Map.of(), 0);

    AdminResponse r = create(f, "alice", "{\"label\":\"mine\",\"limitTo\":\"" + RULES
        + "\",\"validDays\":7}");

    assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
    JsonNode n = body(r);
    assertThat(n.path("userName").asText()).isEqualTo("alice");
    assertThat(n.path("secret").asText()).startsWith("ltk_");
    assertThat(f.tokens.find(n.path("id").asText()).orElseThrow().createdBy())
        .isEqualTo("alice");
    assertThat(f.audit).singleElement()
        .satisfies(e -> assertThat(e.actor()).isEqualTo("alice"));
    // naming herself is the same
    assertThat(create(f, "alice", "{\"label\":\"again\",\"userName\":\"alice\",\"unrestricted\""
        + ":true}").status()).isEqualTo(201);
  }

  @Test
  void aUserIsRefusedATokenForSomeoneElseNamingTheSetting() {
    ApiFixture f = fixture(List.of("jira-users"), List.of(), Map.of(), 0);

    JsonNode n = assertError(create(f, "alice", "{\"label\":\"for bob\",\"userName\":\"bob\","
        + "\"limitTo\":\"" + RULES + "\"}"), 403, AdminErrors.CREATION_NOT_ALLOWED);

    assertThat(n.path("setting").asText()).isEqualTo(TokenSettings.CREATE_OTHERS_GROUPS);
    assertThat(n.path("message").asText()).isEqualTo("alice may not create tokens for other"
        + " users (bob): none of their groups is in limitto.token.create.others.groups");
    assertThat(f.tokens.list()).isEmpty();
    assertThat(f.audit).isEmpty();
  }

  @Test
  void aMemberOfAnOthersGroupCreatesForAnotherUserButNeverARunAsToken() {
    ApiFixture f = fixture(List.of(), List.of("ci-admins"), Map.of(), 0);

    AdminResponse r = create(f, "bob", "{\"label\":\"for alice\",\"userName\":\"alice\","
        + "\"limitTo\":\"" + RULES + "\"}");
    assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
    assertThat(body(r).path("userName").asText()).isEqualTo("alice");

    JsonNode n = assertError(create(f, "bob", "{\"label\":\"as anyone\",\"userName\":\"alice\","
        + "\"limitTo\":\"" + RULES + "\",\"runAsAllowed\":true}"), 403,
        AdminErrors.CREATION_NOT_ALLOWED);
    assertThat(n.path("message").asText()).contains("runAsAllowed");
    assertThat(f.tokens.list()).hasSize(1);
  }

  @Test
  void aUserMayCallNoOtherRoute() {
    ApiFixture f = fixture(List.of("jira-users"), List.of(), Map.of(), 0);
    String id = body(create(f, "alice", "{\"label\":\"mine\",\"unrestricted\":true}"))
        .path("id").asText();

    for (AdminRequest.Builder b : List.of(as("alice", "GET", "/tokens"),
        as("alice", "GET", "/tokens/" + id), as("alice", "DELETE", "/tokens/" + id),
        json(as("alice", "PUT", "/tokens/" + id), "{\"label\":\"x\"}"),
        json(as("alice", "POST", "/tokens/" + id + "/rotate"), "{}"),
        as("alice", "GET", "/settings"), as("alice", "GET", "/audit"),
        as("alice", "GET", "/nowhere"),
        AdminRequest.builder("GET", AdminApi.PAGE_PATH).remoteUser("alice"))) {
      AdminResponse r = f.call(b);
      assertError(r, 403, AdminErrors.NOT_ADMIN);
    }
    assertThat(f.tokens.find(id).orElseThrow().isRevoked()).isFalse();
    assertThat(f.tokens.find(id).orElseThrow().label()).isEqualTo("mine");
  }

  @Test
  void aUserWithoutAnAllowingGroupIsRefusedNamingTheSetting() {
    ApiFixture f = fixture(List.of("ci-admins"), List.of(), Map.of(), 0);

    JsonNode n = assertError(create(f, "alice", "{\"label\":\"mine\",\"unrestricted\":true}"),
        403, AdminErrors.CREATION_NOT_ALLOWED);

    assertThat(n.path("setting").asText()).isEqualTo(TokenSettings.CREATE_SELF_GROUPS);
  }

  @Test
  void beyondTheMaximumPerUserTheCreationIsRefusedWith409NamingTheSettingAndTheLimit() {
    ApiFixture f = fixture(List.of("jira-users"), List.of(), Map.of(), 1);
    assertThat(create(f, "alice", "{\"label\":\"first\",\"unrestricted\":true}").status())
        .isEqualTo(201);

    JsonNode n = assertError(create(f, "alice", "{\"label\":\"second\",\"unrestricted\":true}"),
        409, AdminErrors.TOKEN_LIMIT_REACHED);

    assertThat(n.path("setting").asText()).isEqualTo(TokenSettings.MAX_ACTIVE_PER_USER);
    assertThat(n.path("message").asText()).isEqualTo("alice already has 1 active token(s), the"
        + " maximum per user (limitto.token.max.active.per.user=1); revoke one first");
    // the administrator is held to it as well, and may revoke to make room
    AdminResponse byAdmin = f.call(json(admin("POST", "/tokens"),
        "{\"label\":\"third\",\"userName\":\"alice\",\"unrestricted\":true}"));
    assertError(byAdmin, 409, AdminErrors.TOKEN_LIMIT_REACHED);
    String first = f.tokens.list().get(0).id();
    assertThat(f.call(admin("DELETE", "/tokens/" + first)).status()).isEqualTo(200);
    assertThat(create(f, "alice", "{\"label\":\"after revoking\",\"unrestricted\":true}").status())
        .isEqualTo(201);
  }

  @Test
  void aLifetimeBeyondTheGroupsIsRefusedNamingTheSetting() {
    ApiFixture f = fixture(List.of("jira-users"), List.of(),
        Map.of("jira-users", Duration.ofDays(30)), 0);

    JsonNode n = assertError(create(f, "alice",
        "{\"label\":\"long\",\"unrestricted\":true,\"validDays\":60}"), 400,
        AdminErrors.INVALID_TOKEN_REQUEST);

    assertThat(n.path("setting").asText()).isEqualTo(TokenSettings.GROUP_MAX_LIFETIME);
    assertThat(n.path("message").asText()).contains("maximum lifetime of 30d")
        .contains("jira-users:30d");
    AdminResponse ok = create(f, "alice", "{\"label\":\"default\",\"unrestricted\":true}");
    assertThat(body(ok).path("validUntil").asText()).isEqualTo("2026-03-31T10:00:00Z");
  }

  @Test
  void settingsShowTheCreationSettingsToTheAdministrator() {
    ApiFixture f = fixture(List.of("jira-users"), List.of("ci-admins"),
        Map.of("ci-admins", Duration.ofDays(90)), 3);

    JsonNode all = body(f.call(admin("GET", "/settings"))).path("settings");

    Map<String, JsonNode> byName = new java.util.HashMap<>();
    all.forEach(s -> byName.put(s.path("name").asText(), s));
    assertThat(byName.get("createSelfGroups").path("value").toString())
        .isEqualTo("[\"jira-users\"]");
    assertThat(byName.get("createOthersGroups").path("property").asText())
        .isEqualTo(TokenSettings.CREATE_OTHERS_GROUPS);
    assertThat(byName.get("groupMaxLifetime").path("value").toString())
        .isEqualTo("{\"ci-admins\":\"PT2160H\"}");
    assertThat(byName.get("maxActivePerUser").path("value").asInt()).isEqualTo(3);
  }
}
