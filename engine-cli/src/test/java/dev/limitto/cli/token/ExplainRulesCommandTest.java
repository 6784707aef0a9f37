package dev.limitto.cli.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code limit-to explain-rules} in process: a file, a token of the store, errors. */
class ExplainRulesCommandTest {

  private static final Pattern CREATED = Pattern.compile("Created token (tok_[0-9a-f]+) ");
  private static final String RULES = "# a reporting script\n"
      + "[get]{base}/rest/api/2/search[QueryParam::jql==project = KANBAN.*]\n"
      + "[post]{base}/rest/api/2/issue/KANBAN-100/comment\n";

  @TempDir Path tmp;

  @Test
  void explainRulesWhenFileThenOneSentencePerLineWithItsNumber() throws Exception {
    Path f = Files.writeString(tmp.resolve("r.rules"), RULES);
    CliRun r = CliRun.run("", "explain-rules", f.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines()).containsExactly(
        f + ":2: may search for issues, with a JQL that starts with `project = KANBAN`",
        f + ":3: may add comments to issue KANBAN-100");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void explainRulesWhenTokenThenExplainsItsStoredRules() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Path f = Files.writeString(tmp.resolve("r.rules"), RULES);
    CliRun created = CliRun.run("", "token", "create", "--user", "alice", "--limit-to",
        f.toString(), "--data", data.toString());
    Matcher m = CREATED.matcher(created.out());
    assertThat(m.find()).as(created.out() + created.err()).isTrue();
    String id = m.group(1);
    CliRun r = CliRun.run("", "explain-rules", "--token", id, "--data", data.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines()).containsExactly(
        id + ":2: may search for issues, with a JQL that starts with `project = KANBAN`",
        id + ":3: may add comments to issue KANBAN-100");
  }

  @Test
  void explainRulesWhenRulesDoNotCompileThenRendersTheErrorsAndExits2() throws Exception {
    Path f = Files.writeString(tmp.resolve("bad.rules"), "[get]{base}/x[QueryParam::a]\n");
    CliRun r = CliRun.run("", "explain-rules", f.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith(f + ":1:");
  }

  @Test
  void explainRulesWhenFileAndTokenBothGivenThenUsageError() throws Exception {
    Path f = Files.writeString(tmp.resolve("r.rules"), RULES);
    CliRun r = CliRun.run("", "explain-rules", f.toString(), "--token", "tok_1");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
  }
}
