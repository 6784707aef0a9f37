package dev.limitto.cli.token;

import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.cli.UsageException;
import dev.limitto.jira.snippet.SnippetRequest;
import dev.limitto.jira.snippet.Snippets;
import dev.limitto.jira.token.IssuedToken;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code limit-to token snippet ID}: ready-to-run code using the token (standard mode only). */
@Command(name = "snippet", description = {
    "Print a curl command or a JavaScript fetch call that uses the token with the configured"
        + " auth type (limitto.token.auth.type). Refused in secure mode, where the secret was"
        + " never stored (create prints the snippets there)."})
final class TokenSnippetCommand implements Callable<Integer> {

  /** Snippet languages. */
  enum Format { curl, js }

  @Mixin HelpOption help;

  @Mixin TokenCommand.DataOptions dataOptions;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The token id (tok_... or imp_...).")
  String id;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "curl",
      description = "curl or js. Default: ${DEFAULT-VALUE}")
  Format format;

  @Option(names = "--method", paramLabel = "METHOD", defaultValue = "GET",
      description = "Method of the example request. Default: ${DEFAULT-VALUE}")
  String method;

  @Option(names = "--path", paramLabel = "PATH", defaultValue = "/rest/api/2/myself",
      description = "Path (and query) of the example request. Default: ${DEFAULT-VALUE}")
  String path;

  @Option(names = "--body", paramLabel = "JSON",
      description = "JSON body of the example request.")
  String body;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Base URL of the API. Default: the URL serve runs on.")
  String baseUrl;

  @Override
  public Integer call() {
    SnippetRequest request;
    try {
      request = new SnippetRequest(method, path, body);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    return TokenCommand.run(dataOptions, baseUrl, s -> {
      IssuedToken issued = s.tokens.show(id, AdminSession.actor());
      Snippets snippets;
      try {
        snippets = Snippets.of(s.settings.baseUrl(), s.settings.authType(),
            issued.token().owner(), issued.secret());
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      // on stderr, so that stdout stays a snippet to paste
      String rules = TokenText.rules(s, issued.token());
      spec.commandLine().getErr().println(id + ": " + (rules.equals(TokenText.UNRESTRICTED)
          ? "unrestricted: any request its owner may make is allowed"
          : "limited to " + rules + ": the example request runs only if one of them allows it"));
      if (format == Format.curl) {
        out.println(snippets.curl(request));
      } else {
        out.print(snippets.javascript(request));
      }
      return ExitCode.OK;
    });
  }
}
