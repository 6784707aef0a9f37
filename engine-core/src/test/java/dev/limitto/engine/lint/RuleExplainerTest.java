package dev.limitto.engine.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.limitto.engine.RuleSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The table {@code explain/sentences.tsv}: each rule line, alone, gets exactly the sentence
 * beside it; a failure names {@code sentences.tsv:LINE}.
 */
class RuleExplainerTest {

  @TestFactory
  Stream<DynamicTest> explainGivesTheSentenceOfTheTable() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    String[] rows = resource("/explain/sentences.tsv").split("\n");
    for (int i = 0; i < rows.length; i++) {
      String row = rows[i];
      if (row.isBlank() || row.startsWith("#")) {
        continue;
      }
      int tab = row.indexOf('\t');
      String where = "sentences.tsv:" + (i + 1);
      String rule = row.substring(0, tab);
      String expected = row.substring(tab + 1);
      tests.add(DynamicTest.dynamicTest(where + " " + rule, () -> {
        List<RuleExplainer.Sentence> sentences = RuleExplainer.explain(rule);
        assertEquals(1, sentences.size(), where);
        assertEquals(expected, sentences.get(0).text(), where);
      }));
    }
    return tests.stream();
  }

  @Test
  void explainWhenSeveralLinesThenOneSentencePerEffectiveLineWithItsNumber() {
    List<RuleExplainer.Sentence> sentences = RuleExplainer.explain(
        "# reporting\n[get]{base}/rest/api/2/myself\n\n[get]{base}/rest/api/2/project\n");
    assertThat(sentences).extracting(RuleExplainer.Sentence::line).containsExactly(2, 4);
    assertThat(sentences.get(1).source()).isEqualTo("[get]{base}/rest/api/2/project");
  }

  @Test
  void explainWhenNoEffectiveLineThenSaysUnrestricted() {
    assertThat(RuleExplainer.explain("# nothing\n")).extracting(RuleExplainer.Sentence::text)
        .containsExactly("no restrictions: the token may do everything its user may do");
  }

  @Test
  void explainWhenTextDoesNotCompileThenThrowsWithEveryIssue() {
    assertThatThrownBy(() -> RuleExplainer.explain("[get]{base}/x[QueryParam::a]\n[get]("))
        .isInstanceOf(RuleSyntaxException.class)
        .satisfies(e -> assertThat(((RuleSyntaxException) e).issues()).hasSize(2));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = RuleExplainerTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
