package dev.limitto.cli.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule lines README.md opens with, read from README.md itself so that they cannot drift:
 * {@code lint --strict} finds nothing in them, and {@code check} decides as the prose around them
 * says.
 */
class ReadmeExamplesTest {

  private static final String BASE = "https://jira.example.com/jira";

  /** The sentence just before the example block. */
  private static final String INTRODUCTION = "An admin writes **\"Limit to\" lines**";

  @TempDir Path dir;

  private String rules;

  @BeforeEach
  void writeTheReadmeExampleToAFile() throws IOException {
    String project = System.getProperty("limitto.project.dir");
    assertThat(project).as("system property limitto.project.dir").isNotNull();
    List<String> lines = exampleBlock(Files.readString(Path.of(project, "README.md")));
    assertThat(lines).as("the example block of README.md").hasSize(3);
    rules = Files.write(dir.resolve("readme.rules"), lines).toString();
  }

  /** The lines of the first fenced block after {@link #INTRODUCTION}. */
  static List<String> exampleBlock(String readme) {
    int intro = readme.indexOf(INTRODUCTION);
    assertThat(intro).as("README.md introduces its example with: " + INTRODUCTION)
        .isNotNegative();
    int open = readme.indexOf("\n```\n", intro);
    int close = readme.indexOf("\n```\n", open + 1);
    assertThat(open).isNotNegative();
    assertThat(close).isGreaterThan(open);
    List<String> lines = new ArrayList<>();
    for (String line : readme.substring(open + 5, close).split("\n", -1)) {
      lines.add(line);
    }
    return lines;
  }

  @Test
  void lintStrictWhenGivenTheReadmeExampleThenFindsNothing() {
    CliRun withBase = CliRun.run("", "lint", "--strict", "--base-url", BASE, rules);
    assertThat(withBase.out()).isEmpty();
    assertThat(withBase.exitCode()).isEqualTo(ExitCode.OK);
    CliRun withoutBase = CliRun.run("", "lint", "--strict", rules);
    assertThat(withoutBase.out()).isEmpty();
    assertThat(withoutBase.exitCode()).isEqualTo(ExitCode.OK);
  }

  @Test
  void checkWhenGivenTheReadmeExampleThenDecidesAsTheReadmeSays() {
    String json = "\"headers\":{\"Content-Type\":\"application/json\"}";
    String requests = String.join("\n",
        // comment on KANBAN-100
        "{\"method\":\"POST\",\"target\":\"/jira/rest/api/2/issue/KANBAN-100/comment\"," + json
            + ",\"body\":\"{\\\"body\\\":\\\"hi\\\"}\"}",
        // run the search project = KANBAN, and not a wider one
        "{\"method\":\"GET\",\"target\":\"/jira/rest/api/2/search?jql=project%20%3D%20KANBAN\"}",
        "{\"method\":\"GET\",\"target\":\"/jira/rest/api/2/search?jql=project%20%3D%20KANBAN"
            + "%20OR%20project%20%3D%20SECRET\"}",
        // create issues in project KANBAN only
        "{\"method\":\"POST\",\"target\":\"/jira/rest/api/2/issue\"," + json
            + ",\"body\":\"{\\\"fields\\\":{\\\"project\\\":{\\\"key\\\":\\\"KANBAN\\\"}}}\"}",
        "{\"method\":\"POST\",\"target\":\"/jira/rest/api/2/issue\"," + json
            + ",\"body\":\"{\\\"fields\\\":{\\\"project\\\":{\\\"key\\\":\\\"SECRET\\\"}}}\"}",
        // and nothing else
        "{\"method\":\"DELETE\",\"target\":\"/jira/rest/api/2/issue/KANBAN-100\"}",
        "{\"method\":\"GET\",\"target\":\"/jira/rest/api/2/issue/KANBAN-100/comment\"}") + "\n";
    CliRun r = CliRun.run(requests, "check", "--rules", rules, "--base-url", BASE);
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines()).extracting(l -> l.substring(0, l.indexOf(',')))
        .containsExactly(
            "{\"decision\":\"ALLOW\"",
            "{\"decision\":\"ALLOW\"",
            "{\"decision\":\"DENY\"",
            "{\"decision\":\"ALLOW\"",
            "{\"decision\":\"DENY\"",
            "{\"decision\":\"DENY\"",
            "{\"decision\":\"DENY\"");
  }
}
