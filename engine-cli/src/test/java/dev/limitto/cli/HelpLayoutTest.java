package dev.limitto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's help at 80 columns (no terminal): wrapped between words, nothing cut. */
class HelpLayoutTest {

  @ParameterizedTest(name = "{0} --help")
  @ValueSource(strings = {"", "check", "lint", "serve", "audit", "token", "token create",
      "token list", "token show", "token edit", "token revoke", "token snippet", "token import"})
  void helpWhenNoTerminalThenLinesFitIn80ColumnsAndNoWordIsSplit(String command) {
    String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
    CliRun run = CliRun.run("", args);

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
    assertThat(run.out()).doesNotContain("\uE000", "\uE001", "\uE002", "\uE003");
    // every word of every description shows whole on one line: picocli would otherwise break
    // after the dots of extender.token.secure.mode or the hyphens of 2026-03-01
    List<String> lines = run.outLines();
    for (String word : words(command)) {
      assertThat(lines).as("'%s' on one line", word).anySatisfy(l -> assertThat(l).contains(word));
    }
  }

  /** The words of a command's description and of its options' and parameters' descriptions. */
  private static List<String> words(String command) {
    CommandLine c = Main.commandLine(new ByteArrayInputStream(new byte[0]));
    for (String name : command.isEmpty() ? new String[0] : command.split(" ")) {
      c = c.getSubcommands().get(name);
    }
    List<String> text = new ArrayList<>(List.of(c.getCommandSpec().usageMessage().description()));
    for (ArgSpec a : c.getCommandSpec().args()) {
      String defaultValue = a instanceof OptionSpec o ? o.defaultValue() : null;
      for (String d : a.description()) {
        text.add(defaultValue == null ? d : d.replace("${DEFAULT-VALUE}", defaultValue));
      }
    }
    List<String> words = new ArrayList<>();
    for (String t : text) {
      for (String w : HelpText.restore(t).split("\\s+")) {
        if (w.length() > 2 && w.length() < 40 && !w.contains("${")) {
          words.add(w);
        }
      }
    }
    return words;
  }

  @Test
  void commandListWhenDescriptionSpansSourceLinesThenShowsTheWholeFirstParagraph() {
    String help = CliRun.run("", "--help").out().replaceAll("\\s+", " ");

    assertThat(help).contains("lint Review rule files before saving them: every compile error,"
        + " and warnings about lines that compile but probably do not do what was meant");
    assertThat(help).contains("every change to a token, oldest first, one per line.");
  }

  @Test
  void tokenCreateHelpWhenPropertyNamesThenEachOnOneLine() {
    String help = CliRun.run("", "token", "create", "--help").out();

    assertThat(help).contains("(extender.token.secure.mode=true)",
        "limitto.token.allow.unbound=true");
  }
}
