package dev.limitto.cli.token;

import dev.limitto.cli.CliFiles;
import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.TokenImportException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code limit-to token import FILE}: tokens exported from an existing "Limit to" deployment. */
@Command(name = "import", description = {
    "Import the tokens of an existing \"Limit to\" deployment from its JSON export (label,"
        + " userName, limitTo, validUntil, token), keeping their secrets usable. Every entry is"
        + " checked first: if any is wrong, nothing is imported and every problem is printed"
        + " with its line in the file. Never prints a secret."})
final class TokenImportCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @Mixin TokenCommand.DataOptions dataOptions;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The export: a JSON array.")
  String file;

  @Override
  public Integer call() {
    String json = CliFiles.readText("import file", file);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return TokenCommand.run(dataOptions, null, s -> {
      List<StoredToken> imported;
      try {
        imported = s.tokens.importTokens(json, AdminSession.actor());
      } catch (TokenImportException e) {
        err.println(spec.qualifiedName() + ": " + String.format(TokenImportException.ERR_SUMMARY,
            e.details().size()));
        for (TokenImportException.Problem p : e.details()) {
          err.println((p.line() > 0 ? file + ":" + p.line() : file) + ": error: "
              + oneLine(p.message()));
        }
        return ExitCode.USAGE;
      }
      out.println("Imported " + imported.size() + " token(s):");
      for (StoredToken t : imported) {
        out.println("  " + t.id() + "  " + TokenText.owner(t) + "  expires "
            + TokenText.expiry(t.expiresAt()) + "  " + TokenText.rules(s, t) + "  " + t.label());
      }
      return ExitCode.OK;
    });
  }

  private static String oneLine(String message) {
    return message.replace("\r", "\\r").replace("\n", "\\n");
  }
}
