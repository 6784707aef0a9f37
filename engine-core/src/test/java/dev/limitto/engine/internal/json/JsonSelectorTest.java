package dev.limitto.engine.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonSelectorTest {

  private static void assertRejected(String text, String message, int index) {
    assertThatThrownBy(() -> JsonSelector.parse(text))
        .isInstanceOf(JsonSelectorException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((JsonSelectorException) e).index()).isEqualTo(index));
  }

  @Test
  void parseWhenEmptyThenRejects() {
    assertRejected("", JsonSelector.ERR_EMPTY, 0);
  }

  @Test
  void parseWhenNullThenRejects() {
    assertRejected(null, JsonSelector.ERR_EMPTY, 0);
  }

  @Test
  void parseWhenTwoDotsInARowThenRejectsAtTheSecondDot() {
    assertRejected("a..b", JsonSelector.ERR_EMPTY_SEGMENT, 2);
  }

  @Test
  void parseWhenTrailingDotThenRejects() {
    assertRejected("fields.", JsonSelector.ERR_EMPTY_SEGMENT, 6);
  }

  @Test
  void parseWhenLeadingDotThenRejects() {
    assertRejected(".fields", JsonSelector.ERR_EMPTY_SEGMENT, 0);
  }

  @Test
  void parseWhenOnlyADotThenRejects() {
    assertRejected(".", JsonSelector.ERR_EMPTY_SEGMENT, 0);
  }

  @Test
  void parseWhenSlashInsideDottedPathThenRejects() {
    assertRejected("fields.a/b", JsonSelector.ERR_SLASH_IN_PATH, 8);
  }

  @Test
  void parseWhenPointerHasTildeAtEndThenRejects() {
    assertRejected("/a~", JsonSelector.ERR_POINTER_ESCAPE, 2);
  }

  @Test
  void parseWhenPointerHasTildeTwoThenRejects() {
    assertRejected("/a/b~2c", JsonSelector.ERR_POINTER_ESCAPE, 4);
  }

  @Test
  void parseWhenLeadingSpaceThenRejects() {
    assertRejected(" project", JsonSelector.ERR_SURROUNDING_SPACE, 0);
  }

  @Test
  void parseWhenTrailingSpaceThenRejects() {
    assertRejected("fields.project.key ", JsonSelector.ERR_SURROUNDING_SPACE, 18);
  }

  @Test
  void parseWhenSpaceAfterADotThenRejects() {
    assertRejected("fields. project", JsonSelector.ERR_SURROUNDING_SPACE, 7);
  }

  @Test
  void parseWhenSpaceBeforeADotThenRejects() {
    assertRejected("fields .project", JsonSelector.ERR_SURROUNDING_SPACE, 6);
  }

  @Test
  void parseWhenSpaceInsideAPointerTokenThenAccepted() {
    assertThat(JsonSelector.parse("/a /b c").length()).isEqualTo(2);
  }

  @Test
  void parseWhenControlCharacterThenRejects() {
    assertRejected("a\nb", JsonSelector.ERR_CONTROL_CHARACTER, 1);
  }

  @ParameterizedTest
  @CsvSource({
    "project, ANY_DEPTH, 1",
    "fields.project.key, PATH, 3",
    "/fields/project/key, POINTER, 3",
    "/, POINTER, 1",
    "/a//b, POINTER, 3",
    "/a~1b/c~0d, POINTER, 2",
    "a~b, ANY_DEPTH, 1",
    "my field, ANY_DEPTH, 1"
  })
  void parseWhenValidThenKindAndLengthFollowTheForm(
      String text, JsonSelector.Kind kind, int length) {
    JsonSelector selector = JsonSelector.parse(text);
    assertThat(selector.kind()).isEqualTo(kind);
    assertThat(selector.length()).isEqualTo(length);
  }

  @Test
  void toStringWhenPointerWithEscapesThenIsTheTextAsWritten() {
    assertThat(JsonSelector.parse("/a~1b/c~0d")).hasToString("/a~1b/c~0d");
  }

  @Test
  void equalsWhenSameTextThenEqual() {
    assertThat(JsonSelector.parse("a.b")).isEqualTo(JsonSelector.parse("a.b"))
        .hasSameHashCodeAs(JsonSelector.parse("a.b"))
        .isNotEqualTo(JsonSelector.parse("/a/b"));
  }

  @Test
  void stepWhenPointerTokenIsNotCanonicalIndexThenArrayElementIsNotAddressed() {
    JsonSelector selector = JsonSelector.parse("/01");
    assertThat(selector.step(0, null, 1)).isEqualTo(JsonSelector.DEAD);
    assertThat(selector.step(0, FieldName.of("01"), 0)).isEqualTo(1);
  }

  @Test
  void stepWhenPointerIndexTooLargeForIntThenNeverAddressesAnElement() {
    JsonSelector selector = JsonSelector.parse("/4294967296");
    assertThat(selector.step(0, null, 0)).isEqualTo(JsonSelector.DEAD);
  }
}
