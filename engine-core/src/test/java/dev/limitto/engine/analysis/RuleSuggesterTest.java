package dev.limitto.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Request;
import dev.limitto.engine.analysis.RuleDiff.Report;
import dev.limitto.engine.analysis.RuleDiff.Result;
import dev.limitto.engine.analysis.RuleSuggester.Suggestion;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RuleSuggesterTest {

  private static final String BASE = "https://jira.example.com/jira";

  @Test
  void suggest_issueKeysOfOneProject_generalisedToTheProject() {
    Suggestion s = RuleSuggester.suggest(List.of(
        Request.of("GET", "/jira/rest/api/2/issue/KAN-1"),
        Request.of("GET", "/jira/rest/api/2/issue/KAN-22")), BASE, true);
    assertThat(s.rules()).isEqualTo("[get]{base}/rest/api/2/issue/KAN-[0-9]+\n");
    assertThat(s.refusedOnReplay()).isZero();
  }

  @Test
  void suggest_oneIssueOnly_keptLiteral() {
    Suggestion s = RuleSuggester.suggest(List.of(
        Request.of("POST", "/jira/rest/api/2/issue/KAN-100/comment"),
        Request.of("POST", "/jira/rest/api/2/issue/KAN-100/comment")), BASE, true);
    assertThat(s.rules()).isEqualTo("[post]{base}/rest/api/2/issue/KAN-100/comment\n");
  }

  @Test
  void suggest_keysOfTwoProjects_notWidenedToAnyKey() {
    Suggestion s = RuleSuggester.suggest(List.of(
        Request.of("GET", "/jira/rest/api/2/issue/KAN-1"),
        Request.of("GET", "/jira/rest/api/2/issue/OPS-2")), BASE, true);
    assertThat(s.rules()).isEqualTo(
        "[get]{base}/rest/api/2/issue/KAN-1\n[get]{base}/rest/api/2/issue/OPS-2\n");
  }

  @Test
  void suggest_fixedQueryValues_alternation_andMethodsJoined() {
    Suggestion s = RuleSuggester.suggest(List.of(
        Request.of("GET", "/jira/rest/api/2/search?jql=project%20%3D%20KAN&startAt=0"),
        Request.of("GET", "/jira/rest/api/2/search?jql=project+%3D+KAN&startAt=50"),
        Request.of("HEAD", "/jira/rest/api/2/search?jql=project%20%3D%20KAN&startAt=0"),
        Request.of("HEAD", "/jira/rest/api/2/search?jql=project%20%3D%20KAN&startAt=50")),
        BASE, true);
    assertThat(s.rules()).isEqualTo("[get,head]{base}/rest/api/2/search"
        + "[QueryParam::jql==project = KAN][QueryParam::startAt==[0-9]+]\n");
  }

  @Test
  void suggest_maskedQueryValues_noQueryPredicates() {
    Suggestion s = RuleSuggester.suggest(List.of(
        Request.of("GET", "/jira/rest/api/2/search?jql=***")), BASE, false);
    assertThat(s.rules()).isEqualTo("[get]{base}/rest/api/2/search\n");
  }

  @Test
  void suggest_monthOfTrafficOfThreeIntegrations_replayAllowsAllAndNarrowerThanEverything() {
    List<Request> traffic = month(new Random(14));
    Suggestion s = RuleSuggester.suggest(traffic, BASE, true);
    assertThat(s.requests()).isEqualTo(traffic.size());
    assertThat(s.refusedOnReplay()).as(s.refusedExamples().toString()).isZero();
    assertThat(s.rules()).contains("[get]{base}/rest/api/2/issue/REP-[0-9]+",
        "[post]{base}/rest/api/2/issue/CI-[0-9]+/comment\n",
        "[get]{base}/rest/api/2/issue/[0-9]+[QueryParam::expand==changelog]\n");
    // strictly narrower than allowing everything: .* allows more, the suggestion nothing more
    Report r = RuleDiff.compare(".*", s.rules(), BASE);
    assertThat(r.result()).isEqualTo(Result.DIFFERS);
    assertThat(r.groups()).allSatisfy(g -> assertThat(g.newAllows()).isEmpty());
    assertThat(r.groups()).anySatisfy(g -> assertThat(g.oldAllows()).isNotEmpty());
    // and only families are wider than the traffic itself
    Report beyond = RuleDiff.compare(RuleSuggester.literal(traffic, BASE, true).rules(),
        s.rules(), BASE);
    assertThat(beyond.groups()).allSatisfy(g -> assertThat(g.oldAllows()).isEmpty());
  }

  /** A month of requests of a reporting script, a CI bot and a webhook consumer. */
  static List<Request> month(Random random) {
    List<Request> out = new ArrayList<>();
    for (int day = 0; day < 30; day++) {
      // the reporting script: a nightly search, paged, then a few issues it found
      for (int page = 0; page < 3; page++) {
        out.add(Request.of("GET", "/jira/rest/api/2/search?jql=project%20%3D%20REP%20AND%20"
            + "updated%20%3E%3D%20-1d&startAt=" + page * 100 + "&maxResults=100"));
      }
      for (int i = 0; i < 5; i++) {
        out.add(Request.of("GET", "/jira/rest/api/2/issue/REP-" + (1 + random.nextInt(900))
            + "?fields=summary%2Cstatus"));
      }
      // the CI bot: comments on and transitions the issues of its builds
      for (int i = 0; i < 8; i++) {
        String key = "CI-" + (100 + random.nextInt(400));
        out.add(Request.of("POST", "/jira/rest/api/2/issue/" + key + "/comment"));
        out.add(Request.of("GET", "/jira/rest/api/2/issue/" + key + "/transitions"));
        out.add(Request.of("POST", "/jira/rest/api/2/issue/" + key + "/transitions"));
      }
      // the webhook consumer: reads the issue of each event by id, and its project
      for (int i = 0; i < 12; i++) {
        out.add(Request.of("GET", "/jira/rest/api/2/issue/" + (10000 + random.nextInt(90000))
            + "?expand=changelog"));
      }
      out.add(Request.of("GET", "/jira/rest/api/2/project/WEB"));
    }
    return out;
  }
}
