package dev.limitto.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Request;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonLinesFormatTest {

  private final JsonLinesFormat format = new JsonLinesFormat();

  private Request request(String line) {
    InputFormat.Parsed parsed = format.parse(line);
    assertThat(parsed).isInstanceOf(InputFormat.Ok.class);
    return ((InputFormat.Ok) parsed).request();
  }

  private String error(String line) {
    InputFormat.Parsed parsed = format.parse(line);
    assertThat(parsed).isInstanceOf(InputFormat.Malformed.class);
    return ((InputFormat.Malformed) parsed).message();
  }

  @Test
  void parseWhenMethodAndTargetThenRequestKeepsRawPathAndQuery() {
    Request r = request("{\"method\":\"GET\",\"target\":\"/rest/api/2/search?jql=a%20b&x\"}");
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.rawPath()).isEqualTo("/rest/api/2/search");
    assertThat(r.rawQuery()).isEqualTo("jql=a%20b&x");
    assertThat(r.body(1024)).isEmpty();
  }

  @Test
  void parseWhenMethodIsLowerCaseThenKeepsItAsSentForTheEngineToJudge() {
    assertThat(request("{\"method\":\"get\",\"target\":\"/x\"}").method()).isEqualTo("get");
  }

  @Test
  void parseWhenHeadersAndBodyThenRequestCarriesThem() {
    Request r = request("{\"method\":\"POST\",\"target\":\"/i\","
        + "\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"{\\\"a\\\":\\\"\u00e9\\\"}\"}");
    assertThat(r.header("content-type")).isEqualTo("application/json");
    assertThat(r.body(1024)).isEqualTo("{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parseWhenHeaderValueIsArrayThenJoinsRepeatedValues() {
    Request r = request("{\"method\":\"GET\",\"target\":\"/x\",\"headers\":{\"Accept\":[\"a\",\"b\"]}}");
    assertThat(r.header("Accept")).isEqualTo("a, b");
  }

  @Test
  void parseWhenHeadersAndBodyAreNullThenTreatsThemAsAbsent() {
    Request r = request("{\"method\":\"GET\",\"target\":\"/x\",\"headers\":null,\"body\":null}");
    assertThat(r.header("Content-Type")).isNull();
    assertThat(r.body(1024)).isEmpty();
  }

  @Test
  void parseWhenLineIsBlankThenEmptyLineError() {
    assertThat(error("   ")).isEqualTo(JsonLinesFormat.EMPTY_LINE);
  }

  @Test
  void parseWhenJsonIsInvalidThenNamesTheColumn() {
    assertThat(error("{\"method\":GET}"))
        .startsWith("invalid JSON at column 11: ")
        .doesNotContain("\n");
  }

  @Test
  void parseWhenTrailingContentThenInvalidJson() {
    assertThat(error("{\"method\":\"GET\",\"target\":\"/x\"} {}")).startsWith("invalid JSON at column ");
  }

  @Test
  void parseWhenFieldIsDuplicatedThenInvalidJsonRatherThanPickingOne() {
    assertThat(error("{\"method\":\"GET\",\"target\":\"/a\",\"target\":\"/b\"}"))
        .startsWith("invalid JSON at column ")
        .contains("target");
  }

  @Test
  void parseWhenNotAnObjectThenSaysWhatWasFound() {
    assertThat(error("[1]")).isEqualTo(String.format(JsonLinesFormat.NOT_AN_OBJECT, "array"));
    assertThat(error("\"GET /\"")).isEqualTo(String.format(JsonLinesFormat.NOT_AN_OBJECT, "string"));
  }

  @Test
  void parseWhenFieldIsUnknownThenNamesItInsteadOfIgnoringIt() {
    assertThat(error("{\"method\":\"POST\",\"target\":\"/x\",\"bdy\":\"{}\"}"))
        .isEqualTo(String.format(JsonLinesFormat.UNKNOWN_FIELD, "bdy"));
  }

  @Test
  void parseWhenMethodMissingThenNamesIt() {
    assertThat(error("{\"target\":\"/x\"}"))
        .isEqualTo(String.format(JsonLinesFormat.MISSING_FIELD, "method"));
  }

  @Test
  void parseWhenTargetMissingThenNamesIt() {
    assertThat(error("{\"method\":\"GET\"}"))
        .isEqualTo(String.format(JsonLinesFormat.MISSING_FIELD, "target"));
  }

  @Test
  void parseWhenTargetIsNotStringThenNamesIt() {
    assertThat(error("{\"method\":\"GET\",\"target\":7}"))
        .isEqualTo(String.format(JsonLinesFormat.NOT_A_STRING, "target"));
  }

  @Test
  void parseWhenBodyIsAnObjectThenAsksForAString() {
    assertThat(error("{\"method\":\"POST\",\"target\":\"/x\",\"body\":{\"a\":1}}"))
        .isEqualTo(String.format(JsonLinesFormat.NOT_A_STRING, "body"));
  }

  @Test
  void parseWhenHeadersIsNotAnObjectThenHeadersError() {
    assertThat(error("{\"method\":\"GET\",\"target\":\"/x\",\"headers\":[\"a\"]}"))
        .isEqualTo(JsonLinesFormat.HEADERS_NOT_OBJECT);
  }

  @Test
  void parseWhenHeaderValueIsNumberThenNamesTheHeader() {
    assertThat(error("{\"method\":\"GET\",\"target\":\"/x\",\"headers\":{\"X-N\":1}}"))
        .isEqualTo(String.format(JsonLinesFormat.HEADER_NOT_STRING, "X-N"));
  }

  @Test
  void parseWhenHeaderValueIsEmptyArrayThenNamesTheHeader() {
    assertThat(error("{\"method\":\"GET\",\"target\":\"/x\",\"headers\":{\"X-N\":[]}}"))
        .isEqualTo(String.format(JsonLinesFormat.HEADER_NOT_STRING, "X-N"));
  }
}
