package dev.limitto.engine.internal.json;

import static dev.limitto.engine.internal.json.JsonFixtures.headers;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonHeaderProblemTest {

  @ParameterizedTest
  @ValueSource(strings = {
    "application/json",
    "Application/JSON",
    " application/json\t",
    "application/json; charset=utf-8",
    "application/json;charset=UTF-8",
    "application/json ; Charset=Utf-8 ",
    "application/json; charset=\"utf-8\"",
    "application/json; CHARSET=\"UTF-8\""
  })
  void headerProblemWhenContentTypeIsJsonWithOptionalUtf8CharsetThenNone(String contentType) {
    assertThat(JsonBodyCheck.headerProblem(headers("Content-Type", contentType))).isNull();
  }

  @Test
  void headerProblemWhenContentTypeMissingThenReportsMissing() {
    assertThat(JsonBodyCheck.headerProblem(headers()))
        .isEqualTo(JsonBodyCheck.CONTENT_TYPE_MISSING);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "",
    "text/json",
    "application/json-patch+json",
    "application/jsonx",
    "application/x-www-form-urlencoded",
    "application/json, application/json",
    "application / json",
    "*/*"
  })
  void headerProblemWhenMediaTypeIsNotApplicationJsonThenReportsIt(String contentType) {
    assertThat(JsonBodyCheck.headerProblem(headers("Content-Type", contentType)))
        .isEqualTo(String.format(JsonBodyCheck.CONTENT_TYPE_NOT_JSON,
            Excerpt.quoted(contentType)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "application/json; charset=latin1",
    "application/json; charset=utf8",
    "application/json; charset=utf-16",
    "application/json; charset = utf-8",
    "application/json; charset=\"utf-8",
    "application/json; charset=utf-8; charset=utf-8",
    "application/json; charset=utf-8;",
    "application/json;",
    "application/json; boundary=x",
    "application/json; charset=utf-8, text/plain"
  })
  void headerProblemWhenParameterIsNotOneUtf8CharsetThenReportsIt(String contentType) {
    assertThat(JsonBodyCheck.headerProblem(headers("Content-Type", contentType)))
        .isEqualTo(String.format(JsonBodyCheck.CONTENT_TYPE_PARAMETER,
            Excerpt.quoted(contentType)));
  }

  @Test
  void headerProblemWhenContentTypeHasLineBreakThenExcerptIsEscaped() {
    assertThat(JsonBodyCheck.headerProblem(headers("Content-Type", "text/plain\nX: y")))
        .isEqualTo("Content-Type \"text/plain\\u000aX: y\" is not application/json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"identity", "IDENTITY", " identity "})
  void headerProblemWhenContentEncodingIsIdentityThenNone(String encoding) {
    assertThat(JsonBodyCheck.headerProblem(
            headers("Content-Type", "application/json", "Content-Encoding", encoding)))
        .isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "deflate", "br", "", "identity, gzip", "gzip, identity"})
  void headerProblemWhenContentEncodingIsNotIdentityThenReportsIt(String encoding) {
    assertThat(JsonBodyCheck.headerProblem(
            headers("Content-Type", "application/json", "Content-Encoding", encoding)))
        .isEqualTo(String.format(JsonBodyCheck.CONTENT_ENCODING_NOT_IDENTITY,
            Excerpt.quoted(encoding)));
  }

  @Test
  void headerProblemWhenContentTypeIsWrongThenItIsReportedBeforeTheEncoding() {
    assertThat(JsonBodyCheck.headerProblem(
            headers("Content-Type", "text/plain", "Content-Encoding", "gzip")))
        .isEqualTo("Content-Type \"text/plain\" is not application/json");
  }
}
