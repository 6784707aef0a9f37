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
        .isEqualTo(JsonBodyCheck.CONTENT_TYPE_NOT_JSON);
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
        .isEqualTo(JsonBodyCheck.CONTENT_TYPE_PARAMETER);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "text/plain; token=ltk_0123456789SECRETabcdef",
    "application/json; charset=ltk_0123456789SECRETabcdef",
    "ltk_0123456789SECRETabcdef\nX: y"
  })
  void headerProblemNamesTheHeaderButNeverQuotesItsValue(String value) {
    String contentType = JsonBodyCheck.headerProblem(headers("Content-Type", value));
    String encoding = JsonBodyCheck.headerProblem(
        headers("Content-Type", "application/json", "Content-Encoding", value));
    assertThat(contentType).startsWith("Content-Type ").doesNotContain("SECRET", "ltk_", "text");
    assertThat(encoding).startsWith("Content-Encoding ").doesNotContain("SECRET", "ltk_");
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
        .isEqualTo(JsonBodyCheck.CONTENT_ENCODING_NOT_IDENTITY);
  }

  @Test
  void headerProblemWhenContentTypeIsWrongThenItIsReportedBeforeTheEncoding() {
    assertThat(JsonBodyCheck.headerProblem(
            headers("Content-Type", "text/plain", "Content-Encoding", "gzip")))
        .isEqualTo(JsonBodyCheck.CONTENT_TYPE_NOT_JSON);
  }
}
