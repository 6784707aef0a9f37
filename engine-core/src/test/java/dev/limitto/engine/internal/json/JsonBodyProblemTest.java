package dev.limitto.engine.internal.json;

import static dev.limitto.engine.internal.json.JsonFixtures.bytes;
import static dev.limitto.engine.internal.json.JsonFixtures.predicates;
import static dev.limitto.engine.internal.json.JsonFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Limits;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bodies that fail every predicate, whatever it selects. */
class JsonBodyProblemTest {

  private static final List<JsonPredicate> ANY_A = predicates("a", ".*");

  private static String problem(byte[] body) {
    return problem(body, Limits.defaults());
  }

  private static String problem(byte[] body, Limits limits) {
    JsonResult result = JsonBodyCheck.evaluate(body, limits, ANY_A);
    if (result.bodyProblem() != null) {
      assertThat(result.matched(0)).isFalse();
      assertThat(result.failure(0)).isEqualTo(result.bodyProblem());
    }
    return result.bodyProblem();
  }

  private static String problem(String body) {
    return problem(utf8(body));
  }

  @Test
  void evaluateWhenBodyValidThenNoBodyProblemAndPredicateMatches() {
    JsonResult result = JsonBodyCheck.evaluate(utf8("{\"a\":1}"), Limits.defaults(), ANY_A);
    assertThat(result.bodyProblem()).isNull();
    assertThat(result.matched(0)).isTrue();
    assertThat(result.failure(0)).isNull();
  }

  @Test
  void evaluateWhenBodyEmptyThenEmpty() {
    assertThat(problem(new byte[0])).isEqualTo(JsonBodyCheck.BODY_EMPTY);
  }

  @Test
  void evaluateWhenBodyNullThenEmpty() {
    assertThat(problem((byte[]) null)).isEqualTo(JsonBodyCheck.BODY_EMPTY);
  }

  @Test
  void evaluateWhenBodyOnlyWhiteSpaceThenEmpty() {
    assertThat(problem(" \r\n\t")).isEqualTo(JsonBodyCheck.BODY_EMPTY);
  }

  @Test
  void evaluateWhenBodyExactlyAtSizeLimitThenAccepted() {
    Limits limits = Limits.builder().maxBodyBytes(9).build();
    assertThat(problem(utf8("{\"a\":123}"), limits)).isNull();
  }

  @Test
  void evaluateWhenBodyOneByteOverSizeLimitThenTooLarge() {
    Limits limits = Limits.builder().maxBodyBytes(9).build();
    assertThat(problem(utf8("{\"a\":1234}"), limits))
        .isEqualTo("body is larger than the limit of 9 bytes (Limits.maxBodyBytes)")
        .isEqualTo(String.format(JsonBodyCheck.BODY_TOO_LARGE, 9));
  }

  private static String nested(int depth) {
    return "[".repeat(depth) + "1" + "]".repeat(depth);
  }

  @Test
  void evaluateWhenNestingExactlyAtDepthLimitThenAccepted() {
    Limits limits = Limits.builder().maxJsonDepth(5).build();
    assertThat(problem(utf8(nested(5)), limits)).isNull();
  }

  @Test
  void evaluateWhenNestingOneOverDepthLimitThenTooDeep() {
    Limits limits = Limits.builder().maxJsonDepth(5).build();
    assertThat(problem(utf8(nested(6)), limits))
        .isEqualTo("body nests deeper than the limit of 5 (Limits.maxJsonDepth)")
        .isEqualTo(String.format(JsonBodyCheck.BODY_TOO_DEEP, 5));
  }

  @Test
  void evaluateWhenObjectsNestOneOverDefaultDepthLimitThenTooDeep() {
    String body = "{\"a\":".repeat(65) + "1" + "}".repeat(65);
    assertThat(problem(body)).isEqualTo(String.format(JsonBodyCheck.BODY_TOO_DEEP, 64));
    String atLimit = "{\"a\":".repeat(64) + "1" + "}".repeat(64);
    assertThat(problem(atLimit)).isNull();
  }

  @Test
  void evaluateWhenDepthLimitAboveJacksonDefaultThenOurLimitApplies() {
    Limits limits = Limits.builder().maxJsonDepth(1500).build();
    assertThat(problem(utf8(nested(1500)), limits)).isNull();
    assertThat(problem(utf8(nested(1501)), limits))
        .isEqualTo(String.format(JsonBodyCheck.BODY_TOO_DEEP, 1500));
  }

  @Test
  void evaluateWhenDepthLimitIsIntegerMaxThenDeepBodyIsAccepted() {
    Limits limits = Limits.builder().maxJsonDepth(Integer.MAX_VALUE).build();
    assertThat(problem(utf8(nested(100)), limits)).isNull();
  }

  @Test
  void evaluateWhenUtf8BomThenBom() {
    assertThat(problem(bytes("", new int[] {0xEF, 0xBB, 0xBF}, "{\"a\":1}")))
        .isEqualTo(JsonBodyCheck.BODY_BOM);
  }

  @Test
  void evaluateWhenUtf16WithBomThenBom() {
    byte[] le = bytes("", new int[] {0xFF, 0xFE}, "");
    byte[] body = concat(le, "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE));
    assertThat(problem(body)).isEqualTo(JsonBodyCheck.BODY_BOM);
    assertThat(problem(concat(bytes("", new int[] {0xFE, 0xFF}, ""),
            "{\"a\":1}".getBytes(StandardCharsets.UTF_16BE))))
        .isEqualTo(JsonBodyCheck.BODY_BOM);
  }

  @Test
  void evaluateWhenUtf16WithoutBomThenNulByte() {
    assertThat(problem("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE)))
        .isEqualTo(String.format(JsonBodyCheck.BODY_NUL, 1));
    assertThat(problem("{\"a\":1}".getBytes(StandardCharsets.UTF_16BE)))
        .isEqualTo(String.format(JsonBodyCheck.BODY_NUL, 0));
  }

  @Test
  void evaluateWhenUtf32ThenRefused() {
    byte[] body = "{\"a\":1}".getBytes(java.nio.charset.Charset.forName("UTF-32BE"));
    assertThat(problem(body)).isEqualTo(String.format(JsonBodyCheck.BODY_NUL, 0));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "overlong NUL, C0 80",
    "overlong slash, C0 AF",
    "overlong three bytes, E0 80 AF",
    "overlong four bytes, F0 80 80 AF",
    "encoded surrogate, ED A0 80",
    "beyond U+10FFFF, F4 90 80 80",
    "F5 lead byte, F5 80 80 80",
    "lone continuation byte, 80",
    "bad continuation, E2 28 A1",
    "latin-1 e acute, E9",
    "FF byte, FF"
  })
  void evaluateWhenStringHasInvalidUtf8ThenNotUtf8AtItsOffset(String what, String hex) {
    int[] middle = Arrays.stream(hex.split(" ")).mapToInt(h -> Integer.parseInt(h, 16)).toArray();
    assertThat(problem(bytes("{\"a\":\"x", middle, "\"}")))
        .isEqualTo(String.format(JsonBodyCheck.BODY_NOT_UTF8, 7));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "U+0080 smallest two-byte, C2 80",
    "U+0800 smallest three-byte, E0 A0 80",
    "U+D7FF last before surrogates, ED 9F BF",
    "U+E000 first after surrogates, EE 80 80",
    "U+FFFF, EF BF BF",
    "U+10000 smallest four-byte, F0 90 80 80",
    "U+10FFFF largest, F4 8F BF BF"
  })
  void evaluateWhenStringHasUtf8AtTheEdgesOfTheValidRangesThenAccepted(String what, String hex) {
    int[] middle = Arrays.stream(hex.split(" ")).mapToInt(h -> Integer.parseInt(h, 16)).toArray();
    assertThat(problem(bytes("{\"a\":\"x", middle, "\"}"))).isNull();
  }

  @Test
  void evaluateWhenInvalidUtf8InAStringNoPredicateSelectsThenStillRefused() {
    assertThat(problem(bytes("{\"b\":\"", new int[] {0xC3}, "\",\"a\":1}")))
        .isEqualTo(String.format(JsonBodyCheck.BODY_NOT_UTF8, 6));
  }

  @Test
  void evaluateWhenMalformedUtf8FollowsASyntaxErrorThenTheEncodingIsNamedFirst() {
    // as if the whole body were checked for UTF-8 before it is parsed
    assertThat(problem(bytes("{\"a\":x,\"b\":\"", new int[] {0xE9}, "\"}")))
        .isEqualTo(String.format(JsonBodyCheck.BODY_NOT_UTF8, 12));
    assertThat(problem(bytes("[" .repeat(70) + "\"", new int[] {0x80}, "\"")))
        .isEqualTo(String.format(JsonBodyCheck.BODY_NOT_UTF8, 71));
  }

  @Test
  void evaluateWhenMalformedUtf8OutsideStringsThenNotUtf8() {
    assertThat(problem(bytes("{\"a\":1", new int[] {0xC0, 0x80}, "}")))
        .isEqualTo(String.format(JsonBodyCheck.BODY_NOT_UTF8, 6));
    assertThat(problem(bytes("{\"a\":1}", new int[] {0xFF}, "")))
        .isEqualTo(String.format(JsonBodyCheck.BODY_NOT_UTF8, 7));
  }

  @Test
  void evaluateWhenUtf8SequenceTruncatedAtEndThenNotUtf8() {
    assertThat(problem(bytes("{\"a\":1}", new int[] {0xE2, 0x82}, "")))
        .isEqualTo(String.format(JsonBodyCheck.BODY_NOT_UTF8, 7));
  }

  @Test
  void evaluateWhenValidMultiByteUtf8ThenAccepted() {
    JsonResult result = JsonBodyCheck.evaluate(
        utf8("{\"a\":\"é€𝄞\"}"), Limits.defaults(), predicates("a", "é€𝄞"));
    assertThat(result.matched(0)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "block comment         | {\"a\":1/*c*/}          | 6",
    "line comment          | {\"a\":1//c}            | 6",
    "hash comment          | {\"a\":1#c}             | 6",
    "single quotes         | {'a':1}                 | 1",
    "unquoted name         | {a:1}                   | 1",
    "trailing comma object | {\"a\":1,}              | 7",
    "trailing comma array  | [1,]                    | 3",
    "missing value         | [1,,2]                  | 3",
    "NaN                   | {\"a\":NaN}             | 5",
    "Infinity              | {\"a\":Infinity}        | 5",
    "leading zero          | {\"a\":01}              | 6",
    "leading plus          | {\"a\":+1}              | 5",
    "leading decimal point | {\"a\":.5}              | 5",
    "trailing decimal point| {\"a\":1.}              | 7",
    "unterminated          | {\"a\":1                | 6",
    "bad escape            | {\"a\":\"\\x\"}         | 7",
    "raw control char      | {\"a\":\"\u0001\"}      | 6",
    "not json at all       | not json                | 1",
    "truncated literal     | [tru]                   | 4",
    "literal cut by end    | nul                     | 3",
    "exponent without digit| [1e+]                   | 4",
    "minus without digit   | [-x]                    | 2",
    "unterminated string   | [\"ab                   | 4",
    "unterminated escape   | [\"a\\u12            | 7",
    "name without colon    | {\"a\" 1}               | 5",
    "array closed by brace | [1}                     | 2",
    "object closed by bracket | {\"a\":1]            | 6"
  })
  void evaluateWhenBodyIsNotStrictJsonThenNotJson(String what, String body, int offset) {
    assertThat(problem(body)).isEqualTo(String.format(JsonBodyCheck.BODY_NOT_JSON, offset));
  }

  @Test
  void evaluateWhenCommentThenNotJsonAtTheCommentOffset() {
    assertThat(problem("{\"a\":1/*c*/}"))
        .isEqualTo(String.format(JsonBodyCheck.BODY_NOT_JSON, 6));
  }

  @Test
  void evaluateWhenSecondRootValueThenTrailingContent() {
    assertThat(problem("{\"a\":1} {\"a\":2}"))
        .isEqualTo(String.format(JsonBodyCheck.BODY_TRAILING, 8));
  }

  @Test
  void evaluateWhenGarbageAfterRootValueThenTrailingContent() {
    assertThat(problem("{\"a\":1}x")).startsWith("body has content after the JSON value at ");
  }

  @Test
  void evaluateWhenExtraClosingBracketThenTrailingContent() {
    assertThat(problem("{\"a\":1}]")).startsWith("body has content after the JSON value at ");
  }

  @Test
  void evaluateWhenScalarRootFollowedByScalarThenTrailingContent() {
    assertThat(problem("1 2")).isEqualTo(String.format(JsonBodyCheck.BODY_TRAILING, 2));
  }

  @Test
  void evaluateWhenTrailingWhiteSpaceThenAccepted() {
    assertThat(problem("{\"a\":1} \r\n\t")).isNull();
  }

  @Test
  void evaluateWhenRecordSeparatorBeforeValueThenNotJson() {
    assertThat(problem("\u001e{\"a\":1}"))
        .isEqualTo(String.format(JsonBodyCheck.BODY_NOT_JSON, 0));
  }

  @Test
  void evaluateWhenBodyProblemThenEveryPredicateFailsWithIt() {
    JsonResult result = JsonBodyCheck.evaluate(
        utf8("{\"a\":1"), Limits.defaults(), predicates("a", "1", "b", ".*"));
    assertThat(result.bodyProblem()).startsWith("body is not valid JSON (the parser stopped at byte offset ");
    assertThat(result.matched(0)).isFalse();
    assertThat(result.matched(1)).isFalse();
    assertThat(result.failure(1)).isEqualTo(result.bodyProblem());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
