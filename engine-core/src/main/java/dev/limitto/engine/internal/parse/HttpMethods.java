package dev.limitto.engine.internal.parse;

import java.util.Locale;

/** The methods a method set may name, each with one bit of a method mask. */
public final class HttpMethods {

  /** Known methods, in bit order. */
  private static final String[] NAMES = {
    "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT"
  };

  private HttpMethods() {}

  /**
   * The bit of a request method, compared exactly (a request's {@code get} is not {@code GET}), or
   * 0 for any other method, which no method set admits.
   */
  public static int requestBit(String method) {
    if (method == null) {
      return 0;
    }
    return switch (method) {
      case "GET" -> 1;
      case "POST" -> 1 << 1;
      case "PUT" -> 1 << 2;
      case "DELETE" -> 1 << 3;
      case "PATCH" -> 1 << 4;
      case "HEAD" -> 1 << 5;
      case "OPTIONS" -> 1 << 6;
      case "TRACE" -> 1 << 7;
      case "CONNECT" -> 1 << 8;
      default -> 0;
    };
  }

  /** The bit of a method as written in a method set (any case), or 0 when it is not a method. */
  static int ruleBit(String item) {
    for (int i = 0; i < item.length(); i++) {
      char c = item.charAt(i);
      // ASCII only: Unicode case mapping would turn "poſt" (long s) into POST
      if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z')) {
        return 0;
      }
    }
    return requestBit(item.toUpperCase(Locale.ROOT));
  }

  /** The upper-case names of the bits of a mask, as {@code [GET, POST]}, in bit order. */
  public static String describe(int mask) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < NAMES.length; i++) {
      if ((mask & (1 << i)) != 0) {
        if (sb.length() > 1) {
          sb.append(", ");
        }
        sb.append(NAMES[i]);
      }
    }
    return sb.append(']').toString();
  }
}
