package dev.limitto.engine.internal.json;

import static dev.limitto.engine.internal.json.JsonFixtures.evaluate;
import static dev.limitto.engine.internal.json.JsonFixtures.explained;
import static dev.limitto.engine.internal.json.JsonFixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a selected value is matched as (LIMIT-TO.md §5 "Values"). */
class JsonValueRuleTest {

  @Test
  void stringWhenEscapedThenDecodedTextIsMatched() {
    assertThat(failure("{\"a\":\"line\\nbreak \\u00e9 \\\"q\\\"\"}", "a", "line\nbreak é \"q\""))
        .isNull();
  }

  @Test
  void stringWhenRegexMatchesOnlyPartThenFailsBecauseMatchesAreFull() {
    assertThat(failure("{\"a\":\"DEMO-1\"}", "a", "DEMO"))
        .isEqualTo("value of a does not match DEMO")
        .isEqualTo(String.format(JsonBodyCheck.VALUE_MISMATCH, "a", "DEMO"));
  }

  @Test
  void stringWhenEmptyThenMatchedAsEmptyText() {
    assertThat(failure("{\"a\":\"\"}", "a", "")).isNull();
    assertThat(explained("{\"a\":\"\"}", "a", ".+"))
        .isEqualTo("value \"\" of a does not match .+");
  }

  @ParameterizedTest(name = "{0} matches {1}")
  @CsvSource(delimiter = '|', value = {
    "1.50      | 1\\.50",
    "-0        | -0",
    "1e5       | 1e5",
    "1E+5      | 1E\\+5",
    "-0.0e-0   | -0\\.0e-0",
    "10        | 10",
    "123456789012345678901234567890 | [0-9]{30}"
  })
  void numberWhenSelectedThenItsTextAsWrittenMatches(String number, String regex) {
    assertThat(failure("{\"n\":" + number + "}", "n", regex)).isNull();
  }

  @ParameterizedTest(name = "{0} does not match {1}")
  @CsvSource(delimiter = '|', value = {
    "1.50 | 1\\.5",
    "-0   | 0",
    "1e5  | 100000",
    "10   | 1.*0\\.0"
  })
  void numberWhenRegexMatchesOnlyItsValueNotItsTextThenFails(String number, String regex) {
    assertThat(explained("{\"n\":" + number + "}", "n", regex))
        .isEqualTo("value " + number + " of n does not match " + regex);
  }

  @ParameterizedTest
  @CsvSource({"true", "false", "null"})
  void literalWhenSelectedThenMatchedAsItsName(String literal) {
    assertThat(failure("{\"a\":" + literal + "}", "a", literal)).isNull();
    assertThat(explained("{\"a\":" + literal + "}", "a", "\"" + literal + "\""))
        .isEqualTo("value " + literal + " of a does not match \"" + literal + "\"");
  }

  @Test
  void arrayWhenEveryElementMatchesThenMatches() {
    assertThat(failure("{\"labels\":[\"a\",\"b\",\"a\"]}", "labels", "[ab]")).isNull();
  }

  @Test
  void arrayWhenOneElementDiffersThenFailsNamingIt() {
    assertThat(explained("{\"labels\":[\"a\",\"c\"]}", "labels", "[ab]"))
        .isEqualTo("array element \"c\" of labels does not match [ab]")
        .isEqualTo(String.format(JsonBodyCheck.ELEMENT_MISMATCH_QUOTED, "\"c\"", "labels", "[ab]"));
    assertThat(failure("{\"labels\":[\"a\",\"c\"]}", "labels", "[ab]"))
        .isEqualTo("array element of labels does not match [ab]")
        .isEqualTo(String.format(JsonBodyCheck.ELEMENT_MISMATCH, "labels", "[ab]"));
  }

  @Test
  void arrayWhenNestedThenEveryLeafMustMatch() {
    assertThat(failure("{\"a\":[[\"x\"],[\"x\",[\"x\"]],\"x\"]}", "a", "x")).isNull();
    assertThat(explained("{\"a\":[[\"x\"],[\"x\",[1]]]}", "a", "x"))
        .isEqualTo("array element 1 of a does not match x");
  }

  @Test
  void arrayWhenMixedScalarsThenEachMatchedAsItsText() {
    assertThat(failure("{\"a\":[1,\"1\",1.0]}", "a", "1(\\.0)?")).isNull();
  }

  @Test
  void arrayWhenEmptyThenFailsRatherThanVacuouslyMatching() {
    assertThat(failure("{\"labels\":[]}", "labels", ".*"))
        .isEqualTo("labels selects an empty array, which never matches")
        .isEqualTo(String.format(JsonBodyCheck.EMPTY_ARRAY, "labels"));
  }

  @Test
  void arrayWhenHoldingAnEmptyArrayThenFails() {
    assertThat(failure("{\"a\":[\"x\",[]]}", "a", ".*"))
        .isEqualTo(String.format(JsonBodyCheck.EMPTY_ARRAY_IN_ARRAY, "a"));
  }

  @Test
  void arrayWhenHoldingAnObjectThenFails() {
    assertThat(failure("{\"a\":[\"x\",{\"b\":\"x\"}]}", "a", ".*"))
        .isEqualTo(String.format(JsonBodyCheck.OBJECT_IN_ARRAY, "a"));
  }

  @Test
  void objectWhenSelectedThenNeverMatches() {
    assertThat(failure("{\"a\":{}}", "a", ".*"))
        .isEqualTo("a selects an object, which never matches")
        .isEqualTo(String.format(JsonBodyCheck.OBJECT_SELECTED, "a"));
  }

  @Test
  void arrayWhenClosedThenLaterSiblingsAreSelectedNormallyAgain() {
    String body = "{\"x\":{\"a\":[\"1\",\"1\"]},\"y\":{\"a\":\"2\"}}";
    assertThat(explained(body, "a", "1"))
        .isEqualTo("value \"2\" of a does not match 1");
    assertThat(failure("{\"x\":{\"a\":[\"1\"]},\"y\":[{\"a\":\"1\"}]}", "a", "1")).isNull();
  }

  @Test
  void failureWhenValueIsLongThenExcerptIsCut() {
    String longValue = "x".repeat(200);
    String reason = explained("{\"a\":\"" + longValue + "\"}", "a", "y");
    assertThat(reason)
        .isEqualTo("value \"" + "x".repeat(Excerpt.MAX_CHARS) + "...\" of a does not match y");
  }

  @Test
  void failureWhenValueHasControlCharactersThenTheyAreEscaped() {
    assertThat(explained("{\"a\":\"x\\ny\\u2028\"}", "a", "z"))
        .isEqualTo("value \"x\\u000ay\\u2028\" of a does not match z");
  }

  @Test
  void matchedWhenSelectedAndEveryValueMatchesThenTrue() {
    JsonResult result = evaluate("{\"a\":\"x\",\"b\":{\"a\":\"x\"}}", "a", "x");
    assertThat(result.matched(0)).isTrue();
    assertThat(result.failure(0)).isNull();
  }

  @Test
  void failureWhenPredicateBuiltWithoutRegexTextThenQuotesTheMatcher() {
    JsonPredicate predicate = new JsonPredicate(
        JsonSelector.parse("a"), new JsonFixtures.RegexMatcher(java.util.regex.Pattern.compile("b")));
    assertThat(predicate.regex()).isEqualTo("b");
    JsonResult result = JsonBodyCheck.evaluate(
        JsonFixtures.utf8("{\"a\":\"x\"}"), dev.limitto.engine.Limits.defaults(),
        java.util.List.of(predicate));
    assertThat(result.failure(0)).isEqualTo("value of a does not match b");
  }
}
