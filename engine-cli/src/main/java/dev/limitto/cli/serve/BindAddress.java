package dev.limitto.cli.serve;

import dev.limitto.cli.UsageException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * The address {@code serve --bind} names, resolved before anything starts, so that Tomcat is
 * given an address and never a name it might fail to resolve (it then listened on every
 * interface).
 */
final class BindAddress {

  static final String ERR_RESOLVE = "--bind: cannot resolve %s (give an IP address of this"
      + " machine or a host name that resolves to one)";
  static final String ERR_NOT_LOCAL = "--bind: %s (%s) is not an address of this machine";

  private BindAddress() {}

  /**
   * The address to listen on: an IP literal, or the first address a host name resolves to; the
   * wildcard ({@code 0.0.0.0}, {@code ::}) means every interface, as asked.
   *
   * @throws UsageException when it does not resolve or is not an address of this machine
   */
  static InetAddress resolve(String host) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException | SecurityException e) {
      throw new UsageException(String.format(ERR_RESOLVE, host));
    }
    if (host.isBlank()) {
      // getByName("") is the loopback address: a blank option is a mistake, not a choice
      throw new UsageException(String.format(ERR_RESOLVE, "''"));
    }
    if (!isLocal(address)) {
      throw notLocal(address);
    }
    return address;
  }

  /**
   * The error for an address this machine does not have, naming it as it was given (the name
   * {@link InetAddress#getByName} kept, never a reverse look-up) and as the address it is.
   */
  static UsageException notLocal(InetAddress address) {
    String shown = address.toString();
    String name = shown.substring(0, shown.indexOf('/'));
    return new UsageException(String.format(ERR_NOT_LOCAL,
        name.isEmpty() ? address.getHostAddress() : name, address.getHostAddress()));
  }

  private static boolean isLocal(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      // cannot tell: let the bind itself decide, and report its answer
      return true;
    }
  }

  /** How a URL or a banner writes the address: IPv6 in brackets. */
  static String literal(InetAddress address) {
    String a = address.getHostAddress();
    if (address instanceof Inet6Address) {
      int zone = a.indexOf('%');
      return "[" + (zone < 0 ? a : a.substring(0, zone)) + "]";
    }
    return a;
  }
}
