package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpAllowListTest {

  private static IpAllowList list(String... entries) {
    return IpAllowList.parse(List.of(entries));
  }

  @Test
  void emptyListAllowsAnyAddress() {
    assertThat(list().allows("203.0.113.9")).isTrue();
    assertThat(list().allowsAny()).isTrue();
  }

  @Test
  void ipv4LiteralMatchesOnlyItself() {
    IpAllowList l = list("192.0.2.10");
    assertThat(l.allows("192.0.2.10")).isTrue();
    assertThat(l.allows("192.0.2.11")).isFalse();
  }

  @Test
  void ipv4CidrMatchesItsRange() {
    IpAllowList l = list("10.0.0.0/8", "192.168.4.0/22");
    assertThat(l.allows("10.255.1.2")).isTrue();
    assertThat(l.allows("11.0.0.1")).isFalse();
    assertThat(l.allows("192.168.7.255")).isTrue();
    assertThat(l.allows("192.168.8.0")).isFalse();
  }

  @Test
  void ipv6LiteralAndCidrMatch() {
    IpAllowList l = list("2001:db8::/32", "fe80::1");
    assertThat(l.allows("2001:db8:ffff::42")).isTrue();
    assertThat(l.allows("2001:0DB8:0000:0000:0000:0000:0000:0001")).isTrue();
    assertThat(l.allows("2001:db9::1")).isFalse();
    assertThat(l.allows("fe80:0:0:0:0:0:0:1")).isTrue();
    assertThat(l.allows("[fe80::1]")).isTrue();
    assertThat(l.allows("fe80::1%eth0")).isTrue();
  }

  @Test
  void ipv4MappedIpv6ClientMatchesIpv4Entry() {
    assertThat(list("10.1.0.0/16").allows("::ffff:10.1.2.3")).isTrue();
    assertThat(list("10.1.0.0/16").allows("::ffff:10.2.2.3")).isFalse();
  }

  @Test
  void ipv4AndIpv6NeverMatchEachOther() {
    assertThat(list("0.0.0.0/0").allows("::1")).isFalse();
    assertThat(list("::/0").allows("127.0.0.1")).isFalse();
    assertThat(list("::/0").allows("::1")).isTrue();
  }

  @Test
  void prefixLengthZeroAndFullWork() {
    assertThat(list("0.0.0.0/0").allows("8.8.8.8")).isTrue();
    assertThat(list("192.0.2.1/32").allows("192.0.2.1")).isTrue();
    assertThat(list("192.0.2.1/32").allows("192.0.2.0")).isFalse();
    assertThat(list("192.0.2.128/25").allows("192.0.2.200")).isTrue();
    assertThat(list("192.0.2.128/25").allows("192.0.2.127")).isFalse();
  }

  @Test
  void clientAddressThatIsNotALiteralIsNeverAllowed() {
    IpAllowList l = list("127.0.0.0/8");
    assertThat(l.allows("localhost")).isFalse();
    assertThat(l.allows(null)).isFalse();
    assertThat(l.allows("")).isFalse();
    assertThat(l.allows("127.0.0.1.nip.io")).isFalse();
    assertThat(l.allows("0x7f.0.0.1")).isFalse();
    assertThat(l.allows("0177.0.0.1")).isFalse();
    assertThat(l.allows("127.1")).isFalse();
  }

  @Test
  void parseWhenEntryIsAHostNameThenRefusedWithoutDns() {
    assertThatThrownBy(() -> list("10.0.0.1", "jira.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(String.format(IpAllowList.ERR_ADDRESS, 2, "jira.example.com"));
  }

  @Test
  void parseWhenIpv4PartIsOutOfRangeThenRefused() {
    assertThatThrownBy(() -> list("256.0.0.1"))
        .hasMessage(String.format(IpAllowList.ERR_ADDRESS, 1, "256.0.0.1"));
  }

  @Test
  void parseWhenIpv6HasTwoDoubleColonsThenRefused() {
    assertThatThrownBy(() -> list("1::2::3"))
        .hasMessage(String.format(IpAllowList.ERR_ADDRESS, 1, "1::2::3"));
  }

  @Test
  void parseWhenPrefixIsTooLongThenRefused() {
    assertThatThrownBy(() -> list("10.0.0.0/33"))
        .hasMessage(String.format(IpAllowList.ERR_PREFIX, 1, "10.0.0.0/33", 32));
    assertThatThrownBy(() -> list("::/129"))
        .hasMessage(String.format(IpAllowList.ERR_PREFIX, 1, "::/129", 128));
    assertThatThrownBy(() -> list("10.0.0.0/"))
        .hasMessage(String.format(IpAllowList.ERR_PREFIX, 1, "10.0.0.0/", 32));
  }

  @Test
  void parseWhenHostBitsAreSetThenRefusedSuggestingTheNetwork() {
    assertThatThrownBy(() -> list("10.1.2.3/8"))
        .hasMessage(String.format(IpAllowList.ERR_HOST_BITS, 1, "10.1.2.3/8", 8, "10.0.0.0/8"));
  }

  @Test
  void parseWhenEntryIsEmptyThenRefused() {
    assertThatThrownBy(() -> list("10.0.0.1", " "))
        .hasMessage(String.format(IpAllowList.ERR_EMPTY_ENTRY, 2));
  }

  @Test
  void parseWhenZoneIdInEntryThenRefused() {
    assertThatThrownBy(() -> list("fe80::1%eth0"))
        .hasMessage(String.format(IpAllowList.ERR_ADDRESS, 1, "fe80::1%eth0"));
  }

  @Test
  void parseKeepsEntriesStripped() {
    assertThat(list(" 10.0.0.0/8 ", "::1").entries()).containsExactly("10.0.0.0/8", "::1");
  }
}
