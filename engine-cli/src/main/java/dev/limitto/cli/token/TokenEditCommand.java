package dev.limitto.cli.token;

import dev.limitto.cli.CliFiles;
import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.cli.UsageException;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.jira.db.StoreException;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.EmptyRulesException;
import dev.limitto.jira.token.TokenEdit;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import dev.limitto.jira.upstream.UpstreamCredential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code limit-to token edit ID}: changes a token in standard mode. */
@Command(name = "edit", description = {
    "Change a token's label, rules, expiry, IP allow-list or run-as permission; what is not"
        + " given stays as it is. Each change is audited with the fields it changed. Refused in"
        + " secure mode (extender.token.secure.mode=true), where tokens cannot be changed:"
        + " revoke and create a new one."})
final class TokenEditCommand implements Callable<Integer> {

  static final String ERR_NOTHING =
      "nothing to change: give --label, --limit-to, --unrestricted, an expiry (--expires-in,"
          + " --days, --expires, --no-expiry), --ip, --no-ip, --run-as or --no-run-as";
  static final String ERR_EXPIRY_AND_NONE =
      "--no-expiry excludes --expires-in, --days and --expires";
  static final String ERR_IP_AND_NONE = "--no-ip excludes --ip";
  static final String ERR_CHANGED_MEANWHILE =
      "token %s was changed by someone else meanwhile; nothing was changed, look at it again"
          + " (token show) and repeat the edit";

  @Mixin HelpOption help;

  @Mixin TokenCommand.DataOptions dataOptions;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The token id (tok_... or imp_...).")
  String id;

  @Option(names = "--label", paramLabel = "LABEL", description = "A new label.")
  String label;

  @Option(names = "--limit-to", paramLabel = "FILE",
      description = "New \"Limit to\" rules (check them first with lint). A file without any"
          + " rule line, only blank lines and comments, is refused.")
  String limitTo;

  @Option(names = "--unrestricted",
      description = "Remove the rules: from now on the token may make any request its owner"
          + " may make. Exclusive with --limit-to.")
  boolean unrestricted;

  @Mixin ExpiryOptions expiry;

  @Option(names = "--no-expiry",
      description = "Remove the expiry (refused while limitto.token.max.lifetime is set).")
  boolean noExpiry;

  @Mixin IpOptions ip;

  @Option(names = "--read-only", negatable = true,
      description = "Allow only GET and HEAD requests of those the rules allow (--no-read-only"
          + " lifts it).")
  Boolean readOnly;

  @Mixin RateLimitOptions rate;

  @Option(names = "--no-rate-limit", description = "Remove the rate limit.")
  boolean noRateLimit;

  @Option(names = "--no-ip", description = "Remove the IP allow-list: any address.")
  boolean noIp;

  @Option(names = "--run-as", negatable = true,
      description = "Allow (--run-as) or forbid (--no-run-as) acting as another user with the"
          + " contextUser header.")
  Boolean runAs;

  @Mixin UpstreamOptions upstream;

  @Option(names = "--no-upstream",
      description = "Gateway mode: remove the token's upstream credential; the gateway then"
          + " refuses its requests (403).")
  boolean noUpstream;

  static final String ERR_UPSTREAM_AND_NONE =
      "--no-upstream excludes --upstream-bearer-file and --upstream-basic-file";
  static final String ERR_UPSTREAM_SECURE =
      "secure mode (extender.token.secure.mode=true): a token's upstream credential is given at"
          + " creation only; revoke it and create a new one";
  static final String ERR_UPSTREAM_REVOKED = "token %s is revoked; its credential is not changed";
  static final String ERR_NO_TOKEN = "no token %s";

  /** The line printed when a credential was bound; never the credential itself. */
  static String upstreamBound(UpstreamCredential c) {
    return "Upstream credential bound: " + c + "; it is stored encrypted and never shown again.";
  }

  @Override
  public Integer call() {
    if (unrestricted && limitTo != null) {
      throw new UsageException(TokenCreateCommand.ERR_UNRESTRICTED_AND_RULES);
    }
    if (noExpiry && expiry.given()) {
      throw new UsageException(ERR_EXPIRY_AND_NONE);
    }
    if (noIp && ip.given()) {
      throw new UsageException(ERR_IP_AND_NONE);
    }
    if (noUpstream && upstream.given()) {
      throw new UsageException(ERR_UPSTREAM_AND_NONE);
    }
    boolean tokenFields = label != null || limitTo != null || unrestricted || expiry.given()
        || noExpiry || ip.given() || noIp || runAs != null || readOnly != null || rate.given()
        || noRateLimit;
    if (!tokenFields && !upstream.given() && !noUpstream) {
      throw new UsageException(ERR_NOTHING);
    }
    UpstreamCredential credential = upstream.read();
    TokenEdit.Builder edit = TokenEdit.builder();
    if (label != null) {
      edit.label(label);
    }
    if (unrestricted) {
      edit.unrestricted();
    } else if (limitTo != null) {
      edit.restrictions(CliFiles.readText("rules file", limitTo));
    }
    Duration lifetime = expiry.lifetime();
    Instant at = expiry.at();
    if (noExpiry) {
      edit.expiresAt(null);
    }
    if (ip.given()) {
      edit.ipAllowList(ip.entries());
    } else if (noIp) {
      edit.ipAllowList(List.of());
    }
    if (runAs != null) {
      edit.runAsAllowed(runAs);
    }
    if (readOnly != null) {
      edit.readOnly(readOnly);
    }
    if (noRateLimit && rate.given()) {
      throw new UsageException("--rate-limit and --no-rate-limit exclude each other");
    }
    if (rate.given()) {
      edit.rateLimit(rate.limit());
    } else if (noRateLimit) {
      edit.rateLimit(null);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return TokenCommand.run(dataOptions, null, s -> {
      expiry.checkLifetime(lifetime, s.settings);
      if (lifetime != null) {
        // a lifetime counts from now, as at creation
        edit.expiresAt(Instant.now().plus(lifetime));
      } else if (at != null) {
        edit.expiresAt(at);
      }
      StoredToken before = s.tokens.find(id).orElse(null);
      if (credential != null || noUpstream) {
        if (s.settings.secureMode()) {
          throw new UsageException(ERR_UPSTREAM_SECURE);
        }
        if (before == null) {
          throw new UsageException(String.format(ERR_NO_TOKEN, id));
        }
        if (before.isRevoked()) {
          throw new UsageException(String.format(ERR_UPSTREAM_REVOKED, id));
        }
        if (!tokenFields) {
          if (credential != null) {
            s.bindUpstream(before, credential);
            out.println(upstreamBound(credential));
          } else {
            out.println(s.unbindUpstream(before) ? "Upstream credential of " + id + " removed."
                : "Token " + id + " had no upstream credential.");
          }
          return ExitCode.OK;
        }
      }
      StoredToken after;
      try {
        after = s.tokens.edit(id, edit.build(), AdminSession.actor());
      } catch (RuleSyntaxException e) {
        err.println(e.render(limitTo));
        return ExitCode.USAGE;
      } catch (EmptyRulesException e) {
        throw new UsageException(String.format(TokenCreateCommand.ERR_RULES_FILE_EMPTY, limitTo));
      } catch (StoreException.Conflict e) {
        throw new UsageException(String.format(ERR_CHANGED_MEANWHILE, id));
      }
      List<String> changed = changed(before, after);
      out.println(changed.isEmpty()
          ? "Token " + id + " unchanged: every value given is its current one."
          : "Edited token " + id + ": changed " + String.join(", ", changed)
              + ". A running server applies it within its poll interval.");
      if (credential != null) {
        s.bindUpstream(after, credential);
        out.println(upstreamBound(credential));
      } else if (noUpstream) {
        out.println(s.unbindUpstream(after) ? "Upstream credential of " + id + " removed."
            : "Token " + id + " had no upstream credential.");
      }
      TokenText.printFields(out, s, after, null, false);
      TokenText.printReadOnlyWarnings(err, after);
      return ExitCode.OK;
    });
  }

  /** The fields that differ, in the order of the options. */
  private static List<String> changed(StoredToken before, StoredToken after) {
    List<String> changed = new ArrayList<>();
    if (before == null || before.version() == after.version()) {
      return changed;
    }
    if (!before.label().equals(after.label())) {
      changed.add("label");
    }
    if (!before.restrictions().equals(after.restrictions())) {
      changed.add("rules");
    }
    if (!Objects.equals(before.expiresAt(), after.expiresAt())) {
      changed.add("expiry");
    }
    if (!before.ipAllowList().equals(after.ipAllowList())) {
      changed.add("ip allow-list");
    }
    if (before.runAsAllowed() != after.runAsAllowed()) {
      changed.add("run as");
    }
    if (before.controls().readOnly() != after.controls().readOnly()) {
      changed.add("read-only");
    }
    if (!Objects.equals(before.controls().rateLimit(), after.controls().rateLimit())) {
      changed.add("rate limit");
    }
    return changed;
  }
}
