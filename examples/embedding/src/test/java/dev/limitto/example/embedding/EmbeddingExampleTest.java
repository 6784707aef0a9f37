package dev.limitto.example.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example does what docs/embedding.md says, and the page shows the example: its Java blocks
 * are pieces of {@code EmbeddingExample.java}, its output block is what {@code main} prints, and
 * its dependency snippet names the version of this build.
 */
class EmbeddingExampleTest {

  private static final String EXPECTED_OUTPUT = String.join("\n",
      "GET /jira/rest/api/2/issue/KANBAN-12 -> ALLOW by line 3",
      "POST /jira/rest/api/2/issue -> ALLOW by line 4",
      "DELETE /jira/rest/api/2/issue/KANBAN-12 -> DENY: line 3: method DELETE not in [GET, HEAD]",
      "GET /jira/rest/api/2/issue/OPS-1 -> DENY: line 3: URL does not match "
          + "{base}/rest/api/2/issue/KANBAN-[0-9]+",
      "GET /jira/rest/api/2/search?jql=project+%3D+OPS -> DENY: line 5: QueryParam jql value "
          + "does not match project = KANBAN",
      "GET /jira/rest/api/2/issue/KANBAN-1/../../../admin -> DENY: request rejected: path "
          + "contains a dot segment ('.' or '..')",
      "2:20 invalid regex: missing closing ): `.*/rest/api/2/(unclosed`",
      "token KANBAN-bot:2:20: error: invalid regex: missing closing ): `.*/rest/api/2/(unclosed`",
      "[get].*/rest/api/2/(unclosed",
      "                   ^",
      "WARNING LEADING_WILDCARD at 1:1",
      "draft.rules:1:1: warning: URL regex starts with `.*`, which lets any path prefix through "
          + "(`/any/other/path/rest/...` matches too); start it with `{base}` so that only URLs "
          + "under the base URL match",
      ".*/rest/api/2/issue/KANBAN-[0-9]+",
      "^",
      "WARNING DUPLICATE_LINE at 3:1",
      "draft.rules:3:1: warning: this line is identical to line 2, so it is never used",
      "[get]{base}/rest/api/2/myself",
      "^",
      "");

  private static final Pattern FENCE = Pattern.compile("(?m)^```(\\w*)\\n(.*?)^```$", Pattern.DOTALL);

  @Test
  void mainWhenRunThenPrintsTheDecisionsTheErrorsAndTheFindings() {
    assertThat(runMain()).isEqualTo(EXPECTED_OUTPUT);
  }

  @Test
  void pageJavaBlocksWhenComparedThenEachIsCodeOfTheExampleAsWritten() throws IOException {
    String page = read("limitto.embedding.page");
    List<String> source = lines(read("limitto.embedding.source"));
    List<String> blocks = blocks(page, "java");
    assertThat(blocks).as("Java blocks of the page").hasSizeGreaterThanOrEqualTo(5);
    for (String block : blocks) {
      assertThat(occursIndented(lines(block), source))
          .as("this block of docs/embedding.md is not in EmbeddingExample.java:%n%s", block)
          .isTrue();
    }
  }

  @Test
  void pageOutputBlockWhenComparedThenIsWhatMainPrints() throws IOException {
    String page = read("limitto.embedding.page");
    int marker = page.indexOf("<!-- output of EmbeddingExample.main -->");
    assertThat(marker).as("the output marker of docs/embedding.md").isNotNegative();
    List<String> after = blocks(page.substring(marker), "text");
    assertThat(after).isNotEmpty();
    assertThat(after.get(0)).isEqualTo(runMain());
  }

  @Test
  void pageDependencySnippetWhenReadThenNamesTheVersionOfThisBuild() throws IOException {
    String page = read("limitto.embedding.page");
    String version = System.getProperty("limitto.version");
    assertThat(version).isNotBlank();
    assertThat(blocks(page, "xml")).contains(String.join("\n",
        "<dependency>",
        "  <groupId>dev.limitto</groupId>",
        "  <artifactId>engine-core</artifactId>",
        "  <version>" + version + "</version>",
        "</dependency>",
        ""));
  }

  /** Runs {@code main} and returns what it printed, line ends as {@code \n}. */
  private static String runMain() {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      EmbeddingExample.main(new String[0]);
    } finally {
      System.setOut(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }

  /** The contents of the fenced blocks of {@code page} tagged {@code language}, in order. */
  private static List<String> blocks(String page, String language) {
    List<String> out = new ArrayList<>();
    Matcher m = FENCE.matcher(page);
    while (m.find()) {
      if (m.group(1).equals(language)) {
        out.add(m.group(2));
      }
    }
    return out;
  }

  /**
   * Whether {@code block} occurs in {@code source} as consecutive lines, each with the same
   * indentation added (blank lines stay blank).
   */
  private static boolean occursIndented(List<String> block, List<String> source) {
    String first = block.get(0);
    for (int start = 0; start + block.size() <= source.size(); start++) {
      String line = source.get(start);
      if (!line.endsWith(first) || !line.substring(0, line.length() - first.length()).isBlank()) {
        continue;
      }
      String indent = line.substring(0, line.length() - first.length());
      boolean all = true;
      for (int i = 1; i < block.size() && all; i++) {
        String want = block.get(i).isEmpty() ? "" : indent + block.get(i);
        all = source.get(start + i).equals(want);
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  private static String read(String property) throws IOException {
    String path = System.getProperty(property);
    assertThat(path).as("system property %s (set by the module's pom)", property).isNotNull();
    return Files.readString(Path.of(path), StandardCharsets.UTF_8).replace("\r\n", "\n");
  }
}
