package dev.limitto.cli.token;

import dev.limitto.cli.CliFiles;
import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.cli.UsageException;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.jira.snippet.SnippetRequest;
import dev.limitto.jira.snippet.Snippets;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.EmptyRulesException;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.TokenRequest;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import dev.limitto.jira.upstream.UpstreamCredential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code limit-to token create}: issues a token and prints its secret once. */
@Command(
    name = "create",
    description = {
      "Create a token and print it once. Give its rules with --limit-to, or ask for a token"
          + " without rules with --unrestricted. In secure mode"
          + " (extender.token.secure.mode=true) the secret is never stored: copy it now; curl"
          + " and JavaScript snippets are printed with it, as they cannot be made later."
    })
final class TokenCreateCommand implements Callable<Integer> {

  static final String ERR_NO_RULES =
      "give --limit-to FILE with the token's rules, or --unrestricted for a token that may make"
          + " any request its owner may make";
  static final String ERR_UNRESTRICTED_AND_RULES =
      "--unrestricted and --limit-to exclude each other: an unrestricted token has no rules";
  static final String ERR_NO_OWNER =
      "give --user NAME, the token's owner, or --unbound for a token any user may use";
  static final String ERR_USER_AND_UNBOUND =
      "--user and --unbound exclude each other: an unbound token has no owner";
  /** The rules file compiles to no line: name it and say what to do. */
  static final String ERR_RULES_FILE_EMPTY =
      "rules file %s has no effective line (only blank lines and comments), so the token could"
          + " make any request; add a rule line, or use --unrestricted instead of --limit-to";

  @Mixin HelpOption help;

  @Mixin TokenCommand.DataOptions dataOptions;

  @Spec CommandSpec spec;

  @Option(names = "--user", paramLabel = "NAME",
      description = "The token's owner (user name or e-mail): requests made with it act as this"
          + " user.")
  String user;

  @Option(names = "--unbound",
      description = "A token without owner: any user may present it with Basic auth and acts as"
          + " that user. Only when limitto.token.allow.unbound=true, and not with Bearer auth.")
  boolean unbound;

  @Option(names = "--label", paramLabel = "LABEL",
      description = "What the token is for, e.g. 'nightly export'. Default: the user and the"
          + " date, e.g. 'alice 2026-03-01'.")
  String label;

  @Mixin ExpiryOptions expiry;

  @Option(names = "--limit-to", paramLabel = "FILE",
      description = "\"Limit to\" rules for the token (check them first with lint). A file"
          + " without any rule line, only blank lines and comments, is refused.")
  String limitTo;

  @Option(names = "--unrestricted",
      description = "Create a token without rules, which may make any request its owner may"
          + " make. Exclusive with --limit-to.")
  boolean unrestricted;

  @Mixin IpOptions ip;

  @Option(names = "--run-as",
      description = "Let requests act as another user with the contextUser header (audited"
          + " with both names).")
  boolean runAs;

  @Option(names = "--read-only",
      description = "Allow only GET and HEAD requests, of those the rules allow (with"
          + " --unrestricted: every GET and HEAD request).")
  boolean readOnly;

  @Mixin RateLimitOptions rate;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Base URL for {base} and the snippets. Default: the URL serve runs on.")
  String baseUrl;

  @Mixin UpstreamOptions upstream;

  @Override
  public Integer call() {
    if (user != null && unbound) {
      throw new UsageException(ERR_USER_AND_UNBOUND);
    }
    if (user == null && !unbound) {
      throw new UsageException(ERR_NO_OWNER);
    }
    if (unrestricted && limitTo != null) {
      throw new UsageException(ERR_UNRESTRICTED_AND_RULES);
    }
    if (!unrestricted && limitTo == null) {
      throw new UsageException(ERR_NO_RULES);
    }
    String effectiveLabel = label != null ? label
        : (unbound ? "unbound" : user) + " " + LocalDate.now(ZoneOffset.UTC);
    TokenRequest.Builder request = TokenRequest.builder().label(effectiveLabel)
        .ipAllowList(ip.entries()).runAsAllowed(runAs).readOnly(readOnly)
        .rateLimit(rate.limit());
    if (unbound) {
      request.unbound();
    } else {
      request.owner(user);
    }
    if (unrestricted) {
      request.unrestricted();
    } else {
      request.restrictions(CliFiles.readText("rules file", limitTo));
    }
    Duration lifetime = expiry.lifetime();
    Instant at = expiry.at();
    if (lifetime != null) {
      request.expiresIn(lifetime);
    }
    if (at != null) {
      request.expiresAt(at);
    }
    // read and checked before anything is created
    UpstreamCredential credential = upstream.read();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return TokenCommand.run(dataOptions, baseUrl, s -> {
      expiry.checkLifetime(lifetime, s.settings);
      IssuedToken issued;
      try {
        issued = s.tokens.create(request.build(), AdminSession.actor());
      } catch (RuleSyntaxException e) {
        err.println(e.render(limitTo));
        return ExitCode.USAGE;
      } catch (EmptyRulesException e) {
        throw new UsageException(String.format(ERR_RULES_FILE_EMPTY, limitTo));
      }
      StoredToken t = issued.token();
      out.println("Created token " + t.id() + " for "
          + (t.isUnbound() ? "any user (unbound)" : t.owner())
          + (t.expiresAt() == null ? ", no expiry" : ", expires " + t.expiresAt())
          + ", " + summary(s, t) + ".");
      TokenText.printReadOnlyWarnings(err, t);
      out.println("The token (shown once here" + (s.settings.secureMode()
          ? "; secure mode: it is not stored and cannot be shown again" : "") + "):");
      out.println(issued.secret());
      if (credential != null) {
        s.bindUpstream(t, credential);
        out.println(TokenEditCommand.upstreamBound(credential));
      }
      if (s.settings.secureMode()) {
        Snippets snippets = Snippets.of(s.settings.baseUrl(), s.settings.authType(),
            t.owner(), issued.secret());
        SnippetRequest sample = SnippetRequest.get("/rest/api/2/myself");
        out.println();
        out.println("curl (edit the path to a request the token allows):");
        out.println(snippets.curl(sample));
        out.println();
        out.println("JavaScript (Node.js 18+ or a browser):");
        out.print(snippets.javascript(sample));
      } else {
        out.println();
        out.println("Snippets: ./limit-to token snippet " + t.id()
            + " [--format curl|js] --data " + dataOptions.data);
      }
      return ExitCode.OK;
    });
  }

  /** {@code limited to 2 rule line(s)} or {@code unrestricted}, then the allow-list and run-as. */
  static String summary(AdminSession s, StoredToken t) {
    String rules = TokenText.rules(s, t);
    StringBuilder sb = new StringBuilder(
        rules.equals(TokenText.UNRESTRICTED) ? rules : "limited to " + rules);
    List<String> ips = t.ipAllowList();
    if (!ips.isEmpty()) {
      sb.append(", from ").append(String.join(", ", ips)).append(" only");
    }
    if (t.runAsAllowed()) {
      sb.append(", may run as other users (contextUser)");
    }
    if (t.controls().readOnly()) {
      sb.append(", read-only (GET and HEAD only)");
    }
    if (t.controls().rateLimit() != null) {
      sb.append(", rate limit ").append(TokenText.rateLimit(t));
    }
    return sb.toString();
  }
}
