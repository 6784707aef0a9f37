package dev.limitto.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void helpWhenAskedThenListsCommandsOnStdoutAndExits0() {
    CliRun r = CliRun.run("", "--help");
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.out()).startsWith("Usage: limit-to [-h] COMMAND").contains("  check  ");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void helpCommandWhenGivenSubcommandThenShowsItsUsage() {
    CliRun r = CliRun.run("", "help", "check");
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.out()).startsWith("Usage: limit-to check ");
  }

  @Test
  void runWhenNoCommandThenUsageOnStderrAndExit2() {
    CliRun r = CliRun.run("");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("Usage: limit-to [-h] COMMAND");
  }

  @Test
  void runWhenUnknownCommandThenOneLineWithSuggestionAndExit2() {
    CliRun r = CliRun.run("", "chek");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLine())
        .startsWith("limit-to: " + String.format(Main.UNKNOWN_COMMAND, "chek") + " (did you mean check")
        .endsWith(String.format(Main.SEE_HELP, "limit-to"));
  }

  @Test
  void runWhenUnknownTopLevelOptionThenOneLineAndExit2() {
    CliRun r = CliRun.run("", "--frobnicate");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.errLine()).isEqualTo("limit-to: Unknown option: '--frobnicate'"
        + String.format(Main.SEE_HELP, "limit-to"));
  }

  @Test
  void isOperationalWhenStoreKeyFileDecryptOrIoProblemThenTrueAndForABugFalse() {
    assertThat(Main.isOperational(new dev.limitto.jira.db.StoreException("down"))).isTrue();
    assertThat(Main.isOperational(
        new dev.limitto.jira.token.crypto.KeyFile.KeyFileException("missing"))).isTrue();
    assertThat(Main.isOperational(
        new java.io.UncheckedIOException(new java.io.IOException("disk full")))).isTrue();
    assertThat(Main.isOperational(new NullPointerException())).isFalse();
    assertThat(Main.isOperational(new IllegalStateException("a bug"))).isFalse();
  }
}
