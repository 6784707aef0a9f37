package dev.limitto.cli.token;

import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.jira.store.StoredToken;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code limit-to token list}: every token, revoked ones included; never a secret. */
@Command(name = "list", description = {
    "List every token (never a secret), with its state, usage and number of rule lines"
        + " (unrestricted for a token without rules). Unbound tokens, which any user may use"
        + " with Basic auth, are flagged."})
final class TokenListCommand implements Callable<Integer> {

  /** Printed after the table when unbound tokens are live. */
  static final String WARN_UNBOUND =
      "warning: %d live unbound token(s) (owner '*'): any user may use them with Basic auth";
  static final String HEADER = String.format("%-26s %-8s %-10s %-20s %-20s %6s  %s",
      "ID", "STATE", "OWNER", "EXPIRES", "LAST USED", "USES", "LABEL / RULES");

  @Mixin HelpOption help;

  @Mixin TokenCommand.DataOptions dataOptions;

  @Spec CommandSpec spec;

  @picocli.CommandLine.Option(names = "--expiring", paramLabel = "DURATION",
      description = "Only live tokens that expire within DURATION from now (7d, 12h), soonest"
          + " first.")
  String expiring;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return TokenCommand.run(dataOptions, null, s -> {
      List<StoredToken> all = expiring == null ? s.tokens.list() : s.tokens.expiring(within());
      Instant now = Instant.now();
      out.println(HEADER);
      long unbound = 0;
      for (StoredToken t : all) {
        String state = t.isRevoked() ? "revoked"
            : t.expiresAt() != null && !t.expiresAt().isAfter(now) ? "expired" : "active";
        if (t.isUnbound() && state.equals("active")) {
          unbound++;
        }
        out.println(String.format("%-26s %-8s %-10s %-20s %-20s %6d  %s", t.id(), state,
            t.isUnbound() ? "* UNBOUND" : t.owner(), time(t.expiresAt()), time(t.lastUsedAt()),
            t.usageCount(), (t.label().isEmpty() ? "" : t.label() + " / ")
                + TokenText.rules(s, t) + extras(t)));
      }
      if (unbound > 0) {
        out.println(String.format(WARN_UNBOUND, unbound));
      }
      return ExitCode.OK;
    });
  }

  /** The allow-list and run-as permission, when set. */
  private static String extras(StoredToken t) {
    return (t.ipAllowList().isEmpty() ? "" : " / ip " + String.join(",", t.ipAllowList()))
        + (t.runAsAllowed() ? " / run-as" : "")
        + (t.controls().readOnly() ? " / read-only" : "")
        + (t.controls().rateLimit() == null ? ""
            : " / rate " + dev.limitto.jira.token.RateLimitText.format(t.controls().rateLimit()));
  }

  private java.time.Duration within() {
    try {
      return dev.limitto.jira.token.DurationText.parse(expiring);
    } catch (IllegalArgumentException e) {
      throw new dev.limitto.cli.UsageException("--expiring: " + e.getMessage());
    }
  }

  private static String time(Instant t) {
    return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
