package dev.limitto.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Decision;
import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSet;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionWriterTest {

  private static final Request GET_X = Request.of("GET", "/x");

  private final StringWriter out = new StringWriter();

  /** A decision the engine makes: allowed by the given line. */
  private static Decision allowedBy(int line) {
    StringBuilder rules = new StringBuilder();
    for (int i = 1; i < line; i++) {
      rules.append("[post].*/x\n");
    }
    Decision d = RuleSet.compile(rules + "[get].*/x").evaluate(GET_X);
    assertThat(d.line()).hasValue(line);
    return d;
  }

  private static Decision unrestricted() {
    return RuleSet.compile("").evaluate(GET_X);
  }

  private static Decision denied(String rules) {
    return RuleSet.compile(rules).evaluate(GET_X);
  }

  private String written() throws IOException {
    return out.toString();
  }

  @Test
  void decisionWhenAllowedByLineThenDecisionAndLine() throws IOException {
    DecisionWriter w = new DecisionWriter(out);
    w.decision(allowedBy(2), null);
    w.flush();
    assertThat(written()).isEqualTo("{\"decision\":\"ALLOW\",\"line\":2}\n");
  }

  @Test
  void decisionWhenUnrestrictedThenNoLine() throws IOException {
    DecisionWriter w = new DecisionWriter(out);
    w.decision(unrestricted(), null);
    w.flush();
    assertThat(written()).isEqualTo("{\"decision\":\"ALLOW\"}\n");
  }

  @Test
  void decisionWhenDeniedThenReasonIsJsonEscaped() throws IOException {
    DecisionWriter w = new DecisionWriter(out);
    Decision d = denied("[get].*/a\"q\"\\.b");
    w.decision(d, null);
    w.flush();
    assertThat(d.reason()).contains("\"q\"\\.b");
    assertThat(written()).isEqualTo(
        "{\"decision\":\"DENY\",\"reason\":\"" + d.reason().replace("\\", "\\\\")
            .replace("\"", "\\\"") + "\"}\n");
    assertThat(written()).contains("\\\"q\\\"\\\\.b");
  }

  @Test
  void decisionWhenExplainedThenOneEntryPerRuleLineInOrder() throws IOException {
    DecisionWriter w = new DecisionWriter(out);
    RuleSet rules = RuleSet.compile("[post].*/x\n# a comment\n[get].*/x");
    w.decision(rules.evaluate(GET_X), rules.explain(GET_X));
    w.flush();
    assertThat(written()).isEqualTo("{\"decision\":\"ALLOW\",\"line\":3,\"explain\":["
        + "{\"line\":1,\"matched\":false,\"detail\":\"method GET not in [POST]\"},"
        + "{\"line\":3,\"matched\":true,\"detail\":\"all parts match\"}]}\n");
  }

  @Test
  void decisionWhenExplainedButNoRuleLinesThenEmptyExplain() throws IOException {
    DecisionWriter w = new DecisionWriter(out);
    w.decision(unrestricted(), List.of());
    w.flush();
    assertThat(written()).isEqualTo("{\"decision\":\"ALLOW\",\"explain\":[]}\n");
  }

  @Test
  void errorThenErrorObject() throws IOException {
    DecisionWriter w = new DecisionWriter(out);
    w.error("input line 3: missing \"target\"");
    w.flush();
    assertThat(written()).isEqualTo("{\"error\":\"input line 3: missing \\\"target\\\"\"}\n");
  }

  @Test
  void writesWhenSeveralLinesThenOneObjectPerLineWithoutSeparatorSpaces() throws IOException {
    DecisionWriter w = new DecisionWriter(out);
    w.decision(allowedBy(1), null);
    w.error("input line 2: empty line, expected a JSON object");
    w.decision(denied("[post].*/x"), null);
    w.flush();
    assertThat(written()).isEqualTo("{\"decision\":\"ALLOW\",\"line\":1}\n"
        + "{\"error\":\"input line 2: empty line, expected a JSON object\"}\n"
        + "{\"decision\":\"DENY\",\"reason\":\"line 1: method GET not in [POST]\"}\n");
  }
}
