package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Differential checks against the JDK: {@link InetAddress#getByAddress} formats an address
 * without any look-up, and our parser must read back the same bytes; CIDR matching must agree with
 * plain big-integer arithmetic.
 */
class IpAllowListProperties {

  @Property(tries = 500)
  void parseLiteralReadsBackWhatTheJdkFormatsForIpv4(@ForAll @Size(4) byte[] address) throws Exception {
    String text = InetAddress.getByAddress(address).getHostAddress();
    assertThat(IpAllowList.parseLiteral(text, false)).isEqualTo(address);
  }

  @Property(tries = 500)
  void parseLiteralReadsBackWhatTheJdkFormatsForIpv6(@ForAll @Size(16) byte[] address) throws Exception {
    // the JDK turns IPv4-mapped bytes into an Inet4Address; our parser does the same
    InetAddress a = InetAddress.getByAddress(address);
    byte[] expected = a.getAddress();
    assertThat(IpAllowList.parseLiteral(a.getHostAddress(), false)).isEqualTo(expected);
  }

  @Property(tries = 1000)
  void cidrMatchAgreesWithIntegerArithmetic(
      @ForAll @Size(4) byte[] network, @ForAll @Size(4) byte[] client,
      @ForAll @IntRange(min = 0, max = 32) int prefix) throws Exception {
    BigInteger mask = prefix == 0 ? BigInteger.ZERO
        : BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE)
            .shiftRight(32 - prefix).shiftLeft(32 - prefix);
    BigInteger net = new BigInteger(1, network).and(mask);
    byte[] netBytes = new byte[4];
    byte[] raw = net.toByteArray();
    for (int i = 0; i < Math.min(4, raw.length); i++) {
      netBytes[3 - i] = raw[raw.length - 1 - i];
    }
    String entry = InetAddress.getByAddress(netBytes).getHostAddress() + "/" + prefix;
    boolean expected = new BigInteger(1, client).and(mask).equals(net);
    String clientText = InetAddress.getByAddress(client).getHostAddress();
    assertThat(IpAllowList.parse(List.of(entry)).allows(clientText)).isEqualTo(expected);
    assertThat(IpAllowList.parse(List.of(entry)).allows("::ffff:" + clientText)).isEqualTo(expected);
  }
}
