package dev.limitto.cli.token;

import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.cli.UsageException;
import dev.limitto.jira.audit.JsonLinesAuditReader;
import dev.limitto.jira.audit.JsonLinesAuditWriter;
import dev.limitto.jira.audit.StagedSummary;
import dev.limitto.jira.store.StagedRules;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code limit-to token staged ID}: a token's staged rules and, from the audit log of the data
 * directory, how many requests since they were staged they would decide otherwise, with the most
 * frequent examples.
 */
@Command(name = "staged", description = {
    "Show a token's staged rules and what they would change: of the token's requests in the"
        + " audit log since the rules were staged, how many the staged rules would refuse that"
        + " were allowed, and allow that were refused, with the most frequent examples."})
final class TokenStagedCommand implements Callable<Integer> {

  static final String READ_FAILED = "cannot read the audit log in %s: %s";
  static final int MAX_EXAMPLES = 100;

  @Mixin HelpOption help;

  @Mixin TokenCommand.DataOptions dataOptions;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The token id (tok_... or imp_...).")
  String id;

  @Option(names = "--examples", paramLabel = "N", defaultValue = "5",
      description = "Examples of each kind to show, 0 to " + MAX_EXAMPLES
          + ". Default: ${DEFAULT-VALUE}")
  int examples;

  @Override
  public Integer call() {
    if (examples < 0 || examples > MAX_EXAMPLES) {
      throw new UsageException("--examples must be from 0 to " + MAX_EXAMPLES + ", was "
          + examples);
    }
    PrintWriter out = spec.commandLine().getOut();
    return TokenCommand.run(dataOptions, null, s -> {
      TokenCommand.require(s, id);
      Optional<StagedRules> staged = s.tokens.staged(id);
      if (staged.isEmpty()) {
        out.println("Token " + id + " has no staged rules.");
        return ExitCode.OK;
      }
      StagedRules r = staged.get();
      out.println("Staged on token " + id + " at " + r.stagedAt() + " by " + r.stagedBy() + ": "
          + StagedText.lines(s, r));
      r.restrictions().lines().forEach(l -> out.println("  " + l));
      Path auditDir = s.data.path().resolve(JsonLinesAuditWriter.DATA_SUBDIRECTORY);
      StagedSummary summary;
      if (!Files.isDirectory(auditDir)) {
        out.println("No audit log in " + s.data.path() + " yet: no request has been checked.");
        return ExitCode.OK;
      }
      try {
        summary = StagedSummary.read(new JsonLinesAuditReader(auditDir), id, r.stagedAt(),
            examples);
      } catch (IOException e) {
        throw new UsageException(String.format(READ_FAILED, auditDir, e.getMessage()));
      }
      StagedText.printSummary(out, summary);
      out.println(summary.changed() == 0
          ? "Promote them with: limit-to token promote " + id
          : "Promote them anyway with: limit-to token promote " + id
              + "; change them with: limit-to token stage " + id + " --limit-to FILE");
      return ExitCode.OK;
    });
  }
}
