package dev.limitto.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --explain}: for every rule line, the part that failed (method, URL, each
 * predicate, or the request target itself) or that all parts matched, with exact texts. Parts
 * are checked in the order URL, method, predicates left to right, and the first failure is
 * named, so every part before it matched (docs/admin-guide.md).
 */
class ExplainTest {

  /** Line 1 is a comment: explanations use source line numbers. */
  private static final String RULES = String.join("\n",
      "# explain",
      "[post]{base}/rest/api/2/issue/KANBAN-100/comment",
      "[get]{base}/rest/api/2/search[QueryParam::jql==project = KANBAN.*][QueryParam::max==[0-9]+]",
      "[post]{base}/rest/api/2/issue[JsonData::fields.project.key==KANBAN]",
      "");

  @TempDir Path dir;

  private CliRun check(String requests, String... extra) throws IOException {
    String rules = Files.writeString(dir.resolve("rules.txt"), RULES).toString();
    String[] args = new String[4 + extra.length];
    args[0] = "check";
    args[1] = "--rules";
    args[2] = rules;
    args[3] = "--explain";
    System.arraycopy(extra, 0, args, 4, extra.length);
    return CliRun.run(requests, args);
  }

  @Test
  void explainWhenUrlMatchesButMethodFailsThenNamesTheMethodElseTheUrl() throws IOException {
    CliRun r = check("{\"method\":\"GET\",\"target\":\"/rest/api/2/issue/KANBAN-100/comment\"}\n");
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines()).containsExactly("{\"decision\":\"DENY\","
        + "\"reason\":\"line 2: method GET not in [POST]\",\"explain\":["
        + "{\"line\":2,\"matched\":false,\"detail\":\"method GET not in [POST]\"},"
        + "{\"line\":3,\"matched\":false,\"detail\":\"URL does not match {base}/rest/api/2/search\"},"
        + "{\"line\":4,\"matched\":false,\"detail\":\"URL does not match {base}/rest/api/2/issue\"}]}");
  }

  @Test
  void explainWhenEachPredicateDecidesThenNamesThePredicateThatFailed() throws IOException {
    CliRun r = check(
        "{\"method\":\"GET\",\"target\":\"/rest/api/2/search?max=5\"}\n"
            + "{\"method\":\"GET\",\"target\":\"/rest/api/2/search?jql=project+%3D+KANBAN&max=x\"}\n"
            + "{\"method\":\"GET\",\"target\":\"/rest/api/2/search?jql=project+%3D+KANBAN&max=5\"}\n");
    assertThat(r.outLines()).hasSize(3);
    assertThat(r.outLines().get(0)).contains(
        "{\"line\":3,\"matched\":false,\"detail\":\"QueryParam jql missing\"}");
    assertThat(r.outLines().get(1)).contains("{\"line\":3,\"matched\":false,"
        + "\"detail\":\"QueryParam max value does not match [0-9]+\"}");
    assertThat(r.outLines().get(2)).startsWith("{\"decision\":\"ALLOW\",\"line\":3,")
        .contains("{\"line\":3,\"matched\":true,\"detail\":\"all parts match\"}");
  }

  @Test
  void explainWhenBodyMissingThenNamesTheJsonDataPredicate() throws IOException {
    CliRun r = check("{\"method\":\"POST\",\"target\":\"/rest/api/2/issue\"}\n");
    assertThat(r.outLines().get(0)).contains("{\"line\":4,\"matched\":false,\"detail\":\"JsonData");
  }

  @Test
  void explainWhenTargetIsRejectedThenEveryLineSaysWhy() throws IOException {
    CliRun r = check("{\"method\":\"GET\",\"target\":\"/rest/api/2/../search\"}\n");
    String line = r.outLines().get(0);
    assertThat(line).contains("{\"line\":2,\"matched\":false,\"detail\":\"request rejected: ",
        "{\"line\":3,\"matched\":false,\"detail\":\"request rejected: ",
        "{\"line\":4,\"matched\":false,\"detail\":\"request rejected: ");
  }

  @Test
  void explainWithReplayedLogAndPerRequestThenExplainsEveryLogLine() throws IOException {
    CliRun r = check("h - - [t] \"POST /rest/api/2/issue/KANBAN-100/comment HTTP/1.1\" 201 0\n",
        "--in-format=combined", "--per-request");
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines()).containsExactly("{\"decision\":\"ALLOW\",\"line\":2,\"explain\":["
        + "{\"line\":2,\"matched\":true,\"detail\":\"all parts match\"},"
        + "{\"line\":3,\"matched\":false,\"detail\":\"URL does not match {base}/rest/api/2/search\"},"
        + "{\"line\":4,\"matched\":false,\"detail\":\"URL does not match {base}/rest/api/2/issue\"}]}");
  }
}
