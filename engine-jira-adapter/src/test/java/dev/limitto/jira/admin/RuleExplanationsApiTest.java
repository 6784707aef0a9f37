package dev.limitto.jira.admin;

import static dev.limitto.jira.admin.ApiFixture.admin;
import static dev.limitto.jira.admin.ApiFixture.body;
import static dev.limitto.jira.admin.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code POST /rules/explain} and {@code GET /tokens/{id}/explain}. */
class RuleExplanationsApiTest {

  private final ApiFixture f = new ApiFixture();

  @Test
  void explainRules_thenOneSentencePerLine() {
    AdminResponse r = f.call(json(admin("POST", "/rules/explain"),
        "{\"limitTo\":\"# bot\\n[post]{base}/rest/api/2/issue/KANBAN-100/comment\"}"));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    JsonNode s = body(r).path("sentences");
    assertThat(s).hasSize(1);
    assertThat(s.get(0).path("line").asInt()).isEqualTo(2);
    assertThat(s.get(0).path("sourceLine").asText())
        .isEqualTo("[post]{base}/rest/api/2/issue/KANBAN-100/comment");
    assertThat(s.get(0).path("text").asText()).isEqualTo("may add comments to issue KANBAN-100");
    assertThat(body(r).path("unrestricted").asBoolean()).isFalse();
  }

  @Test
  void explainRules_whenRulesDoNotCompile_then400WithTheIssues() {
    AdminResponse r = f.call(json(admin("POST", "/rules/explain"), "{\"limitTo\":\"[get(\"}"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(body(r).path("code").asText()).isEqualTo(AdminErrors.RULE_SYNTAX);
    assertThat(body(r).path("issues")).isNotEmpty();
  }

  @Test
  void explainRules_whenLimitToMissing_then400() {
    AdminResponse r = f.call(json(admin("POST", "/rules/explain"), "{}"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(body(r).path("code").asText()).isEqualTo(AdminErrors.INVALID_FIELD);
  }

  @Test
  void explainToken_thenTheTokensRulesInPlainWords() {
    String id = f.create("{\"userName\":\"alice\",\"label\":\"x\","
        + "\"limitTo\":\"[get]{base}/rest/api/2/search[QueryParam::jql==project = KANBAN.*]\"}")
        .path("id").asText();
    AdminResponse r = f.call(admin("GET", "/tokens/" + id + "/explain"));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    assertThat(body(r).path("sentences").get(0).path("text").asText())
        .isEqualTo("may search for issues, with a JQL that starts with `project = KANBAN`");
  }

  @Test
  void explainToken_whenUnknown_then404() {
    AdminResponse r = f.call(admin("GET", "/tokens/tok_0000/explain"));
    assertThat(r.status()).isEqualTo(404);
    assertThat(body(r).path("code").asText()).isEqualTo(AdminErrors.TOKEN_NOT_FOUND);
  }
}
