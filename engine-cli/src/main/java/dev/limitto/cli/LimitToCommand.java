package dev.limitto.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code limit-to} command: only dispatches to its subcommands. */
@Command(
    name = "limit-to",
    synopsisSubcommandLabel = "COMMAND",
    description = "Limit-to: restrict what an API token may do with \"Limit to\" rules.",
    footer = {
      "",
      "Run 'limit-to COMMAND --help' for the options of a command.",
      "Exit codes: 0 success, 1 a check failed, 2 bad input or usage, 3 internal error."
    })
final class LimitToCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  /** Without a subcommand there is nothing to do: show what there is, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }
}
