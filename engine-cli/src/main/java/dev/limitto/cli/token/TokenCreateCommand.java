package dev.limitto.cli.token;

import dev.limitto.cli.CliFiles;
import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.cli.UsageException;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.jira.snippet.SnippetRequest;
import dev.limitto.jira.snippet.Snippets;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.TokenRequest;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code limit-to token create}: issues a token and prints its secret once. */
@Command(
    name = "create",
    description = {
      "Create a token for a user and print it once. In secure mode"
          + " (extender.token.secure.mode=true) the secret is never stored: copy it now; curl and"
          + " JavaScript snippets are printed with it, as they cannot be made later."
    })
final class TokenCreateCommand implements Callable<Integer> {

  static final String ERR_EXPIRES_IN =
      "--expires-in must be a number and a unit (m, h or d), e.g. 30d; was '%s'";
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})([mhd])");

  @Mixin HelpOption help;

  @Mixin TokenCommand.DataOptions dataOptions;

  @Spec CommandSpec spec;

  @Option(names = "--user", paramLabel = "NAME", required = true,
      description = "The token's owner: requests made with it act as this user.")
  String user;

  @Option(names = "--label", paramLabel = "LABEL",
      description = "What the token is for, e.g. 'nightly export'. Default: the user and the"
          + " date, e.g. 'alice 2026-03-01'.")
  String label;

  @Option(names = "--expires-in", paramLabel = "DURATION",
      description = "Lifetime, e.g. 12h or 30d. Default: none, or the maximum lifetime when one"
          + " is set (limitto.token.max.lifetime).")
  String expiresIn;

  @Option(names = "--limit-to", paramLabel = "FILE",
      description = "\"Limit to\" rules for the token (check them first with lint). Default: none,"
          + " an unrestricted token.")
  String limitTo;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Base URL for {base} and the snippets. Default: the URL serve runs on.")
  String baseUrl;

  static Duration parseExpiresIn(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      throw new UsageException(String.format(ERR_EXPIRES_IN, text));
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
    if (d.isZero()) {
      throw new UsageException(String.format(ERR_EXPIRES_IN, text));
    }
    return d;
  }

  @Override
  public Integer call() {
    String effectiveLabel = label != null ? label
        : user + " " + LocalDate.now(ZoneOffset.UTC);
    TokenRequest.Builder request = TokenRequest.builder().owner(user).label(effectiveLabel);
    if (expiresIn != null) {
      request.expiresIn(parseExpiresIn(expiresIn));
    }
    if (limitTo != null) {
      request.restrictions(CliFiles.readText("rules file", limitTo));
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return TokenCommand.run(dataOptions, baseUrl, s -> {
      IssuedToken issued;
      try {
        issued = s.tokens.create(request.build(), AdminSession.actor());
      } catch (RuleSyntaxException e) {
        err.println(e.render(limitTo));
        return ExitCode.USAGE;
      }
      out.println("Created token " + issued.token().id() + " for " + issued.token().owner()
          + (issued.token().expiresAt() == null ? ", no expiry"
              : ", expires " + issued.token().expiresAt())
          + (issued.token().restrictions().isBlank() ? ", unrestricted"
              : ", limited to " + issued.token().restrictions().lines().count() + " rule line(s)")
          + ".");
      out.println("The token (shown once here" + (s.settings.secureMode()
          ? "; secure mode: it is not stored and cannot be shown again" : "") + "):");
      out.println(issued.secret());
      if (s.settings.secureMode()) {
        Snippets snippets = Snippets.of(s.settings.baseUrl(), s.settings.authType(),
            issued.token().owner(), issued.secret());
        SnippetRequest sample = SnippetRequest.get("/rest/api/2/myself");
        out.println();
        out.println("curl (edit the path to a request the token allows):");
        out.println(snippets.curl(sample));
        out.println();
        out.println("JavaScript (Node.js 18+ or a browser):");
        out.print(snippets.javascript(sample));
      } else {
        out.println();
        out.println("Snippets: ./limit-to token snippet " + issued.token().id()
            + " [--format curl|js] --data " + dataOptions.data);
      }
      return ExitCode.OK;
    });
  }
}
