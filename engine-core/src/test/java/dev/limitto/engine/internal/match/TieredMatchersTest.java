package dev.limitto.engine.internal.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TieredMatchersTest {

  private static StringMatcher compile(String regex) {
    return TieredMatchers.compile(regex, Pattern.compile(regex));
  }

  @Test
  void compileWhenLiteralsJoinedByDotStarThenUsesStringOperations() {
    assertThat(compile(".*/rest/api/2/issue/JRA.*")).isInstanceOf(LiteralShapeMatcher.class);
    assertThat(compile("https://jira\\.example\\.com/rest/api/2/myself"))
        .isInstanceOf(LiteralShapeMatcher.class);
    assertThat(compile("^.*/rest/api/2/search$")).isInstanceOf(LiteralShapeMatcher.class);
  }

  @Test
  void compileWhenRegexInSubsetThenUsesDfa() {
    assertThat(compile(".*/rest/api/2/project/[A-Z][A-Z0-9]+")).isInstanceOf(DfaMatcher.class);
    assertThat(compile("(?:GET|HEAD) \\d{1,3}")).isInstanceOf(DfaMatcher.class);
  }

  @Test
  void compileWhenRegexUsesFlagsOrUnicodeThenFallsBackToRe2j() {
    assertThat(compile("(?i).*/rest/api/2/issue/jra.*")).isInstanceOf(PrefilteredRe2jMatcher.class);
    assertThat(compile(".*/issue/\\pL+")).isInstanceOf(PrefilteredRe2jMatcher.class);
    assertThat(compile(".*\\bissue")).isInstanceOf(PrefilteredRe2jMatcher.class);
  }

  @Test
  void dfaWhenInputsNeedMoreStatesThanTheCacheHoldsThenRe2jDecidesAndMemoryStaysBounded() {
    // the 13th character from the end is an 'a': 2^13 subset states, more than the cache holds
    String regex = "/rest/[ab]*a[ab]{12}";
    com.google.re2j.Pattern reference = com.google.re2j.Pattern.compile(regex);
    StringMatcher m = compile(regex);
    assertThat(m).isInstanceOf(DfaMatcher.class);
    java.util.Random random = new java.util.Random(12);
    for (int i = 0; i < 4_000; i++) {
      StringBuilder input = new StringBuilder("/rest/");
      for (int k = 0; k < 30; k++) {
        input.append(random.nextBoolean() ? 'a' : 'b');
      }
      assertThat(m.matches(input)).as(input.toString()).isEqualTo(reference.matcher(input).matches());
    }
    assertThat(((DfaMatcher) m).cacheFull()).isTrue();
    assertThat(m.toString()).matches("Dfa\\[.*, \\d+ states\\]");
    int states = Integer.parseInt(m.toString().replaceAll(".*, (\\d+) states\\]", "$1"));
    assertThat(states).isLessThanOrEqualTo(AsciiDfa.MAX_STATES);
    assertThat(m.matches("/rest/ab" + "b".repeat(12))).isFalse();
    assertThat(m.matches("/rest/ba" + "b".repeat(12))).isTrue();
  }

  @Test
  void dfaWhenInputHasNonAsciiThenRe2jDecidesByCodePoints() {
    StringMatcher m = compile("x.y");
    assertThat(m).isInstanceOf(DfaMatcher.class);
    assertThat(m.matches("x\uD83D\uDE00y")).isTrue(); // one code point, two chars
    assertThat(m.matches("xéy")).isTrue();
    assertThat(m.matches("x\ny")).isFalse();
  }

  @Test
  void literalShapeWhenGapHoldsNewlineThenDoesNotMatch() {
    StringMatcher m = compile(".*/issue/.*");
    assertThat(m.matches("https://h/rest/issue/X")).isTrue();
    assertThat(m.matches("https://h/rest/issue/X\n")).isFalse();
  }

  @Test
  void literalShapeWhenLiteralsWouldOverlapThenDoesNotMatch() {
    StringMatcher m = compile("ab.*ba");
    assertThat(m.matches("aba")).isFalse();
    assertThat(m.matches("abba")).isTrue();
  }

  @Test
  void requiredLiteralWhenConcatenationThenLongestRun() {
    assertThat(TieredMatchers.requiredLiteral(".*/rest/api/2/project/[A-Z]+")).isEqualTo("/rest/api/2/project/");
    assertThat(TieredMatchers.requiredLiteral("(?:/a/bc)+x")).isEqualTo("/a/bc");
    assertThat(TieredMatchers.requiredLiteral("a|b")).isEmpty();
    assertThat(TieredMatchers.requiredLiteral("(?i)abc")).isEmpty();
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void matchWhenCatastrophicPatternOnLongInputThenStaysLinear() {
    String hostile = "a".repeat(100_000);
    assertThat(compile("(a+){1,32}b").matches(hostile)).isFalse();
    assertThat(compile("(a+)+?b").matches(hostile)).isFalse();
    assertThat(compile("(a|aa)*c").matches(hostile)).isFalse();
    assertThat(compile("(a*)*").matches(hostile)).isTrue();
  }
}
