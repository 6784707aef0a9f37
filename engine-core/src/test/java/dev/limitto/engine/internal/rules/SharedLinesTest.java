package dev.limitto.engine.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Limits;
import dev.limitto.engine.Request;
import org.junit.jupiter.api.Test;

/**
 * Identical lines of different rule sets are compiled once and shared, as long as number, text,
 * base URL and program-size limit agree, and sharing changes no decision.
 */
class SharedLinesTest {

  private static final BaseUrl BASE = BaseUrl.parse("https://jira.example.com/jira");

  @Test
  void compileWhenTwoRuleSetsHoldTheSameLineThenTheyShareItsCompiledForm() {
    String shared = "[get].*/rest/api/2/issue/SHARE-[0-9]+[QueryParam::fields==summary]";
    CompiledRules a = compile("[post].*/rest/api/2/issue/A-1/comment\n" + shared);
    CompiledRules b = compile("[put].*/rest/api/2/issue/B-1\n" + shared);
    assertThat(b.line(1)).isSameAs(a.line(1));
    assertThat(b.line(0)).isNotSameAs(a.line(0));
    Request r = Request.of("GET", "/jira/rest/api/2/issue/SHARE-4?fields=summary");
    assertThat(a.decide(r)).hasToString("ALLOW (line 2)");
    assertThat(b.decide(r)).isSameAs(a.decide(r));
  }

  @Test
  void compileWhenTheSameTextIsAnotherLineNumberOrBaseThenItIsNotShared() {
    String line = "[get]{base}/rest/api/2/issue/NOSHARE-[0-9]+";
    CompiledRules first = compile(line);
    CompiledRules second = compile("[get].*/myself\n" + line);
    CompiledRules otherBase = RuleCompiler.compile(
        line, BaseUrl.parse("https://other.example.com"), true, Limits.defaults());
    assertThat(second.line(1)).isNotSameAs(first.line(0));
    assertThat(otherBase.line(0)).isNotSameAs(first.line(0));
    assertThat(otherBase.decide(Request.of("GET", "/jira/rest/api/2/issue/NOSHARE-1")).isAllowed())
        .isFalse();
    assertThat(first.decide(Request.of("GET", "/jira/rest/api/2/issue/NOSHARE-1")).isAllowed())
        .isTrue();
  }

  private static CompiledRules compile(String text) {
    return RuleCompiler.compile(text, BASE, true, Limits.defaults());
  }
}
