package dev.limitto.engine.internal.json;

import static dev.limitto.engine.internal.json.JsonFixtures.dropGrownBuffers;
import static dev.limitto.engine.internal.json.JsonFixtures.escaped;
import static dev.limitto.engine.internal.json.JsonFixtures.predicates;
import static dev.limitto.engine.internal.json.JsonFixtures.utf8;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Decision;
import dev.limitto.engine.Limits;
import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSet;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A field name with escapes or non-ASCII characters is decoded into a buffer of the pooled
 * scanner, which grows for a longer name and is dropped after a very long one. Whatever the
 * buffer's history, the name compared with the selectors is the name in the body: on the first
 * body of a process, on the body that grows the buffer, on the bodies after it and after a drop.
 */
class JsonNameBufferTest {

  private static final String RULE =
      "[post].*/rest/api/2/issue[JsonData::fields.project.key==KANBAN]\n";
  /** The second key is {@code project}, escaped (42 bytes: longer than the initial buffer). */
  private static final String BODY = "{\"fields\":{\"project\":{\"key\":\"KANBAN\"},"
      + "\"\\u0070\\u0072\\u006f\\u006a\\u0065\\u0063\\u0074\":{\"key\":\"SECRET\"}}}";
  private static final String REASON =
      "line 1: JsonData: value of fields.project.key does not match KANBAN";

  private static Request post(String body) {
    return Request.builder("POST", "/rest/api/2/issue")
        .header("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** Run in a new JVM: decides {@link #BODY} twice under {@link #RULE}, one line per decision. */
  static final class FirstRequests {
    public static void main(String[] args) {
      RuleSet rules = RuleSet.compile(RULE);
      for (int i = 0; i < 2; i++) {
        Decision decision = rules.evaluate(post(BODY));
        System.out.println(decision.isAllowed() ? "ALLOWED" : "DENIED " + decision.reason());
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void evaluateWhenTheFirstRequestsOfAProcessHideAKeyBehindEscapesThenBothAreDenied()
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), FirstRequests.class.getName())
        .redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    assertThat(output.lines()).containsExactly("DENIED " + REASON, "DENIED " + REASON);
  }

  @Test
  void evaluateWhenTheBuffersWereJustDroppedThenAKeyBehindEscapesIsDeniedEveryTime() {
    RuleSet rules = RuleSet.compile(RULE);
    for (int round = 0; round < 3; round++) {
      dropGrownBuffers();
      assertThat(rules.evaluate(post(BODY)).reason()).as("round %d, first", round)
          .isEqualTo(REASON);
      assertThat(rules.evaluate(post(BODY)).reason()).as("round %d, again", round)
          .isEqualTo(REASON);
    }
  }

  /** Every length from one char to past the kept size, escaped and non-ASCII, on one scanner. */
  @Test
  void evaluateWhenNamesNeedDecodingAtEveryLengthThenEachIsSelectedByItsNameOnly() {
    dropGrownBuffers();
    for (int length = 1; length * 6 <= 2 * JsonScan.KEEP_CHARS; length++) {
      String other = letters(length, length + 1); // the same length, other letters
      String name = letters(length, length);
      assertSelectedByItsNameOnly(escaped(name), name, other);
      String accented = "\u00e9".repeat(length);
      assertSelectedByItsNameOnly(accented, accented, other);
    }
  }

  private static void assertSelectedByItsNameOnly(String inBody, String name, String other) {
    JsonResult result = JsonBodyCheck.evaluate(utf8("{\"" + inBody + "\":\"v\"}"),
        Limits.defaults(), predicates(name, "v", other, ".*"));
    assertThat(result.bodyProblem()).as(inBody).isNull();
    assertThat(result.failure(0)).as("%d chars as %s", name.length(), inBody).isNull();
    assertThat(result.failure(1)).as("%d chars as %s", name.length(), inBody)
        .isEqualTo(String.format(JsonBodyCheck.NO_NODE, Excerpt.plain(other)));
  }

  /**
   * The name decoded before stays in the buffer when a longer name grows it: a name of the same
   * length must not be read as the earlier one (a false allowance) nor hide the real one.
   */
  @Test
  void evaluateWhenANameGrowsTheBufferThenTheNameDecodedBeforeItDoesNotCount() {
    int fits = JsonScan.NAME_CHARS; // bytes: the earlier name just fits the initial buffer
    String earlier = "\u00e9" + "a".repeat(fits - 2); // 2 + (fits - 2) bytes
    String later = "b" + "a".repeat(fits - 2); // same length in chars
    String laterInBody = "\\u0062" + "a".repeat(fits - 2); // 6 + (fits - 2) bytes
    List<JsonPredicate> selectors = predicates(earlier, "ok", later, "ok");
    for (int round = 0; round < 3; round++) {
      dropGrownBuffers();
      JsonResult first = JsonBodyCheck.evaluate(
          utf8("{\"" + earlier + "\":\"ok\"}"), Limits.defaults(), selectors);
      assertThat(first.failure(0)).isNull();
      JsonResult second = JsonBodyCheck.evaluate(
          utf8("{\"" + laterInBody + "\":\"ok\"}"), Limits.defaults(), selectors);
      assertThat(second.failure(0)).as("round %d: the earlier name counted", round)
          .isEqualTo(String.format(JsonBodyCheck.NO_NODE, Excerpt.plain(earlier)));
      assertThat(second.failure(1)).as("round %d: the name in the body was hidden", round)
          .isNull();
    }
  }

  /** A value longer than its buffer grows it; the decoded value is the whole value, every time. */
  @Test
  void evaluateWhenSelectedValuesNeedDecodingAtEveryLengthThenEachIsMatchedWhole() {
    dropGrownBuffers();
    for (int length = 1; length * 6 <= 2 * JsonScan.KEEP_CHARS; length++) {
      String value = letters(length, length);
      for (String rendered : new String[] {escaped(value), value}) {
        JsonResult result = JsonBodyCheck.evaluate(
            utf8("{\"v\":\"" + rendered + "\",\"w\":\"" + rendered + "x\"}"), Limits.defaults(),
            predicates("v", value, "w", value + "x"));
        assertThat(result.failure(0)).as("length %d: %s", length, rendered).isNull();
        assertThat(result.failure(1)).as("length %d: %s", length, rendered).isNull();
      }
    }
  }

  /** {@code length} letters a-z starting at letter {@code start}. */
  static String letters(int length, int start) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append((char) ('a' + (start + i) % 26));
    }
    return sb.toString();
  }
}
