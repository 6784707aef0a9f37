package dev.limitto.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.limitto.engine.internal.json.JsonSelector;
import dev.limitto.engine.internal.match.Matchers;
import dev.limitto.engine.internal.parse.Messages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every compile error: its line, its column and its exact message. */
class RuleSyntaxErrorTest {

  private static List<RuleIssue> issues(String text) {
    return issues(RuleSet.compiler(), text);
  }

  private static List<RuleIssue> issues(RuleSet.Compiler compiler, String text) {
    RuleSyntaxException e =
        catchThrowableOfType(RuleSyntaxException.class, () -> compiler.compile(text));
    assertThat(e).as("compile error for %s", text).isNotNull();
    return e.issues();
  }

  private static RuleIssue only(String text) {
    List<RuleIssue> all = issues(text);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private static void assertIssue(RuleIssue issue, int line, int column, String message) {
    assertThat(issue.line() + ":" + issue.column() + " " + issue.message())
        .isEqualTo(line + ":" + column + " " + message);
  }

  @Test
  void compileWhenMethodSetHasNoUrlRegexThenNamesTheMethodSet() {
    assertIssue(only("[get]"), 1, 6,
        String.format(Messages.URL_REGEX_MISSING_AFTER_METHODS, "[get]"));
  }

  @Test
  void compileWhenPredicateComesFirstThenReportsMissingUrlRegex() {
    assertIssue(only("[QueryParam::a==1]"), 1, 1,
        "missing URL regex before predicate `[QueryParam::a==1]`");
  }

  @Test
  void compileWhenPredicateKindIsUnknownThenQuotesTheKind() {
    assertIssue(only(".*/x[QueryParm::a==1]"), 1, 6,
        "unknown predicate kind `QueryParm` in `[QueryParm::a==1]`;"
            + " expected QueryParam or JsonData");
  }

  @Test
  void compileWhenPredicateKindIsEmptyThenSaysSo() {
    assertIssue(only(".*/x[::a==1]"), 1, 6,
        "missing predicate kind before `::` in `[::a==1]`; expected QueryParam or JsonData");
  }

  @Test
  void compileWhenKindSeparatorIsMissingThenPointsAfterTheKind() {
    assertIssue(only(".*/x[queryparam:a==1]"), 1, 16,
        "missing `::` after `queryparam` in `[queryparam:a==1]`");
  }

  @Test
  void compileWhenEqualsIsMissingThenPointsAtTheClosingBracket() {
    assertIssue(only(".*/x[QueryParam::a]"), 1, 19,
        "missing `==` between name and value in predicate `[QueryParam::a]`");
  }

  @Test
  void compileWhenPredicateNameIsEmptyThenPointsAtTheName() {
    assertIssue(only(".*/x[JsonData::==1]"), 1, 16, "empty name in predicate `[JsonData::==1]`");
  }

  @Test
  void compileWhenPredicateIsUnclosedThenPointsAtItsBracket() {
    assertIssue(only(".*/x[QueryParam::a==b\\]"), 1, 5,
        "unclosed predicate `[QueryParam::a==b\\]`: missing `]`");
  }

  @Test
  void compileWhenTextFollowsPredicatesThenQuotesIt() {
    assertIssue(only(".*/x[QueryParam::a==1] and more  "), 1, 24,
        "unexpected text `and more` after a predicate; only further predicates may follow");
  }

  @Test
  void compileWhenMethodListHasUnknownMethodThenNamesIt() {
    assertIssue(only("[get, fetch].*/x"), 1, 7,
        "unknown method `fetch` in method set `[get, fetch]`; known methods are GET, POST, PUT,"
            + " DELETE, PATCH, HEAD, OPTIONS, TRACE, CONNECT");
  }

  @Test
  void compileWhenMethodsLackSeparatorsThenSaysHowToSeparate() {
    assertIssue(only("  [get post].*/x"), 1, 3,
        "methods in method set `[get post]` must be separated by `,` or `|`");
  }

  @Test
  void compileWhenRegexGroupIsUnclosedThenPointsAtTheOpenParenthesis() {
    assertIssue(only("[get].*/rest/(a|(b)"), 1, 14,
        "invalid regex: missing closing ): `.*/rest/(a|(b)`");
  }

  @Test
  void compileWhenParenthesisIsUnmatchedThenPointsAtIt() {
    assertIssue(only(".*/a)b)"), 1, 5, "invalid regex: unmatched `)` in `.*/a)`");
  }

  @Test
  void compileWhenEscapeIsInvalidThenQuotesRe2Description() {
    assertIssue(only(".*/x\\q"), 1, 5, "invalid regex: invalid escape sequence: `\\q`");
  }

  @Test
  void compileWhenRegexEndsWithBackslashThenPointsAtIt() {
    assertIssue(only(".*/x\\"), 1, 5, "invalid regex: trailing backslash at end of expression");
  }

  @Test
  void compileWhenPredicateValueIsInvalidThenPointsIntoTheValue() {
    assertIssue(only(".*/x[QueryParam::a==ok[z-a]]"), 1, 24,
        "invalid regex: invalid character class range: `z-a`");
  }

  @Test
  void compileWhenGroupsNestTooDeeplyThenNamesTheBound() {
    String deep = "(".repeat(1001) + "a" + ")".repeat(1001);
    RuleIssue issue = only(deep);
    assertIssue(issue, 1, 1001, String.format(Messages.REGEX_NESTING, 1001, Matchers.MAX_NESTING));
  }

  @Test
  void compileWhenJsonSelectorIsInvalidThenPointsAtTheFault() {
    assertIssue(only("[post].*/x[JsonData::a/b==1]"), 1, 23,
        String.format(Messages.INVALID_JSON_SELECTOR, "a/b", JsonSelector.ERR_SLASH_IN_PATH));
    assertIssue(only("[post].*/x[JsonData::a..b==1]"), 1, 24,
        String.format(Messages.INVALID_JSON_SELECTOR, "a..b", JsonSelector.ERR_EMPTY_SEGMENT));
  }

  @Test
  void compileWhenBaseIsUsedWithoutBaseUrlThenPointsAtEachUse() {
    List<RuleIssue> all = issues("[get]{base}/a|{base}/b");
    assertThat(all).hasSize(2);
    assertIssue(all.get(0), 1, 6, Messages.BASE_WITHOUT_BASE_URL);
    assertIssue(all.get(1), 1, 15, Messages.BASE_WITHOUT_BASE_URL);
  }

  @Test
  void compileWhenRegexErrorFollowsBaseThenColumnIsInTheSource() {
    RuleSet.Compiler c = RuleSet.compiler().baseUrl("https://jira.example.com/jira");
    List<RuleIssue> all = issues(c, "{base}/x(");
    assertThat(all).hasSize(1);
    assertIssue(all.get(0), 1, 9, "invalid regex: missing closing ): `"
        + "https://jira\\.example\\.com/jira/x(`");
  }

  @Test
  void compileWhenLineIsTooLongThenNamesTheSettingAndPointsPastTheLimit() {
    RuleSet.Compiler c = RuleSet.compiler().limits(Limits.builder().maxLineLength(4096).build());
    List<RuleIssue> all = issues(c, ".*/ok\n.*/" + "x".repeat(4997));
    assertThat(all).hasSize(1);
    assertIssue(all.get(0), 2, 4097,
        "line has 5000 characters, more than the limit of 4096 (Limits.maxLineLength)");
  }

  @Test
  void compileWhenTooManyLinesThenNamesTheSetting() {
    RuleSet.Compiler c = RuleSet.compiler().limits(Limits.builder().maxLines(2).build());
    List<RuleIssue> all = issues(c, "# a\n# b\n.*/c\n.*/d\n");
    assertThat(all).hasSize(1);
    assertIssue(all.get(0), 3, 1,
        "rule set has 4 lines, more than the limit of 2 (Limits.maxLines)");
  }

  @Test
  void compileWhenRepetitionBlowsUpThenRefusesWithTheSetting() {
    assertIssue(only("(a{100}){100}"), 1, 1,
        "regex `(a{100}){100}` compiles to 10202 RE2 instructions, more than the limit of 10000"
            + " (Limits.maxRegexProgramSize)");
  }

  @Test
  void compileWhenRepetitionBlowsUpFarBeyondTheLimitThenRefusesWithoutCompiling() {
    assertIssue(only("((((a{1000}){1000}){1000}){1000})"), 1, 1,
        "regex `((((a{1000}){1000}){1000}){1000})` would compile to about 1002002002004 RE2"
            + " instructions, more than the limit of 10000 (Limits.maxRegexProgramSize)");
  }

  @Test
  void compileWhenSeveralLinesAreWrongThenReportsEveryOneInOrder() {
    List<RuleIssue> all = issues("[get]\n.*/ok\n.*/x[Query::a==1]\n\n(\n.*/y[QueryParam::b]");
    assertThat(all).extracting(i -> i.line() + ":" + i.column())
        .containsExactly("1:6", "3:6", "5:1", "6:19");
  }

  @Test
  void renderShowsFileLineColumnSourceAndCaret() {
    RuleSyntaxException e = catchThrowableOfType(RuleSyntaxException.class,
        () -> RuleSet.compile("[get].*/ok\n\t[post].*/x[Query::a==1]"));
    assertThat(e.render("token.rules")).isEqualTo(
        "token.rules:2:13: error: unknown predicate kind `Query` in `[Query::a==1]`;"
            + " expected QueryParam or JsonData\n"
            + "\t[post].*/x[Query::a==1]\n"
            + "\t           ^");
  }

  @Test
  void compileWhenQuotedTextIsLongThenQuotesABoundedPrefix() {
    String longKind = "K".repeat(100);
    RuleIssue issue = only(".*/x[" + longKind + "::a==1]");
    assertThat(issue.message()).startsWith("unknown predicate kind `" + longKind + "` in `[KKK")
        .contains("...`");
  }

  @Test
  void baseUrlWhenNotHttpThenRejectedWithTheValue() {
    assertThatThrownBy(() -> RuleSet.compiler().baseUrl("ftp://jira.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(String.format(Messages.BASE_URL_INVALID, "ftp://jira.example.com"));
    assertThatThrownBy(() -> RuleSet.compiler().baseUrl("/jira"))
        .hasMessage(String.format(Messages.BASE_URL_INVALID, "/jira"));
    assertThatThrownBy(() -> RuleSet.compiler().baseUrl("https://jira.example.com/?a=1"))
        .hasMessage(String.format(Messages.BASE_URL_HAS_QUERY, "https://jira.example.com/?a=1"));
    assertThatThrownBy(() -> RuleSet.compiler().baseUrl("https://u:p@jira.example.com"))
        .hasMessage(String.format(Messages.BASE_URL_HAS_QUERY, "https://u:p@jira.example.com"));
  }
}
