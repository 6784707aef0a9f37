package dev.limitto.cli.gateway;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How the gateway reaches its upstream: the origin, what to do with requests that carry no
 * Limit-to token, the timeouts and the trust store. Immutable; {@link #builder(URI)} starts from
 * the documented defaults.
 */
public final class GatewayConfig {

  /** Default of {@link Builder#connectTimeout}. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Default of {@link Builder#readTimeout}: the longest silence while waiting for bytes. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  /** Default of {@link Builder#totalTimeout}: the longest a whole exchange may take. */
  public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofSeconds(120);
  /** Default of {@link Builder#maxConnections}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 200;

  public static final String ERR_UPSTREAM =
      "--upstream must be an absolute http or https URL of an origin (scheme, host, optional"
          + " port; no path, query, fragment or user info), was '%s'";
  public static final String ERR_TIMEOUT = "%s must be a positive duration, was %s";

  private final URI origin;
  private final String scheme;
  private final String host;
  private final int port;
  private final boolean passUnauthenticated;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration totalTimeout;
  private final Path trustStore;
  private final char[] trustStorePassword;
  private final int maxConnections;

  private GatewayConfig(Builder b) {
    this.origin = b.origin;
    this.scheme = b.origin.getScheme().toLowerCase(Locale.ROOT);
    this.host = b.origin.getHost();
    this.port = b.origin.getPort() >= 0 ? b.origin.getPort() : scheme.equals("https") ? 443 : 80;
    this.passUnauthenticated = b.passUnauthenticated;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.totalTimeout = b.totalTimeout;
    this.trustStore = b.trustStore;
    this.trustStorePassword = b.trustStorePassword == null ? null : b.trustStorePassword.clone();
    this.maxConnections = b.maxConnections;
  }

  /**
   * Reads an upstream origin such as {@code https://jira.example.com} or {@code
   * http://127.0.0.1:8081}; a single trailing slash is allowed.
   *
   * @throws IllegalArgumentException with {@link #ERR_UPSTREAM}
   */
  public static URI parseOrigin(String text) {
    String message = String.format(ERR_UPSTREAM, text);
    URI u;
    try {
      u = new URI(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(message);
    }
    String s = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    if (!(s.equals("http") || s.equals("https")) || u.getHost() == null || u.isOpaque()
        || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null
        || !(path.isEmpty() || path.equals("/"))) {
      throw new IllegalArgumentException(message);
    }
    return URI.create(s + "://" + u.getRawAuthority());
  }

  public static Builder builder(URI origin) {
    return new Builder(origin);
  }

  /** The upstream origin, as {@code scheme://host[:port]}. */
  public URI origin() {
    return origin;
  }

  public String scheme() {
    return scheme;
  }

  public String host() {
    return host;
  }

  /** The port, with the scheme's default filled in. */
  public int port() {
    return port;
  }

  /** Whether a request without a Limit-to token is forwarded unchanged (false: refused, 401). */
  public boolean passUnauthenticated() {
    return passUnauthenticated;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  public Duration totalTimeout() {
    return totalTimeout;
  }

  /** A trust store to verify the upstream's certificate with, or null for the JDK's. */
  public Path trustStore() {
    return trustStore;
  }

  char[] trustStorePassword() {
    return trustStorePassword == null ? null : trustStorePassword.clone();
  }

  public int maxConnections() {
    return maxConnections;
  }

  @Override
  public String toString() {
    return "GatewayConfig[" + origin + (passUnauthenticated ? ", passing unauthenticated" : "")
        + ", connect " + connectTimeout + ", read " + readTimeout + ", total " + totalTimeout
        + (trustStore == null ? "" : ", trust store " + trustStore) + "]";
  }

  /** Builds a {@link GatewayConfig}. */
  public static final class Builder {
    private final URI origin;
    private boolean passUnauthenticated;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration totalTimeout = DEFAULT_TOTAL_TIMEOUT;
    private Path trustStore;
    private char[] trustStorePassword;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;

    private Builder(URI origin) {
      this.origin = parseOrigin(Objects.requireNonNull(origin, "origin").toString());
    }

    public Builder passUnauthenticated(boolean pass) {
      this.passUnauthenticated = pass;
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive("connect timeout", d);
      return this;
    }

    public Builder readTimeout(Duration d) {
      this.readTimeout = positive("read timeout", d);
      return this;
    }

    public Builder totalTimeout(Duration d) {
      this.totalTimeout = positive("total timeout", d);
      return this;
    }

    /** A PKCS#12 or JKS trust store; {@code password} may be null. */
    public Builder trustStore(Path file, char[] password) {
      this.trustStore = file;
      this.trustStorePassword = password == null ? null : password.clone();
      return this;
    }

    public Builder maxConnections(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1: " + n);
      }
      this.maxConnections = n;
      return this;
    }

    public GatewayConfig build() {
      return new GatewayConfig(this);
    }

    private static Duration positive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(String.format(ERR_TIMEOUT, name, d));
      }
      return d;
    }
  }
}
