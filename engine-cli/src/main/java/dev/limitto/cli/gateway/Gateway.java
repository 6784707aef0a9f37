package dev.limitto.cli.gateway;

import dev.limitto.jira.upstream.UpstreamCredentials;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;

/**
 * Gateway mode of {@code serve}: what the standalone server mounts instead of the sample API.
 * The Limit-to filter stays exactly as it is, on every path; {@link #outerFilter()} goes in
 * front of it and {@link #servlet()} behind it, on {@code /*}. See docs/gateway.md.
 */
public final class Gateway implements AutoCloseable {

  private final GatewayConfig config;
  private final UpstreamClient client;
  private final GatewayServlet servlet;

  /**
   * @param baseUrl the gateway's base URL as clients call it; its origin replaces the
   *     upstream's in redirects to the upstream itself
   * @throws IllegalArgumentException when the trust store cannot be used
   */
  public Gateway(GatewayConfig config, UpstreamCredentials credentials, String baseUrl) {
    this.config = config;
    this.client = new UpstreamClient(config);
    URI base = URI.create(baseUrl);
    this.servlet = new GatewayServlet(client, credentials,
        base.getScheme() + "://" + base.getRawAuthority());
  }

  public GatewayConfig config() {
    return config;
  }

  /** The filter in front of the Limit-to filter. */
  public Filter outerFilter() {
    return new GatewayFilter();
  }

  /** The valve that refuses absolute-form request targets and cuts failed answers, first in the context's pipeline. */
  public org.apache.catalina.Valve originFormValve() {
    return new GatewayValve();
  }

  /** The servlet that forwards, on {@code /*}. */
  public HttpServlet servlet() {
    return servlet;
  }

  @Override
  public void close() {
    client.close();
  }
}
