package dev.limitto.cli.token;

import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.jira.token.DurationText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code limit-to token revoke ID}. */
@Command(name = "revoke", description = {
    "Revoke a token for good. A running serve refuses it within its poll interval"
        + " (limitto.token.revocation.poll.interval, 2s by default). Works in both modes."})
final class TokenRevokeCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @Mixin TokenCommand.DataOptions dataOptions;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The token id (tok_... or imp_...).")
  String id;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return TokenCommand.runRevocation(dataOptions, spec.commandLine().getErr(), s -> {
      boolean revoked = s.tokens.revoke(id, AdminSession.actor());
      out.println(revoked
          ? "Revoked " + id + ". A running server refuses it within "
              + DurationText.format(s.settings.revocationPollInterval()) + "."
          : id + " was already revoked.");
      return ExitCode.OK;
    });
  }
}
