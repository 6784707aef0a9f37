package dev.limitto.cli.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code limit-to suggest} in process, from an access log. */
class SuggestCommandTest {

  @TempDir Path dir;

  @Test
  void suggestWhenAccessLogThenTightLinesReplayedAndBeyondShown() throws IOException {
    String log = Files.writeString(dir.resolve("access.log"),
        "10.0.0.5 - bot [01/Mar/2026:02:00:00 +0000] \"GET /jira/rest/api/2/issue/REP-1 HTTP/1.1\""
            + " 200 5 \"-\" \"r\"\n"
            + "10.0.0.5 - bot [02/Mar/2026:02:00:00 +0000] \"GET /jira/rest/api/2/issue/REP-7 HTTP/1.1\""
            + " 200 5 \"-\" \"r\"\n").toString();
    CliRun r = CliRun.run("", "suggest", "--in", log, "--base-url", "https://jira.example.com/jira");
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines()).startsWith("[get]{base}/rest/api/2/issue/REP-[0-9]+",
        "# replayed 2 request(s): 2 allowed, 0 refused",
        "# what the suggestion allows beyond the traffic:",
        "#   GET: differs",
        "#     suggestion allows, traffic refuses:",
        "#       GET /jira/rest/api/2/issue/REP-0");
  }

  @Test
  void suggestWhenNoSourceThenExits2() {
    CliRun r = CliRun.run("", "suggest");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains(SuggestCommand.ONE_SOURCE);
  }
}
