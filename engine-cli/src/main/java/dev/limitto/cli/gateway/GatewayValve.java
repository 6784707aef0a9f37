package dev.limitto.cli.gateway;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.buf.MessageBytes;

/**
 * First in the gateway's pipeline, for the two things only the container can do. It refuses
 * absolute-form request targets ({@code GET http://host/path HTTP/1.1}) with 400 before
 * anything else sees them. Tomcat accepts that form and hands on only its path, so nothing
 * after it could tell; a gateway is not a forward proxy, and a target naming an origin is a
 * client asking for one. Tomcat keeps the request line's bytes and moves the start of the URI
 * past the scheme and authority, so the byte before the URI is the space of the request line
 * exactly when the target was in origin form.
 *
 * <p>And it cuts the client's connection when the upstream failed after the status line had
 * been sent ({@link #CUT_ATTRIBUTE}): Tomcat then sends nothing more, so a chunked answer gets
 * no last chunk and a fixed-length one stays short, and no client takes a cut body for a whole
 * one. The servlet returns normally, so the Limit-to filter audits the status it was told.
 */
final class GatewayValve extends ValveBase {

  /** Request attribute the servlet sets when the client's connection must be cut. */
  static final String CUT_ATTRIBUTE = "dev.limitto.cli.gateway.cut";
  static final String MSG_ABSOLUTE_FORM =
      "The gateway accepts only a path as request target, not an absolute URL.";

  GatewayValve() {
    super(true);
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    if (absoluteForm(request.getCoyoteRequest().requestURI())) {
      response.setHeader("Connection", "close");
      GatewayServlet.error(response, 400, MSG_ABSOLUTE_FORM);
      return;
    }
    getNext().invoke(request, response);
    if (Boolean.TRUE.equals(request.getAttribute(CUT_ATTRIBUTE))) {
      response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
    }
  }

  static boolean absoluteForm(MessageBytes uri) {
    if (uri.getType() != MessageBytes.T_BYTES) {
      // not the request line's bytes: cannot tell, so refuse rather than guess
      return true;
    }
    ByteChunk b = uri.getByteChunk();
    int start = b.getStart();
    return start == 0 || b.getBytes()[start - 1] != ' ';
  }
}
