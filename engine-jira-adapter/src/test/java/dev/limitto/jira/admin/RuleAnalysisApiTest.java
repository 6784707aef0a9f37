package dev.limitto.jira.admin;

import static dev.limitto.jira.admin.ApiFixture.admin;
import static dev.limitto.jira.admin.ApiFixture.body;
import static dev.limitto.jira.admin.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSet;
import dev.limitto.jira.audit.AuditEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code POST /rules/diff} and {@code GET /tokens/{id}/suggest}. */
class RuleAnalysisApiTest {

  private static final String BASE = "https://jira.example.com";

  private final ApiFixture f = new ApiFixture();

  @Test
  void diff_whenNewRulesAllowMore_thenAnExampleEachRuleSetDecidesAsReported() {
    String old = "[get]{base}/rest/api/2/issue/KAN-[0-9]+";
    String neu = "[get]{base}/rest/api/2/issue/[A-Z]+-[0-9]+";
    AdminResponse r = f.call(json(admin("POST", "/rules/diff"), "{\"oldLimitTo\":\"" + old
        + "\",\"newLimitTo\":\"" + neu + "\",\"baseUrl\":\"" + BASE + "\"}"));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    JsonNode report = body(r);
    assertThat(report.path("result").asText()).isEqualTo("differs");
    JsonNode example = report.path("methods").get(0).path("newAllows").get(0);
    assertThat(example.path("allowedBy").asText()).isEqualTo("new");
    assertThat(example.path("line").asInt()).isEqualTo(1);
    // the example really is decided differently by the two rule sets
    Request req = Request.of(example.path("method").asText(), example.path("target").asText());
    assertThat(RuleSet.compiler().baseUrl(BASE).compile(neu).evaluate(req).isAllowed()).isTrue();
    assertThat(RuleSet.compiler().baseUrl(BASE).compile(old).evaluate(req).isAllowed()).isFalse();
    assertThat(report.path("methods").get(0).path("oldAllows")).isEmpty();
  }

  @Test
  void diff_whenEquivalent_thenEquivalentAndAgainstATokensRules() {
    String id = f.create("{\"userName\":\"alice\",\"label\":\"x\",\"limitTo\":\"[get].*/a\"}")
        .path("id").asText();
    AdminResponse r = f.call(json(admin("POST", "/rules/diff"),
        "{\"oldToken\":\"" + id + "\",\"newLimitTo\":\"[get].*/a\\n[get].*/a\"}"));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    assertThat(body(r).path("result").asText()).isEqualTo("equivalent");
  }

  @Test
  void diff_whenBothOrNeitherOldGiven_then400AndWhenRulesBroken_thenTheIssues() {
    assertThat(f.call(json(admin("POST", "/rules/diff"), "{\"newLimitTo\":\".*\"}")).status())
        .isEqualTo(400);
    AdminResponse both = f.call(json(admin("POST", "/rules/diff"),
        "{\"oldLimitTo\":\".*\",\"oldToken\":\"tok_1\",\"newLimitTo\":\".*\"}"));
    assertThat(body(both).path("code").asText()).isEqualTo(AdminErrors.INVALID_FIELD);
    AdminResponse broken = f.call(json(admin("POST", "/rules/diff"),
        "{\"oldLimitTo\":\".*\",\"newLimitTo\":\"[get(\"}"));
    assertThat(broken.status()).isEqualTo(400);
    assertThat(body(broken).path("code").asText()).isEqualTo(AdminErrors.RULE_SYNTAX);
    AdminResponse unknown = f.call(json(admin("POST", "/rules/diff"),
        "{\"oldToken\":\"tok_0000\",\"newLimitTo\":\".*\"}"));
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void suggest_thenRulesThatAllowEveryAuditedRequestAndNoMore() {
    String id = f.create("{\"userName\":\"alice\",\"label\":\"bot\",\"unrestricted\":true}")
        .path("id").asText();
    for (String path : List.of("/rest/api/2/issue/KAN-1", "/rest/api/2/issue/KAN-22",
        "/rest/api/2/issue/KAN-333")) {
      f.audit.add(request(id, path, AuditEntry.ALLOWED));
    }
    f.audit.add(request(id, "/rest/api/2/project/SECRET", AuditEntry.REFUSED));
    AdminResponse r = f.call(admin("GET", "/tokens/" + id + "/suggest").rawQuery("since=30d"));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    JsonNode s = body(r);
    assertThat(s.path("requests").asInt()).isEqualTo(3);
    assertThat(s.path("refusedOnReplay").asInt()).isZero();
    assertThat(s.path("queryValuesMasked").asBoolean()).isTrue();
    RuleSet suggested = RuleSet.compiler().baseUrl(ApiFixture.BASE)
        .compile(s.path("limitTo").asText());
    assertThat(suggested.evaluate(Request.of("GET", "/rest/api/2/issue/KAN-4")).isAllowed())
        .isTrue();
    // the refused request and other projects stay refused
    assertThat(suggested.evaluate(Request.of("GET", "/rest/api/2/project/SECRET")).isAllowed())
        .isFalse();
    assertThat(suggested.evaluate(Request.of("POST", "/rest/api/2/issue/KAN-4")).isAllowed())
        .isFalse();
    // against the token's current rules (unrestricted), the suggestion allows less
    assertThat(s.path("againstCurrent").path("result").asText()).isEqualTo("differs");
  }

  @Test
  void suggest_whenNoTraffic_then400NamingSinceAndWhenUnknownToken_then404() {
    String id = f.create("{\"userName\":\"alice\",\"label\":\"quiet\",\"unrestricted\":true}")
        .path("id").asText();
    AdminResponse none = f.call(admin("GET", "/tokens/" + id + "/suggest"));
    assertThat(none.status()).isEqualTo(400);
    assertThat(body(none).path("message").asText()).contains("since");
    assertThat(f.call(admin("GET", "/tokens/tok_0000/suggest")).status()).isEqualTo(404);
  }

  private AuditEntry request(String token, String path, String decision) {
    return new AuditEntry(AuditEntry.Type.REQUEST, ApiFixture.NOW.minusSeconds(3600), token,
        "bot", "alice", "alice", "127.0.0.1", "GET", ApiFixture.BASE + path, decision,
        decision.equals(AuditEntry.ALLOWED) ? 1 : 0, null, 200, 10, null, null, List.of());
  }
}
