package dev.limitto.cli.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.limitto.cli.CliFiles;
import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import dev.limitto.cli.Main;
import dev.limitto.engine.Decision;
import dev.limitto.engine.LineExplanation;
import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSet;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.engine.internal.parse.Messages;
import dev.limitto.jira.token.TokenSettings;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String RULES = String.join("\n",
      "# KANBAN integration",
      "",
      "[get].*/rest/api/2/project.*",
      "[post].*/rest/api/2/issue/[A-Z]+-[0-9]+/comment[JsonData::body==.{1,200}]",
      "");

  @TempDir Path dir;

  private String file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p.toString();
  }

  private static JsonNode json(String line) throws IOException {
    return JSON.readTree(line);
  }

  // ---- usage and files: no decision is made ----

  @Test
  void helpWhenAskedThenDocumentsFormatAndExitCodesAndExits0() {
    CliRun r = CliRun.run("", "check", "--help");
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.out())
        .startsWith("Usage: limit-to check [-h] [--explain] [--per-request] [--base-url=URL]")
        .contains("--rules=RULES_FILE", "Default: http://localhost:8080", "Exit codes: 0 ",
            "--in-format=combined");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void runWhenRulesOptionMissingThenOneLineAndExit2() {
    CliRun r = CliRun.run("", "check");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLine()).isEqualTo("limit-to check: Missing required option: "
        + "'--rules=RULES_FILE' (see 'limit-to check --help')");
  }

  @Test
  void runWhenUnknownOptionThenOneLineAndExit2() throws IOException {
    CliRun r = CliRun.run("", "check", "--rules", file("r.txt", RULES), "--bogus");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLine())
        .isEqualTo("limit-to check: Unknown option: '--bogus' (see 'limit-to check --help')");
  }

  @Test
  void runWhenOptionMisspeltThenSuggestsTheRightOne() throws IOException {
    CliRun r = CliRun.run("", "check", "--rules", file("r.txt", RULES), "--explian");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLine()).isEqualTo("limit-to check: Unknown option: '--explian' "
        + "(did you mean --explain?) (see 'limit-to check --help')");
  }

  @Test
  void runWhenRulesFileMissingThenNamesItAndExit2() {
    String missing = dir.resolve("nope.txt").toString();
    CliRun r = CliRun.run("", "check", "--rules", missing);
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLine()).isEqualTo(
        "limit-to check: " + String.format(CliFiles.FILE_NOT_FOUND, "rules file", missing));
  }

  @Test
  void runWhenRulesFileNameIsEmptyThenSaysSoAndExit2() {
    CliRun r = CliRun.run("", "check", "--rules=");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLine())
        .isEqualTo("limit-to check: " + String.format(CliFiles.FILE_NAME_EMPTY, "rules file"));
  }

  @Test
  void runWhenRulesFileIsDirectoryThenSaysSoAndExit2() {
    CliRun r = CliRun.run("", "check", "--rules", dir.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLine()).isEqualTo(
        "limit-to check: " + String.format(CliFiles.FILE_IS_DIRECTORY, "rules file", dir));
  }

  @Test
  void runWhenRulesFileIsNotUtf8ThenSaysSoAndExit2() throws IOException {
    Path p = dir.resolve("latin1.txt");
    Files.write(p, new byte[] {'[', 'g', 'e', 't', ']', '/', (byte) 0xE9, '\n'});
    CliRun r = CliRun.run("", "check", "--rules", p.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLine()).isEqualTo(
        "limit-to check: " + String.format(CliFiles.FILE_NOT_UTF8, "rules file", p));
  }

  @Test
  void runWhenRulesFileIsHugeThenRefusesBeforeReadingItAllAndExit2() throws IOException {
    Path p = dir.resolve("huge.txt");
    Files.write(p, new byte[CliFiles.MAX_TEXT_FILE_BYTES + 1]);
    CliRun r = CliRun.run("", "check", "--rules", p.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLine()).isEqualTo("limit-to check: " + String.format(
        CliFiles.FILE_TOO_LARGE, "rules file", p, CliFiles.MAX_TEXT_FILE_BYTES));
  }

  @Test
  void runWhenInputFileMissingThenNamesItAndExit2() throws IOException {
    String missing = dir.resolve("requests.jsonl").toString();
    CliRun r = CliRun.run("", "check", "--rules", file("r.txt", RULES), "--in", missing);
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLine()).isEqualTo(
        "limit-to check: " + String.format(CliFiles.FILE_NOT_FOUND, "input file", missing));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://jira.example.com", "jira.example.com", "/jira", "http://", "http://h /", ""})
  void runWhenBaseUrlIsNotAnHttpUrlThenNamesTheOptionAndExit2(String baseUrl) throws IOException {
    CliRun r = CliRun.run("", "check", "--rules", file("r.txt", RULES), "--base-url", baseUrl);
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLine()).isEqualTo("limit-to check: " + String.format(
        CheckCommand.BAD_BASE_URL, String.format(Messages.BASE_URL_INVALID, baseUrl)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://h/jira?x=1", "https://h/jira#top", "https://admin@h/jira"})
  void runWhenBaseUrlHasQueryFragmentOrUserThenNamesTheOptionAndExit2(String baseUrl)
      throws IOException {
    CliRun r = CliRun.run("", "check", "--rules", file("r.txt", RULES), "--base-url", baseUrl);
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLine()).isEqualTo("limit-to check: " + String.format(
        CheckCommand.BAD_BASE_URL, String.format(Messages.BASE_URL_HAS_QUERY, baseUrl)));
  }

  // ---- decisions ----

  @Test
  void runWhenRequestsDecidedThenOneAnswerPerLineInInputOrderAndExit0() throws IOException {
    String input = String.join("\n",
        "{\"method\":\"GET\",\"target\":\"/rest/api/2/project?expand=lead\"}",
        "{\"method\":\"DELETE\",\"target\":\"/rest/api/2/project/TEST\"}",
        "{\"method\":\"GET\",\"target\":\"/rest/api/2/project/TEST\"}",
        "");
    CliRun r = CliRun.run(input, "check", "--rules", file("r.txt", RULES));

    Decision denied = RuleSet.compile(RULES).evaluate(Request.of("DELETE", "/rest/api/2/project/TEST"));
    assertThat(denied.isAllowed()).isFalse();
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.err()).isEmpty();
    assertThat(r.outLines()).hasSize(3);
    // rule line numbers are source lines: the comment and the blank line count
    assertThat(r.outLines().get(0)).isEqualTo("{\"decision\":\"ALLOW\",\"line\":3}");
    assertThat(json(r.outLines().get(1)))
        .isEqualTo(JSON.createObjectNode().put("decision", "DENY").put("reason", denied.reason()));
    assertThat(r.outLines().get(2)).isEqualTo("{\"decision\":\"ALLOW\",\"line\":3}");
  }

  @Test
  void runWhenHeadersAndBodyGivenThenTheyReachTheEngine() throws IOException {
    String comment = "{\"method\":\"POST\",\"target\":\"/rest/api/2/issue/KANBAN-1/comment\"%s,"
        + "\"body\":\"{\\\"body\\\":\\\"hi\\\"}\"}";
    String input = String.format(comment, ",\"headers\":{\"Content-Type\":\"application/json\"}")
        + "\n" + String.format(comment, "") + "\n";
    CliRun r = CliRun.run(input, "check", "--rules", file("r.txt", RULES));
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines().get(0)).isEqualTo("{\"decision\":\"ALLOW\",\"line\":4}");
    // without Content-Type: application/json the JsonData predicate must not match
    assertThat(json(r.outLines().get(1)).get("decision").asText()).isEqualTo("DENY");
  }

  @Test
  void runWhenRuleSetIsEmptyThenEveryRequestIsAllowedWithoutLine() throws IOException {
    CliRun r = CliRun.run("{\"method\":\"DELETE\",\"target\":\"/rest/api/2/project/X\"}\n",
        "check", "--rules", file("empty.txt", "# nothing yet\n\n"));
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines()).containsExactly("{\"decision\":\"ALLOW\"}");
  }

  @Test
  void runWhenBaseUrlGivenThenItsOriginAndBasePlaceholderAreUsed() throws IOException {
    String rules = file("base.txt", "[get]{base}/rest/api/2/myself\n");
    String input = "{\"method\":\"GET\",\"target\":\"/jira/rest/api/2/myself\"}\n";
    CliRun withBase = CliRun.run(input, "check", "--rules", rules,
        "--base-url", "https://jira.example.com/jira");
    CliRun withDefault = CliRun.run(input, "check", "--rules", rules);
    assertThat(withBase.outLines()).containsExactly("{\"decision\":\"ALLOW\",\"line\":1}");
    assertThat(json(withDefault.outLines().get(0)).get("decision").asText()).isEqualTo("DENY");
  }

  @Test
  void runWhenSomeInputLinesMalformedThenErrorInPlaceRunGoesOnAndExit2() throws IOException {
    String input = String.join("\n",
        "{\"method\":\"GET\",\"target\":\"/rest/api/2/project\"}",
        "{\"method\":\"GET\"}",
        "",
        "{\"method\":\"GET\",\"target\":\"/rest/api/2/project\"}",
        "");
    CliRun r = CliRun.run(input, "check", "--rules", file("r.txt", RULES));
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.outLines()).containsExactly(
        "{\"decision\":\"ALLOW\",\"line\":3}",
        "{\"error\":\"input line 2: missing \\\"target\\\"\"}",
        "{\"error\":\"input line 3: " + JsonLinesFormat.EMPTY_LINE + "\"}",
        "{\"decision\":\"ALLOW\",\"line\":3}");
    assertThat(r.errLine()).isEqualTo(
        "limit-to check: " + String.format(CheckCommand.MALFORMED_SUMMARY, 2, 4, 2));
  }

  @Test
  void runWhenInputLineNotUtf8ThenErrorForThatLine() throws IOException {
    Path in = dir.resolve("in.jsonl");
    byte[] good = "{\"method\":\"GET\",\"target\":\"/rest/api/2/project\"}\n"
        .getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'{', (byte) 0xFF, '}', '\n'};
    byte[] all = new byte[good.length + bad.length];
    System.arraycopy(bad, 0, all, 0, bad.length);
    System.arraycopy(good, 0, all, bad.length, good.length);
    Files.write(in, all);
    CliRun r = CliRun.run("", "check", "--rules", file("r.txt", RULES), "--in", in.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.outLines()).containsExactly(
        "{\"error\":\"input line 1: " + LineReader.NOT_UTF8 + "\"}",
        "{\"decision\":\"ALLOW\",\"line\":3}");
  }

  @Test
  void runWhenInputFromFileThenSameAnswersAsFromStdin() throws IOException {
    String input = "{\"method\":\"GET\",\"target\":\"/rest/api/2/project\"}\r\n"
        + "{\"method\":\"PUT\",\"target\":\"/rest/api/2/project\"}";
    String rules = file("r.txt", RULES);
    CliRun fromStdin = CliRun.run(input, "check", "--rules", rules, "--in", "-");
    CliRun fromFile = CliRun.run("", "check", "--rules", rules, "--in", file("in.jsonl", input));
    assertThat(fromFile.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(fromFile.out()).isEqualTo(fromStdin.out());
    assertThat(fromFile.outLines()).hasSize(2);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // guards against a hang only; no timing asserted
  void runWhenMoreInputIsNotYetAvailableThenAnswersSoFarAreFlushed() throws Exception {
    String rules = file("r.txt", RULES);
    PipedOutputStream feed = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(feed);
    StringWriter out = new StringWriter();
    Thread run = new Thread(() -> Main.run(new String[] {"check", "--rules", rules}, stdin,
        new PrintWriter(out), new PrintWriter(new StringWriter())));
    run.start();
    feed.write("{\"method\":\"GET\",\"target\":\"/rest/api/2/project\"}\n"
        .getBytes(StandardCharsets.UTF_8));
    feed.flush();
    // the input stays open: the answer must arrive without waiting for more input
    while (!out.toString().endsWith("\n")) {
      Thread.sleep(10);
    }
    assertThat(out.toString()).isEqualTo("{\"decision\":\"ALLOW\",\"line\":3}\n");
    feed.close();
    run.join();
  }

  @Test
  void runWhenExplainThenEveryRuleLineIsReportedAsTheEngineExplainsIt() throws IOException {
    String target = "/rest/api/2/issue/KANBAN-1/comment";
    CliRun r = CliRun.run("{\"method\":\"GET\",\"target\":\"" + target + "\"}\n",
        "check", "--rules", file("r.txt", RULES), "--explain");

    RuleSet rules = RuleSet.compile(RULES);
    Request request = Request.of("GET", target);
    List<LineExplanation> expected = rules.explain(request);
    assertThat(expected).extracting(LineExplanation::line).containsExactly(3, 4);
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    JsonNode out = json(r.outLines().get(0));
    assertThat(out.get("decision").asText()).isEqualTo("DENY");
    assertThat(out.get("reason").asText()).isEqualTo(rules.evaluate(request).reason());
    JsonNode explain = out.get("explain");
    assertThat(explain).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(explain.get(i).get("line").asInt()).isEqualTo(expected.get(i).line());
      assertThat(explain.get(i).get("matched").asBoolean()).isFalse();
      assertThat(explain.get(i).get("detail").asText()).isEqualTo(expected.get(i).detail());
    }
  }

  @Test
  void runWhenRulesDoNotCompileThenStderrIsExactlyTheCompilerStyleReport() throws IOException {
    String rules = file("two-errors.txt",
        "[get].*/ok\n[get].*/rest/api/2/(unclosed\n\t[post].*/x[QueryParam::==a]\n");
    CliRun r = CliRun.run("", "check", "--rules", rules);
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo(
        rules + ":2:20: error: "
            + String.format(Messages.REGEX_SYNTAX, "missing closing )", ".*/rest/api/2/(unclosed")
            + "\n"
            + "[get].*/rest/api/2/(unclosed\n"
            + " ".repeat(19) + "^\n"
            + rules + ":3:25: error: "
            + String.format(Messages.EMPTY_PREDICATE_NAME, "[QueryParam::==a]") + "\n"
            + "\t[post].*/x[QueryParam::==a]\n"
            // the caret line keeps the tab so that the caret stays under the column
            + "\t" + " ".repeat(23) + "^\n");
  }

  @Test
  void runWhenRulesDoNotCompileThenEveryErrorRenderedWithFileLineColumnAndCaretAndExit2()
      throws IOException {
    String text = "[get].*/ok\n[get].*/rest/api/2/(unclosed\n[get].*/also[bad\n";
    String rules = file("bad-rules.txt", text);
    CliRun r = CliRun.run("{\"method\":\"GET\",\"target\":\"/ok\"}\n", "check", "--rules", rules);

    RuleSyntaxException expected = catchThrowableOfType(RuleSyntaxException.class,
        () -> RuleSet.compiler().baseUrl(TokenSettings.DEFAULT_BASE_URL).compile(text));
    assertThat(expected).isNotNull();
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.out()).as("nothing half-written").isEmpty();
    assertThat(r.err()).isEqualTo(expected.render(rules) + "\n");
    assertThat(r.err()).startsWith(rules + ":2:").contains("\n" + rules + ":3:");
    String[] first = r.err().split("\n");
    assertThat(first[1]).isEqualTo("[get].*/rest/api/2/(unclosed");
    assertThat(first[2]).matches(" *\\^");
  }
}
