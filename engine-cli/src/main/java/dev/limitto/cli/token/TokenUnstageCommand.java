package dev.limitto.cli.token;

import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code limit-to token unstage ID}: drops the staged rules. */
@Command(name = "unstage", description = {
    "Remove a token's staged rules; its enforced rules stay as they are. Works in both modes."})
final class TokenUnstageCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @Mixin TokenCommand.DataOptions dataOptions;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The token id (tok_... or imp_...).")
  String id;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return TokenCommand.run(dataOptions, null, s -> {
      out.println(s.tokens.unstage(id, AdminSession.actor())
          ? "Removed the staged rules of token " + id + "."
          : "Token " + id + " has no staged rules; nothing changed.");
      return ExitCode.OK;
    });
  }
}
