package dev.limitto.jira.token;

import java.util.ArrayList;
import java.util.List;

/**
 * A token's IP allow-list: IPv4 and IPv6 address literals and CIDR ranges ({@code 10.0.0.0/8},
 * {@code 2001:db8::/32}). Immutable and thread-safe.
 *
 * <p>Literals are parsed here, never by {@link java.net.InetAddress#getByName}: that method
 * resolves anything that is not a literal through DNS, and a security check must never depend on
 * DNS. An IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}) is treated as its IPv4 address, so a
 * dual-stack server that reports client addresses in that form still matches IPv4 entries. Zone
 * ids ({@code fe80::1%eth0}) are refused in the list and ignored in client addresses.
 */
public final class IpAllowList {

  static final String ERR_EMPTY_ENTRY = "allow-list entry %d is empty";
  static final String ERR_ADDRESS = "allow-list entry %d ('%s') is not an IPv4 or IPv6 address literal";
  static final String ERR_PREFIX = "allow-list entry %d ('%s') has a prefix length outside 0..%d";
  static final String ERR_HOST_BITS =
      "allow-list entry %d ('%s') has bits set after the /%d prefix (did you mean %s?)";
  /** Longest entry accepted. */
  static final int MAX_ENTRY_LENGTH = 64;

  private static final IpAllowList ANY = new IpAllowList(List.of(), new byte[0][], new int[0]);

  private final List<String> entries;
  private final byte[][] networks;
  private final int[] prefixes;
  // IPv4 entries again as int network and mask: the common case matches without allocating
  private final int[] v4Networks;
  private final int[] v4Masks;

  private IpAllowList(List<String> entries, byte[][] networks, int[] prefixes) {
    this.entries = entries;
    this.networks = networks;
    this.prefixes = prefixes;
    int n = 0;
    for (byte[] net : networks) {
      n += net.length == 4 ? 1 : 0;
    }
    this.v4Networks = new int[n];
    this.v4Masks = new int[n];
    int k = 0;
    for (int i = 0; i < networks.length; i++) {
      if (networks[i].length == 4) {
        byte[] b = networks[i];
        v4Networks[k] = (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
        v4Masks[k] = prefixes[i] == 0 ? 0 : -1 << (32 - prefixes[i]);
        k++;
      }
    }
  }

  /** An empty list: any address is allowed. */
  public static IpAllowList any() {
    return ANY;
  }

  /**
   * Parses entries (surrounding blanks ignored). Every entry is checked and the first error is
   * reported with its 1-based position.
   *
   * @throws IllegalArgumentException for an entry that is not an address literal or a CIDR range
   *     whose address has no bits after the prefix
   */
  public static IpAllowList parse(List<String> entries) {
    if (entries.isEmpty()) {
      return ANY;
    }
    List<String> clean = new ArrayList<>(entries.size());
    byte[][] nets = new byte[entries.size()][];
    int[] prefixes = new int[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      int pos = i + 1;
      String e = entries.get(i) == null ? "" : entries.get(i).strip();
      if (e.isEmpty()) {
        throw new IllegalArgumentException(String.format(ERR_EMPTY_ENTRY, pos));
      }
      String shown = e.length() > MAX_ENTRY_LENGTH ? e.substring(0, MAX_ENTRY_LENGTH) + "..." : e;
      if (e.length() > MAX_ENTRY_LENGTH) {
        throw new IllegalArgumentException(String.format(ERR_ADDRESS, pos, shown));
      }
      int slash = e.indexOf('/');
      String addr = slash < 0 ? e : e.substring(0, slash);
      byte[] bytes = parseLiteral(addr, false);
      if (bytes == null) {
        throw new IllegalArgumentException(String.format(ERR_ADDRESS, pos, shown));
      }
      int bits = bytes.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        String p = e.substring(slash + 1);
        if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw new IllegalArgumentException(String.format(ERR_PREFIX, pos, shown, bits));
        }
        prefix = Integer.parseInt(p);
        if (prefix > bits) {
          throw new IllegalArgumentException(String.format(ERR_PREFIX, pos, shown, bits));
        }
        if (!hostBitsClear(bytes, prefix)) {
          byte[] net = bytes.clone();
          clearHostBits(net, prefix);
          throw new IllegalArgumentException(
              String.format(ERR_HOST_BITS, pos, shown, prefix, format(net) + "/" + prefix));
        }
      }
      clean.add(e);
      nets[i] = bytes;
      prefixes[i] = prefix;
    }
    return new IpAllowList(List.copyOf(clean), nets, prefixes);
  }

  /** Whether every address is allowed (the list is empty). */
  public boolean allowsAny() {
    return networks.length == 0;
  }

  /** The entries as given (stripped). */
  public List<String> entries() {
    return entries;
  }

  /**
   * Whether a client address (a literal; a zone id is ignored) is in the list. An address that is
   * not a literal is never allowed by a non-empty list.
   */
  public boolean allows(String clientAddress) {
    if (networks.length == 0) {
      return true;
    }
    if (clientAddress == null) {
      return false;
    }
    long v4 = parseV4(clientAddress);
    if (v4 >= 0) {
      int addr = (int) v4;
      for (int i = 0; i < v4Networks.length; i++) {
        if ((addr & v4Masks[i]) == v4Networks[i]) {
          return true;
        }
      }
      return false;
    }
    byte[] a = parseLiteral(clientAddress.strip(), true);
    if (a == null) {
      return false;
    }
    for (int i = 0; i < networks.length; i++) {
      if (networks[i].length == a.length && matches(networks[i], prefixes[i], a)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(byte[] net, int prefix, byte[] a) {
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (net[i] != a[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (net[full] & mask) == (a[full] & mask);
  }

  private static boolean hostBitsClear(byte[] b, int prefix) {
    byte[] c = b.clone();
    clearHostBits(c, prefix);
    return java.util.Arrays.equals(b, c);
  }

  private static void clearHostBits(byte[] b, int prefix) {
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      b[i] &= (byte) ((0xFF << (8 - keep)) & 0xFF);
    }
  }

  /**
   * Parses an IPv4 or IPv6 literal into 4 or 16 bytes (IPv4-mapped IPv6 into 4), or null. IPv4
   * parts are 1-3 decimal digits without leading zeros (no octal or hex forms, which resolvers
   * disagree on).
   */
  static byte[] parseLiteral(String s, boolean allowZone) {
    if (s.isEmpty() || s.length() > MAX_ENTRY_LENGTH) {
      return null;
    }
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    int pct = s.indexOf('%');
    if (pct >= 0) {
      if (!allowZone) {
        return null;
      }
      s = s.substring(0, pct);
    }
    if (s.indexOf(':') >= 0) {
      byte[] v6 = parseV6(s);
      if (v6 == null) {
        return null;
      }
      return isV4Mapped(v6) ? java.util.Arrays.copyOfRange(v6, 12, 16) : v6;
    }
    byte[] v4 = new byte[4];
    return parseV4(s, v4, 0) ? v4 : null;
  }

  /** A plain dotted-quad IPv4 literal as an unsigned int, or -1 (then the general parser decides). */
  private static long parseV4(String s) {
    int n = s.length();
    if (n < 7 || n > 15) {
      return -1;
    }
    long result = 0;
    int parts = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? s.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || parts == 4) {
          return -1;
        }
        result = result << 8 | value;
        parts++;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9' && !(digits > 0 && value == 0) && digits < 3) {
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          return -1;
        }
      } else {
        return -1;
      }
    }
    return parts == 4 ? result : -1;
  }

  private static boolean parseV4(String s, byte[] out, int at) {
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || part > 3) {
          return false;
        }
        out[at + part++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return false; // leading zero
        }
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return false;
        }
      } else {
        return false;
      }
    }
    return part == 4;
  }

  private static byte[] parseV6(String s) {
    byte[] out = new byte[16];
    int dbl = s.indexOf("::");
    if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
      return null;
    }
    String head = dbl >= 0 ? s.substring(0, dbl) : s;
    String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
    List<byte[]> headGroups = groups(head, dbl < 0);
    List<byte[]> tailGroups = dbl >= 0 ? groups(tail, true) : List.of();
    if (headGroups == null || tailGroups == null) {
      return null;
    }
    int bytes = 0;
    for (byte[] g : headGroups) {
      bytes += g.length;
    }
    for (byte[] g : tailGroups) {
      bytes += g.length;
    }
    if (dbl < 0 ? bytes != 16 : bytes > 14) {
      return null;
    }
    int p = 0;
    for (byte[] g : headGroups) {
      System.arraycopy(g, 0, out, p, g.length);
      p += g.length;
    }
    p = 16;
    for (int i = tailGroups.size() - 1; i >= 0; i--) {
      byte[] g = tailGroups.get(i);
      p -= g.length;
      System.arraycopy(g, 0, out, p, g.length);
    }
    return out;
  }

  /** Colon-separated groups; an IPv4 tail is allowed only as the last group when {@code last}. */
  private static List<byte[]> groups(String s, boolean last) {
    List<byte[]> out = new ArrayList<>();
    if (s.isEmpty()) {
      return out;
    }
    String[] parts = s.split(":", -1);
    for (int i = 0; i < parts.length; i++) {
      String g = parts[i];
      if (i == parts.length - 1 && last && g.indexOf('.') >= 0) {
        byte[] v4 = new byte[4];
        if (!parseV4(g, v4, 0)) {
          return null;
        }
        out.add(v4);
        continue;
      }
      if (g.isEmpty() || g.length() > 4) {
        return null;
      }
      int v = 0;
      for (int k = 0; k < g.length(); k++) {
        int d = Character.digit(g.charAt(k), 16);
        if (d < 0 || g.charAt(k) > 'f') {
          return null;
        }
        v = v * 16 + d;
      }
      out.add(new byte[] {(byte) (v >> 8), (byte) v});
    }
    return out;
  }

  private static boolean isV4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
  }

  private static String format(byte[] a) {
    StringBuilder sb = new StringBuilder();
    if (a.length == 4) {
      for (int i = 0; i < 4; i++) {
        sb.append(i == 0 ? "" : ".").append(a[i] & 0xFF);
      }
      return sb.toString();
    }
    for (int i = 0; i < 16; i += 2) {
      sb.append(i == 0 ? "" : ":").append(Integer.toHexString(((a[i] & 0xFF) << 8) | (a[i + 1] & 0xFF)));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return entries.isEmpty() ? "IpAllowList[any]" : "IpAllowList" + entries;
  }
}
