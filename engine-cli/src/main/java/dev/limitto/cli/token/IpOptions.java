package dev.limitto.cli.token;

import dev.limitto.cli.UsageException;
import dev.limitto.jira.token.IpAllowList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --ip}: the addresses and CIDR ranges a token may be used from. */
final class IpOptions {

  @Option(names = "--ip", paramLabel = "CIDR", split = ",", hideParamSyntax = true,
      description = "An address or CIDR range the token may be used from (10.0.0.0/8,"
          + " 192.0.2.7, 2001:db8::/32); repeat it or separate with commas. Host names are"
          + " refused. Default: any address.")
  List<String> ip;

  boolean given() {
    return ip != null;
  }

  /** The entries as given, checked; empty when none were given. */
  List<String> entries() {
    if (ip == null) {
      return List.of();
    }
    List<String> entries = ip.stream().map(String::strip).toList();
    try {
      IpAllowList.parse(entries);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--ip: " + e.getMessage());
    }
    return entries;
  }
}
