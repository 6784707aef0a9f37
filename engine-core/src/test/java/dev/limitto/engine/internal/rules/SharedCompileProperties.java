package dev.limitto.engine.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.engine.AllocationMeter;
import dev.limitto.engine.Limits;
import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSyntaxException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A text whose lines are all in the shared table compiles without a parse; it must give the rule
 * set that parsing it gives: the same lines in the same order, the same decisions, and the same
 * errors under limits it does not meet.
 */
class SharedCompileProperties {

  private static final BaseUrl BASE = BaseUrl.shared("https://jira.example.com/jira");
  // a program-size limit per try that no other compile uses: its lines are not in the table yet
  private static final AtomicInteger FRESH = new AtomicInteger(20_000);

  private static final List<Request> REQUESTS = List.of(
      Request.of("GET", "/jira/rest/api/2/issue/SC-7"),
      Request.of("GET", "/jira/rest/api/2/search?jql=project+%3D+SC"),
      Request.of("GET", "/jira/rest/api/2/search?jql=project+%3D+OTHER"),
      Request.of("POST", "/jira/rest/api/2/issue/SC-7/comment"),
      Request.of("PUT", "/jira/rest/api/2/issue/SC-7/labels"),
      Request.of("DELETE", "/jira/rest/api/2/issue/SC-7"),
      Request.of("GET", "/jira/rest/agile/1.0/board/12/sprint"));

  @Property(tries = 300)
  void compileWhenTheTextIsCompiledAgainThenItIsTheRuleSetItsParseGives(
      @ForAll("texts") String text) {
    Limits fresh = Limits.builder().maxRegexProgramSize(FRESH.getAndIncrement()).build();
    Object parsed = outcome(text, fresh); // every line new: parsed and compiled
    Object first = outcome(text, Limits.defaults()); // parsed, or already shared by another try
    Object again = outcome(text, Limits.defaults()); // every compiled line shared: no parse
    if (parsed instanceof String error) {
      assertThat(first).isEqualTo(error);
      assertThat(again).isEqualTo(error);
      return;
    }
    CompiledRules p = (CompiledRules) parsed;
    CompiledRules a = (CompiledRules) again;
    CompiledRules f = (CompiledRules) first;
    assertThat(a.lineCount()).isEqualTo(p.lineCount());
    for (int i = 0; i < a.lineCount(); i++) {
      assertThat(a.line(i)).isSameAs(f.line(i));
      assertThat(a.line(i).number).isEqualTo(p.line(i).number);
      assertThat(a.line(i).toString()).isEqualTo(p.line(i).toString());
    }
    for (Request r : REQUESTS) {
      assertThat(a.decide(r).toString()).as("%s %s", r.method(), r.rawPath())
          .isEqualTo(p.decide(r).toString());
      assertThat(a.decide(r).reason()).isEqualTo(p.decide(r).reason());
    }
  }

  @Test
  void compileWhenSharedLinesExceedTheLimitsOfThisCompileThenItStillFails() {
    String text = "# a template\n[get].*/rest/api/2/issue/LIMIT-[0-9]+\n\n"
        + "[post]{base}/rest/api/2/issue/LIMIT-[0-9]+/comment\n";
    assertThat(RuleCompiler.compile(text, BASE, true, Limits.defaults()).lineCount()).isEqualTo(2);
    Limits fewLines = Limits.builder().maxLines(3).build();
    assertThatThrownBy(() -> RuleCompiler.compile(text, BASE, true, fewLines))
        .isInstanceOf(RuleSyntaxException.class)
        .hasMessageContaining("rule set has 4 lines")
        .hasMessageContaining("3");
    Limits shortLines = Limits.builder().maxLineLength(40).build();
    assertThatThrownBy(() -> RuleCompiler.compile(text, BASE, true, shortLines))
        .isInstanceOf(RuleSyntaxException.class)
        .hasMessageContaining("more than the limit of 40");
  }

  @Test
  void compileWhenASharedLineMovesToAnotherNumberThenItIsNotTaken() {
    String line = "[get].*/rest/api/2/issue/MOVE-[0-9]+";
    CompiledRules first = RuleCompiler.compile(line, BASE, true, Limits.defaults());
    CompiledRules moved = RuleCompiler.compile("\n" + line, BASE, true, Limits.defaults());
    assertThat(moved.line(0)).isNotSameAs(first.line(0));
    assertThat(moved.line(0).number).isEqualTo(2);
    assertThat(moved.decide(Request.of("GET", "/jira/rest/api/2/issue/MOVE-1")))
        .hasToString("ALLOW (line 2)");
  }

  @Test
  void compileWhenASharedLineHasTheHashOfAnotherThenEachTextGetsItsOwnLine() {
    // "Aa" and "BB" have one hash, at any place in a line of one length: only the text tells
    String aa = "[get].*/rest/api/2/issue/HASH-Aa";
    String bb = "[get].*/rest/api/2/issue/HASH-BB";
    assertThat(aa.hashCode()).isEqualTo(bb.hashCode());
    CompiledRules first = RuleCompiler.compile(aa + "\n", BASE, true, Limits.defaults());
    CompiledRules second = RuleCompiler.compile(bb + "\n", BASE, true, Limits.defaults());
    assertThat(second.line(0)).isNotSameAs(first.line(0));
    assertThat(second.decide(Request.of("GET", "/jira/rest/api/2/issue/HASH-BB")))
        .hasToString("ALLOW (line 1)");
    assertThat(second.decide(Request.of("GET", "/jira/rest/api/2/issue/HASH-Aa")).isAllowed())
        .isFalse();
  }

  @Test
  void compileWhenEveryLineIsSharedThenItAllocatesLittleMoreThanTheRuleSet() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      b.append("[get,post].*/rest/api/2/issue/ALLOC").append(i).append("-[0-9]+/comment\n");
    }
    String text = b.toString();
    RuleCompiler.compile(text, BASE, true, Limits.defaults()); // every line now shared
    int runs = 2_000;
    long bytes = AllocationMeter.allocatedBeyondSlack(runs, 10L * runs,
        () -> RuleCompiler.compile(text, BASE, true, Limits.defaults()).lineCount());
    // the rule set it returns takes about 500 B; a string, key or list per line is as much again
    assertThat(bytes / runs)
        .as("bytes per compile of 10 shared lines: the garbage of a restart's first decisions,"
            + " which brings young collections among them (docs/benchmarks.md, run 16)")
        .isLessThan(1_200);
  }

  /** The compiled rules, or the error's message. */
  private static Object outcome(String text, Limits limits) {
    try {
      return RuleCompiler.compile(text, BASE, true, limits);
    } catch (RuleSyntaxException e) {
      return e.getMessage();
    }
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> line = Arbitraries.of(
        "[get].*/rest/api/2/issue/SC-[0-9]+",
        "[post]{base}/rest/api/2/issue/SC-[0-9]+/comment",
        "[get].*/rest/api/2/search[QueryParam::jql==project = SC.*]",
        "[put].*/rest/api/2/issue/SC-[0-9]+/(assignee|labels)",
        "[post].*/rest/api/2/issue[JsonData::fields.project.key==SC]",
        "[get,head].*/rest/agile/1\\.0/board/12/sprint",
        "  [delete] .*/rest/api/2/issue/SC-7  ",
        "# [get].*/rest/api/2/issue/SC-[0-9]+",
        "#",
        "",
        "   ",
        "\t# indented comment",
        "[get].*/rest/api/2/issue/(", // an invalid regex: the text does not compile
        "[fetch].*/rest/api/2/issue/SC-1"); // an unknown method
    Arbitrary<String> bom = Arbitraries.of("", "\uFEFF");
    Arbitrary<String> end = Arbitraries.of("\n", "\r\n", "\r");
    return Arbitraries.lazy(() -> line.list().ofMinSize(0).ofMaxSize(12).flatMap(lines ->
        bom.flatMap(b -> end.map(e -> b + String.join(e, lines)))));
  }
}
