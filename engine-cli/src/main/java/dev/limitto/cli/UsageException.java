package dev.limitto.cli;

/**
 * Bad input or usage that a subcommand found after picocli parsed the arguments (a missing file,
 * an invalid URL...). {@link Main} prints the message as one line on stderr, prefixed with the
 * command name, and exits with {@link ExitCode#USAGE}.
 */
public final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message, null, false, false);
  }
}
