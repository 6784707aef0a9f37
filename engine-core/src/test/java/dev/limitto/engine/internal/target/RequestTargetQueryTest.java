package dev.limitto.engine.internal.target;

import static dev.limitto.engine.internal.target.TestViews.ORIGIN;
import static dev.limitto.engine.internal.target.TestViews.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.engine.Limits;
import dev.limitto.engine.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetQueryTest {

  private static RequestTarget accepted(String target) {
    RequestTarget t = parse(target);
    assertThat(t.isRejected()).as("rejected: %s", t.rejection()).isFalse();
    return t;
  }

  private static void assertRejected(String target, String rule) {
    RequestTarget t = parse(target);
    assertThat(t.isRejected()).isTrue();
    assertThat(t.rejectionRule()).isEqualTo(rule);
    assertThat(t.rejection()).startsWith(rule);
    assertThat(t.canonicalUrl()).isNull();
  }

  // --- decoding ---

  @Test
  void queryValuesWhenParameterIsPlainThenReturnsItsValue() {
    RequestTarget t = accepted("/rest/api/2/search?jql=project&startAt=10");
    assertThat(t.queryValues("jql")).containsExactly("project");
    assertThat(t.queryValues("startAt")).containsExactly("10");
  }

  @Test
  void queryValuesWhenParameterIsRepeatedThenReturnsEveryValueInOrder() {
    RequestTarget t = accepted("/s?filterName=Team1&x=0&filterName=Root&filterName=Team2");
    assertThat(t.queryValues("filterName")).containsExactly("Team1", "Root", "Team2");
  }

  @Test
  void queryValuesWhenParameterHasNoEqualsSignThenValueIsEmpty() {
    RequestTarget t = accepted("/s?p&q=1");
    assertThat(t.hasQueryParam("p")).isTrue();
    assertThat(t.queryValues("p")).containsExactly("");
  }

  @Test
  void queryValuesWhenValueIsEmptyThenValueIsEmpty() {
    RequestTarget t = accepted("/s?p=&q=1");
    assertThat(t.queryValues("p")).containsExactly("");
  }

  @Test
  void queryValuesWhenValueContainsEqualsSignsThenSplitsAtTheFirstOnly() {
    RequestTarget t = accepted("/s?jql=project=KANBAN&x==");
    assertThat(t.queryValues("jql")).containsExactly("project=KANBAN");
    assertThat(t.queryValues("x")).containsExactly("=");
  }

  @Test
  void queryValuesWhenValueHasSemicolonThenItIsNotASeparator() {
    RequestTarget t = accepted("/s?a=1;b=2");
    assertThat(t.queryValues("a")).containsExactly("1;b=2");
    assertThat(t.hasQueryParam("b")).isFalse();
  }

  @Test
  void queryValuesWhenValueHasPlusThenDecodesItAsSpace() {
    RequestTarget t = accepted("/s?jql=project+%3D+KANBAN");
    assertThat(t.queryValues("jql")).containsExactly("project = KANBAN");
  }

  @Test
  void queryValuesWhenValueHasEncodedPlusThenKeepsAPlus() {
    RequestTarget t = accepted("/s?q=a%2Bb&r=a%2bb");
    assertThat(t.queryValues("q")).containsExactly("a+b");
    assertThat(t.queryValues("r")).containsExactly("a+b");
  }

  @Test
  void queryValuesWhenValueIsPercentEncodedUtf8ThenDecodesIt() {
    RequestTarget t = accepted("/s?filterName=Team%20Alpha&u=caf%C3%A9&e=%E2%82%AC&s=%F0%9F%98%80");
    assertThat(t.queryValues("filterName")).containsExactly("Team Alpha");
    assertThat(t.queryValues("u")).containsExactly("café");
    assertThat(t.queryValues("e")).containsExactly("€");
    assertThat(t.queryValues("s")).containsExactly("\uD83D\uDE00");
  }

  @Test
  void queryValuesWhenValueEncodesSeparatorsThenTheyArePartOfTheValue() {
    RequestTarget t = accepted("/s?jql=a%26b%3Dc&x=%25");
    assertThat(t.queryValues("jql")).containsExactly("a&b=c");
    assertThat(t.queryValues("x")).containsExactly("%");
    assertThat(t.hasQueryParam("b")).isFalse();
  }

  @Test
  void queryValuesWhenValueEncodesControlCharactersThenKeepsThemForTheRegexToSee() {
    // a value regex must match the whole decoded value, newlines included: '.' does not
    // match a newline, so hiding one here makes a line fail rather than pass
    RequestTarget t = accepted("/s?jql=a%0Ab%00");
    assertThat(t.queryValues("jql")).containsExactly("a\nb\u0000");
  }

  @Test
  void queryValuesWhenSegmentsAreEmptyThenIgnoresThem() {
    RequestTarget t = accepted("/s?&a=1&&b=2&");
    assertThat(t.queryValues("a")).containsExactly("1");
    assertThat(t.queryValues("b")).containsExactly("2");
    assertThat(t.hasQueryParam("")).isFalse();
  }

  @Test
  void queryValuesWhenNameIsEmptyThenKeepsTheParameterUnderTheEmptyName() {
    RequestTarget t = accepted("/s?=x");
    assertThat(t.queryValues("")).containsExactly("x");
  }

  @Test
  void queryValuesWhenParameterIsAbsentThenReturnsEmptyList() {
    RequestTarget t = accepted("/s?a=1");
    assertThat(t.hasQueryParam("jql")).isFalse();
    assertThat(t.queryValues("jql")).isEmpty();
  }

  @Test
  void queryValuesWhenThereIsNoQueryThenEveryParameterIsAbsent() {
    RequestTarget t = accepted("/s");
    assertThat(t.hasQueryParam("a")).isFalse();
    assertThat(t.queryValues("a")).isEmpty();
  }

  @Test
  void queryValuesWhenQueryIsEmptyThenEveryParameterIsAbsent() {
    RequestTarget t = accepted("/s?");
    assertThat(t.hasQueryParam("")).isFalse();
    assertThat(t.queryValues("a")).isEmpty();
  }

  @Test
  void queryValuesWhenNamesDifferInCaseThenTheyAreDifferentParameters() {
    RequestTarget t = accepted("/s?JQL=a&jql=b");
    assertThat(t.queryValues("jql")).containsExactly("b");
    assertThat(t.queryValues("JQL")).containsExactly("a");
  }

  @Test
  void queryValuesWhenNameIsPercentEncodedThenItIsComparedDecoded() {
    RequestTarget t = accepted("/s?%6Aql=a&j%71l=b&jql=c");
    assertThat(t.queryValues("jql")).containsExactly("a", "b", "c");
  }

  @Test
  void queryValuesWhenNameHasPlusThenItIsComparedWithASpace() {
    RequestTarget t = accepted("/s?a+b=1&a%20b=2&a%2Bb=3");
    assertThat(t.queryValues("a b")).containsExactly("1", "2");
    assertThat(t.queryValues("a+b")).containsExactly("3");
  }

  @Test
  void queryValuesWhenPathIsDecodedThenQueryIsStillRawAndSeparate() {
    RequestTarget t = accepted("/s%20x?a=%2F");
    assertThat(t.canonicalPath()).isEqualTo("/s x");
    assertThat(t.queryValues("a")).containsExactly("/");
  }

  @Test
  void queryValuesResultCannotBeModified() {
    RequestTarget t = accepted("/s?a=1");
    assertThatThrownBy(() -> t.queryValues("a").add("2"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void queryValuesWhenThereAreManyParametersThenKeepsEveryOne() {
    StringBuilder q = new StringBuilder("/s?");
    for (int i = 0; i < 100; i++) {
      q.append("p").append(i % 7).append('=').append(i).append('&');
    }
    RequestTarget t = accepted(q.toString());
    assertThat(t.queryValues("p3")).hasSize(14).startsWith("3", "10", "17").endsWith("94");
  }

  // --- rejections ---

  @ParameterizedTest
  @ValueSource(strings = {"/s?a=%", "/s?a=%4", "/s?a=%zz", "/s?%=1", "/s?a=1&b=%G0", "/s?a=%%"})
  void parseWhenQueryHasMalformedPercentEncodingThenRejects(String target) {
    assertRejected(target, Rejections.QUERY_MALFORMED_PERCENT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/s?a=%80",
        "/s?a=%C0%AF",
        "/s?a=%E0%80%AF",
        "/s?a=%ED%A0%80",
        "/s?a=%F4%90%80%80",
        "/s?a=%FF",
        "/s?a=%C3",
        "/s?a=%C3&b=%A9",
        "/s?a%C3=%A9",
        "/s?a=%C3+",
        "/s?a=%E2%82"
      })
  void parseWhenQueryIsNotUtf8AfterDecodingThenRejects(String target) {
    assertRejected(target, Rejections.QUERY_INVALID_UTF8);
  }

  @Test
  void parseWhenQueryHasRawSpaceThenRejects() {
    assertRejected("/s?jql=project = KANBAN", Rejections.QUERY_SPACE);
  }

  @Test
  void parseWhenQueryHasHashThenRejects() {
    assertRejected("/s?a=1#frag", Rejections.QUERY_HASH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/s?a=\u0000", "/s?a=\n", "/s?a=\t", "/s?a=\u007F"})
  void parseWhenQueryHasRawControlCharacterThenRejects(String target) {
    assertRejected(target, Rejections.QUERY_CONTROL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/s?a=caf\u00E9", "/s?a=\uD800", "/s?\u20AC=1"})
  void parseWhenQueryHasRawNonAsciiCharacterThenRejects(String target) {
    assertRejected(target, Rejections.QUERY_NON_ASCII);
  }

  @Test
  void parseWhenQueryIsMalformedThenRejectionNamesPositionInTheQuery() {
    assertThat(parse("/s?jql=%zz").rejection())
        .isEqualTo(Rejections.QUERY_MALFORMED_PERCENT + " at character 5: \"jql=%zz\"");
  }

  @Test
  void parseWhenQueryIsAtTheLimitThenAccepts() {
    Limits limits = Limits.builder().maxQueryLength(5).build();
    RequestTarget t = RequestTarget.parse(Request.of("GET", "/s?a=123"), ORIGIN, limits);
    assertThat(t.isRejected()).isFalse();
  }

  @Test
  void parseWhenQueryIsLongerThanTheLimitThenRejectsNamingTheLimit() {
    Limits limits = Limits.builder().maxQueryLength(5).build();
    RequestTarget t = RequestTarget.parse(Request.of("GET", "/s?a=1234"), ORIGIN, limits);
    assertThat(t.rejectionRule()).isEqualTo(Rejections.QUERY_TOO_LONG);
    assertThat(t.rejection())
        .isEqualTo(
            "query string has 6 characters, more than the limit of 5 (Limits.maxQueryLength)");
  }

  @Test
  void parseWhenPathAndQueryAreBothBadThenReportsThePath() {
    assertRejected("/a/../b?x=%zz", Rejections.PATH_DOT_SEGMENT);
  }
}
