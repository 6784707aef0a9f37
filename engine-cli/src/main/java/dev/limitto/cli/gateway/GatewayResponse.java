package dev.limitto.cli.gateway;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The response a gateway request is answered through: when the upstream fails after its status
 * line was already on the way to the client (reset or timeout mid-body), the status reported to
 * the Limit-to filter, and so to the audit, is the gateway's {@code 502} or {@code 504}, not the
 * upstream's {@code 200} that can no longer be taken back.
 */
final class GatewayResponse extends HttpServletResponseWrapper {

  private volatile int failedStatus;

  GatewayResponse(HttpServletResponse response) {
    super(response);
  }

  /** Records that the exchange failed after the response was committed. */
  void failedAfterCommit(int status) {
    this.failedStatus = status;
  }

  @Override
  public int getStatus() {
    int f = failedStatus;
    return f != 0 ? f : super.getStatus();
  }
}
