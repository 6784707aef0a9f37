package dev.limitto.jira.admin;

import static dev.limitto.jira.admin.ApiFixture.admin;
import static dev.limitto.jira.admin.ApiFixture.body;
import static dev.limitto.jira.admin.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.limitto.jira.token.AuthResult;
import org.junit.jupiter.api.Test;

/** Rotation, expiring tokens, read-only and rate limits through the admin API. */
class TokenLifecycleApiTest {

  private final ApiFixture f = new ApiFixture();

  @Test
  void rotateAnswersTheNewSecretOnceAndBothSecretsWorkDuringTheOverlap() {
    JsonNode created = f.create("{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"ci\"}");
    String id = created.path("id").asText();

    AdminResponse r = f.call(json(admin("POST", "/tokens/" + id + "/rotate"),
        "{\"overlap\":\"2h\"}"));

    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    JsonNode n = body(r);
    assertThat(n.path("id").asText()).isEqualTo(id);
    assertThat(n.path("previousSecretUntil").asText()).isEqualTo("2026-03-01T12:00:00Z");
    String fresh = n.path("secret").asText();
    assertThat(fresh).startsWith("ltk_").isNotEqualTo(created.path("secret").asText());
    for (String s : new String[] {fresh, created.path("secret").asText()}) {
      assertThat(f.tokens.authenticator().authenticate(s, "alice", "10.0.0.1"))
          .isInstanceOf(AuthResult.Authenticated.class);
    }
    assertThat(f.audit).extracting(e -> e.action()).containsExactly("CREATE", "ROTATE");
  }

  @Test
  void rotateWithABadOverlapOrAnUnknownTokenIsRefusedWithTheReason() {
    String id = f.create("{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"ci\"}")
        .path("id").asText();

    AdminResponse bad = f.call(json(admin("POST", "/tokens/" + id + "/rotate"),
        "{\"overlap\":\"40d\"}"));
    AdminResponse unknown = f.call(json(admin("POST", "/tokens/tok_none/rotate"), "{}"));

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.bodyText()).contains("overlap 40d must be between 0 and 30d");
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void createAndEditTakeReadOnlyAndRateLimitAndTheTokenShowsThem() {
    JsonNode n = f.create("{\"userName\":\"alice\",\"limitTo\":\"[get,delete].*/rest/.*\","
        + "\"label\":\"ci\",\"readOnly\":true,\"rateLimit\":\"5/s\",\"burst\":8}");

    assertThat(n.path("readOnly").asBoolean()).isTrue();
    assertThat(n.path("rateLimit").asText()).isEqualTo("5/s");
    assertThat(n.path("burst").asLong()).isEqualTo(8);
    assertThat(n.path("warnings").get(0).asText()).isEqualTo(
        "line 1 names DELETE, which a read-only token never allows (only GET and HEAD)");

    AdminResponse edited = f.call(json(admin("PUT", "/tokens/" + n.path("id").asText()),
        "{\"readOnly\":false,\"rateLimit\":null}"));
    assertThat(body(edited).path("readOnly").asBoolean()).isFalse();
    assertThat(body(edited).path("rateLimit").isNull()).isTrue();

    AdminResponse bad = f.call(json(admin("POST", "/tokens"),
        "{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"x\",\"rateLimit\":\"fast\"}"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(body(bad).path("field").asText()).isEqualTo("rateLimit");
  }

  @Test
  void expiringListsLiveTokensWithinTheWindowSoonestFirst() {
    String later = f.create("{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"a\","
        + "\"validDays\":5}").path("id").asText();
    String soon = f.create("{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"b\","
        + "\"validDays\":1}").path("id").asText();
    f.create("{\"userName\":\"alice\",\"unrestricted\":true,\"label\":\"c\",\"validDays\":30}");

    JsonNode n = body(f.call(admin("GET", "/tokens/expiring").rawQuery("within=7d")));

    assertThat(n.path("total").asInt()).isEqualTo(2);
    assertThat(n.path("values").get(0).path("id").asText()).isEqualTo(soon);
    assertThat(n.path("values").get(1).path("id").asText()).isEqualTo(later);
    assertThat(f.call(admin("GET", "/tokens/expiring").rawQuery("within=soon")).status()).isEqualTo(400);
  }
}
