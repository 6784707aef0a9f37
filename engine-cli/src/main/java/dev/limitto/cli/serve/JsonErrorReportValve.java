package dev.limitto.cli.serve;

import dev.limitto.jira.servlet.jakarta.LimitToFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * The standalone server's error pages: every error answer Tomcat makes itself (404, 405, 500, a
 * body that broke while the filter read it, ...) is a Jira-style JSON body, {@code
 * {"errorMessages":["..."],"errors":{}}}, with no stack trace and no server name or version.
 * When the Limit-to filter refused the request after the container had taken the answer over,
 * the body is the filter's own ({@link LimitToFilter#REFUSAL_BODY_ATTRIBUTE}).
 */
public final class JsonErrorReportValve extends ErrorReportValve {

  /** Message of an error answer that is not the filter's; formatted with the status. */
  static final String MSG_ERROR = "The request could not be served (HTTP %d).";

  public JsonErrorReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    Object refusal = request.getAttribute(LimitToFilter.REFUSAL_BODY_ATTRIBUTE);
    String body = refusal instanceof String s ? s
        : "{\"errorMessages\":[\"" + String.format(MSG_ERROR, status) + "\"],\"errors\":{}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try {
      response.setContentType("application/json;charset=UTF-8");
      response.setHeader("Cache-Control", "no-store");
      response.setHeader("X-Content-Type-Options", "nosniff");
      if (status == 400 || status == 413) {
        // the rest of the body is unread: do not let it be taken for a next request
        response.setHeader("Connection", "close");
      }
      response.setContentLength(bytes.length);
      OutputStream out = response.getOutputStream();
      out.write(bytes);
      response.finishResponse();
    } catch (IOException | IllegalStateException e) {
      // the client is gone or the answer is already on its way: nothing more to say
    }
  }
}
