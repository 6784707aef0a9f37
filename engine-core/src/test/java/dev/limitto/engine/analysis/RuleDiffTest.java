package dev.limitto.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.analysis.RuleDiff.Example;
import dev.limitto.engine.analysis.RuleDiff.MethodGroup;
import dev.limitto.engine.analysis.RuleDiff.Report;
import dev.limitto.engine.analysis.RuleDiff.Result;
import dev.limitto.engine.analysis.RuleDiff.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleDiffTest {

  private static final String BASE = "https://jira.example.com/jira";

  private static Report diff(String a, String b) {
    return RuleDiff.compare(a, b, BASE);
  }

  private static MethodGroup group(Report r, String method) {
    return r.groups().stream().filter(g -> g.methods().contains(method)).findFirst().orElseThrow();
  }

  @Test
  void compare_sameRulesDifferentText_equivalent() {
    Report r = diff("{base}/rest/api/2/issue/KAN-[0-9]+\n",
        "# reordered\n{base}/rest/api/2/issue/KAN-[0-9]+|{base}/rest/api/2/issue/KAN-\\d+\n");
    assertThat(r.result()).isEqualTo(Result.EQUIVALENT);
    assertThat(r.groups()).allSatisfy(g -> assertThat(g.undecided()).isEmpty());
  }

  @Test
  void compare_dotStarAndDotPlus_equivalentOnCanonicalUrls() {
    assertThat(diff(".*", ".+").result()).isEqualTo(Result.EQUIVALENT);
  }

  @Test
  void compare_widerUrl_newAllowsWithExample() {
    Report r = diff("[get]{base}/rest/api/2/issue/KAN-1", "[get]{base}/rest/api/2/issue/KAN-[0-9]+");
    assertThat(r.result()).isEqualTo(Result.DIFFERS);
    MethodGroup get = group(r, "GET");
    assertThat(get.methods()).containsExactly("GET");
    assertThat(get.oldAllows()).isEmpty();
    Example e = get.newAllows().get(0);
    assertThat(e.target()).matches("/jira/rest/api/2/issue/KAN-[0-9]+").isNotEqualTo(
        "/jira/rest/api/2/issue/KAN-1");
    assertThat(e.allowedBy()).isEqualTo(Side.NEW);
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.foundBySearch()).isFalse();
    assertThat(group(r, "POST").result()).isEqualTo(Result.EQUIVALENT);
  }

  @Test
  void compare_methodAdded_differsOnlyForThatMethod() {
    Report r = diff("[get]{base}/rest/api/2/myself", "[get,post]{base}/rest/api/2/myself");
    assertThat(group(r, "POST").newAllows()).singleElement()
        .satisfies(e -> assertThat(e.target()).isEqualTo("/jira/rest/api/2/myself"));
    assertThat(group(r, "GET").result()).isEqualTo(Result.EQUIVALENT);
  }

  @Test
  void compare_queryValuesNarrowed_oldAllowsWithTheValue() {
    Report r = diff("[get]{base}/rest/api/2/search[QueryParam::jql==project = (KAN|OPS)]",
        "[get]{base}/rest/api/2/search[QueryParam::jql==project = KAN]");
    Example e = group(r, "GET").oldAllows().get(0);
    assertThat(e.target()).isEqualTo("/jira/rest/api/2/search?jql=project%20%3D%20OPS");
    assertThat(group(r, "GET").newAllows()).isEmpty();
  }

  @Test
  void compare_alternationSplitIntoLines_differsByRepeatedParameter() {
    // one value of each kind in the same request: the old line allows it, neither new line does
    Report r = diff("{base}/x[QueryParam::p==a|b]", "{base}/x[QueryParam::p==a]\n{base}/x[QueryParam::p==b]");
    Example e = group(r, "GET").oldAllows().get(0);
    assertThat(e.target()).isEqualTo("/jira/x?p=a&p=b");
    assertThat(group(r, "GET").newAllows()).isEmpty();
  }

  @Test
  void compare_predicateDropped_newAllowsWithoutParameter() {
    Report r = diff("{base}/x[QueryParam::p==a]", "{base}/x");
    assertThat(group(r, "GET").newAllows().get(0).target()).isEqualTo("/jira/x");
  }

  @Test
  void compare_jsonValue_exampleHasBody() {
    Report r = diff("[post]{base}/rest/api/2/issue[JsonData::fields.project.key==KAN]",
        "[post]{base}/rest/api/2/issue[JsonData::fields.project.key==KAN|OPS]");
    Example e = group(r, "POST").newAllows().get(0);
    assertThat(e.body()).isEqualTo("{\"fields\":{\"project\":{\"key\":\"OPS\"}}}");
    assertThat(e.headers()).containsEntry("Content-Type", "application/json");
  }

  @Test
  void compare_flagOutsideSubset_undecidedNotEquivalent() {
    Report r = diff("(?i){base}/rest/api/2/myself", "(?i){base}/rest/api/2/MYSELF");
    assertThat(r.result()).isNotEqualTo(Result.EQUIVALENT);
    assertThat(group(r, "GET").undecided()).isNotEmpty();
  }

  @Test
  void compare_flagOutsideSubset_searchFindsLabelledExample() {
    Report r = diff("{base}/rest/api/2/myself", "(?i){base}/rest/api/2/myself");
    assertThat(r.result()).isEqualTo(Result.DIFFERS);
    assertThat(group(r, "GET").undecided()).anySatisfy(
        u -> assertThat(u).contains("new line 1"));
  }

  @Test
  void compare_identicalLineOutsideSubset_restStillExact() {
    Report r = diff("(?i){base}/a\n{base}/b", "(?i){base}/a\n{base}/b|{base}/c");
    assertThat(r.result()).isEqualTo(Result.DIFFERS);
    assertThat(group(r, "GET").newAllows().get(0).target()).isEqualTo("/jira/c");
    assertThat(diff("(?i){base}/a\n{base}/b", "(?i){base}/a\n{base}/(b)").result())
        .isEqualTo(Result.EQUIVALENT);
  }

  @Test
  void compare_unrestrictedAgainstRules_oldAllowsMore() {
    Report r = diff("", "{base}/.*");
    assertThat(r.result()).isEqualTo(Result.DIFFERS);
    assertThat(group(r, "GET").oldAllows()).isNotEmpty();
    assertThat(group(r, "GET").oldAllows().get(0).line()).isZero();
    assertThat(group(r, "GET").newAllows()).isEmpty();
  }

  @Test
  void compare_unrestrictedAgainstEverything_differsOnRejectedTargets() {
    Report r = diff("", ".*");
    assertThat(group(r, "GET").oldAllows()).singleElement()
        .satisfies(e -> assertThat(e.target()).isEqualTo("/rest//x"));
  }

  @Test
  void compare_groupsMethodsTreatedAlike() {
    Report r = diff("[get,head]{base}/a", "[get,head]{base}/a");
    assertThat(r.groups().stream().map(MethodGroup::methods).toList()).contains(
        List.of("GET", "HEAD"));
  }
}
