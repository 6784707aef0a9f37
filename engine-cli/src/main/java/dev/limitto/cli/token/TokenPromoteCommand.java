package dev.limitto.cli.token;

import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.cli.UsageException;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.jira.db.StoreException;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.DurationText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code limit-to token promote ID}: the staged rules become the enforced rules. */
@Command(name = "promote", description = {
    "Make a token's staged rules its enforced rules, and remove them from staging; audited as"
        + " PROMOTE with the fields an edit of the rules records. Refused in secure mode"
        + " (extender.token.secure.mode=true), where a token's rules never change: create a"
        + " new token with the staged rules and revoke this one."})
final class TokenPromoteCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @Mixin TokenCommand.DataOptions dataOptions;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The token id (tok_... or imp_...).")
  String id;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return TokenCommand.run(dataOptions, null, s -> {
      StoredToken t;
      try {
        t = s.tokens.promote(id, AdminSession.actor());
      } catch (RuleSyntaxException e) {
        // the settings (base URL, limits) changed since they were staged
        err.println(e.render("staged rules of " + id));
        return ExitCode.USAGE;
      } catch (StoreException.Conflict e) {
        throw new UsageException(String.format(TokenEditCommand.ERR_CHANGED_MEANWHILE, id));
      }
      out.println("Promoted the staged rules of token " + id + ": they are its enforced rules"
          + " now. A running server applies them within "
          + DurationText.format(s.settings.revocationPollInterval()) + ".");
      TokenText.printFields(out, s, t, null, false);
      return ExitCode.OK;
    });
  }
}
