package dev.limitto.jira.admin;

import static dev.limitto.jira.admin.ApiFixture.admin;
import static dev.limitto.jira.admin.ApiFixture.body;
import static dev.limitto.jira.admin.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.db.H2ConnectionSource;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.upstream.UpstreamCredentials;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET|PUT|DELETE /tokens/{id}/upstream}: the gateway's upstream credential of a token. */
class UpstreamRoutesTest {

  private static final String PAT = "NjQ5MzQ1NTc1OTE4OsecretPAT";

  @TempDir
  Path dir;

  private H2ConnectionSource db;

  @AfterEach
  void closeDatabase() {
    if (db != null) {
      db.close();
    }
  }

  private Api api(TokenSettings settings) {
    ApiFixture f = new ApiFixture(settings, AdminLimits.defaults());
    db = H2ConnectionSource.inDirectory(dir);
    UpstreamCredentials credentials = UpstreamCredentials.open(db, KeyRing.generate());
    AdminApi withUpstream = AdminApi.builder().tokens(f.tokens).upstream(credentials)
        .authenticator(new HostAdminAuthenticator("admin"::equals)).build();
    return new Api(f, withUpstream, credentials);
  }

  private record Api(ApiFixture f, AdminApi api, UpstreamCredentials credentials) {
    AdminResponse call(AdminRequest.Builder b) {
      return api.handle(b.build());
    }
  }

  @Test
  void bindShowAndUnbind_thenTheSecretGoesInOnceAndNeverComesOut() {
    Api a = api(TokenSettings.defaults());
    String id = a.f().create("{\"userName\":\"alice\",\"label\":\"x\",\"limitTo\":\"[get].*\"}")
        .path("id").asText();

    AdminResponse none = a.call(admin("GET", "/tokens/" + id + "/upstream"));
    assertThat(body(none).path("bound").asBoolean()).isFalse();

    AdminResponse bound = a.call(json(admin("PUT", "/tokens/" + id + "/upstream"),
        "{\"bearer\":\"" + PAT + "\"}"));
    assertThat(bound.status()).as(bound.bodyText()).isEqualTo(200);
    JsonNode b = body(bound);
    assertThat(b.path("bound").asBoolean()).isTrue();
    assertThat(b.path("kind").asText()).isEqualTo("bearer");
    assertThat(b.path("updatedBy").asText()).isEqualTo("admin");
    assertThat(bound.bodyText()).doesNotContain(PAT);
    // what the gateway will send
    assertThat(a.credentials().authorization(id)).contains("Bearer " + PAT);
    AdminResponse shown = a.call(admin("GET", "/tokens/" + id + "/upstream"));
    assertThat(shown.bodyText()).doesNotContain(PAT);
    // audited as an edit of that field, without the value
    assertThat(a.f().audit).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo("EDIT");
      assertThat(e.changedFields()).containsExactly(UpstreamRoutes.AUDIT_FIELD);
    });
    assertThat(a.f().audit).noneMatch(e -> String.valueOf(e).contains(PAT));

    AdminResponse basic = a.call(json(admin("PUT", "/tokens/" + id + "/upstream"),
        "{\"basic\":\"bot@example.com:apiToken123\"}"));
    assertThat(body(basic).path("kind").asText()).isEqualTo("basic");
    assertThat(body(basic).path("upstreamUser").asText()).isEqualTo("bot@example.com");
    assertThat(basic.bodyText()).doesNotContain("apiToken123");

    AdminResponse removed = a.call(admin("DELETE", "/tokens/" + id + "/upstream"));
    assertThat(body(removed).path("removed").asBoolean()).isTrue();
    assertThat(a.credentials().authorization(id)).isEmpty();
    assertThat(body(a.call(admin("DELETE", "/tokens/" + id + "/upstream")))
        .path("removed").asBoolean()).isFalse();
  }

  @Test
  void bind_whenBodyIsWrong_then400NamingTheFieldAndNothingBound() {
    Api a = api(TokenSettings.defaults());
    String id = a.f().create("{\"userName\":\"alice\",\"label\":\"x\",\"limitTo\":\"[get].*\"}")
        .path("id").asText();
    for (String wrong : new String[] {"{}", "{\"bearer\":\"a\",\"basic\":\"b:c\"}",
        "{\"basic\":\"no-colon\"}", "{\"bearer\":\"two\\nlines\"}"}) {
      AdminResponse r = a.call(json(admin("PUT", "/tokens/" + id + "/upstream"), wrong));
      assertThat(r.status()).as(wrong).isEqualTo(400);
      assertThat(body(r).path("code").asText()).isEqualTo(AdminErrors.INVALID_FIELD);
    }
    assertThat(a.credentials().authorization(id)).isEmpty();
  }

  @Test
  void bind_whenRevokedOrSecureModeAlreadyBound_then409() {
    Api a = api(TokenSettings.defaults().toBuilder().secureMode(true).build());
    String id = a.f().create("{\"userName\":\"alice\",\"label\":\"x\",\"limitTo\":\"[get].*\"}")
        .path("id").asText();
    // secure mode: the first binding is the token's own, a replacement is refused
    assertThat(a.call(json(admin("PUT", "/tokens/" + id + "/upstream"),
        "{\"bearer\":\"first\"}")).status()).isEqualTo(200);
    AdminResponse again = a.call(json(admin("PUT", "/tokens/" + id + "/upstream"),
        "{\"bearer\":\"second\"}"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(body(again).path("code").asText()).isEqualTo(AdminErrors.SECURE_MODE);
    assertThat(a.credentials().authorization(id)).contains("Bearer first");

    a.call(admin("DELETE", "/tokens/" + id));
    AdminResponse revoked = a.call(json(admin("PUT", "/tokens/" + id + "/upstream"),
        "{\"bearer\":\"x\"}"));
    assertThat(body(revoked).path("code").asText()).isEqualTo(AdminErrors.TOKEN_REVOKED);
  }

  @Test
  void routes_whenNoGateway_then404SayingSo() {
    ApiFixture f = new ApiFixture();
    String id = f.create("{\"userName\":\"alice\",\"label\":\"x\",\"limitTo\":\"[get].*\"}")
        .path("id").asText();
    AdminResponse r = f.call(admin("GET", "/tokens/" + id + "/upstream"));
    assertThat(r.status()).isEqualTo(404);
    assertThat(body(r).path("message").asText()).contains("serve --upstream");
  }

  @Test
  void routes_whenTokenUnknown_then404() {
    Api a = api(TokenSettings.defaults());
    assertThat(body(a.call(admin("GET", "/tokens/tok_0000/upstream"))).path("code").asText())
        .isEqualTo(AdminErrors.TOKEN_NOT_FOUND);
  }
}
