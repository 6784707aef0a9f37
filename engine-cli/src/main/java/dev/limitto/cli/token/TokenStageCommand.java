package dev.limitto.cli.token;

import dev.limitto.cli.CliFiles;
import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.cli.UsageException;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.jira.store.StagedRules;
import dev.limitto.jira.token.EmptyRulesException;
import dev.limitto.jira.token.DurationText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code limit-to token stage ID --limit-to FILE}: report-only rules beside the enforced ones. */
@Command(name = "stage", description = {
    "Stage rules beside a token's enforced rules, report-only: every request is still decided"
        + " by the enforced rules, and the audit records where the staged ones would decide"
        + " otherwise (see token staged). Replaces rules staged before. The file is checked as"
        + " for create. Works in both modes."})
final class TokenStageCommand implements Callable<Integer> {

  static final String ERR_RULES_FILE_EMPTY =
      "rules file %s has no effective line (only blank lines and comments); staged rules need"
          + " at least one rule line";

  @Mixin HelpOption help;

  @Mixin TokenCommand.DataOptions dataOptions;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The token id (tok_... or imp_...).")
  String id;

  @Option(names = "--limit-to", paramLabel = "FILE", required = true,
      description = "The \"Limit to\" rules to stage (check them first with lint).")
  String limitTo;

  @Override
  public Integer call() {
    String text = CliFiles.readText("rules file", limitTo);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return TokenCommand.run(dataOptions, null, s -> {
      StagedRules staged;
      try {
        staged = s.tokens.stage(id, text, AdminSession.actor());
      } catch (RuleSyntaxException e) {
        err.println(e.render(limitTo));
        return ExitCode.USAGE;
      } catch (EmptyRulesException e) {
        throw new UsageException(String.format(ERR_RULES_FILE_EMPTY, limitTo));
      }
      int lines = s.tokens.ruleLines(TokenCommand.require(s, id)).orElse(-1);
      out.println("Staged " + StagedText.lines(s, staged) + " on token " + id + ". Its requests"
          + " are still decided by its enforced rules (" + (lines == 0 ? "unrestricted"
          : lines + " rule line(s)") + "); the audit records where the staged ones would"
          + " decide otherwise. A running server starts evaluating them within "
          + DurationText.format(s.settings.revocationPollInterval()) + ".");
      out.println("See what they would change: limit-to token staged " + id);
      return ExitCode.OK;
    });
  }
}
