package dev.limitto.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --in-format=combined}: replaying an access log, in process. */
class ReplayTest {

  private static final String RULES = String.join("\n",
      "[get]{base}/rest/api/2/issue/KANBAN-[0-9]+",
      "[post]{base}/rest/api/2/issue[JsonData::fields.project.key==KANBAN]",
      "# reading",
      "[get]{base}/rest/api/2/search[QueryParam::jql==project = KANBAN.*]",
      "[delete]{base}/rest/api/2/issue/unused",
      "");

  @TempDir Path dir;

  private String file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text).toString();
  }

  private static String log(String method, String target) {
    return "10.0.0.1 - alice [28/Nov/2026:07:00:00 +0000] \"" + method + " " + target
        + " HTTP/1.1\" 200 123 \"-\" \"curl/8.5\"\n";
  }

  /**
   * 100,000 lines with known counts per kind: 40% allowed by line 1, 10% by line 4, 10% POSTs
   * that only a body could allow, 10% each of three denied paths, 9,900 dashboard requests with
   * escaped quotes in the agent, and 100 malformed lines.
   */
  private String generateLog() throws IOException {
    Path path = dir.resolve("access.log");
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      for (int i = 0; i < 100_000; i++) {
        switch (i % 10) {
          case 0, 1, 2, 3 -> w.write(log("GET", "/rest/api/2/issue/KANBAN-" + i));
          case 4 -> w.write(log("GET", "/rest/api/2/search?jql=project%20%3D%20KANBAN&n=" + i));
          case 5 -> w.write(log("POST", "/rest/api/2/issue"));
          case 6 -> w.write(log("GET", "/rest/api/2/myself"));
          case 7 -> w.write(log("PUT", "/rest/api/2/issue/KANBAN-1"));
          case 8 -> w.write(log("GET", "/rest/api/2/search?jql=project%20%3D%20OTHER"));
          default -> {
            if (i % 1000 == 9) {
              w.write((i / 1000) % 2 == 0
                  ? "10.0.0.2 - - [28/Nov/2026:07:00:01 +0000] \"-\" 408 0 \"-\" \"-\"\n"
                  : "garbage without fields\n");
            } else {
              w.write("10.0.0.3 - - [28/Nov/2026:07:00:02 +0000] \"GET /secure/Dashboard.jspa"
                  + " HTTP/1.1\" 200 9 \"-\" \"Mozilla \\\"quoted\\\" agent\"\n");
            }
          }
        }
      }
    }
    return path.toString();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void replayWhenLogHas100kLinesThenSummaryCountsEveryKindExactly() throws IOException {
    String rules = file("rules.txt", RULES);
    String log = generateLog();
    CliRun r = CliRun.run("", "check", "--rules", rules, "--in-format=combined", "--in", log);
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines()).containsExactly(
        "replayed " + log + " against " + rules + " (base URL http://localhost:8080)",
        "requests: 99900",
        "allowed: 50000",
        "  line 1: 40000  [get]{base}/rest/api/2/issue/KANBAN-[0-9]+",
        "  line 2: 0  [post]{base}/rest/api/2/issue[JsonData::fields.project.key==KANBAN]",
        "  line 4: 10000  [get]{base}/rest/api/2/search[QueryParam::jql==project = KANBAN.*]",
        "  line 5: 0  [delete]{base}/rest/api/2/issue/unused",
        "denied: 49900",
        "  10000 of them need a body: their method, URL and query match a JsonData line, but a"
            + " log has no bodies, so they count as denied",
        "top denied paths (method and path, without query):",
        "  10000  GET /rest/api/2/myself",
        "  10000  GET /rest/api/2/search",
        "  10000  POST /rest/api/2/issue",
        "  10000  PUT /rest/api/2/issue/KANBAN-1",
        "  9900  GET /secure/Dashboard.jspa",
        "malformed log lines: 100 (not replayed)",
        "  line 10: " + CombinedLogFormat.DASH_REQUEST,
        "  line 1010: " + CombinedLogFormat.NO_TIME,
        "  line 2010: " + CombinedLogFormat.DASH_REQUEST,
        "  line 3010: " + CombinedLogFormat.NO_TIME,
        "  line 4010: " + CombinedLogFormat.DASH_REQUEST,
        "  ... and 95 more");
  }

  @Test
  void replayWithTopThenListsThatManyDeniedPaths() throws IOException {
    String rules = file("rules.txt", "[get]{base}/a\n");
    String log = file("access.log", log("GET", "/b") + log("GET", "/b") + log("GET", "/c")
        + log("GET", "/a?x=1"));
    CliRun r = CliRun.run("", "check", "--rules", rules, "--in-format=combined", "--in", log,
        "--top", "1");
    assertThat(r.outLines()).containsExactly(
        "replayed " + log + " against " + rules + " (base URL http://localhost:8080)",
        "requests: 4",
        "allowed: 1",
        "  line 1: 1  [get]{base}/a",
        "denied: 3",
        "top denied paths (method and path, without query):",
        "  2  GET /b");
  }

  @Test
  void replayWithPerRequestThenJsonPerLineOnStdoutAndSummaryOnStderr() throws IOException {
    String rules = file("rules.txt", "[get]{base}/a\n");
    String log = file("access.log", log("GET", "/a") + "junk\n" + log("POST", "/a"));
    CliRun r = CliRun.run("", "check", "--rules", rules, "--in-format=combined", "--in", log,
        "--per-request");
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines()).containsExactly(
        "{\"decision\":\"ALLOW\",\"line\":1}",
        "{\"error\":\"input line 2: no [time] field\"}",
        "{\"decision\":\"DENY\",\"reason\":\"line 1: method POST not in [GET]\"}");
    assertThat(r.err()).isEqualTo(String.join("\n",
        "replayed " + log + " against " + rules + " (base URL http://localhost:8080)",
        "requests: 2",
        "allowed: 1",
        "  line 1: 1  [get]{base}/a",
        "denied: 1",
        "top denied paths (method and path, without query):",
        "  1  POST /a",
        "malformed log lines: 1 (not replayed)",
        "  line 2: no [time] field",
        ""));
  }

  @Test
  void replayWhenRuleSetIsEmptyThenSaysUnrestricted() throws IOException {
    String rules = file("rules.txt", "# nothing yet\n");
    String log = file("access.log", log("DELETE", "/rest/api/2/issue/X-1"));
    CliRun r = CliRun.run("", "check", "--rules", rules, "--in-format=combined", "--in", log);
    assertThat(r.outLines()).contains(
        "allowed: 1 (the rule set has no rule lines, so it is unrestricted)", "denied: 0");
  }

  @Test
  void replayWithExplainButNoPerRequestThenUsageError() throws IOException {
    String rules = file("rules.txt", "[get]{base}/a\n");
    CliRun r = CliRun.run("", "check", "--rules", rules, "--in-format=combined", "--explain");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLine()).isEqualTo("limit-to check: " + CheckCommand.EXPLAIN_NEEDS_PER_REQUEST);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void checkWithUnknownInFormatThenUsageError() throws IOException {
    String rules = file("rules.txt", "[get]{base}/a\n");
    CliRun r = CliRun.run("", "check", "--rules", rules, "--in-format=xml");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLine())
        .isEqualTo("limit-to check: " + String.format(CheckCommand.BAD_IN_FORMAT, "xml"));
  }

  @Test
  void checkWithPerRequestOnJsonLinesThenUsageError() throws IOException {
    String rules = file("rules.txt", "[get]{base}/a\n");
    CliRun r = CliRun.run("", "check", "--rules", rules, "--per-request");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLine()).isEqualTo("limit-to check: "
        + String.format(CheckCommand.NEEDS_COMBINED, "--per-request"));
  }

  @Test
  void progressOnTerminalThenRewritesOneLineAndEndsIt() {
    StringWriter err = new StringWriter();
    AtomicLong now = new AtomicLong();
    Replay.Progress p = new Replay.Progress(new PrintWriter(err), true, 1000, now::get);
    p.update("a");
    now.set(1000);
    p.update("b");
    now.set(1500);
    p.update("c");
    now.set(2000);
    p.update("d");
    p.done();
    assertThat(err.toString()).isEqualTo("\rb\rd" + System.lineSeparator());
  }

  @Test
  void progressOffTerminalThenWholeLines() {
    StringWriter err = new StringWriter();
    AtomicLong now = new AtomicLong();
    Replay.Progress p = new Replay.Progress(new PrintWriter(err, true), false, 10, now::get);
    now.set(10);
    p.update("x");
    p.done();
    assertThat(err.toString()).isEqualTo("x" + System.lineSeparator());
  }
}
