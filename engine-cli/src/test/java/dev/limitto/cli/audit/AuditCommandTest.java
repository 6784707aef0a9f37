package dev.limitto.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.audit.AuditJson;
import dev.limitto.jira.audit.JsonLinesAuditWriter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {

  @TempDir Path data;

  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private AuditEntry oldAllowed;
  private AuditEntry recentRefused;
  private AuditEntry recentOther;
  private AuditEntry revoke;

  @BeforeEach
  void writeLog() throws IOException {
    oldAllowed = request(now.minus(3, ChronoUnit.HOURS), "tok_a", "ci bot", null);
    recentRefused = request(now.minus(10, ChronoUnit.MINUTES), "tok_a", "ci bot",
        "line 1: method POST not in [GET]");
    recentOther = request(now.minus(5, ChronoUnit.MINUTES), "tok_b", "other", null);
    revoke = new AuditEntry(AuditEntry.Type.ADMIN, now.minus(1, ChronoUnit.MINUTES), "tok_a",
        "ci bot", null, null, null, null, null, null, 0, null, 0, 0, "REVOKE", "admin",
        List.of());
    try (JsonLinesAuditWriter w = JsonLinesAuditWriter.open(
        data.resolve(JsonLinesAuditWriter.DATA_SUBDIRECTORY))) {
      w.write(List.of(oldAllowed, recentRefused, recentOther, revoke));
    }
  }

  @Test
  void auditWhenNoFilterThenEveryEventOnePerLineOldestFirst() {
    CliRun r = CliRun.run("", "audit", "--data", data.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.err()).isEmpty();
    assertThat(r.outLines()).containsExactly(
        oldAllowed.time() + "  ALLOWED 200  tok_a (ci bot)  user alice as bob  from 192.0.2.7"
            + "  GET https://jira.example.com/rest/api/2/search?jql=***  line 2  1.5 ms",
        recentRefused.time() + "  REFUSED 403  tok_a (ci bot)  user alice  from 192.0.2.7"
            + "  GET https://jira.example.com/rest/api/2/search?jql=***"
            + "  reason: line 1: method POST not in [GET]  1.5 ms",
        recentOther.time() + "  ALLOWED 200  tok_b (other)  user alice as bob  from 192.0.2.7"
            + "  GET https://jira.example.com/rest/api/2/search?jql=***  line 2  1.5 ms",
        revoke.time() + "  ADMIN REVOKE  tok_a (ci bot)  by admin");
  }

  @Test
  void auditWhenTokenAndSinceGivenThenOnlyThatTokensRecentEvents() {
    CliRun r = CliRun.run("", "audit", "--data", data.toString(), "--token", "tok_a",
        "--since", "1h");
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines()).hasSize(2);
    assertThat(r.outLines().get(0)).contains("REFUSED 403  tok_a");
    assertThat(r.outLines().get(1)).contains("ADMIN REVOKE  tok_a");
  }

  @Test
  void auditWhenRefusedGivenThenOnlyRefusedRequests() {
    CliRun r = CliRun.run("", "audit", "--data", data.toString(), "--refused");
    assertThat(r.outLines()).hasSize(1);
    assertThat(r.outLines().get(0)).startsWith(recentRefused.time() + "  REFUSED");
  }

  @Test
  void auditWhenSinceIsAnInstantThenEventsFromThatInstant() {
    CliRun r = CliRun.run("", "audit", "--data", data.toString(), "--since",
        recentOther.time().toString());
    assertThat(r.outLines()).hasSize(2);
  }

  @Test
  void auditWhenJsonGivenThenTheStoredObjectsOnePerLine() {
    CliRun r = CliRun.run("", "audit", "--data", data.toString(), "--json", "--token", "tok_b");
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines()).containsExactly(AuditJson.toJson(recentOther));
    assertThat(AuditJson.parse(r.outLines().get(0))).isEqualTo(recentOther);
  }

  @Test
  void auditWhenSinceIsMalformedThenOneLineOnStderrAndExit2() {
    CliRun r = CliRun.run("", "audit", "--data", data.toString(), "--since", "yesterday");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLine()).isEqualTo("limit-to audit: "
        + String.format(AuditCommand.BAD_SINCE, "yesterday"));
  }

  @Test
  void auditWhenSinceHasAnUnknownUnitThenExit2() {
    CliRun r = CliRun.run("", "audit", "--data", data.toString(), "--since", "3y");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLine()).isEqualTo("limit-to audit: "
        + String.format(AuditCommand.BAD_SINCE, "3y"));
  }

  @Test
  void auditWhenDataDirectoryMissingThenOneLineOnStderrAndExit2() {
    String missing = data.resolve("nope").toString();
    CliRun r = CliRun.run("", "audit", "--data", missing);
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLine()).isEqualTo("limit-to audit: "
        + String.format(AuditCommand.DATA_NOT_FOUND, missing));
  }

  @Test
  void auditWhenDataDirectoryHasNoLogYetThenNothingAndANote() throws IOException {
    Path empty = Files.createDirectory(data.resolve("fresh"));
    CliRun r = CliRun.run("", "audit", "--data", empty.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLine()).isEqualTo("limit-to audit: "
        + String.format(AuditCommand.NO_LOG, empty));
  }

  @Test
  void auditWhenLabelHoldsTerminalControlsThenShownEscaped() throws IOException {
    Path other = data.resolve("other");
    try (JsonLinesAuditWriter w = JsonLinesAuditWriter.open(other.resolve("audit"))) {
      w.write(List.of(request(now, "tok_x", "evil\u001b[2J\nforged line", null)));
    }
    CliRun r = CliRun.run("", "audit", "--data", other.toString());
    assertThat(r.outLines()).hasSize(1);
    assertThat(r.out()).doesNotContain("\u001b").contains("evil\\u001b[2J\\u000aforged line");
  }

  @Test
  void auditWhenLastLineWasCutShortThenSkippedWithANote() throws IOException {
    Path file;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(data.resolve("audit"), "*.jsonl")) {
      file = s.iterator().next();
    }
    Files.writeString(file, "{\"type\":\"REQ", StandardOpenOption.APPEND);
    CliRun r = CliRun.run("", "audit", "--data", data.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines()).hasSize(4);
    assertThat(r.errLine()).isEqualTo("limit-to audit: " + String.format(AuditCommand.UNREADABLE, 1));
  }

  @Test
  void sinceWhenRelativeThenCountedBackFromNow() {
    Instant t = Instant.parse("2026-03-01T10:00:00Z");
    assertThat(AuditCommand.parseSince("30m", t)).isEqualTo(Instant.parse("2026-03-01T09:30:00Z"));
    assertThat(AuditCommand.parseSince("2d", t)).isEqualTo(Instant.parse("2026-02-27T10:00:00Z"));
    assertThat(AuditCommand.parseSince("45s", t)).isEqualTo(Instant.parse("2026-03-01T09:59:15Z"));
  }

  @Test
  void sinceWhenWeeksThenCountedBackFromNow() {
    Instant t = Instant.parse("2026-03-15T10:00:00Z");
    assertThat(AuditCommand.parseSince("1w", t)).isEqualTo(Instant.parse("2026-03-08T10:00:00Z"));
    assertThat(AuditCommand.parseSince("1d12h", t))
        .isEqualTo(Instant.parse("2026-03-13T22:00:00Z"));
  }

  @Test
  void sinceWhenDateOrDateTimeThenThatPointInUtc() {
    Instant t = Instant.parse("2026-03-15T10:00:00Z");
    assertThat(AuditCommand.parseSince("2026-03-01", t))
        .isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(AuditCommand.parseSince("2026-03-01T10:30", t))
        .isEqualTo(Instant.parse("2026-03-01T10:30:00Z"));
    assertThat(AuditCommand.parseSince("2026-03-01T12:30:00+02:00", t))
        .isEqualTo(Instant.parse("2026-03-01T10:30:00Z"));
    assertThat(AuditCommand.parseSince("2026-03-01T10:30:00Z", t))
        .isEqualTo(Instant.parse("2026-03-01T10:30:00Z"));
  }

  private static AuditEntry request(Instant time, String token, String label, String reason) {
    boolean refused = reason != null;
    return new AuditEntry(AuditEntry.Type.REQUEST, time, token, label, "alice",
        refused ? "alice" : "bob", "192.0.2.7", "GET",
        "https://jira.example.com/rest/api/2/search?jql=***",
        refused ? AuditEntry.REFUSED : AuditEntry.ALLOWED, refused ? 0 : 2, reason,
        refused ? 403 : 200, 1_534, null, null, List.of());
  }
}
