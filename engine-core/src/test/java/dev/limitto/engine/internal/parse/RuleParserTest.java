package dev.limitto.engine.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Limits;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts the parser hands to the compiler, beyond what the .cases files decide. */
class RuleParserTest {

  private static ParseResult parse(String text) {
    return RuleParser.parse(text, Limits.defaults());
  }

  @Test
  void splitLinesWhenTerminatorsMixThenEachEndsOneLine() {
    List<String> out = new ArrayList<>();
    assertThat(RuleParser.splitLines("a\r\nb\rc\nd\n", 10, out)).isEqualTo(4);
    assertThat(out).containsExactly("a", "b", "c", "d");
  }

  @Test
  void splitLinesWhenEmptyLinesFollowEachOtherThenKeepsThem() {
    List<String> out = new ArrayList<>();
    assertThat(RuleParser.splitLines("\n\r\n\r", 10, out)).isEqualTo(3);
    assertThat(out).containsExactly("", "", "");
  }

  @Test
  void splitLinesWhenOverTheKeepLimitThenOnlyCountsTheRest() {
    List<String> out = new ArrayList<>();
    assertThat(RuleParser.splitLines("a\nb\nc\nd", 2, out)).isEqualTo(4);
    assertThat(out).containsExactly("a", "b");
  }

  @Test
  void parseWhenLineHasEveryPartThenKeepsThemWithColumns() {
    ParseResult r = parse("  [Get|post] .*/x{base}[queryparam::q==a b ][JsonData::k==[A-Z]\\]]");
    assertThat(r.issues()).isEmpty();
    SyntaxLine line = r.lines().get(0);
    assertThat(line.methodMask()).isEqualTo(HttpMethods.requestBit("GET")
        | HttpMethods.requestBit("POST"));
    assertThat(line.urlRegex()).isEqualTo(".*/x{base}");
    assertThat(line.urlColumn()).isEqualTo(14);
    assertThat(line.baseOffsets()).containsExactly(4);
    assertThat(line.predicates()).containsExactly(
        new SyntaxPredicate(SyntaxPredicate.Kind.QUERY_PARAM, "q", 37, "a b ", 40,
            "[queryparam::q==a b ]"),
        new SyntaxPredicate(SyntaxPredicate.Kind.JSON_DATA, "k", 56, "[A-Z]\\]", 59,
            "[JsonData::k==[A-Z]\\]]"));
  }

  @Test
  void parseWhenBaseIsEscapedOrInAClassThenItIsNotExpanded() {
    assertThat(parse(".*/\\{base}").lines().get(0).baseOffsets()).isEmpty();
    assertThat(parse(".*/[{base}]").lines().get(0).baseOffsets()).isEmpty();
    assertThat(parse(".*/\\Q{base}\\E").lines().get(0).baseOffsets()).isEmpty();
  }

  @Test
  void parseWhenBracketIsQuotedThenNoPredicateStarts() {
    SyntaxLine line = parse(".*/\\Q[QueryParam::a==1]\\E").lines().get(0);
    assertThat(line.urlRegex()).isEqualTo(".*/\\Q[QueryParam::a==1]\\E");
    assertThat(line.predicates()).isEmpty();
  }

  @Test
  void parseCountsCommentLinesWithText() {
    ParseResult r = parse("# [get].*/a\n#\n   #   \n\t# .*/b\n.*/c\n");
    assertThat(r.commentedLines()).isEqualTo(2);
    assertThat(r.lines()).hasSize(1);
    assertThat(r.lines().get(0).number()).isEqualTo(5);
  }

  @Test
  void parseWhenTextHasManyMoreLinesThanAllowedThenCountsThemAll() {
    ParseResult r = RuleParser.parse(".*\n".repeat(100_000), Limits.builder().maxLines(10).build());
    assertThat(r.issues()).singleElement().satisfies(i -> {
      assertThat(i.line()).isEqualTo(11);
      assertThat(i.message()).isEqualTo(
          "rule set has 100000 lines, more than the limit of 10 (Limits.maxLines)");
    });
    assertThat(r.lines()).hasSize(10);
  }

  @Test
  void describeListsMethodsInBitOrder() {
    int mask = HttpMethods.requestBit("PATCH") | HttpMethods.requestBit("GET")
        | HttpMethods.requestBit("CONNECT");
    assertThat(HttpMethods.describe(mask)).isEqualTo("[GET, PATCH, CONNECT]");
    assertThat(HttpMethods.requestBit("get")).isZero();
    assertThat(HttpMethods.ruleBit("gEt")).isEqualTo(HttpMethods.requestBit("GET"));
  }
}
