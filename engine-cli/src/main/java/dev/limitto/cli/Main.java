package dev.limitto.cli;

import dev.limitto.cli.audit.AuditCommand;
import dev.limitto.cli.check.CheckCommand;
import dev.limitto.cli.diff.DiffCommand;
import dev.limitto.cli.diff.SuggestCommand;
import dev.limitto.cli.lint.LintCommand;
import dev.limitto.cli.serve.ServeCommand;
import dev.limitto.cli.token.TokenCommand;
import dev.limitto.jira.db.StoreException;
import dev.limitto.jira.token.crypto.KeyFile;
import dev.limitto.jira.token.crypto.KeyRing;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of {@code ./limit-to}. Every subcommand is registered in {@link #commandLine}; every
 * failure leaves as one line on stderr and an {@link ExitCode}, never as a stack trace (set
 * {@code LIMITTO_DEBUG=1} to see the stack trace of an internal error).
 */
public final class Main {

  /** The message for a first argument that is not a command. */
  public static final String UNKNOWN_COMMAND = "unknown command '%s'";
  /** Appended to usage errors. */
  public static final String SEE_HELP = " (see '%s --help')";
  /** The message for an exception that is a bug in limit-to itself. */
  public static final String INTERNAL_ERROR = "internal error: %s";

  private Main() {}

  public static void main(String[] args) {
    // Explicit UTF-8: the platform encoding of a minimal container is often ASCII.
    PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
        new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 64 * 1024));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(
        new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
    System.exit(run(args, System.in, out, err));
  }

  /**
   * Runs one command line with the given standard streams and returns its exit code. Never
   * throws; flushes both writers before it returns.
   */
  public static int run(String[] args, InputStream stdin, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = commandLine(stdin);
    // set after the subcommands are added, so that they inherit these settings
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler(Main::usageError);
    commandLine.setExecutionExceptionHandler(executionError());
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The command tree: the one place where subcommands are registered. */
  static CommandLine commandLine(InputStream stdin) {
    CommandLine commandLine = new CommandLine(new LimitToCommand());
    commandLine.addSubcommand(new CheckCommand(stdin));
    commandLine.addSubcommand(new LintCommand());
    commandLine.addSubcommand(new dev.limitto.cli.token.ExplainRulesCommand());
    commandLine.addSubcommand(new DiffCommand());
    commandLine.addSubcommand(new SuggestCommand(Clock.systemUTC()));
    commandLine.addSubcommand(new ServeCommand());
    commandLine.addSubcommand(new TokenCommand());
    commandLine.addSubcommand(new AuditCommand(Clock.systemUTC()));
    commandLine.addSubcommand(new CommandLine.HelpCommand());
    HelpText.install(commandLine);
    return commandLine;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine failed = e.getCommandLine();
    String name = failed.getCommandSpec().qualifiedName();
    String message = e.getMessage();
    if (e instanceof UnmatchedArgumentException unmatched) {
      List<String> rest = unmatched.getUnmatched();
      if (!failed.getSubcommands().isEmpty() && !rest.isEmpty() && !rest.get(0).startsWith("-")) {
        message = String.format(UNKNOWN_COMMAND, rest.get(0));
      }
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        message += " (did you mean " + String.join(" or ", suggestions) + "?)";
      }
    }
    failed.getErr().println(name + ": " + oneLine(message) + String.format(SEE_HELP, name));
    return ExitCode.USAGE;
  }

  private static IExecutionExceptionHandler executionError() {
    return (e, failed, parseResult) -> {
      String name = failed.getCommandSpec().qualifiedName();
      PrintWriter err = failed.getErr();
      if (e instanceof UsageException || isOperational(e)) {
        err.println(name + ": " + oneLine(e.getMessage()));
        return ExitCode.USAGE;
      }
      err.println(name + ": " + String.format(INTERNAL_ERROR, oneLine(String.valueOf(e))));
      if ("1".equals(System.getenv("LIMITTO_DEBUG"))) {
        e.printStackTrace(err);
      }
      return ExitCode.INTERNAL_ERROR;
    };
  }

  /**
   * Whether an exception is a problem of the installation rather than a bug: a key file that
   * cannot be used or does not match the store, a store that cannot be reached, a stored secret
   * that does not decrypt, a file that cannot be read or written. These exit with
   * {@link ExitCode#USAGE} and their own message, which names the file or the store and never a
   * secret; exit {@link ExitCode#INTERNAL_ERROR} is left to real bugs.
   */
  static boolean isOperational(Throwable e) {
    return e instanceof KeyFile.KeyFileException
        || e instanceof StoreException
        || e instanceof KeyRing.DecryptException
        || e instanceof UncheckedIOException;
  }

  /** Keeps a message on one line whatever it quotes. */
  private static String oneLine(String message) {
    return message.replace("\r", "\\r").replace("\n", "\\n");
  }
}
