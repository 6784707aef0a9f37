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

/** {@code limit-to token show ID}: a token with its secret (standard mode only). */
@Command(name = "show", description = {
    "Show a token with its secret. Refused in secure mode (extender.token.secure.mode=true),"
        + " where the secret was never stored; use list to see tokens there."})
final class TokenShowCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @Mixin TokenCommand.DataOptions dataOptions;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The token id (tok_...).")
  String id;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return TokenCommand.run(dataOptions, null, s -> {
      IssuedToken issued = s.tokens.show(id, AdminSession.actor());
      StoredToken t = issued.token();
      out.println("id:         " + t.id());
      out.println("label:      " + t.label());
      out.println("owner:      " + (t.isUnbound() ? "* UNBOUND (any user, Basic auth)" : t.owner()));
      out.println("created:    " + t.createdAt() + " by " + t.createdBy());
      out.println("expires:    " + (t.expiresAt() == null ? "never" : t.expiresAt()));
      out.println("revoked:    " + (t.revokedAt() == null ? "no" : t.revokedAt()));
      out.println("used:       " + t.usageCount() + " time(s), last "
          + (t.lastUsedAt() == null ? "never" : t.lastUsedAt()));
      out.println("ip allow:   " + (t.ipAllowList().isEmpty() ? "any" : String.join(", ",
          t.ipAllowList())));
      out.println("run as:     " + (t.runAsAllowed() ? "allowed (contextUser)" : "no"));
      out.println("token:      " + issued.secret());
      out.println("limit to:" + (t.restrictions().isBlank() ? " (unrestricted)" : ""));
      t.restrictions().lines().forEach(l -> out.println("  " + l));
      return ExitCode.OK;
    });
  }
}
