package dev.limitto.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end tests through the real {@code ./limit-to} script, started as a process from another
 * working directory, with the jar and class path that {@code package} built
 * ({@code LIMITTO_NO_BUILD=1}: a stale build fails the test instead of rebuilding).
 *
 * <p>Runs every case of the shared conformance corpus (LIMIT-TO.md §8), one process per group.
 */
class LimitToScriptIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CORPUS = "conformance.jsonl";

  @TempDir Path workDir;

  private static Path projectDir() {
    String dir = System.getProperty("limitto.project.dir");
    if (dir == null) {
      throw new IllegalStateException("system property limitto.project.dir is not set (failsafe sets it)");
    }
    return Path.of(dir);
  }

  private record Result(int exitCode, String out, String err) {
    List<String> outLines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  private Result run(Path script, String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(List.of(args));
    Path in = Files.writeString(Files.createTempFile(workDir, "stdin", ".jsonl"), stdin);
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectInput(in.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().put("LIMITTO_NO_BUILD", "1");
    // short runs on a shared build machine: the C1 compiler alone starts with less CPU
    pb.environment().put("LIMITTO_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("./limit-to " + String.join(" ", args) + " did not finish within 120 s");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private Result run(String stdin, String... args) throws Exception {
    return run(projectDir().resolve("limit-to"), stdin, args);
  }

  @Test
  void helpWhenRunFromAnotherDirectoryThroughSymlinkThenListsCheckAndExits0() throws Exception {
    Path link = Files.createSymbolicLink(workDir.resolve("lt"), projectDir().resolve("limit-to"));
    Result r = run(link, "", "--help");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
    assertThat(r.out()).startsWith("Usage: limit-to [-h] COMMAND").contains("  check  ");
    assertThat(r.err()).as("no build output once built").isEmpty();
  }

  @Test
  void lintWhenWarningsThenPrintsThemWithCaretAndStrictExits1() throws Exception {
    Files.writeString(workDir.resolve("rules.txt"),
        "[get]{base}/rest/api/2/myself\n[gte]{base}/rest/api/2/issue\n");
    Result plain = run("", "lint", "rules.txt");
    assertThat(plain.exitCode()).isEqualTo(0);
    assertThat(plain.outLines()).containsExactly(
        "rules.txt:2:1: warning: `[gte]` is a character class, not a method set: `gte` is not a"
            + " method (did you mean `[GET]`?); as written the line admits every method",
        "[gte]{base}/rest/api/2/issue",
        "^",
        "0 errors, 1 warning in 1 file");
    Result strict = run("", "lint", "--strict", "rules.txt");
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.out()).isEqualTo(plain.out());
    assertThat(strict.err()).isEmpty();
  }

  @Test
  void checkWhenAccessLogReplayedThenSummaryOnStdoutAndExit0() throws Exception {
    Files.writeString(workDir.resolve("rules.txt"), "[get]{base}/rest/api/2/myself\n");
    Files.writeString(workDir.resolve("access.log"),
        "10.0.0.1 - - [28/Nov/2026:07:00:00 +0000] \"GET /rest/api/2/myself HTTP/1.1\" 200 5\n"
            + "10.0.0.1 - - [28/Nov/2026:07:00:01 +0000] \"DELETE /rest/api/2/issue/X-1 HTTP/1.1\""
            + " 204 0 \"-\" \"curl \\\"8\\\"\"\n"
            + "not a log line\n");
    Result r = run("", "check", "--rules", "rules.txt", "--in-format=combined", "--in",
        "access.log");
    assertThat(r.exitCode()).isEqualTo(0);
    assertThat(r.outLines()).containsExactly(
        "replayed access.log against rules.txt (base URL http://localhost:8080)",
        "requests: 2",
        "allowed: 1",
        "  line 1: 1  [get]{base}/rest/api/2/myself",
        "denied: 1",
        "top denied paths (method and path, without query):",
        "  1  DELETE /rest/api/2/issue/X-1",
        "malformed log lines: 1 (not replayed)",
        "  line 3: no [time] field");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void checkWhenBadArgumentThenOneLineOnStderrAndExit2() throws Exception {
    Result r = run("", "check", "--rules", "rules.txt", "--bogus");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo("limit-to check: Unknown option: '--bogus' (see 'limit-to check --help')\n");
  }

  @Test
  void tokenCreateWhenRulesFileHasOnlyCommentsThenRefusedAndUnrestrictedOnlyWhenAskedFor()
      throws Exception {
    Path data = Files.createDirectories(workDir.resolve("data"));
    Files.writeString(workDir.resolve("commented.rules"), "# [get].*/rest/api/2/issue/.*\n\n");

    Result refused = run("", "token", "create", "--user", "alice", "--limit-to",
        "commented.rules", "--data", data.toString());
    Result open = run("", "token", "create", "--user", "alice", "--label", "open",
        "--unrestricted", "--data", data.toString());
    Result list = run("", "token", "list", "--data", data.toString());

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err()).startsWith("limit-to token create: rules file commented.rules has"
        + " no effective line (only blank lines and comments)");
    assertThat(open.exitCode()).as(open.err()).isZero();
    assertThat(open.out()).contains(", unrestricted.\n");
    assertThat(list.outLines()).hasSize(2);
    assertThat(list.outLines().get(1)).endsWith("open / unrestricted");
  }

  /**
   * One process per group of the corpus; every failing group and case is reported with its
   * place in the corpus file.
   */
  @Test
  void checkWhenConformanceCorpusThenEveryCaseDecidedAsSpecified() throws Exception {
    String specDir = System.getProperty("limitto.spec.dir");
    Path corpus = specDir == null ? null : Path.of(specDir, CORPUS);
    boolean present = corpus != null && Files.isRegularFile(corpus);
    String why = "conformance corpus not found at " + corpus + " (system property limitto.spec.dir)";
    if (!present && (Boolean.getBoolean("limitto.require.spec")
        || "true".equalsIgnoreCase(System.getenv("CI")))) {
      throw new AssertionError(why + "; required under CI=true or -Dlimitto.require.spec=true");
    }
    Assumptions.assumeTrue(present, why);
    List<String> lines = Files.readAllLines(corpus, StandardCharsets.UTF_8);
    SoftAssertions softly = new SoftAssertions();
    int groups = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      JsonNode group = JSON.readTree(lines.get(i));
      checkGroup(softly, CORPUS + ":" + (i + 1) + " (" + group.path("name").asText() + ")", group);
      groups++;
    }
    assertThat(groups).as("groups in " + corpus).isPositive();
    softly.assertAll();
  }

  private void checkGroup(SoftAssertions softly, String where, JsonNode group) throws Exception {
    Files.writeString(workDir.resolve("rules.txt"), group.get("rules").asText());
    StringBuilder input = new StringBuilder();
    for (JsonNode c : group.path("cases")) {
      ObjectNode request = JSON.createObjectNode()
          .put("method", c.get("m").asText())
          .put("target", c.get("t").asText());
      if (c.hasNonNull("h")) {
        request.set("headers", c.get("h"));
      }
      if (c.hasNonNull("b")) {
        request.put("body", c.get("b").asText());
      }
      input.append(JSON.writeValueAsString(request)).append('\n');
    }
    List<String> args = new ArrayList<>(List.of("check", "--rules", "rules.txt"));
    if (group.hasNonNull("base")) {
      args.add("--base-url");
      args.add(group.get("base").asText());
    }
    Result r = run(input.toString(), args.toArray(String[]::new));

    if (group.hasNonNull("compile_error")) {
      int line = group.get("compile_error").get("line").asInt();
      softly.assertThat(r.exitCode()).as(where + ": exit code; stderr: " + r.err()).isEqualTo(2);
      softly.assertThat(r.out()).as(where + ": nothing on stdout").isEmpty();
      softly.assertThat(r.err().lines())
          .as(where + ": an error on line " + line + " in: " + r.err())
          .anyMatch(l -> l.matches("rules\\.txt:" + line + ":[0-9]+: error: .+"));
      return;
    }
    softly.assertThat(r.exitCode()).as(where + ": exit code; stderr: " + r.err()).isEqualTo(0);
    List<String> out = r.outLines();
    JsonNode cases = group.path("cases");
    if (out.size() != cases.size()) {
      softly.fail(where + ": expected one answer per case (" + cases.size() + "), got " + out);
      return;
    }
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      JsonNode c = cases.get(i);
      JsonNode got = JSON.readTree(out.get(i));
      String expect = c.get("expect").asText();
      boolean ok = expect.equals(got.path("decision").asText());
      if (ok && expect.equals("ALLOW") && c.hasNonNull("line")) {
        ok = got.path("line").asInt() == c.get("line").asInt();
      }
      if (ok && expect.equals("DENY")) {
        ok = !got.path("reason").asText().isEmpty();
      }
      if (!ok) {
        mismatches.add("case " + (i + 1) + " " + c.get("m").asText() + " " + c.get("t").asText()
            + ": expected " + expect + (c.has("line") ? " line " + c.get("line") : "")
            + ", got " + out.get(i));
      }
    }
    softly.assertThat(mismatches).as(where).isEmpty();
  }
}
