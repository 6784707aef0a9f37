package dev.limitto.engine.internal.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSet;
import dev.limitto.engine.internal.ApiAccess;
import dev.limitto.engine.internal.parse.Messages;
import dev.limitto.engine.lint.LintFinding.Check;
import dev.limitto.engine.lint.LintFinding.Severity;
import dev.limitto.engine.lint.LintFinding;
import dev.limitto.engine.lint.RuleLinter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One behaviour per test: each warning fires where it should, with its exact message, and only there. */
class LinterTest {

  private static final String BASE = "https://jira.example.com/jira";

  private static List<LintFinding> lint(String text) {
    return RuleLinter.lint(text, BASE);
  }

  private static RuleSet compile(String rule) {
    return RuleSet.compiler().baseUrl(BASE).compile(rule);
  }

  private static LintFinding warning(Check check, int line, int column, String message,
      String source) {
    return ApiAccess.findings().finding(check, Severity.WARNING, line, column, message, source);
  }

  @Test
  void lintWhenRulesAreCleanThenFindsNothing() {
    assertThat(lint("[get]{base}/rest/api/2/myself\n"
        + "[post]{base}/rest/api/2/issue[JsonData::fields.project.key==KANBAN]"
        + "[JsonData::!fields.project.id]\n")).isEmpty();
  }

  @Test
  void lintWhenUrlStartsWithDotStarThenSuggestsBase() {
    assertThat(lint("[get].*/rest/api/2/myself")).containsExactly(warning(
        Check.LEADING_WILDCARD, 1, 6, String.format(LintMessages.LEADING_WILDCARD, ".*"),
        "[get].*/rest/api/2/myself"));
  }

  @Test
  void lintWhenUrlStartsWithDotPlusThenWarnsToo() {
    assertThat(lint(".+/x")).extracting(LintFinding::message)
        .containsExactly(String.format(LintMessages.LEADING_WILDCARD, ".+"));
  }

  @Test
  void lintWhenLineIsDotStarAloneThenWarnsThatItAllowsEverything() {
    assertThat(lint("  .*")).containsExactly(warning(
        Check.ALLOWS_EVERYTHING, 1, 3, LintMessages.ALLOWS_EVERYTHING, "  .*"));
  }

  @Test
  void lintWhenDotStarHasMethodSetThenWarnsThatItAdmitsTheWholeApi() {
    assertThat(lint("[get].*")).containsExactly(warning(Check.WHOLE_API, 1, 6,
        String.format(LintMessages.WHOLE_API, LintMessages.WHOLE_API_SCOPE, "[GET]"), "[get].*"));
  }

  @Test
  void lintWhenLineAdmitsEveryPathUnderBaseThenWarnsWithItsMethods() {
    String rule = "[get,post,put,delete]{base}/.*";
    assertThat(lint(rule)).containsExactly(warning(Check.WHOLE_API, 1, 22, String.format(
        LintMessages.WHOLE_API, LintMessages.WHOLE_API_SCOPE, "[GET, POST, PUT, DELETE]"), rule));
  }

  @Test
  void lintWhenLineAdmitsEveryRestPathThenWarnsAboutEveryRestApi() {
    String rule = "[get]{base}/(rest|secure)/.+";
    assertThat(lint(rule)).containsExactly(warning(Check.WHOLE_API, 1, 6,
        String.format(LintMessages.WHOLE_API, LintMessages.WHOLE_REST_SCOPE, "[GET]"), rule));
  }

  @Test
  void lintWhenLineAdmitsEveryPathWithoutMethodSetThenSaysEveryMethod() {
    assertThat(lint("{base}/.*[QueryParam::project==KANBAN]")).extracting(LintFinding::message)
        .containsExactly(String.format(LintMessages.WHOLE_API, LintMessages.WHOLE_API_SCOPE,
            LintMessages.EVERY_METHOD));
  }

  @Test
  void lintWhenLineAdmitsOneApiOrAllButSomePathsThenNoWholeApiWarning() {
    assertThat(lint("[get]{base}/rest/api/2/.*\n[post]{base}/rest/[^a].*\n[put]{base}/.*/x"))
        .isEmpty();
  }

  @Test
  void lintWhenUrlRegexIsOutsideTheAutomataThenMakesNoWholeApiClaim() {
    assertThat(lint("[get](?i){base}/.*")).isEmpty();
  }

  @Test
  void lintWithoutBaseUrlWhenLineStartsWithBaseThenDecidesOnTheRestOfTheRegex() {
    assertThat(RuleLinter.lint("[get]{base}/.*\n[post]{base}(/rest/.*|/secure/.*)", null))
        .extracting(LintFinding::message).containsExactly(
            String.format(LintMessages.WHOLE_API, LintMessages.WHOLE_API_SCOPE, "[GET]"),
            String.format(LintMessages.WHOLE_API, LintMessages.WHOLE_REST_SCOPE, "[POST]"));
    // a top-level | or a second {base}: the rest of the regex does not read on its own
    assertThat(RuleLinter.lint("[get]{base}/.*|{base}/x\n[post]{base}^/.*", null)).isEmpty();
  }

  @Test
  void lintWithoutBaseUrlWhenLineHasNoBaseThenDecidesForEveryOrigin() {
    assertThat(RuleLinter.lint("[get].*/rest/.+\n[post]https?://[^/]+/.*", null))
        .extracting(LintFinding::check)
        .containsExactly(Check.LEADING_WILDCARD, Check.WHOLE_API, Check.WHOLE_API);
  }

  @Test
  void lintWhenJqlValueEndsInDotStarThenGivesAWitnessTheEngineAllowsAndTheTightForm() {
    String rule = "[get]{base}/rest/api/2/search[QueryParam::jql==project = KANBAN.*]";
    assertThat(lint(rule)).containsExactly(warning(Check.UNBOUNDED_VALUE, 1, 64, String.format(
        LintMessages.UNBOUNDED_VALUE, "QueryParam::jql", ".*", "project = KANBAN",
        "project = KANBAN OR project = SECRET",
        String.format(LintMessages.TIGHT_FORM, "project = KANBAN")), rule));
    String witness =
        "/jira/rest/api/2/search?jql=project%20%3D%20KANBAN%20OR%20project%20%3D%20SECRET";
    assertThat(compile(rule).evaluate(Request.of("GET", witness)).isAllowed()).isTrue();
    RuleSet tight = compile("[get]{base}/rest/api/2/search[QueryParam::jql==project = KANBAN]");
    assertThat(tight.evaluate(Request.of("GET", witness)).isAllowed()).isFalse();
    assertThat(tight.evaluate(Request.of("GET", "/jira/rest/api/2/search?jql=project+%3D+KANBAN"))
        .isAllowed()).isTrue();
    assertThat(lint("[get]{base}/rest/api/2/search[QueryParam::jql==project = KANBAN]")).isEmpty();
  }

  @Test
  void lintWhenJsonValueEndsInWildcardThenGivesAWitnessTheEngineAllows() {
    String rule = "[post]{base}/rest/api/2/issue[JsonData::fields.project.key==KANBAN\\S+]"
        + "[JsonData::!fields.project.id]";
    assertThat(lint(rule)).containsExactly(warning(Check.UNBOUNDED_VALUE, 1, 67, String.format(
        LintMessages.UNBOUNDED_VALUE, "JsonData::fields.project.key", "\\S+", "KANBAN",
        "KANBAN-SECRET", String.format(LintMessages.TIGHT_FORM, "KANBAN")), rule));
    Request witness = Request.builder("POST", "/jira/rest/api/2/issue")
        .header("Content-Type", "application/json")
        .body("{\"fields\":{\"project\":{\"key\":\"KANBAN-SECRET\"}}}").build();
    assertThat(compile(rule).evaluate(witness).isAllowed()).isTrue();
  }

  @Test
  void lintWhenValueStartsAnIssueKeyThenSuggestsDigits() {
    assertThat(lint("[get]{base}/x[QueryParam::key==KANBAN-.*]")).extracting(LintFinding::message)
        .containsExactly(String.format(LintMessages.UNBOUNDED_VALUE, "QueryParam::key", ".*",
            "KANBAN-", "KANBAN-SECRET", String.format(LintMessages.TIGHT_FORM, "KANBAN-[0-9]+")));
  }

  @Test
  void lintWhenWildcardEndsAGroupOrOneAlternativeThenPointsAtIt() {
    String rule = "[get]{base}/x[QueryParam::fields==(summary|status[^&]*)]";
    assertThat(lint(rule)).containsExactly(warning(Check.UNBOUNDED_VALUE, 1, 50, String.format(
        LintMessages.UNBOUNDED_VALUE, "QueryParam::fields", "[^&]*", "status", "status-SECRET",
        String.format(LintMessages.TIGHT_FORM, "(summary|status)")), rule));
  }

  @Test
  void lintWhenTheWildcardCannotSimplyBeDroppedThenSaysToSpellOutWhatFollows() {
    assertThat(lint("[get]{base}/x[QueryParam::key==(KANBAN.*|KANBAN-SECRET)]"))
        .extracting(LintFinding::message).containsExactly(String.format(
            LintMessages.UNBOUNDED_VALUE, "QueryParam::key", ".*", "KANBAN", "KANBAN-SECRET",
            String.format(LintMessages.SPELL_OUT, "KANBAN")));
  }

  @Test
  void lintWhenTheStartEndsInASpaceThenSaysToSpellOutWhatFollowsRatherThanDropTheWildcard() {
    assertThat(lint("[post]{base}/x[JsonData::name==Team .*]")).extracting(LintFinding::message)
        .containsExactly(String.format(LintMessages.UNBOUNDED_VALUE, "JsonData::name", ".*",
            "Team ", "Team SECRET", String.format(LintMessages.SPELL_OUT, "Team ")));
  }

  @Test
  void lintWhenValueEndsInDigitsWordsOrABoundOrIsAllWildcardThenNoWarning() {
    assertThat(lint("[get]{base}/a[QueryParam::k==KANBAN-[0-9]+]\n"
        + "[get]{base}/b[QueryParam::k==summary.{0,10}]\n"
        + "[get]{base}/c[QueryParam::k==[A-Z][A-Z0-9]*]\n"
        + "[get]{base}/d[QueryParam::k==summary\\w*]\n"
        + "[get]{base}/e[QueryParam::k==.*]\n"
        + "[get]{base}/f[QueryParam::k==(?i)kanban.*]\n")).isEmpty();
  }

  @Test
  void lintWhenUrlHasEscapedQuestionMarkThenSuggestsQueryParam() {
    String rule = "[get]{base}/rest/api/2/search\\?jql=project.*";
    assertThat(lint(rule)).containsExactly(warning(Check.QUERY_IN_URL, 1, 30,
        String.format(LintMessages.QUERY_IN_URL, "\\?jql=project.*", "jql"), rule));
  }

  @Test
  void lintWhenQuestionMarkQuantifierPrecedesNameEqualsThenWarnsAboutQuery() {
    String rule = "[get]{base}/rest/api/2/search?jql=x";
    assertThat(lint(rule)).extracting(LintFinding::message)
        .containsExactly(String.format(LintMessages.QUERY_IN_URL, "?jql=x", "jql"));
  }

  @Test
  void lintWhenQuestionMarkIsAnOptionalGroupThenNoWarning() {
    assertThat(lint("[get]{base}/rest/api/2/issue/[A-Z]+-[0-9]+(/comment)?")).isEmpty();
  }

  @Test
  void lintWhenLiteralQuestionMarkHasNoNameThenSuggestsPlaceholder() {
    assertThat(lint("[get]{base}/x[?]")).extracting(LintFinding::message)
        .containsExactly(String.format(LintMessages.QUERY_IN_URL, "[?]", "NAME"));
  }

  @Test
  void lintWhenJsonDataOnGetOnlyLineThenWarnsAtThePredicate() {
    String rule = "[get]{base}/x[JsonData::a==b]";
    assertThat(lint(rule)).containsExactly(warning(Check.JSON_ON_BODYLESS_METHOD, 1, 14,
        String.format(LintMessages.JSON_ON_BODYLESS_METHOD, "[GET]"), rule));
  }

  @Test
  void lintWhenJsonDataOnLineThatAlsoAllowsPostThenNoWarning() {
    assertThat(lint("[get,post]{base}/x[JsonData::a==b]")).isEmpty();
  }

  @Test
  void lintWhenJsonDataOnLineWithoutMethodSetThenNoWarning() {
    assertThat(lint("{base}/x[JsonData::a==b]")).isEmpty();
  }

  @Test
  void lintWhenLineRepeatsAnEarlierOneThenWarnsDuplicate() {
    assertThat(lint("[get]{base}/x\n\n  [GET]{base}/x")).containsExactly(warning(
        Check.DUPLICATE_LINE, 3, 3, String.format(LintMessages.DUPLICATE_LINE, 1),
        "  [GET]{base}/x"));
  }

  @Test
  void lintWhenPredicatesAreTheSameInAnotherOrderThenWarnsDuplicate() {
    assertThat(lint("[get]{base}/x[QueryParam::a==1][QueryParam::b==2]\n"
        + "[get]{base}/x[QueryParam::b==2][QueryParam::a==1]"))
        .extracting(LintFinding::check).containsExactly(Check.DUPLICATE_LINE);
  }

  @Test
  void lintWhenEarlierLineCoversLaterOneThenWarnsShadowed() {
    assertThat(lint("[get,post]{base}/rest/api/2/issue/.*\n"
        + "[get]{base}/rest/api/2/issue/KANBAN-[0-9]+")).containsExactly(warning(
        Check.SHADOWED_LINE, 2, 1, String.format(LintMessages.SHADOWED_LINE, 1),
        "[get]{base}/rest/api/2/issue/KANBAN-[0-9]+"));
  }

  @Test
  void lintWhenLaterLineAllowsAnotherMethodThenNotShadowed() {
    assertThat(lint("[get]{base}/rest/.*\n[put]{base}/rest/x")).extracting(LintFinding::check)
        .containsExactly(Check.WHOLE_API);
  }

  @Test
  void lintWhenEarlierLineHasMethodSetAndLaterHasNoneThenNotShadowed() {
    // the later line also admits methods outside every method set (PROPFIND...)
    assertThat(lint("[get,post,put,delete,patch,head,options,trace,connect]{base}/.*\n"
        + "{base}/x")).extracting(LintFinding::line, LintFinding::check)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Check.WHOLE_API));
  }

  @Test
  void lintWhenEarlierLineHasAPredicateTheLaterLacksThenNotShadowed() {
    assertThat(lint("[get]{base}/x[QueryParam::a==1]\n[get]{base}/x")).isEmpty();
  }

  @Test
  void lintWhenEarlierPredicateValueIsWiderThenShadowed() {
    assertThat(lint("[get]{base}/x[QueryParam::a==[0-9]+]\n[get]{base}/x[QueryParam::a==42]"))
        .extracting(LintFinding::check).containsExactly(Check.SHADOWED_LINE);
  }

  @Test
  void lintWhenPredicatesNameDifferentParametersThenNotShadowed() {
    assertThat(lint("[get]{base}/x[QueryParam::a==.*]\n[get]{base}/x[QueryParam::b==.*]"))
        .isEmpty();
  }

  @Test
  void lintWhenEarlierUrlIsDotStarThenEveryLaterLineWithItsMethodsIsShadowed() {
    assertThat(lint("[get].*\n[get]{base}/x[QueryParam::q==(?i)yes]\n[post]{base}/x"))
        .extracting(LintFinding::line, LintFinding::check)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Check.WHOLE_API),
            org.assertj.core.groups.Tuple.tuple(2, Check.SHADOWED_LINE));
  }

  @Test
  void lintWhenUrlLanguagesOnlyOverlapThenNotShadowed() {
    assertThat(lint("[get]{base}/rest/api/2/issue/[A-Z]+-1\n"
        + "[get]{base}/rest/api/2/issue/KANBAN-[0-9]")).isEmpty();
  }

  @Test
  void lintWhenEarlierClassExcludesNonAsciiThenLaterNegatedClassNotShadowed() {
    // [^/]+ admits é; [!-~]+ does not: an ASCII-only comparison would wrongly call it shadowed
    assertThat(lint("[get]{base}/p/[!-.0-~]+\n[get]{base}/p/[^/]+")).isEmpty();
  }

  @Test
  void lintWhenMethodSetIsMisspeltThenSuggestsTheMethod() {
    String rule = "[gte]{base}/x";
    assertThat(lint(rule)).containsExactly(warning(Check.MISSPELT_METHOD, 1, 1,
        String.format(LintMessages.MISSPELT_METHOD, "[gte]", "gte", "[GET]"), rule));
  }

  @Test
  void lintWhenMethodLettersArePermutedThenSuggestsTheMethod() {
    assertThat(lint("[pots]{base}/x")).extracting(LintFinding::message).containsExactly(
        String.format(LintMessages.MISSPELT_METHOD, "[pots]", "pots", "[POST]"));
  }

  @Test
  void lintWhenLeadingClassIsAnOrdinaryClassThenNoMethodWarning() {
    assertThat(lint("[hH]ttps://jira\\.example\\.com/jira/x")).isEmpty();
  }

  @Test
  void lintWhenUrlLacksOriginThenWarnsThatItNeverMatches() {
    String rule = "[get]/rest/api/2/myself";
    assertThat(lint(rule)).containsExactly(warning(Check.URL_NEVER_MATCHES, 1, 6,
        String.format(LintMessages.URL_NEVER_MATCHES,
            String.format(LintMessages.ORIGIN, "https://jira.example.com")), rule));
  }

  @Test
  void lintWhenUrlNamesAnotherHostThenWarnsThatItNeverMatches() {
    assertThat(lint("https://evil\\.example\\.com/x")).extracting(LintFinding::check)
        .containsExactly(Check.URL_NEVER_MATCHES);
  }

  @Test
  void lintWithoutBaseUrlWhenUrlLacksSchemeThenWarnsWithAnyOrigin() {
    assertThat(RuleLinter.lint("/rest/x", null)).extracting(LintFinding::message)
        .containsExactly(String.format(LintMessages.URL_NEVER_MATCHES, LintMessages.ANY_ORIGIN));
  }

  @Test
  void lintWithoutBaseUrlWhenLineUsesBaseThenNoError() {
    assertThat(RuleLinter.lint("[get]{base}/x", null)).isEmpty();
  }

  @Test
  void lintWhenEveryLineIsCommentedOutThenWarnsAtTheFirstComment() {
    assertThat(lint("\r\n\t# [get]{base}/x\r\n# [post]{base}/y\r\n")).containsExactly(warning(
        Check.ALL_LINES_COMMENTED, 2, 2, LintMessages.ALL_LINES_COMMENTED, "\t# [get]{base}/x"));
  }

  @Test
  void lintWhenTextIsEmptyThenFindsNothing() {
    assertThat(lint("")).isEmpty();
    assertThat(lint("\n#\n")).isEmpty();
  }

  @Test
  void lintWhenLineDoesNotCompileThenReportsTheErrorAndNoWarningForIt() {
    String rule = ".*/rest/(x";
    assertThat(lint(rule)).containsExactly(ApiAccess.findings().finding(Check.COMPILE_ERROR, Severity.ERROR, 1,
        9, String.format(Messages.REGEX_SYNTAX, "missing closing )", ".*/rest/(x"), rule));
  }

  @Test
  void lintWhenBaseUrlIsInvalidThenThrows() {
    assertThatThrownBy(() -> RuleLinter.lint("x", "ftp://x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(String.format(Messages.BASE_URL_INVALID, "ftp://x"));
  }

  @Test
  void renderWhenWarningThenCompilerFormatWithCaret() {
    LintFinding f = warning(Check.DUPLICATE_LINE, 3, 4, "m", "\tab cd");
    assertThat(f.render("r.txt")).isEqualTo("r.txt:3:4: warning: m\n\tab cd\n\t  ^");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void lintWhenThousandLinesUnderOneWideLineThenEveryLaterLineIsShadowed() {
    StringBuilder rules = new StringBuilder("[get]{base}/rest/api/2/issue/.*\n");
    for (int i = 2; i <= 1000; i++) {
      rules.append("[get]{base}/rest/api/2/issue/P").append(i).append("-[0-9]+\n");
    }
    List<LintFinding> findings = lint(rules.toString());
    assertThat(findings).hasSize(999).allSatisfy(f -> {
      assertThat(f.check()).isEqualTo(Check.SHADOWED_LINE);
      assertThat(f.message()).isEqualTo(String.format(LintMessages.SHADOWED_LINE, 1));
    });
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void lintWhenThousandDistinctLinesThenNoWarning() {
    StringBuilder rules = new StringBuilder();
    for (int i = 1; i <= 1000; i++) {
      rules.append("[get]{base}/rest/api/2/project/P").append(i).append("/[a-z]+(/[0-9]+)?\n");
    }
    assertThat(lint(rules.toString())).isEmpty();
  }

  @Test
  void findingsComeInLineThenColumnOrder() {
    assertThat(lint("[get]{base}/x\n[get].*/y\\?a=1\n[get]{base}/x"))
        .extracting(LintFinding::line, LintFinding::column)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 6),
            org.assertj.core.groups.Tuple.tuple(2, 10),
            org.assertj.core.groups.Tuple.tuple(3, 1));
  }

  @Test
  void lintWhenLaterLineRequiresAbsenceThenAnEmptyValueDoesNotShadowIt() {
    // [JsonData::a==] needs a to be "", [JsonData::!a] needs no a: neither implies the other
    assertThat(lint("[post]{base}/x[JsonData::a==]\n[post]{base}/x[JsonData::!a]")).isEmpty();
  }

  @Test
  void lintWhenLaterLineRequiresTheSameAbsenceThenItIsShadowed() {
    assertThat(lint("[post]{base}/x/?[JsonData::!a]\n[post]{base}/x[JsonData::!a][JsonData::b==1]"))
        .extracting(LintFinding::check).containsExactly(Check.SHADOWED_LINE);
  }

  @Test
  void lintWhenFieldsLineHasNoUpdateAbsenceThenWarnsWithAPassingBody() {
    String rule = "[put]{base}/rest/api/2/issue/KANBAN-1[JsonData::fields.summary==[A-Z][a-z]*]";
    assertThat(lint(rule)).containsExactly(warning(Check.JIRA_UPDATE_SECTION, 1, 38,
        String.format(LintMessages.JIRA_UPDATE_SECTION, "fields.summary",
            "{\"fields\":{\"summary\":\"A\"},\"update\":{\"summary\":[{\"set\":\"anything\"}]}}",
            "summary"), rule));
    assertThat(compile(rule).evaluate(Request.builder("PUT", "/jira/rest/api/2/issue/KANBAN-1")
        .header("Content-Type", "application/json")
        .body("{\"fields\":{\"summary\":\"A\"},\"update\":{\"summary\":[{\"set\":\"anything\"}]}}")
        .build()).isAllowed()).isTrue();
    assertThat(lint(rule + "[JsonData::!/update]")).isEmpty();
  }

  @Test
  void lintWhenOnlyTheIdentityFieldsAreConstrainedThenNoUpdateWarning() {
    assertThat(lint("[post]{base}/rest/api/2/issue[JsonData::fields.project.key==KANBAN]"
        + "[JsonData::fields.issuetype.name==Bug][JsonData::!fields.project.id]")).isEmpty();
  }

  @Test
  void lintWhenJqlHasAFreeAndTailThenWarnsWithALongerQuery() {
    String rule = "[get]{base}/rest/api/2/search[QueryParam::jql==project = KANBAN( AND .*)?]";
    assertThat(lint(rule)).containsExactly(warning(Check.JIRA_JQL_EXTENDABLE, 1, 48,
        String.format(LintMessages.JIRA_JQL_EXTENDABLE, "QueryParam::jql",
            "project = KANBAN AND status = Done OR project = SECRET"), rule));
  }

  @Test
  void lintWhenJqlAdmitsOrOnlyInsideItThenTheAutomatonFindsTheWitness() {
    String rule = "[get]{base}/rest/api/2/search[QueryParam::jql==project = KANBAN [A-Z]{2} project = SECRET]";
    assertThat(lint(rule)).extracting(LintFinding::message).containsExactly(String.format(
        LintMessages.JIRA_JQL_EXTENDABLE, "QueryParam::jql",
        "project = KANBAN OR project = SECRET"));
  }

  @Test
  void lintWhenJqlEndsWithOneWordTailThenNoWarning() {
    assertThat(lint("[get]{base}/rest/api/2/search"
        + "[QueryParam::jql==project = KANBAN( AND status = [A-Za-z]+)?]")).isEmpty();
  }

  @Test
  void lintWhenStringFieldRegexSpellsNullThenWarnsWithTheBody() {
    String rule = "[post]{base}/rest/api/2/issue/KANBAN-1/comment[JsonData::body==[a-z ]+]"
        + "[JsonData::!/update]";
    assertThat(lint(rule)).containsExactly(warning(Check.JIRA_JSON_LITERAL, 1, 64,
        String.format(LintMessages.JIRA_JSON_LITERAL, "JsonData::body", "null", "body",
            "{\"body\":null}"), rule));
  }

  @Test
  void lintWhenStringFieldRegexCannotSpellALiteralThenNoWarning() {
    assertThat(lint("[post]{base}/rest/api/2/issue/KANBAN-1/comment[JsonData::body==[A-Z][a-z ]+]"))
        .isEmpty();
  }
}
