package dev.limitto.cli.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.CliFiles;
import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code limit-to lint} in process: rendering, exit codes, several files, usage errors. */
class LintCommandTest {

  private static final String BASE = "https://jira.example.com/jira";

  @TempDir Path dir;

  private String file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text).toString();
  }

  @Test
  void lintWhenFileIsCleanThenPrintsNothingAndExits0() throws IOException {
    String f = file("clean.rules", "[get]{base}/rest/api/2/myself\n");
    CliRun r = CliRun.run("", "lint", "--strict", "--base-url", BASE, f);
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void lintWhenWarningsWithoutStrictThenPrintsThemAndExits0() throws IOException {
    String f = file("w.rules", "[get].*/rest/api/2/myself\n");
    CliRun r = CliRun.run("", "lint", "--base-url", BASE, f);
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines()).containsExactly(
        f + ":1:6: warning: URL regex starts with `.*`, which lets any path prefix through"
            + " (`/any/other/path/rest/...` matches too); start it with `{base}` so that only"
            + " URLs under the base URL match",
        "[get].*/rest/api/2/myself",
        "     ^",
        "0 errors, 1 warning in 1 file");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void lintWhenWarningsWithStrictThenExits1() throws IOException {
    String f = file("w.rules", "[get]{base}/x\n[get]{base}/x\n");
    CliRun r = CliRun.run("", "lint", "--strict", "--base-url", BASE, f);
    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.outLines()).containsExactly(
        f + ":2:1: warning: this line is identical to line 1, so it is never used",
        "[get]{base}/x",
        "^",
        "0 errors, 1 warning in 1 file");
  }

  @Test
  void lintStrictWhenLineAdmitsTheWholeApiOrAValueEndsInAWildcardThenWarnsAndExits1()
      throws IOException {
    String f = file("wide.rules", "[post,put,delete]{base}/.*\n"
        + "[get]{base}/rest/api/2/search[QueryParam::jql==project = KANBAN.*]\n");
    CliRun r = CliRun.run("", "lint", "--strict", "--base-url", BASE, f);
    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.outLines()).containsExactly(
        f + ":1:18: warning: this line admits every path under `{base}/` (the whole API) for"
            + " [POST, PUT, DELETE]; name the endpoints it is for",
        "[post,put,delete]{base}/.*",
        "                 ^",
        f + ":2:64: warning: `QueryParam::jql` value regex ends in the unbounded `.*`, so more"
            + " may follow `project = KANBAN`: `project = KANBAN OR project = SECRET` matches"
            + " too; write the tight form `project = KANBAN`",
        "[get]{base}/rest/api/2/search[QueryParam::jql==project = KANBAN.*]",
        "                                                               ^",
        "0 errors, 2 warnings in 1 file");
  }

  @Test
  void lintWhenRulesDoNotCompileThenPrintsErrorsAndExits2() throws IOException {
    String f = file("e.rules", "[get,fetch]{base}/x\n");
    CliRun r = CliRun.run("", "lint", "--base-url", BASE, f);
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.outLines()).containsExactly(
        f + ":1:6: error: unknown method `fetch` in method set `[get,fetch]`; known methods are"
            + " GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, TRACE, CONNECT",
        "[get,fetch]{base}/x",
        "     ^",
        "1 error, 0 warnings in 1 file");
  }

  @Test
  void lintWhenSeveralFilesThenLintsEveryOneAndCountsThemAll() throws IOException {
    String a = file("a.rules", "[gte]{base}/x\n");
    String b = file("b.rules", "# [get]{base}/x\n");
    CliRun r = CliRun.run("", "lint", "--strict", a, b);
    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.outLines()).containsExactly(
        a + ":1:1: warning: `[gte]` is a character class, not a method set: `gte` is not a"
            + " method (did you mean `[GET]`?); as written the line admits every method",
        "[gte]{base}/x",
        "^",
        b + ":1:1: warning: every rule line is commented out: an empty rule set is"
            + " unrestricted, so the token may do anything",
        "# [get]{base}/x",
        "^",
        "0 errors, 2 warnings in 2 files");
  }

  @Test
  void lintWhenOneFileIsMissingThenLintsTheOthersAndExits2() throws IOException {
    String a = file("a.rules", "[get]{base}/x\n[get]{base}/x\n");
    String missing = dir.resolve("missing.rules").toString();
    CliRun r = CliRun.run("", "lint", missing, a);
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLine()).isEqualTo("limit-to lint: "
        + String.format(CliFiles.FILE_NOT_FOUND, LintCommand.RULES_FILE, missing));
    assertThat(r.outLines()).hasSize(4).first().asString().startsWith(a + ":2:1: warning:");
  }

  @Test
  void lintWithoutFilesThenOneLineUsageErrorAndExits2() {
    CliRun r = CliRun.run("", "lint", "--strict");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLine()).isEqualTo("limit-to lint: Missing required parameter: 'RULES_FILE'"
        + " (see 'limit-to lint --help')");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void lintWithUnknownOptionThenOneLineUsageErrorAndExits2() throws IOException {
    String f = file("a.rules", "[get]{base}/x\n");
    CliRun r = CliRun.run("", "lint", "--strickt", f);
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLine()).startsWith("limit-to lint: Unknown option: '--strickt'");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void lintWithInvalidBaseUrlThenOneLineNamingTheOptionAndExits2() throws IOException {
    String f = file("a.rules", "[get]{base}/x\n");
    CliRun r = CliRun.run("", "lint", "--base-url", "ftp://x", f);
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLine()).isEqualTo("limit-to lint: --base-url: base URL `ftp://x` is not an"
        + " absolute http or https URL with a host");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void lintHelpThenUsageOnStdoutAndExits0() {
    CliRun r = CliRun.run("", "lint", "--help");
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.out()).startsWith("Usage: limit-to lint [-h] [--strict] [--base-url=URL]"
        + " RULES_FILE...").contains("--strict", "Exit codes:");
    assertThat(r.err()).isEmpty();
  }
}
