package dev.limitto.jira.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class AuditJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void requestEntryWhenEncodedThenReadsBackEqual() {
    AuditEntry e = Entries.request(42);
    assertThat(AuditJson.parse(AuditJson.toJson(e))).isEqualTo(e);
  }

  @Test
  void stagedOutcomeWhenEncodedThenNamedFieldsThatReadBackEqual() throws Exception {
    AuditEntry e = new AuditEntry(AuditEntry.Type.REQUEST, Entries.T0, "tok_a", "ci", "alice",
        "alice", "10.0.0.1", "POST", "http://h/rest/api/2/issue", AuditEntry.ALLOWED, 2, null,
        201, 9, null, null, List.of(), -1,
        new StagedOutcome(StagedOutcome.Verdict.WOULD_REFUSE, 0, "no line allows it"));

    String json = AuditJson.toJson(e);

    assertThat(json).endsWith(",\"staged\":\"WOULD_REFUSE\",\"stagedLine\":0,"
        + "\"stagedReason\":\"no line allows it\"}");
    assertThat(AuditJson.parse(json)).isEqualTo(e);
  }

  @Test
  void entryWithoutStagedRulesWhenEncodedThenHasNoStagedField() {
    assertThat(AuditJson.toJson(Entries.request(42))).doesNotContain("staged");
    assertThat(AuditJson.parse(AuditJson.toJson(Entries.request(42))).staged()).isNull();
  }

  @Test
  void unknownStagedVerdictWhenParsedThenRefusedNamingTheField() {
    assertThatThrownBy(() -> AuditJson.parse("{\"type\":\"REQUEST\","
        + "\"time\":\"2026-03-01T10:00:00Z\",\"staged\":\"MAYBE\"}"))
        .hasMessage("audit line has an invalid 'staged' field");
  }

  @Test
  void adminEntryWhenEncodedThenReadsBackEqualWithType() throws Exception {
    AuditEntry e = Entries.admin(Entries.T0, "tok_a", "REVOKE");
    String json = AuditJson.toJson(e);
    assertThat(AuditJson.parse(json)).isEqualTo(e);
    JsonNode node = MAPPER.readTree(json);
    assertThat(node.get("type").asText()).isEqualTo("ADMIN");
    assertThat(node.get("action").asText()).isEqualTo("REVOKE");
    assertThat(node.get("ruleLines").asInt()).isEqualTo(2);
    assertThat(node.has("status")).isFalse();
  }

  @Test
  void adminEntryWhenWrittenBeforeRuleLinesExistedThenReadsAsUnknown() {
    AuditEntry e = AuditJson.parse("{\"type\":\"ADMIN\",\"time\":\"2026-03-01T10:00:00Z\","
        + "\"tokenId\":\"tok_a\",\"action\":\"CREATE\",\"changedFields\":[]}");
    assertThat(e.ruleLines()).isEqualTo(-1);
    assertThat(AuditJson.toJson(e)).doesNotContain("ruleLines");
  }

  @Test
  void nullFieldsWhenEncodedThenLeftOut() {
    AuditEntry e = new AuditEntry(AuditEntry.Type.REQUEST, Entries.T0, null, null, null, null,
        "10.0.0.1", "GET", "http://x/rest", AuditEntry.REFUSED, 0, "token refused", 401, 5, null,
        null, List.of());
    assertThat(AuditJson.toJson(e)).isEqualTo(
        "{\"type\":\"REQUEST\",\"time\":\"2026-03-01T10:00:00Z\",\"clientAddress\":\"10.0.0.1\","
            + "\"method\":\"GET\",\"url\":\"http://x/rest\",\"decision\":\"REFUSED\",\"line\":0,"
            + "\"reason\":\"token refused\",\"status\":401,\"durationMicros\":5}");
  }

  @Test
  void controlCharactersAndLineSeparatorsWhenEncodedThenEscapedOnOneLine() {
    String nasty = "a\nb\rc\u0000d\"e\\f\u2028g\u007f";
    AuditEntry e = Entries.admin(Entries.T0, nasty, "EDIT");
    String json = AuditJson.toJson(e);
    assertThat(json).doesNotContain("\n", "\r", "\u2028", "\u0000");
    assertThat(AuditJson.parse(json).tokenId()).isEqualTo(nasty);
  }

  @Test
  void unpairedSurrogateWhenEncodedThenReplacedSoTheLineIsValidUtf8() {
    AuditEntry e = Entries.admin(Entries.T0, "x\uD800y\uDC00z\uD83D\uDE00", "EDIT");
    assertThat(AuditJson.parse(AuditJson.toJson(e)).tokenId())
        .isEqualTo("x\uFFFDy\uFFFDz\uD83D\uDE00");
  }

  @Property(tries = 300)
  void anyStringsWhenEncodedThenOneLineOfValidJsonThatReadsBack(
      @ForAll String id, @ForAll String label, @ForAll String reason) throws Exception {
    AuditEntry e = new AuditEntry(AuditEntry.Type.REQUEST, Instant.ofEpochSecond(1, 5), id,
        label, "o", "u", "::1", "POST", "http://h/p", AuditEntry.REFUSED, 0, reason, 403, 1, null,
        null, List.of());
    String json = AuditJson.toJson(e);
    assertThat(json).doesNotContain("\n");
    assertThat(MAPPER.readTree(json).get("reason").isTextual()).isTrue();
    AuditEntry back = AuditJson.parse(json);
    assertThat(back.time()).isEqualTo(e.time());
    assertThat(back.status()).isEqualTo(403);
  }

  @Test
  void lineWithoutTypeWhenParsedThenRefusedNamingTheField() {
    assertThatThrownBy(() -> AuditJson.parse("{\"time\":\"2026-03-01T10:00:00Z\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(String.format(AuditJson.ERR_MISSING, "type"));
  }

  @Test
  void truncatedLineWhenParsedThenRefused() {
    String json = AuditJson.toJson(Entries.request(1));
    assertThatThrownBy(() -> AuditJson.parse(json.substring(0, json.length() - 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(AuditJson.ERR_NOT_OBJECT);
  }

  @Test
  void lineWithTwoObjectsWhenParsedThenRefused() {
    String json = AuditJson.toJson(Entries.request(1));
    assertThatThrownBy(() -> AuditJson.parse(json + json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(AuditJson.ERR_TRAILING);
  }

  @Test
  void badTimeWhenParsedThenRefusedNamingTheField() {
    assertThatThrownBy(() -> AuditJson.parse("{\"type\":\"ADMIN\",\"time\":\"yesterday\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(String.format(AuditJson.ERR_BAD_FIELD, "time"));
  }

  @Test
  void unknownFieldWhenParsedThenIgnored() {
    AuditEntry e = AuditJson.parse(
        "{\"type\":\"ADMIN\",\"time\":\"2026-03-01T10:00:00Z\",\"future\":{\"a\":[1]}}");
    assertThat(e.type()).isEqualTo(AuditEntry.Type.ADMIN);
  }
}
