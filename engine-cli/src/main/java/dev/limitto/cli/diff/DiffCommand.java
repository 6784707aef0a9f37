package dev.limitto.cli.diff;

import dev.limitto.cli.CliFiles;
import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.cli.UsageException;
import dev.limitto.cli.token.TokenRuleText;
import dev.limitto.engine.RuleSet;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.engine.analysis.RuleDiff;
import dev.limitto.jira.token.TokenSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code limit-to diff OLD NEW}: what changes between two rule sets, per method, with an example
 * request for each change ({@link RuleDiff}).
 */
@Command(
    name = "diff",
    description = {
      "Show exactly what changes between two rule sets: per method, requests that NEW allows",
      "and OLD refuses, and the reverse, each with an example request (URL, query values,",
      "JSON body) that the two really decide differently. OLD and NEW are rule files, or a",
      "token id of the data directory. 'equivalent' is printed only when proven; lines the",
      "automata cannot decide make a method 'undecided', with examples found by search.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 equivalent (proven); 1 the rule sets differ, or equivalence could not be"
          + " proven; 2 a rule set does not compile or cannot be read, or bad usage."
    })
public final class DiffCommand implements Callable<Integer> {

  static final String NOT_FOUND = "%s: neither a rules file nor a token id in %s";
  static final String DOES_NOT_COMPILE = "%s does not compile: %s";
  static final String BAD_BASE_URL = "--base-url: %s";

  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  @Option(names = "--base-url", paramLabel = "URL", defaultValue = TokenSettings.DEFAULT_BASE_URL,
      description = "Base URL both rule sets are used with. Default: ${DEFAULT-VALUE}")
  String baseUrl;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
      description = "Data directory for token ids (as for serve). Default: ${DEFAULT-VALUE}")
  String data;

  @Option(names = "--json", description = "One JSON object instead of text.")
  boolean json;

  @Parameters(index = "0", paramLabel = "OLD", description = "The rules now: a file or token id.")
  String oldName;

  @Parameters(index = "1", paramLabel = "NEW", description = "The rules proposed: a file or token id.")
  String newName;

  @Override
  public Integer call() {
    String oldText = rules(oldName);
    String newText = rules(newName);
    compileOrFail(oldName, oldText);
    compileOrFail(newName, newText);
    RuleDiff.Report report = RuleDiff.compare(oldText, newText, baseUrl);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(DiffText.json(report));
    } else {
      DiffText.print(out, report, "old", "new");
    }
    out.flush();
    return report.result() == RuleDiff.Result.EQUIVALENT ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }

  private void compileOrFail(String name, String text) {
    try {
      RuleSet.compiler().baseUrl(baseUrl).compile(text);
    } catch (RuleSyntaxException e) {
      throw new UsageException(String.format(DOES_NOT_COMPILE, name, e.getMessage()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.format(BAD_BASE_URL, e.getMessage()));
    }
  }

  /** The text of a rules file, or the stored rules of a token id when no such file exists. */
  static String rules(String name, String data) {
    boolean file;
    try {
      file = Files.exists(Path.of(name));
    } catch (InvalidPathException e) {
      file = false;
    }
    if (file) {
      return CliFiles.readText("rules file", name);
    }
    boolean store;
    try {
      store = Files.isDirectory(Path.of(data));
    } catch (InvalidPathException e) {
      store = false;
    }
    if (!store || name.isBlank()) {
      throw new UsageException(String.format(NOT_FOUND, name, data));
    }
    return TokenRuleText.of(data, name);
  }

  private String rules(String name) {
    return rules(name, data);
  }
}
