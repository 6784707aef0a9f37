package dev.limitto.engine.internal.target;

import static dev.limitto.engine.internal.target.TestViews.ORIGIN;
import static dev.limitto.engine.internal.target.TestViews.parse;
import static dev.limitto.engine.internal.target.TestViews.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Limits;
import dev.limitto.engine.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetPathTest {

  private static void assertRejected(RequestTarget t, String rule) {
    assertThat(t.isRejected()).as("rejected: %s", t).isTrue();
    assertThat(t.rejectionRule()).isEqualTo(rule);
    assertThat(t.rejection()).startsWith(rule);
    assertThat(t.canonicalPath()).isNull();
    assertThat(t.canonicalUrl()).isNull();
    assertThat(t.hasQueryParam("a")).isFalse();
    assertThat(t.queryValues("a")).isEmpty();
  }

  private static void assertRejected(String target, String rule) {
    assertRejected(parse(target), rule);
  }

  private static void assertCanonical(String target, String canonicalPath) {
    RequestTarget t = parse(target);
    assertThat(t.isRejected()).as("rejected: %s", t.rejection()).isFalse();
    assertThat(t.rejection()).isNull();
    assertThat(t.rejectionRule()).isNull();
    assertThat(t.canonicalPath()).isEqualTo(canonicalPath);
    assertThat(t.canonicalUrl()).isEqualTo(ORIGIN + canonicalPath);
  }

  // --- accepted paths ---

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/rest/api/2/myself",
        "/rest/api/2/issue/KANBAN-100/comment",
        "/rest/api/2/issue/KANBAN-100/comment/10000",
        "/jira/rest/api/2/search",
        "/rest/agile/1.0/board/12/sprint",
        "/rest/api/2/project/",
        "/secure/attachment/10000/report.v2.pdf",
        "/rest/api/2/user/properties/...",
        "/rest/api/2/user/properties/.hidden",
        "/rest/api/2/user/properties/a..",
        "/a:b/@c/!$&'()*,=~_-"
      })
  void parseWhenPathIsOrdinaryThenCanonicalPathIsTheRawPath(String path) {
    assertCanonical(path, path);
  }

  @Test
  void parseWhenPathNeedsNoDecodingThenCanonicalPathIsTheSameString() {
    String path = "/rest/api/2/issue/KANBAN-1";
    RequestTarget t = RequestTarget.parse(view(path, null), ORIGIN, Limits.defaults());
    assertThat(t.canonicalPath()).isSameAs(path);
  }

  @Test
  void parseWhenPathHasContextPathThenCanonicalUrlKeepsIt() {
    RequestTarget t =
        RequestTarget.parse(
            Request.of("GET", "/jira/rest/api/2/myself"),
            "https://jira.example.com",
            Limits.defaults());
    assertThat(t.canonicalUrl()).isEqualTo("https://jira.example.com/jira/rest/api/2/myself");
  }

  @Test
  void parseWhenPathHasQueryThenCanonicalUrlHasNoQuery() {
    assertCanonical("/rest/api/2/search?jql=project%3DKANBAN", "/rest/api/2/search");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/rest/api/2/filter/Team%20Alpha | /rest/api/2/filter/Team Alpha",
        "/rest/api/2/user/caf%C3%A9 | /rest/api/2/user/café",
        "/rest/api/2/user/caf%c3%a9 | /rest/api/2/user/café",
        "/x/%E2%82%AC | /x/€",
        "/x/%F0%9F%98%80 | /x/\uD83D\uDE00",
        "/x/%EF%BF%BD | /x/\uFFFD",
        "/x/%F4%8F%BF%BF | /x/\uDBFF\uDFFF",
        "/x/%C2%A0 | /x/\u00A0",
        "/x/%41%62c | /x/Abc",
        "/x/a+b | /x/a+b",
        "/x/a%2Bb | /x/a+b",
        "/x/%3A%40%21%24%26 | /x/:@!$&",
        "/%7Euser/%2d | /~user/-"
      })
  void parseWhenPathIsPercentEncodedThenDecodesOnceAsUtf8(String raw, String canonical) {
    assertCanonical(raw, canonical);
  }

  @Test
  void parseWhenPathEncodesAPercentSignThenItIsRejectedRatherThanDecodedTwice() {
    // %2541 would become "%41" after one decoding: never a second time, and never accepted
    assertRejected("/x/%2541", Rejections.PATH_ENCODED_PERCENT);
  }

  // --- rejections: shape ---

  @Test
  void parseWhenPathIsNullThenRejectsAsMissing() {
    RequestTarget t = RequestTarget.parse(view(null, null), ORIGIN, Limits.defaults());
    assertRejected(t, Rejections.PATH_MISSING);
    assertThat(t.rejection()).isEqualTo(Rejections.PATH_MISSING);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "*", "rest/api/2/myself", "https://evil.example/rest", "%2Frest"})
  void parseWhenPathDoesNotStartWithSlashThenRejects(String path) {
    assertRejected(RequestTarget.parse(view(path, null), ORIGIN, Limits.defaults()),
        Rejections.PATH_NOT_ABSOLUTE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"//", "//rest/api", "/rest//api", "/rest/api//", "/rest/api///x"})
  void parseWhenPathHasDoubleSlashThenRejects(String path) {
    assertRejected(path, Rejections.PATH_DOUBLE_SLASH);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/.", "/..", "/./x", "/../x", "/rest/./api", "/rest/../api",
        "/rest/api/.", "/rest/api/..", "/rest/api/2/issue/SCRUM-1/comment/../../SCRUM-9"
      })
  void parseWhenPathHasDotSegmentThenRejects(String path) {
    assertRejected(path, Rejections.PATH_DOT_SEGMENT);
  }

  @Test
  void parseWhenPathHasDotSegmentThenRejectionNamesPositionAndExcerpt() {
    RequestTarget t = parse("/rest/../admin");
    assertThat(t.rejection())
        .isEqualTo(Rejections.PATH_DOT_SEGMENT + " at character 7: \"/rest/../admin\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/rest/api/2/project;x=1", "/rest;jsessionid=1/api", "/;"})
  void parseWhenPathHasSemicolonThenRejects(String path) {
    assertRejected(path, Rejections.PATH_SEMICOLON);
  }

  @Test
  void parseWhenPathHasBackslashThenRejects() {
    assertRejected("/rest\\..\\admin", Rejections.PATH_BACKSLASH);
  }

  @Test
  void parseWhenPathHasHashThenRejects() {
    assertRejected("/rest/api#frag", Rejections.PATH_HASH);
  }

  @Test
  void parseWhenPathHasQuestionMarkThenRejects() {
    assertRejected(RequestTarget.parse(view("/rest?x", null), ORIGIN, Limits.defaults()),
        Rejections.PATH_QUESTION_MARK);
  }

  @Test
  void parseWhenPathHasSpaceThenRejects() {
    assertRejected("/rest/api 2", Rejections.PATH_SPACE);
  }

  @Test
  void parseWhenPathHasNulThenRejects() {
    assertRejected("/rest/api\u0000/x", Rejections.PATH_NUL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a\tb", "/a\nb", "/a\rb", "/a\u001Fb", "/a\u007Fb"})
  void parseWhenPathHasControlCharacterThenRejects(String path) {
    assertRejected(path, Rejections.PATH_CONTROL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/caf\u00E9", "/\u0085", "/x/\u20AC", "/\uD83D\uDE00", "/\uD800", "/\uFF0E\uFF0E"})
  void parseWhenPathHasRawNonAsciiCharacterThenRejects(String path) {
    assertRejected(path, Rejections.PATH_NON_ASCII);
  }

  @Test
  void parseWhenRawControlCharacterIsRejectedThenExcerptEscapesIt() {
    RequestTarget t = parse("/a\nb\"c");
    assertThat(t.rejection())
        .isEqualTo(Rejections.PATH_CONTROL + " at character 3: \"/a\\u000Ab\\\"c\"");
  }

  @Test
  void parseWhenOffenceIsDeepInALongPathThenExcerptIsBounded() {
    String path = "/" + "a".repeat(100) + ";" + "b".repeat(100);
    RequestTarget t = parse(path);
    assertThat(t.rejection())
        .isEqualTo(Rejections.PATH_SEMICOLON + " at character 102: \"..."
            + "a".repeat(20) + ";" + "b".repeat(20) + "...\"");
  }

  // --- rejections: percent-encoding ---

  @ParameterizedTest
  @ValueSource(strings = {"/a%2Fb", "/a%2fb", "/rest/api/2/issue/SCRUM-1/comment%2F..%2F..%2FSCRUM-9"})
  void parseWhenPathHasEncodedSlashThenRejects(String path) {
    assertRejected(path, Rejections.PATH_ENCODED_SLASH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a%5Cb", "/a%5cb"})
  void parseWhenPathHasEncodedBackslashThenRejects(String path) {
    assertRejected(path, Rejections.PATH_ENCODED_BACKSLASH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/%2E%2E/admin", "/%2e/x", "/a/.%2e/b", "/file%2Etxt"})
  void parseWhenPathHasEncodedDotThenRejects(String path) {
    assertRejected(path, Rejections.PATH_ENCODED_DOT);
  }

  @Test
  void parseWhenPathHasEncodedPercentThenRejects() {
    assertRejected("/a%25b", Rejections.PATH_ENCODED_PERCENT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a%3Bb", "/a%3bb"})
  void parseWhenPathHasEncodedSemicolonThenRejects(String path) {
    assertRejected(path, Rejections.PATH_ENCODED_SEMICOLON);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/search%3Fjql=x", "/search%3f"})
  void parseWhenPathHasEncodedQuestionMarkThenRejects(String path) {
    assertRejected(path, Rejections.PATH_ENCODED_QUESTION_MARK);
  }

  @Test
  void parseWhenPathHasEncodedHashThenRejects() {
    assertRejected("/a%23b", Rejections.PATH_ENCODED_HASH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a%00", "/a%0A", "/a%0d%0a", "/a%1F", "/a%1f", "/a%7F", "/a%7f",
      "/a%C2%80", "/a%C2%85", "/a%C2%9F"})
  void parseWhenPathHasEncodedControlCharacterThenRejects(String path) {
    assertRejected(path, Rejections.PATH_ENCODED_CONTROL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a%EF%BC%8Fb", "/a%ef%bc%8fb", "/a/%EF%BC%8E%EF%BC%8E/b", "/a%E2%80%A4",
      "/a%E2%88%95b", "/a%E2%81%84b", "/a%E2%A7%B8b", "/a%E2%A7%B9b", "/a%EF%BC%BCb", "/a%EF%BC%85",
      "/a%EF%BC%9Bx=1", "/a%CD%BE", "/a%EF%BC%9Fb", "/a%EF%BC%83b", "/a%C2%BD", "/a%F0%9F%84%80"})
  void parseWhenPathHasDecodedLookAlikeThenRejects(String path) {
    assertRejected(path, Rejections.PATH_LOOK_ALIKE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a%E2%80%8Bb", "/a%E2%80%8Db", "/a%E2%80%AEb", "/a%EF%BB%BF", "/%EF%BB%BFa",
      "/a%C2%AD", "/a%E2%81%A0", "/a%F3%A0%81%81", "/a%f3%a0%80%81"})
  void parseWhenPathHasDecodedFormatCharacterThenRejects(String path) {
    assertRejected(path, Rejections.PATH_FORMAT_CHARACTER);
  }

  @Test
  void parseWhenLookAlikeIsRejectedThenPositionIsWhereItsEncodingStarts() {
    assertThat(parse("/a/b%EF%BC%8Fc").rejection())
        .isEqualTo(Rejections.PATH_LOOK_ALIKE + " at character 5: \"/a/b%EF%BC%8Fc\"");
    assertThat(parse("/a/%F3%A0%81%81").rejection())
        .isEqualTo(Rejections.PATH_FORMAT_CHARACTER + " at character 4: \"/a/%F3%A0%81%81\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a%", "/a%4", "/a%zz", "/a%4g", "/a%g4", "/%", "/a%%41", "/a%-1", "/a%+1"})
  void parseWhenPathHasMalformedPercentEncodingThenRejects(String path) {
    assertRejected(path, Rejections.PATH_MALFORMED_PERCENT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/a%80", // lone continuation byte
        "/a%BF",
        "/a%C0%AF", // overlong '/'
        "/a%C1%81", // overlong 'A'
        "/a%E0%80%AF", // overlong '/', three bytes
        "/a%E0%9F%BF", // overlong, three bytes
        "/a%F0%80%80%AF", // overlong, four bytes
        "/a%F0%8F%BF%BF", // overlong, four bytes
        "/a%ED%A0%80", // high surrogate U+D800
        "/a%ED%BF%BF", // low surrogate U+DFFF
        "/a%F4%90%80%80", // beyond U+10FFFF
        "/a%F5%80%80%80",
        "/a%FF",
        "/a%C3", // truncated at the end
        "/a%C3/b", // truncated by a raw character
        "/a%E2%82", // truncated three-byte sequence
        "/a%E2%82x",
        "/a%C3%41", // continuation expected, ASCII byte found
        "/a%C3%C3%A9" // lead byte where a continuation is expected
      })
  void parseWhenPathIsNotUtf8AfterDecodingThenRejects(String path) {
    assertRejected(path, Rejections.PATH_INVALID_UTF8);
  }

  @Test
  void parseWhenUtf8SequenceIsCutByASlashThenRejectsAsInvalidUtf8NotAsSegmentRule() {
    assertRejected("/a%C3/..", Rejections.PATH_INVALID_UTF8);
  }

  // --- rejections: length ---

  @Test
  void parseWhenPathIsAtTheLimitThenAccepts() {
    Limits limits = Limits.builder().maxPathLength(10).build();
    RequestTarget t = RequestTarget.parse(Request.of("GET", "/123456789"), ORIGIN, limits);
    assertThat(t.isRejected()).isFalse();
  }

  @Test
  void parseWhenPathIsLongerThanTheLimitThenRejectsNamingTheLimit() {
    Limits limits = Limits.builder().maxPathLength(10).build();
    RequestTarget t = RequestTarget.parse(Request.of("GET", "/1234567890"), ORIGIN, limits);
    assertThat(t.rejectionRule()).isEqualTo(Rejections.PATH_TOO_LONG);
    assertThat(t.canonicalUrl()).isNull();
    assertThat(t.rejection())
        .isEqualTo("path has 11 characters, more than the limit of 10 (Limits.maxPathLength)");
  }

  @Test
  void parseWhenPathIsLongerThanTheDefaultLimitThenRejects() {
    String path = "/" + "a".repeat(Limits.DEFAULT_MAX_PATH_LENGTH);
    RequestTarget t = parse(path);
    assertThat(t.rejectionRule()).isEqualTo(Rejections.PATH_TOO_LONG);
    assertThat(t.rejection()).contains("8193", "8192", "Limits.maxPathLength");
  }

  // --- first offence wins ---

  @Test
  void parseWhenPathBreaksSeveralRulesThenReportsTheFirstByPosition() {
    assertRejected("/a;b/../%2F", Rejections.PATH_SEMICOLON);
    assertRejected("/a/%2F;", Rejections.PATH_ENCODED_SLASH);
  }
}
