package dev.limitto.cli.token;

import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.cli.UsageException;
import dev.limitto.jira.db.StoreException;
import dev.limitto.jira.token.DurationText;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.TokenService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code limit-to token rotate ID [--overlap 24h]}: a new secret, the old one for a while. */
@Command(name = "rotate", description = {
    "Give a token a new secret and print it once. The token keeps its id, owner, rules, limits"
        + " and audit history; its old secret keeps working until the overlap ends, then is"
        + " refused (401, audited as ROTATED). Revoking the token ends both at once. Works in"
        + " both modes."})
final class TokenRotateCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @Mixin TokenCommand.DataOptions dataOptions;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The token id (tok_... or imp_...).")
  String id;

  @Option(names = "--overlap", paramLabel = "DURATION",
      description = "How long the old secret keeps working: 0 (refused at once, e.g. after a"
          + " leak) to 30d. Default: 24h.")
  String overlap;

  @Override
  public Integer call() {
    Duration o = null;
    if (overlap != null) {
      try {
        o = overlap.strip().equals("0") ? Duration.ZERO : DurationText.parse(overlap);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--overlap: " + e.getMessage());
      }
    }
    Duration chosen = o;
    PrintWriter out = spec.commandLine().getOut();
    return TokenCommand.run(dataOptions, null, s -> {
      IssuedToken t;
      try {
        t = s.tokens.rotate(id, chosen, AdminSession.actor());
      } catch (StoreException.Conflict e) {
        throw new UsageException(String.format(TokenEditCommand.ERR_CHANGED_MEANWHILE, id));
      }
      Duration used = chosen == null ? TokenService.DEFAULT_OVERLAP : chosen;
      out.println("Rotated token " + id + ": the old secret "
          + (used.isZero() ? "is refused from now on."
              : "keeps working until " + t.token().controls().previous().until()
                  + " (" + DurationText.format(used) + ")."));
      out.println("The new token (shown once here" + (s.settings.secureMode()
          ? "; secure mode: it is not stored and cannot be shown again" : "") + "):");
      out.println(t.secret());
      return ExitCode.OK;
    });
  }
}
