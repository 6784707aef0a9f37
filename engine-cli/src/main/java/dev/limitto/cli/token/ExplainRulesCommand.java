package dev.limitto.cli.token;

import dev.limitto.cli.CliFiles;
import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.cli.UsageException;
import dev.limitto.engine.lint.RuleExplainer;
import dev.limitto.engine.RuleSyntaxException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code limit-to explain-rules FILE} or {@code --token ID}: what a rule set lets a token do, one
 * plain sentence per line ({@link RuleExplainer}). It lives beside the token commands because
 * {@code --token} reads the store as they do.
 */
@Command(
    name = "explain-rules",
    description = {
      "Say in plain words what a rule set lets a token do: one sentence per rule line, as",
      "FILE:LINE: SENTENCE (or ID:LINE: for --token). Jira's common REST resources are named",
      "(issue, comment, search, project, user, board, sprint, worklog, attachment,",
      "transitions); any other line is described with its regexes quoted.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 explained; 2 the rules do not compile, the file or token cannot be read,"
          + " or bad usage."
    })
public final class ExplainRulesCommand implements Callable<Integer> {

  static final String RULES_FILE = "rules file";

  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "RULES_FILE",
      description = "Rule file to explain (UTF-8), one \"Limit to\" rule per line.")
  String file;

  @Option(names = "--token", paramLabel = "ID",
      description = "Explain the rules of this token in the store instead of a file.")
  String token;

  /** Neither a file nor --token, or both. */
  static final String ERR_ONE_SOURCE = "give either RULES_FILE or --token ID, not %s";

  @Mixin TokenCommand.DataOptions dataOptions;

  @Override
  public Integer call() {
    String name;
    String text;
    if ((file == null) == (token == null)) {
      throw new UsageException(String.format(ERR_ONE_SOURCE, file == null ? "neither" : "both"));
    }
    if (token != null) {
      name = token;
      text = TokenCommand.run(dataOptions, null, s -> TokenCommand.require(s, token).restrictions());
    } else {
      name = file;
      text = CliFiles.readText(RULES_FILE, file);
    }
    List<RuleExplainer.Sentence> sentences;
    try {
      sentences = RuleExplainer.explain(text);
    } catch (RuleSyntaxException e) {
      spec.commandLine().getErr().println(e.render(name));
      return ExitCode.USAGE;
    }
    PrintWriter out = spec.commandLine().getOut();
    for (RuleExplainer.Sentence s : sentences) {
      out.println(s.line() == 0 ? name + ": " + s.text() : name + ":" + s.line() + ": " + s.text());
    }
    out.flush();
    return ExitCode.OK;
  }
}
