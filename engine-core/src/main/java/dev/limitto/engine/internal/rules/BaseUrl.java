package dev.limitto.engine.internal.rules;

import dev.limitto.engine.internal.parse.Messages;
import dev.limitto.engine.internal.util.WeakInterner;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A validated base URL: its origin, which prefixes every canonical path, and the text that
 * {@code {base}} stands for (origin and path, without a trailing slash).
 *
 * <p>Both are normalised the way the canonical URL is built (lower-case scheme and host, default
 * port dropped, path percent-decoded once), so that {@code {base}} can match at all.
 *
 * @param given the base URL as configured
 * @param origin {@code scheme://host[:port]}
 * @param literal origin and path, no trailing slash: what {@code {base}} matches
 */
public record BaseUrl(String given, String origin, String literal) {

  /**
   * The origin of canonical URLs when no base URL is configured: rules that name no origin
   * ({@code .*&#47;rest/...}) work whatever the host is; rules that name one need the host's.
   */
  public static final BaseUrl UNCONFIGURED = parse("http://localhost");

  private static final WeakInterner<String, BaseUrl> SHARED = new WeakInterner<>();

  /**
   * {@link #parse}, one instance per base URL text in the process: every rule set compiled for a
   * host holds the same one (a Jira compiles each token's rules with its one base URL), instead
   * of its own URI parse and three strings.
   *
   * @throws IllegalArgumentException as {@link #parse} does; nothing is shared then
   */
  public static BaseUrl shared(String given) {
    return SHARED.get(given, BaseUrl::parse);
  }

  /**
   * Validates and normalises a base URL.
   *
   * @throws IllegalArgumentException when it is not an absolute http(s) URL with a host, or has a
   *     query, a fragment or user information
   */
  public static BaseUrl parse(String given) {
    URI uri;
    try {
      uri = new URI(given);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(String.format(Messages.BASE_URL_INVALID, given), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
        || uri.isOpaque()) {
      throw new IllegalArgumentException(String.format(Messages.BASE_URL_INVALID, given));
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(String.format(Messages.BASE_URL_HAS_QUERY, given));
    }
    int port = uri.getPort();
    if ((port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"))) {
      port = -1;
    }
    String origin = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
        + (port < 0 ? "" : ":" + port);
    String path = uri.getPath() == null ? "" : uri.getPath();
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    return new BaseUrl(given, origin, origin + path.substring(0, end));
  }
}
