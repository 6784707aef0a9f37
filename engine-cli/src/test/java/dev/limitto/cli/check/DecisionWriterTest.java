package dev.limitto.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Decision;
import dev.limitto.engine.LineExplanation;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionWriterTest {

  private final StringWriter out = new StringWriter();

  private String written() throws IOException {
    return out.toString();
  }

  @Test
  void decisionWhenAllowedByLineThenDecisionAndLine() throws IOException {
    DecisionWriter w = new DecisionWriter(out);
    w.decision(Decision.allow(2), null);
    w.flush();
    assertThat(written()).isEqualTo("{\"decision\":\"ALLOW\",\"line\":2}\n");
  }

  @Test
  void decisionWhenUnrestrictedThenNoLine() throws IOException {
    DecisionWriter w = new DecisionWriter(out);
    w.decision(Decision.allowUnrestricted(), null);
    w.flush();
    assertThat(written()).isEqualTo("{\"decision\":\"ALLOW\"}\n");
  }

  @Test
  void decisionWhenDeniedThenReasonIsJsonEscaped() throws IOException {
    DecisionWriter w = new DecisionWriter(out);
    w.decision(Decision.deny("line 2: method GET not in [POST] \"q\"\n"), null);
    w.flush();
    assertThat(written()).isEqualTo(
        "{\"decision\":\"DENY\",\"reason\":\"line 2: method GET not in [POST] \\\"q\\\"\\n\"}\n");
  }

  @Test
  void decisionWhenExplainedThenOneEntryPerRuleLineInOrder() throws IOException {
    DecisionWriter w = new DecisionWriter(out);
    w.decision(Decision.allow(3), List.of(
        new LineExplanation(1, false, "method GET not in [POST]"),
        new LineExplanation(3, true, "matched")));
    w.flush();
    assertThat(written()).isEqualTo("{\"decision\":\"ALLOW\",\"line\":3,\"explain\":["
        + "{\"line\":1,\"matched\":false,\"detail\":\"method GET not in [POST]\"},"
        + "{\"line\":3,\"matched\":true,\"detail\":\"matched\"}]}\n");
  }

  @Test
  void decisionWhenExplainedButNoRuleLinesThenEmptyExplain() throws IOException {
    DecisionWriter w = new DecisionWriter(out);
    w.decision(Decision.allowUnrestricted(), List.of());
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
    w.decision(Decision.allow(1), null);
    w.error("input line 2: empty line, expected a JSON object");
    w.decision(Decision.deny("r"), null);
    w.flush();
    assertThat(written()).isEqualTo("{\"decision\":\"ALLOW\",\"line\":1}\n"
        + "{\"error\":\"input line 2: empty line, expected a JSON object\"}\n"
        + "{\"decision\":\"DENY\",\"reason\":\"r\"}\n");
  }
}
