package dev.limitto.engine.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.engine.Limits;
import dev.limitto.engine.Request;
import org.junit.jupiter.api.Test;

/**
 * Identical lines of different rule sets are compiled once and shared, as long as number, text,
 * base URL and program-size limit agree, and sharing changes no decision; so is the base URL.
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

  @Test
  void sharedWhenTheSameBaseUrlTextThenOneInstanceEqualToItsParse() {
    BaseUrl a = BaseUrl.shared("https://Shared.example.com:443/jira/");
    assertThat(BaseUrl.shared("https://Shared.example.com:443/jira/")).isSameAs(a);
    assertThat(a).isEqualTo(BaseUrl.parse("https://Shared.example.com:443/jira/"));
    assertThat(a.literal()).isEqualTo("https://shared.example.com/jira");
    assertThat(BaseUrl.shared("https://shared.example.com/jira")).isNotSameAs(a);
  }

  @Test
  void sharedWhenTheBaseUrlIsInvalidThenItThrowsEveryTime() {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> BaseUrl.shared("ftp://jira.example.com"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ftp://jira.example.com");
    }
  }

  private static CompiledRules compile(String text) {
    return RuleCompiler.compile(text, BASE, true, Limits.defaults());
  }
}
