package dev.limitto.cli.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code limit-to diff} in process: text, JSON, exit codes, usage errors. */
class DiffCommandTest {

  private static final String BASE = "https://jira.example.com/jira";

  @TempDir Path dir;

  private String file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text).toString();
  }

  @Test
  void diffWhenEquivalentThenSaysSoAndExits0() throws IOException {
    String a = file("a.rules", "[get]{base}/rest/api/2/issue/KAN-[0-9]+\n");
    String b = file("b.rules", "# same\n[get]{base}/rest/api/2/issue/KAN-\\d+\n");
    CliRun r = CliRun.run("", "diff", "--base-url", BASE, a, b);
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines()).containsExactly("GET: equivalent",
        "POST, PUT, DELETE, PATCH, HEAD, OPTIONS, TRACE, CONNECT: equivalent",
        "result: equivalent");
  }

  @Test
  void diffWhenWiderThenPrintsExampleAndExits1() throws IOException {
    String a = file("a.rules", "[get]{base}/rest/api/2/issue/KAN-1\n");
    String b = file("b.rules", "[get]{base}/rest/api/2/issue/KAN-[0-9]+\n");
    CliRun r = CliRun.run("", "diff", "--base-url", BASE, a, b);
    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.outLines()).containsExactly("GET: differs",
        "  new allows, old refuses:",
        "    GET /jira/rest/api/2/issue/KAN-0",
        "      new line 1; old: line 1: URL does not match {base}/rest/api/2/issue/KAN-1",
        "POST, PUT, DELETE, PATCH, HEAD, OPTIONS, TRACE, CONNECT: equivalent",
        "result: differs");
  }

  @Test
  void diffWhenJsonThenOneObjectWithExamples() throws IOException {
    String a = file("a.rules", "[post]{base}/x[JsonData::fields.project.key==KAN]\n");
    String b = file("b.rules", "[post]{base}/x[JsonData::fields.project.key==KAN|OPS]\n");
    CliRun r = CliRun.run("", "diff", "--json", "--base-url", BASE, a, b);
    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("result").asText()).isEqualTo("differs");
    JsonNode post = root.get("methods").get(1);
    assertThat(post.get("methods").get(0).asText()).isEqualTo("POST");
    JsonNode e = post.get("new_allows").get(0);
    assertThat(e.get("body").asText()).isEqualTo("{\"fields\":{\"project\":{\"key\":\"OPS\"}}}");
    assertThat(e.get("headers").get("Content-Type").asText()).isEqualTo("application/json");
    assertThat(e.get("found").asText()).isEqualTo("automata");
  }

  @Test
  void diffWhenLineOutsideAutomataThenUndecidedNeverEquivalent() throws IOException {
    String a = file("a.rules", "[get](?i){base}/x\n");
    String b = file("b.rules", "[get](?i){base}/X\n");
    CliRun r = CliRun.run("", "diff", "--base-url", BASE, a, b);
    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.out()).contains("GET: undecided",
        "old line 1: its URL regex is outside the subset the automata decide",
        "result: undecided");
  }

  @Test
  void diffWhenRulesDoNotCompileThenExits2() throws IOException {
    String a = file("a.rules", "[get]{base}/x\n");
    String b = file("b.rules", "[get]{base}/x(\n");
    CliRun r = CliRun.run("", "diff", "--base-url", BASE, a, b);
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).startsWith("limit-to diff: " + b + " does not compile:");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void diffWhenNeitherFileNorTokenThenExits2() throws IOException {
    String a = file("a.rules", "[get]{base}/x\n");
    String missing = dir.resolve("missing.rules").toString();
    CliRun r = CliRun.run("", "diff", "--data", dir.resolve("no-data").toString(), a, missing);
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains(missing + ": neither a rules file nor a token id in");
  }
}
