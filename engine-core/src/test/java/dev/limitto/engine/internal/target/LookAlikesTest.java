package dev.limitto.engine.internal.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The look-alike table of {@link LookAlikes} is exactly what {@link Normalizer} says on this JDK,
 * over every code point, and the format class is exactly general category Cf.
 */
class LookAlikesTest {

  /** The ASCII characters of LIMIT-TO.md §4 whose look-alikes are rejected. */
  private static final String TARGETS = "/\\.;%?#";

  @Test
  void lookAlikeTableWhenRecomputedFromNormalizerOverAllCodePointsThenIsTheSame() {
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
      boolean expected = isSlashWithoutCompatibilityForm(cp) || nfkcHoldsARejectedCharacter(cp);
      boolean actual = LookAlikes.isLookAlike(cp);
      if (expected && !actual) {
        missing.add(describe(cp));
      } else if (actual && !expected) {
        extra.add(describe(cp));
      }
    }
    assertThat(missing).as("look-alikes that LookAlikes.TABLE lacks").isEmpty();
    assertThat(extra).as("LookAlikes.TABLE entries that are no look-alikes").isEmpty();
  }

  @Test
  void lookAlikeWhenAsciiThenIsNot() {
    for (int c = 0; c < 0x80; c++) {
      assertThat(LookAlikes.isLookAlike(c)).as("U+%04X", c).isFalse();
    }
  }

  @Test
  void ruleWhenFormatCharacterThenFormatRuleForExactlyCategoryCf() {
    for (int cp = 0xA0; cp <= Character.MAX_CODE_POINT; cp++) {
      String rule = LookAlikes.rule(cp);
      if (Character.getType(cp) == Character.FORMAT) {
        assertThat(rule).as(describe(cp)).isEqualTo(Rejections.PATH_FORMAT_CHARACTER);
      } else if (LookAlikes.isLookAlike(cp)) {
        assertThat(rule).as(describe(cp)).isEqualTo(Rejections.PATH_LOOK_ALIKE);
      } else {
        assertThat(rule).as(describe(cp)).isNull();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0xFF0F, 0xFF3C, 0xFE68, 0xFF0E, 0xFE52, 0x2024, 0x2025, 0x2026, 0xFF1B,
      0xFE54, 0x037E, 0xFF05, 0xFE6A, 0xFF1F, 0xFE56, 0xFF03, 0xFE5F, 0x2044, 0x2215, 0x29F8,
      0x29F9, 0x00BD, 0x33A7, 0x1F100})
  void ruleWhenNamedLookAlikeThenLookAlikeRule(int cp) {
    assertThat(LookAlikes.rule(cp)).isEqualTo(Rejections.PATH_LOOK_ALIKE);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202E, 0x2060,
      0x2066, 0x2069, 0xFEFF, 0xFFF9, 0xE0001, 0xE0041, 0xE007F})
  void ruleWhenNamedFormatCharacterThenFormatRule(int cp) {
    assertThat(LookAlikes.rule(cp)).isEqualTo(Rejections.PATH_FORMAT_CHARACTER);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x00A0, 0x00E9, 0x00B7, 0x2013, 0x20AC, 0x65E5, 0x2571, 0xFF21, 0xFF10,
      0xFFFD, 0xFFFF, 0x1F600, 0x10FFFF})
  void ruleWhenOrdinaryCharacterThenNone(int cp) {
    assertThat(LookAlikes.rule(cp)).as(describe(cp)).isNull();
  }

  private static boolean isSlashWithoutCompatibilityForm(int cp) {
    for (int s : LookAlikes.SLASHES_WITHOUT_COMPATIBILITY_FORM) {
      if (s == cp) {
        return true;
      }
    }
    return false;
  }

  /** NFKC of {@code cp} holds a §4 ASCII character or one of the four slashes. */
  private static boolean nfkcHoldsARejectedCharacter(int cp) {
    String s = new String(Character.toChars(cp));
    String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
    if (n.equals(s)) {
      return false;
    }
    return n.codePoints()
        .anyMatch(c -> TARGETS.indexOf(c) >= 0 || isSlashWithoutCompatibilityForm(c));
  }

  private static String describe(int cp) {
    return String.format("U+%04X %s", cp, Character.getName(cp));
  }
}
