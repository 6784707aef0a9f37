package dev.limitto.cli.gateway;

/** The gateway's message texts, for tests in other packages to assert exactly. */
public final class GatewayTestAccess {
  public static final String MSG_TOKEN_REQUIRED = GatewayServlet.MSG_TOKEN_REQUIRED;

  private GatewayTestAccess() {}
}
