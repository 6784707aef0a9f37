package dev.limitto.cli.token;

import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.cli.UsageException;
import dev.limitto.cli.data.DataDirectory;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.TokenAdminException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code limit-to token}: create, list, show, edit, revoke, import tokens and print snippets. */
@Command(
    name = "token",
    synopsisSubcommandLabel = "COMMAND",
    description = {
      "Manage the API tokens in a data directory; works while serve runs on it, and a"
          + " revocation reaches the running server within its poll interval."
    },
    subcommands = {
      TokenCreateCommand.class,
      TokenListCommand.class,
      TokenShowCommand.class,
      TokenEditCommand.class,
      TokenRotateCommand.class,
      TokenRevokeCommand.class,
      TokenSnippetCommand.class,
      TokenImportCommand.class,
      TokenStageCommand.class,
      TokenStagedCommand.class,
      TokenPromoteCommand.class,
      TokenUnstageCommand.class,
      CommandLine.HelpCommand.class
    })
public final class TokenCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  /** Without a subcommand there is nothing to do: show what there is, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  /** The options every token subcommand takes. */
  static final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = DataDirectory.DEFAULT,
        description = "Data directory (as for serve). Default: ${DEFAULT-VALUE}")
    String data;
  }

  /** Runs an action on the store, turning refusals of the token service into usage errors. */
  static <T> T run(DataOptions options, String baseUrl, Function<AdminSession, T> action) {
    try (AdminSession session = AdminSession.open(options.data, baseUrl)) {
      return action.apply(session);
    } catch (TokenAdminException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * Runs a revocation: like {@link #run}, but a revocation is never held up by an audit log
   * that cannot be opened (see {@link AdminSession#openForRevocation}).
   */
  static <T> T runRevocation(DataOptions options, PrintWriter err,
      Function<AdminSession, T> action) {
    try (AdminSession session = AdminSession.openForRevocation(options.data, null, err)) {
      return action.apply(session);
    } catch (TokenAdminException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** The token, or a usage error naming the id. */
  static StoredToken require(AdminSession s, String id) {
    return s.tokens.find(id).orElseThrow(() ->
        new UsageException(String.format(dev.limitto.jira.token.TokenService.ERR_NOT_FOUND, id)));
  }
}
