package dev.limitto.cli;

/** The exit codes of every {@code limit-to} subcommand (docs/cli.md). */
public final class ExitCode {

  /** The command did what it was asked. */
  public static final int OK = 0;

  /** A check failed, e.g. {@code lint --strict} found warnings. */
  public static final int CHECK_FAILED = 1;

  /** Bad input or usage: a one-line message is on stderr and nothing was half-written. */
  public static final int USAGE = 2;

  /** A bug in limit-to itself: a one-line message is on stderr. */
  public static final int INTERNAL_ERROR = 3;

  private ExitCode() {}
}
