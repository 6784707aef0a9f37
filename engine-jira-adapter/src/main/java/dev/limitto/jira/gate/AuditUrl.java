package dev.limitto.jira.gate;

import java.net.URI;
import java.util.Locale;

/**
 * The URL of a token request as the audit and the gate's log lines show it: the host's origin
 * (from the base URL), the raw path with control characters and spaces escaped, and the query's
 * parameter names with every value replaced by {@code ***}; path and query each bounded
 * ({@link Gate#MAX_AUDITED_PATH}, {@link Gate#MAX_AUDITED_QUERY}). The gate masks token-shaped
 * text in the result as in everything else it says.
 */
final class AuditUrl {

  private final String origin;

  /** @throws IllegalArgumentException when the base URL is not a URL with a scheme and a host */
  AuditUrl(String baseUrl) {
    this.origin = origin(baseUrl);
  }

  /** The URL of a request as audited: origin, escaped path, query names with masked values. */
  String of(String rawPath, String rawQuery) {
    StringBuilder sb = new StringBuilder(origin.length() + 64);
    sb.append(origin);
    appendEscaped(sb, rawPath == null ? "" : rawPath, Gate.MAX_AUDITED_PATH);
    if (rawQuery != null) {
      sb.append('?');
      int limit = sb.length() + Gate.MAX_AUDITED_QUERY;
      int start = 0;
      while (start <= rawQuery.length() && sb.length() < limit) {
        int amp = rawQuery.indexOf('&', start);
        int end = amp < 0 ? rawQuery.length() : amp;
        int eq = rawQuery.indexOf('=', start);
        if (start > 0) {
          sb.append('&');
        }
        if (eq < 0 || eq > end) {
          appendEscaped(sb, rawQuery.substring(start, end), Gate.MAX_AUDITED_QUERY);
        } else {
          appendEscaped(sb, rawQuery.substring(start, eq), Gate.MAX_AUDITED_QUERY);
          sb.append("=***");
        }
        if (amp < 0) {
          break;
        }
        start = amp + 1;
      }
      if (sb.length() >= limit) {
        sb.append("...");
      }
    }
    return sb.toString();
  }

  private static void appendEscaped(StringBuilder sb, String s, int max) {
    int n = Math.min(s.length(), max);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == ' ') {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      } else {
        sb.append(c);
      }
    }
    if (s.length() > max) {
      sb.append("...");
    }
  }

  private static String origin(String baseUrl) {
    URI uri;
    try {
      uri = new URI(baseUrl);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("base URL is not a URL: " + baseUrl, e);
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("base URL needs a scheme and a host: " + baseUrl);
    }
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
