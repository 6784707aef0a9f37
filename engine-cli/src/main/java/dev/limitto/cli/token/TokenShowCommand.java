package dev.limitto.cli.token;

import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.IssuedToken;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code limit-to token show ID}: every field of a token, with its secret in standard mode. In
 * secure mode, and for a token created in secure mode, everything but the secret, which was never
 * stored.
 */
@Command(name = "show", description = {
    "Show every field of a token: owner, expiry, IP allow-list, run-as permission, its rules"
        + " and, in standard mode, its secret (audited as a view). In secure mode"
        + " (extender.token.secure.mode=true) the secret was never stored: everything else is"
        + " shown."})
final class TokenShowCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @Mixin TokenCommand.DataOptions dataOptions;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The token id (tok_... or imp_...).")
  String id;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return TokenCommand.run(dataOptions, null, s -> {
      StoredToken t = TokenCommand.require(s, id);
      if (s.settings.secureMode() || t.encryptedSecret() == null) {
        // the secret was never stored: show the rest, which is not secret
        TokenText.printFields(out, s, t, null, true);
        return ExitCode.OK;
      }
      IssuedToken issued = s.tokens.show(id, AdminSession.actor());
      TokenText.printFields(out, s, issued.token(), issued.secret(), true);
      return ExitCode.OK;
    });
  }
}
