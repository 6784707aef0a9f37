package dev.limitto.cli.gateway;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Outermost filter of a gateway: answers every request through a {@link GatewayResponse}, so
 * that the Limit-to filter inside it audits the status the client really got.
 */
final class GatewayFilter implements Filter {

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (res instanceof HttpServletResponse http && !(res instanceof GatewayResponse)) {
      chain.doFilter(req, new GatewayResponse(http));
    } else {
      chain.doFilter(req, res);
    }
  }
}
