package dev.limitto.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Denial-of-service regressions: patterns that make a backtracking engine take exponential time
 * must be decided in linear time, wherever they appear (URL regex, query value, JSON value). The
 * timeouts are generous; a backtracking engine would not finish in years.
 */
class HostileInputTest {

  private static final int SIZE = 100 * 1024;
  private static final Limits LARGE = Limits.builder().maxPathLength(SIZE + 100)
      .maxQueryLength(SIZE + 100).maxBodyBytes(SIZE + 100).build();

  @ParameterizedTest
  @ValueSource(strings = {"(a+)+$", "(a|aa)+b", "(a+){1,32}b", "(a*)*b", "(a|a)+b", "(.*a){4}b",
      "(a+)+?b"})
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void evaluateWhenUrlRegexIsCatastrophicForBacktrackingThenDecidesInLinearTime(String regex) {
    RuleSet rules = RuleSet.compiler().limits(LARGE).compile(".*/" + regex);
    Decision d = rules.evaluate(Request.of("GET", "/" + "a".repeat(SIZE) + "c"));
    assertThat(d.isAllowed()).isFalse();
    assertThat(d.reason()).startsWith("line 1: URL ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a+)+$", "(a|aa)+b", "(a+){1,32}b"})
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void evaluateWhenQueryValueRegexIsCatastrophicThenDecidesInLinearTime(String regex) {
    RuleSet rules = RuleSet.compiler().limits(LARGE)
        .compile(".*/x[QueryParam::q==" + regex + "]");
    Decision d = rules.evaluate(Request.of("GET", "/x?q=" + "a".repeat(SIZE) + "c"));
    assertThat(d.isAllowed()).isFalse();
    assertThat(d.reason()).isEqualTo("line 1: QueryParam q value does not match " + regex);
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a+)+$", "(a|aa)+b", "(a+){1,32}b"})
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void evaluateWhenJsonValueRegexIsCatastrophicThenDecidesInLinearTime(String regex) {
    RuleSet rules = RuleSet.compiler().limits(LARGE)
        .compile("[post].*/x[JsonData::v==" + regex + "]");
    Request r = Request.builder("POST", "/x").header("Content-Type", "application/json")
        .body("{\"v\":\"" + "a".repeat(SIZE - 20) + "c\"}").build();
    Decision d = rules.evaluate(r);
    assertThat(d.isAllowed()).isFalse();
    assertThat(d.reason()).startsWith("line 1: JsonData");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 200})
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void evaluateWhenManyLinesFailLateThenStaysLinear(int lines) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      text.append(".*/(a|aa)+b").append(i).append('\n');
    }
    RuleSet rules = RuleSet.compiler().limits(LARGE).compile(text.toString());
    assertThat(rules.evaluate(Request.of("GET", "/" + "a".repeat(2048))).isAllowed())
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"((a{1000}){1000}){1000}", "(((((a*){1000}){1000}){1000}){1000})",
      "((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}){2}){1000}"})
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void compileWhenRepetitionExplodesThenRefusesQuicklyNamingTheLimit(String regex) {
    try {
      RuleSet.compile(".*/" + regex);
      throw new AssertionError("compiled " + regex);
    } catch (RuleSyntaxException e) {
      assertThat(e.issues()).singleElement().satisfies(
          i -> assertThat(i.message()).endsWith("(Limits.maxRegexProgramSize)"));
    }
  }
}
