package dev.limitto.cli.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import dev.limitto.cli.data.DataDirectory;
import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.audit.AuditQuery;
import dev.limitto.jira.audit.JsonLinesAuditReader;
import dev.limitto.jira.audit.JsonLinesAuditWriter;
import dev.limitto.jira.audit.StagedOutcome;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code token stage}, {@code staged}, {@code promote} and {@code unstage} in-process. */
class TokenStagingCommandTest {

  private static final Pattern CREATED = Pattern.compile("Created token (tok_[0-9a-f]+) ");
  private static final String ENFORCED = "[get].*/rest/api/2/issue/.*\n";
  private static final String STAGED = "# KANBAN only\n[get].*/rest/api/2/issue/KANBAN-[0-9]+\n";

  @TempDir Path tmp;
  private Path data;
  private String id;

  @BeforeEach
  void tokenWithRules() throws Exception {
    data = tmp.resolve("data");
    Files.createDirectories(data);
    CliRun created = token("create", "--user", "alice", "--label", "ci", "--limit-to",
        rules(ENFORCED).toString());
    Matcher m = CREATED.matcher(created.out());
    assertThat(m.find()).as(created.out() + created.err()).isTrue();
    id = m.group(1);
  }

  private CliRun token(String... args) {
    return CliRun.token(data, args);
  }

  private Path rules(String text) throws Exception {
    Path file = tmp.resolve("r" + System.nanoTime() + ".rules");
    Files.writeString(file, text);
    return file;
  }

  private List<String> adminActions() throws Exception {
    List<String> actions = new ArrayList<>();
    for (AuditEntry e : new JsonLinesAuditReader(AdminSession.adminAuditDirectory(data))
        .readAll(AuditQuery.all())) {
      actions.add(e.action());
    }
    return actions;
  }

  /** Writes request entries into the serve log as the gate would have. */
  private void served(AuditEntry... entries) throws Exception {
    try (JsonLinesAuditWriter w = JsonLinesAuditWriter.open(
        data.resolve(JsonLinesAuditWriter.DATA_SUBDIRECTORY))) {
      w.write(List.of(entries));
    }
  }

  private AuditEntry request(String method, String path, boolean allowed, StagedOutcome s) {
    return new AuditEntry(AuditEntry.Type.REQUEST, Instant.now().plusSeconds(5), id, "ci",
        "alice", allowed ? "alice" : null, "10.0.0.1", method, "http://localhost:8080" + path,
        allowed ? AuditEntry.ALLOWED : AuditEntry.REFUSED, allowed ? 1 : 0,
        allowed ? null : "no line allows " + method, allowed ? 200 : 403, 900, null, null,
        List.of(), -1, s);
  }

  @Test
  void stageThenStagedShowsTheRulesAndThatNoRequestWasCheckedYet() throws Exception {
    CliRun staged = token("stage", id, "--limit-to", rules(STAGED).toString());

    assertThat(staged.exitCode()).as(staged.err()).isZero();
    assertThat(staged.out()).startsWith("Staged 1 rule line(s) on token " + id
        + ". Its requests are still decided by its enforced rules (1 rule line(s));");
    CliRun shown = token("staged", id);
    assertThat(shown.exitCode()).as(shown.err()).isZero();
    assertThat(shown.out()).contains("1 rule line(s)\n  # KANBAN only\n"
        + "  [get].*/rest/api/2/issue/KANBAN-[0-9]+\n")
        .contains("Since then: 0 request(s), 0 checked against the staged rules; they would"
            + " change 0:\n");
    assertThat(adminActions()).containsExactly("CREATE", "STAGE");
  }

  @Test
  void stagedCountsWhatTheStagedRulesWouldChangeWithTheMostFrequentExamplesFirst()
      throws Exception {
    token("stage", id, "--limit-to", rules(STAGED).toString());
    StagedOutcome refuse = new StagedOutcome(StagedOutcome.Verdict.WOULD_REFUSE, 0,
        "no line allows GET /rest/api/2/issue/JRA-1");
    served(
        request("GET", "/rest/api/2/issue/KANBAN-1", true,
            new StagedOutcome(StagedOutcome.Verdict.SAME, 1, null)),
        request("GET", "/rest/api/2/issue/JRA-1", true, refuse),
        request("GET", "/rest/api/2/issue/JRA-2", true, new StagedOutcome(
            StagedOutcome.Verdict.WOULD_REFUSE, 0, "no line allows GET /rest/api/2/issue/JRA-2")),
        request("GET", "/rest/api/2/issue/JRA-1", true, refuse),
        request("DELETE", "/rest/api/2/issue/KANBAN-1", false,
            new StagedOutcome(StagedOutcome.Verdict.WOULD_ALLOW, 2, null)),
        request("GET", "/rest/api/2/myself", false, null));

    CliRun shown = token("staged", id, "--examples", "1");

    assertThat(shown.exitCode()).as(shown.err()).isZero();
    assertThat(shown.out())
        .contains("Since then: 6 request(s), 5 checked against the staged rules; they would"
            + " change 4:\n"
            + "  would refuse 3 request(s) that were allowed\n"
            + "    2x GET http://localhost:8080/rest/api/2/issue/JRA-1\n"
            + "      now: line 1\n"
            + "      staged: no line allows GET /rest/api/2/issue/JRA-1\n")
        .doesNotContain("JRA-2")
        .contains("  would allow 1 request(s) that were refused\n"
            + "    1x DELETE http://localhost:8080/rest/api/2/issue/KANBAN-1\n"
            + "      now: no line allows DELETE\n"
            + "      staged: line 2\n");
  }

  @Test
  void stageWhenTheRulesDoNotCompileThenExit2WithLineAndColumnAndNothingStaged()
      throws Exception {
    Path bad = rules("[get].*/ok\n[post](open\n");

    CliRun staged = token("stage", id, "--limit-to", bad.toString());

    assertThat(staged.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(staged.err()).contains(bad + ":2:");
    assertThat(token("staged", id).out()).contains("has no staged rules");
  }

  @Test
  void stageWhenTheFileHasNoRuleLineThenExit2SayingSo() throws Exception {
    Path empty = rules("# nothing\n\n");

    CliRun staged = token("stage", id, "--limit-to", empty.toString());

    assertThat(staged.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(staged.err()).contains(String.format(TokenStageCommand.ERR_RULES_FILE_EMPTY, empty));
  }

  @Test
  void promoteMakesTheStagedRulesEnforcedAndIsAudited() throws Exception {
    token("stage", id, "--limit-to", rules(STAGED).toString());

    CliRun promoted = token("promote", id);

    assertThat(promoted.exitCode()).as(promoted.err()).isZero();
    assertThat(promoted.out()).startsWith("Promoted the staged rules of token " + id)
        .contains("limit to:   1 rule line(s)\n  # KANBAN only\n");
    assertThat(token("staged", id).out()).contains("Token " + id + " has no staged rules.");
    assertThat(adminActions()).containsExactly("CREATE", "STAGE", "PROMOTE");
  }

  @Test
  void promoteWhenNothingIsStagedThenExit2() {
    CliRun promoted = token("promote", id);

    assertThat(promoted.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(promoted.err()).contains(String.format(TokenService.ERR_NOTHING_STAGED, id));
  }

  @Test
  void promoteWhenSecureModeThenExit2AndTheRulesStay() throws Exception {
    token("stage", id, "--limit-to", rules(STAGED).toString());
    Files.writeString(data.resolve(DataDirectory.SETTINGS_FILE),
        TokenSettings.SECURE_MODE + "=true\n");

    CliRun promoted = token("promote", id);

    assertThat(promoted.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(promoted.err()).contains(String.format(TokenService.ERR_SECURE_PROMOTE, id));
    assertThat(token("staged", id).out()).contains("KANBAN only");
  }

  @Test
  void unstageRemovesThemAndASecondUnstageChangesNothing() throws Exception {
    token("stage", id, "--limit-to", rules(STAGED).toString());

    CliRun first = token("unstage", id);
    CliRun second = token("unstage", id);

    assertThat(first.out()).isEqualTo("Removed the staged rules of token " + id + ".\n");
    assertThat(second.out()).contains("has no staged rules; nothing changed.");
    assertThat(adminActions()).containsExactly("CREATE", "STAGE", "UNSTAGE");
  }

  @Test
  void auditShowsWhatTheStagedRulesWouldHaveDoneOnTheRequestLine() throws Exception {
    served(request("GET", "/rest/api/2/issue/JRA-1", true, new StagedOutcome(
        StagedOutcome.Verdict.WOULD_REFUSE, 0, "no line allows it")));

    CliRun audit = CliRun.run("", "audit", "--data", data.toString());

    assertThat(audit.out()).contains("line 1  0.9 ms  staged: would refuse: no line allows it");
  }
}
