package dev.limitto.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every serve and token command: {@code --help} works; bad arguments give one line and exit 2. */
class CommandUsageTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"serve", "token", "token create", "token list", "token show",
      "token edit", "token revoke", "token snippet", "token import"})
  void helpWhenAskedThenPrintsUsageAndExits0(String command) {
    CliRun run = CliRun.run("", (command + " --help").split(" "));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: limit-to " + command);
    assertThat(run.err()).isEmpty();
  }

  static Stream<Arguments> badArguments() {
    return Stream.of(
        Arguments.of("serve --port -1", "limit-to serve: "
            + String.format(ServeCommand.ERR_PORT_RANGE, -1)),
        Arguments.of("serve --port x", "limit-to serve: Invalid value for option '--port':"
            + " 'x' is not an int (see 'limit-to serve --help')"),
        Arguments.of("serve --base-url ftp://x", "limit-to serve: "
            + String.format(ServeCommand.ERR_BASE_URL, "ftp://x")),
        Arguments.of("serve --bogus", "limit-to serve: Unknown option: '--bogus'"
            + " (see 'limit-to serve --help')"),
        Arguments.of("token", null),
        Arguments.of("token xyzzy", "limit-to token: unknown command 'xyzzy'"
            + " (see 'limit-to token --help')"),
        Arguments.of("token edit", "limit-to token edit: Missing required parameter: 'ID'"
            + " (see 'limit-to token edit --help')"),
        Arguments.of("token import", "limit-to token import: Missing required parameter:"
            + " 'FILE' (see 'limit-to token import --help')"),
        Arguments.of("token list extra", "limit-to token list: Unmatched argument at index 2:"
            + " 'extra' (see 'limit-to token list --help')"),
        Arguments.of("token show", "limit-to token show: Missing required parameter: 'ID'"
            + " (see 'limit-to token show --help')"),
        Arguments.of("token revoke", "limit-to token revoke: Missing required parameter: 'ID'"
            + " (see 'limit-to token revoke --help')"),
        Arguments.of("token snippet tok_x --format xml", "limit-to token snippet: Invalid value"
            + " for option '--format': expected one of [curl, js] (case-sensitive) but was 'xml'"
            + " (see 'limit-to token snippet --help')"),
        Arguments.of("token snippet tok_x --path nope", "limit-to token snippet: path 'nope'"
            + " must start with '/' and contain no spaces or control characters"));
  }

  @ParameterizedTest
  @MethodSource("badArguments")
  void badArgumentsThenOneLineOnStderrAndExit2(String command, String message) {
    CliRun run = CliRun.run("", command.split(" "));

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    if (message == null) {
      // no subcommand: the usage goes to stderr, as for the top-level command
      assertThat(run.err()).startsWith("Usage: limit-to token");
    } else {
      assertThat(run.errLine()).isEqualTo(message);
    }
    assertThat(run.out()).isEmpty();
  }

  @Test
  void serveWhenPortInUseThenOneLineAndExit2() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();

      CliRun run = CliRun.run("", "serve", "--port", String.valueOf(port),
          "--data", tmp.resolve("data").toString());

      assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(run.errLine()).isEqualTo("limit-to serve: "
          + String.format(StandaloneServer.ERR_PORT_IN_USE, port));
      assertThat(run.out()).isEmpty();
      // nothing was set up behind the refused port
      try (Stream<Path> files = Files.list(tmp.resolve("data"))) {
        assertThat(files.map(p -> p.getFileName().toString())).doesNotContain(
            "admin-password", "limitto-tokens.mv.db");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nohost.invalid", "not an address!"})
  void serveWhenBindCannotBeResolvedThenOneLineExit2AndNothingListens(String host) {
    Path data = tmp.resolve("data");
    CliRun run = CliRun.run("", "serve", "--port", "0", "--bind", host, "--data", data.toString());

    assertThat(run.exitCode()).as(run.out()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLine()).isEqualTo("limit-to serve: "
        + String.format(BindAddress.ERR_RESOLVE, host));
    assertThat(run.out()).isEmpty();
    assertThat(data).as("nothing is set up for an address that cannot be used").doesNotExist();
  }

  @Test
  void serveWhenBindIsAnAddressOfAnotherMachineThenSaysSoAndExit2() {
    // TEST-NET-2 (RFC 5737): never an address of this machine
    CliRun run = CliRun.run("", "serve", "--port", "0", "--bind", "198.51.100.7",
        "--data", tmp.resolve("data").toString());

    assertThat(run.exitCode()).as(run.out()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLine()).isEqualTo("limit-to serve: "
        + String.format(BindAddress.ERR_NOT_LOCAL, "198.51.100.7", "198.51.100.7"));
  }

  @Test
  void serveWhenBoundTo127001ThenListensThereOnlyAndTheBannerNamesIt() throws Exception {
    StandaloneServer server = new StandaloneServer(
        dev.limitto.cli.data.DataDirectory.create(tmp.resolve("data").toString()));
    try {
      server.start(BindAddress.resolve("127.0.0.1"), 0, null);
      int port = server.port();

      assertThat(server.boundAddress()).isEqualTo("127.0.0.1:" + port);
      try (java.net.Socket ok = new java.net.Socket("127.0.0.1", port)) {
        assertThat(ok.isConnected()).isTrue();
      }
      // another address of this machine (all of 127/8 is loopback on Linux): nothing listens
      assertThat(connects(InetAddress.getByName("127.0.0.2"), port)).isFalse();
    } finally {
      server.stop();
    }
  }

  private static boolean connects(InetAddress address, int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new InetSocketAddress(address, port), 2_000);
      return true;
    } catch (java.io.IOException refused) {
      return false;
    }
  }
}
