package dev.limitto.jira.admin;

import static dev.limitto.jira.admin.ApiFixture.admin;
import static dev.limitto.jira.admin.ApiFixture.body;
import static dev.limitto.jira.admin.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.audit.StagedOutcome;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The staged-rules routes of the admin API: stage, show with the summary, promote, unstage. */
class StagedRulesApiTest {

  private static final String STAGED = "[get] .*/rest/api/2/issue/KANBAN-[0-9]+";

  private final ApiFixture f = new ApiFixture();
  private final String id = f.create("{\"userName\":\"alice\",\"label\":\"ci\","
      + "\"limitTo\":\"[get] .*/rest/api/2/issue/.*\"}").path("id").asText();

  private AdminResponse stage(String text) {
    return f.call(json(admin("PUT", "/tokens/" + id + "/staged"),
        "{\"limitTo\":" + ApiFixture.JSON.valueToTree(text) + "}"));
  }

  private AuditEntry request(String path, boolean allowed, StagedOutcome s) {
    return new AuditEntry(AuditEntry.Type.REQUEST, ApiFixture.NOW.plusSeconds(1), id, "ci",
        "alice", "alice", "10.0.0.1", "GET", ApiFixture.BASE + path,
        allowed ? AuditEntry.ALLOWED : AuditEntry.REFUSED, allowed ? 1 : 0,
        allowed ? null : "no line allows it", allowed ? 200 : 403, 5, null, null, List.of(), -1,
        s);
  }

  @Test
  void putStagesTheRulesAndGetShowsThemWithTheSummaryOfTheAudit() {
    AdminResponse put = stage(STAGED);
    assertThat(put.status()).as(put.bodyText()).isEqualTo(200);
    assertThat(body(put).path("limitTo").asText()).isEqualTo(STAGED);
    assertThat(body(put).path("stagedBy").asText()).isEqualTo("admin");
    assertThat(body(put).path("ruleLines").asInt()).isEqualTo(1);
    f.audit.add(request("/rest/api/2/issue/KANBAN-1", true,
        new StagedOutcome(StagedOutcome.Verdict.SAME, 1, null)));
    f.audit.add(request("/rest/api/2/issue/JRA-1", true,
        new StagedOutcome(StagedOutcome.Verdict.WOULD_REFUSE, 0, "no staged line allows it")));

    AdminResponse get = f.call(admin("GET", "/tokens/" + id + "/staged"));

    assertThat(get.status()).as(get.bodyText()).isEqualTo(200);
    JsonNode s = body(get).path("summary");
    assertThat(s.path("since").asText()).isEqualTo(ApiFixture.NOW.toString());
    assertThat(s.path("requests").asLong()).isEqualTo(2);
    assertThat(s.path("checked").asLong()).isEqualTo(2);
    assertThat(s.path("wouldRefuse").asLong()).isEqualTo(1);
    assertThat(s.path("wouldAllow").asLong()).isZero();
    JsonNode e = s.path("wouldRefuseExamples").get(0);
    assertThat(e.path("url").asText()).isEqualTo(ApiFixture.BASE + "/rest/api/2/issue/JRA-1");
    assertThat(e.path("enforced").asText()).isEqualTo("line 1");
    assertThat(e.path("staged").asText()).isEqualTo("no staged line allows it");
    assertThat(e.path("count").asLong()).isEqualTo(1);
  }

  @Test
  void stageIsAuditedAsStage() {
    stage(STAGED);

    AuditEntry last = f.audit.get(f.audit.size() - 1);
    assertThat(last.action()).isEqualTo("STAGE");
    assertThat(last.actor()).isEqualTo("admin");
    assertThat(last.ruleLines()).isEqualTo(1);
  }

  @Test
  void putWhenTheRulesDoNotCompileThen400RuleSyntaxWithTheLine() {
    AdminResponse r = stage("[get] .*/ok\n[post](open");

    assertThat(r.status()).isEqualTo(400);
    assertThat(body(r).path("code").asText()).isEqualTo(AdminErrors.RULE_SYNTAX);
    assertThat(body(r).path("issues").get(0).path("line").asInt()).isEqualTo(2);
    assertThat(f.call(admin("GET", "/tokens/" + id + "/staged")).status()).isEqualTo(404);
  }

  @Test
  void putWhenTheRulesAreEmptyThen400RulesEmpty() {
    AdminResponse r = stage("# nothing");

    assertThat(r.status()).isEqualTo(400);
    assertThat(body(r).path("code").asText()).isEqualTo(AdminErrors.RULES_EMPTY);
  }

  @Test
  void putWithoutTheXsrfHeaderThen403AndNothingStaged() {
    AdminResponse r = f.call(json(AdminRequest.builder("PUT",
        AdminApi.BASE_PATH + "/tokens/" + id + "/staged").remoteUser("admin"),
        "{\"limitTo\":\"[get] .*\"}"));

    assertThat(r.status()).isEqualTo(403);
    assertThat(f.tokens.staged(id)).isEmpty();
  }

  @Test
  void getWhenNothingIsStagedThen404NothingStaged() {
    AdminResponse r = f.call(admin("GET", "/tokens/" + id + "/staged"));

    assertThat(r.status()).isEqualTo(404);
    assertThat(body(r).path("code").asText()).isEqualTo(StagedRulesApi.NOTHING_STAGED);
    assertThat(body(r).path("message").asText())
        .isEqualTo(String.format(TokenService.ERR_NOTHING_STAGED, id));
  }

  @Test
  void getWhenTheTokenIsUnknownThen404TokenNotFound() {
    AdminResponse r = f.call(admin("GET", "/tokens/tok_none/staged"));

    assertThat(r.status()).isEqualTo(404);
    assertThat(body(r).path("code").asText()).isEqualTo(AdminErrors.TOKEN_NOT_FOUND);
  }

  @Test
  void getWithABadExamplesParameterThen400NamingIt() {
    stage(STAGED);

    AdminResponse r = f.call(admin("GET", "/tokens/" + id + "/staged").rawQuery("examples=1000"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(body(r).path("parameter").asText()).isEqualTo("examples");
  }

  @Test
  void promoteMakesThemEnforcedAndAnswersWithTheToken() {
    stage(STAGED);

    AdminResponse r = f.call(admin("POST", "/tokens/" + id + "/staged/promote"));

    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    assertThat(body(r).path("id").asText()).isEqualTo(id);
    assertThat(f.tokens.find(id).orElseThrow().restrictions()).isEqualTo(STAGED);
    assertThat(f.tokens.staged(id)).isEmpty();
    assertThat(f.audit.get(f.audit.size() - 1).action()).isEqualTo("PROMOTE");
  }

  @Test
  void promoteWhenNothingIsStagedThen404NothingStaged() {
    AdminResponse r = f.call(admin("POST", "/tokens/" + id + "/staged/promote"));

    assertThat(r.status()).isEqualTo(404);
    assertThat(body(r).path("code").asText()).isEqualTo(StagedRulesApi.NOTHING_STAGED);
  }

  @Test
  void promoteInSecureModeThen409SecureModeAndStageStillWorks() {
    ApiFixture secure = new ApiFixture(TokenSettings.builder().secureMode(true).build(),
        AdminLimits.defaults());
    String sid = secure.create("{\"userName\":\"alice\",\"label\":\"ci\","
        + "\"limitTo\":\"[get] .*/x\"}").path("id").asText();
    AdminResponse put = secure.call(json(admin("PUT", "/tokens/" + sid + "/staged"),
        "{\"limitTo\":\"[get] .*/y\"}"));
    assertThat(put.status()).as(put.bodyText()).isEqualTo(200);

    AdminResponse r = secure.call(admin("POST", "/tokens/" + sid + "/staged/promote"));

    assertThat(r.status()).isEqualTo(409);
    assertThat(body(r).path("code").asText()).isEqualTo(AdminErrors.SECURE_MODE);
    assertThat(secure.tokens.find(sid).orElseThrow().restrictions()).isEqualTo("[get] .*/x");
  }

  @Test
  void deleteRemovesThemAndSaysWhetherThereWereAny() {
    stage(STAGED);

    AdminResponse first = f.call(admin("DELETE", "/tokens/" + id + "/staged"));
    AdminResponse second = f.call(admin("DELETE", "/tokens/" + id + "/staged"));

    assertThat(first.status()).isEqualTo(200);
    assertThat(body(first).path("removed").asBoolean()).isTrue();
    assertThat(body(second).path("removed").asBoolean()).isFalse();
    assertThat(f.tokens.staged(id)).isEmpty();
  }
}
