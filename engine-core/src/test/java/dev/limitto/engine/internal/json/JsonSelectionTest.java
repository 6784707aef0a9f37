package dev.limitto.engine.internal.json;

import static dev.limitto.engine.internal.json.JsonFixtures.explained;
import static dev.limitto.engine.internal.json.JsonFixtures.failure;
import static dev.limitto.engine.internal.json.JsonFixtures.predicates;
import static dev.limitto.engine.internal.json.JsonFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Limits;
import org.junit.jupiter.api.Test;

/** Which nodes each selector form selects (LIMIT-TO.md §5, docs/json-rules.md). */
class JsonSelectionTest {

  private static String noNode(String selector) {
    return String.format(JsonBodyCheck.NO_NODE, selector);
  }

  // ---- name: every field of that name, at any depth

  @Test
  void nameWhenFieldIsDeepInsideObjectsThenSelected() {
    assertThat(failure("{\"fields\":{\"project\":{\"key\":\"DEMO\"}}}", "key", "DEMO")).isNull();
  }

  @Test
  void nameWhenFieldAbsentThenNoNodeSelected() {
    assertThat(failure("{\"fields\":{\"project\":\"DEMO\"}}", "key", "DEMO"))
        .isEqualTo("no node selected by key")
        .isEqualTo(noNode("key"));
  }

  @Test
  void nameWhenRootIsScalarThenNoNodeSelected() {
    assertThat(failure("\"key\"", "key", ".*")).isEqualTo(noNode("key"));
  }

  @Test
  void nameWhenOneOfSeveralOccurrencesAtDifferentDepthsDiffersThenFails() {
    String body = "{\"a\":{\"key\":\"DEMO\"},\"b\":[{\"key\":\"OPS\"}],\"key\":\"DEMO\"}";
    assertThat(explained(body, "key", "DEMO"))
        .isEqualTo("value \"OPS\" of key does not match DEMO");
  }

  @Test
  void nameWhenFieldsInsideArrayElementsThenEverySelected() {
    assertThat(failure("[{\"key\":\"A\"},[{\"key\":\"A\"}]]", "key", "A")).isNull();
    assertThat(explained("[{\"key\":\"A\"},[{\"key\":\"B\"}]]", "key", "A"))
        .isEqualTo("value \"B\" of key does not match A");
  }

  @Test
  void nameWhenFieldHoldsAnObjectWithTheSameFieldThenOuterObjectFails() {
    assertThat(failure("{\"key\":{\"key\":\"x\"}}", "key", "x"))
        .isEqualTo(String.format(JsonBodyCheck.OBJECT_SELECTED, "key"));
  }

  // ---- a.b.c: path from the root

  @Test
  void pathWhenPresentFromRootThenSelected() {
    assertThat(failure("{\"fields\":{\"project\":{\"key\":\"DEMO\"}}}",
            "fields.project.key", "DEMO"))
        .isNull();
  }

  @Test
  void pathWhenSameNamesOccurBelowTheRootThenOnlyTheRootPathIsSelected() {
    String body = "{\"x\":{\"project\":{\"key\":\"OPS\"}},\"project\":{\"key\":\"DEMO\"}}";
    assertThat(failure(body, "project.key", "DEMO")).isNull();
  }

  @Test
  void pathWhenOnlyBelowTheRootThenNoNodeSelected() {
    assertThat(failure("{\"x\":{\"project\":{\"key\":\"DEMO\"}}}", "project.key", "DEMO"))
        .isEqualTo(noNode("project.key"));
  }

  @Test
  void pathWhenArrayOnTheWayThenEveryElementIsFollowed() {
    String body = "{\"issues\":[{\"key\":\"A-1\"},{\"key\":\"A-2\"},{\"other\":1}]}";
    assertThat(failure(body, "issues.key", "A-[0-9]+")).isNull();
    assertThat(explained(body, "issues.key", "A-1"))
        .isEqualTo("value \"A-2\" of issues.key does not match A-1");
  }

  @Test
  void pathWhenNestedArraysOnTheWayThenEveryElementAtEveryLevelIsFollowed() {
    String body = "{\"a\":[[{\"b\":1}],[{\"b\":2},[{\"b\":3}]],[]]}";
    assertThat(failure(body, "a.b", "[123]")).isNull();
    assertThat(explained(body, "a.b", "[12]"))
        .isEqualTo("value 3 of a.b does not match [12]");
  }

  @Test
  void pathWhenRootIsArrayThenItFansOut() {
    String body = "[{\"a\":{\"b\":1}},{\"a\":{\"b\":2}}]";
    assertThat(failure(body, "a.b", "[12]")).isNull();
    assertThat(explained(body, "a.b", "1")).isEqualTo("value 2 of a.b does not match 1");
  }

  @Test
  void pathWhenLastNodeIsArrayThenValueRuleAppliesInsteadOfFanOut() {
    assertThat(failure("{\"fields\":{\"labels\":[\"x\",\"y\"]}}", "fields.labels", "[xy]"))
        .isNull();
    assertThat(failure("{\"fields\":{\"labels\":[]}}", "fields.labels", ".*"))
        .isEqualTo(String.format(JsonBodyCheck.EMPTY_ARRAY, "fields.labels"));
    assertThat(explained("{\"fields\":{\"labels\":[\"x\",\"z\"]}}", "fields.labels", "[xy]"))
        .isEqualTo("array element \"z\" of fields.labels does not match [xy]");
  }

  @Test
  void pathWhenIntermediateNodeIsScalarThenNoNodeSelected() {
    assertThat(failure("{\"fields\":\"x\"}", "fields.project", ".*"))
        .isEqualTo(noNode("fields.project"));
  }

  // ---- /a/b: RFC 6901 JSON Pointer

  @Test
  void pointerWhenPresentThenSelected() {
    assertThat(failure("{\"fields\":{\"project\":{\"key\":\"DEMO\"}}}",
            "/fields/project/key", "DEMO"))
        .isNull();
  }

  @Test
  void pointerWhenIndexAddressesArrayElementThenOnlyThatElementIsSelected() {
    String body = "{\"a\":[{\"b\":\"x\"},{\"b\":\"y\"}]}";
    assertThat(failure(body, "/a/1/b", "y")).isNull();
    assertThat(explained(body, "/a/0/b", "y"))
        .isEqualTo("value \"x\" of /a/0/b does not match y");
    assertThat(failure(body, "/a/2/b", ".*")).isEqualTo(noNode("/a/2/b"));
  }

  @Test
  void pointerWhenIndexNotCanonicalThenNoNodeSelected() {
    assertThat(failure("{\"a\":[\"x\",\"y\"]}", "/a/01", ".*")).isEqualTo(noNode("/a/01"));
    assertThat(failure("{\"a\":[\"x\",\"y\"]}", "/a/-", ".*")).isEqualTo(noNode("/a/-"));
    assertThat(failure("{\"a\":[\"x\",\"y\"]}", "/a/+1", ".*")).isEqualTo(noNode("/a/+1"));
  }

  @Test
  void pointerWhenDigitTokenOnObjectThenItIsAFieldName() {
    assertThat(failure("{\"a\":{\"0\":\"x\"}}", "/a/0", "x")).isNull();
    assertThat(failure("{\"a\":{\"01\":\"x\"}}", "/a/01", "x")).isNull();
  }

  @Test
  void pointerWhenArrayOnTheWayThenItDoesNotFanOut() {
    assertThat(failure("{\"a\":[{\"b\":1}]}", "/a/b", ".*")).isEqualTo(noNode("/a/b"));
  }

  @Test
  void pointerWhenEscapesThenTheyAddressSlashAndTildeInNames() {
    assertThat(failure("{\"a/b\":{\"c~d\":\"x\"}}", "/a~1b/c~0d", "x")).isNull();
    // ~01 is "~1" literally, not "/"
    assertThat(failure("{\"~1\":\"x\",\"/\":\"y\"}", "/~01", "x")).isNull();
  }

  @Test
  void pointerWhenEmptyTokenThenItAddressesTheEmptyName() {
    assertThat(failure("{\"\":\"x\"}", "/", "x")).isNull();
  }

  @Test
  void pointerWhenLastNodeIsArrayThenValueRuleApplies() {
    assertThat(failure("{\"a\":[\"x\",\"x\"]}", "/a", "x")).isNull();
  }

  // ---- names, duplicates, several predicates

  @Test
  void selectorWhenBodyNameIsEscapedThenItIsComparedUnescaped() {
    assertThat(failure("{\"b\\u006fdy\":\"hi\"}", "body", "hi")).isNull();
    assertThat(failure("{\"f\\u0069elds\":{\"x\":1}}", "fields.x", "1")).isNull();
    assertThat(failure("{\"a\\/b\":1}", "/a~1b", "1")).isNull();
  }

  @Test
  void selectorWhenNameDiffersOnlyInCaseThenNotSelected() {
    assertThat(failure("{\"Project\":\"DEMO\"}", "project", "DEMO")).isEqualTo(noNode("project"));
  }

  @Test
  void selectorWhenDuplicateKeysThenEveryOccurrenceIsChecked() {
    String body = "{\"project\":\"DEMO\",\"project\":\"OPS\"}";
    assertThat(explained(body, "project", "DEMO"))
        .isEqualTo("value \"OPS\" of project does not match DEMO");
    assertThat(explained(body, "/project", "DEMO"))
        .isEqualTo("value \"OPS\" of /project does not match DEMO");
    assertThat(explained("{\"f\":{\"p\":\"OPS\"},\"f\":{\"p\":\"DEMO\"}}", "f.p", "DEMO"))
        .isEqualTo("value \"OPS\" of f.p does not match DEMO");
  }

  @Test
  void evaluateWhenSeveralPredicatesThenEachIsDecidedOnItsOwnInOnePass() {
    JsonResult result = JsonBodyCheck.evaluate(
        utf8("{\"project\":\"DEMO\",\"name\":\"v1.2\",\"labels\":[]}"),
        Limits.defaults(),
        predicates("project", "DEMO", "name", "v[0-9]", "missing", ".*", "labels", ".*",
            "/project", "DEMO"));
    assertThat(result.bodyProblem()).isNull();
    assertThat(result.size()).isEqualTo(5);
    assertThat(result.matched(0)).isTrue();
    assertThat(result.failure(0)).isNull();
    assertThat(result.failure(1)).isEqualTo("value of name does not match v[0-9]");
    assertThat(result.failure(2)).isEqualTo(noNode("missing"));
    assertThat(result.failure(3))
        .isEqualTo(String.format(JsonBodyCheck.EMPTY_ARRAY, "labels"));
    assertThat(result.matched(4)).isTrue();
  }

  @Test
  void evaluateWhenFirstOccurrenceFailsThenTheFirstFailureIsReported() {
    assertThat(explained("[{\"a\":\"x\"},{\"a\":\"y\"},{\"a\":\"ok\"}]", "a", "ok"))
        .isEqualTo("value \"x\" of a does not match ok");
  }

  @Test
  void evaluateWhenNoPredicatesThenOnlyTheBodyIsChecked() {
    JsonResult result =
        JsonBodyCheck.evaluate(utf8("{\"a\":1}"), Limits.defaults(), java.util.List.of());
    assertThat(result.bodyProblem()).isNull();
    assertThat(result.size()).isZero();
  }
}
