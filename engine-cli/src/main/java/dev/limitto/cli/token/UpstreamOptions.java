package dev.limitto.cli.token;

import dev.limitto.cli.UsageException;
import dev.limitto.jira.upstream.UpstreamCredential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --upstream-bearer-file} and {@code --upstream-basic-file}: the credential a gateway
 * sends upstream for the token (docs/gateway.md). Read from a file, never from the command line,
 * so that it stays out of shell history and process lists; never printed.
 */
final class UpstreamOptions {

  static final String ERR_BOTH = "--upstream-bearer-file excludes --upstream-basic-file";
  static final String ERR_READ = "%s: cannot read %s: %s";
  static final String ERR_CONTENT = "%s %s: %s";

  @Option(names = "--upstream-bearer-file", paramLabel = "FILE",
      description = "Gateway mode: a file holding the Jira personal access token that the"
          + " gateway sends upstream (Authorization: Bearer) for this token. Stored encrypted"
          + " with the server keys; never shown again.")
  Path bearerFile;

  @Option(names = "--upstream-basic-file", paramLabel = "FILE",
      description = "Gateway mode: a file holding user:api-token (Jira Cloud) that the gateway"
          + " sends upstream (Authorization: Basic) for this token. Stored encrypted with the"
          + " server keys; never shown again.")
  Path basicFile;

  boolean given() {
    return bearerFile != null || basicFile != null;
  }

  /** The credential the options name, read and checked; null when none is given. */
  UpstreamCredential read() {
    if (bearerFile != null && basicFile != null) {
      throw new UsageException(ERR_BOTH);
    }
    if (!given()) {
      return null;
    }
    boolean bearer = bearerFile != null;
    String option = bearer ? "--upstream-bearer-file" : "--upstream-basic-file";
    Path file = bearer ? bearerFile : basicFile;
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException(String.format(ERR_READ, option, file, e.getMessage()));
    }
    try {
      return UpstreamCredential.parse(
          bearer ? UpstreamCredential.Kind.BEARER : UpstreamCredential.Kind.BASIC, content);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.format(ERR_CONTENT, option, file, e.getMessage()));
    }
  }
}
