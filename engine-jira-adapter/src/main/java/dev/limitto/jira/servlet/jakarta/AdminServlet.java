package dev.limitto.jira.servlet.jakarta;

import dev.limitto.jira.admin.AdminApi;
import dev.limitto.jira.admin.AdminRequest;
import dev.limitto.jira.admin.AdminResponse;
import dev.limitto.jira.gate.GateRequest;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import java.util.Map;
import java.util.Objects;

/**
 * The admin API ({@link AdminApi}) for {@code jakarta.servlet} containers (Jira 11), mapped on
 * {@value AdminApi#BASE_PATH}{@code /*}. It only converts: the request into an {@link
 * AdminRequest} (reading at most the body limit plus one byte), the {@link AdminResponse} onto
 * the servlet response. Every decision is the API's. One source serves both servlet namespaces
 * (docs/architecture.md).
 *
 * <p>The API comes from the constructor or, with the no-argument constructor, from the servlet
 * context attribute {@link #API_ATTRIBUTE}; without one the servlet fails to start.
 */
public final class AdminServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Servlet context attribute holding the {@link AdminApi} for the no-argument constructor. */
  public static final String API_ATTRIBUTE = "dev.limitto.jira.admin.AdminApi";
  public static final String MSG_NO_API =
      "Limit-to admin servlet has no API: construct it with one or set the servlet context"
          + " attribute " + API_ATTRIBUTE;

  private transient volatile AdminApi api;

  /** A servlet that takes its API from the servlet context at {@link #init}. */
  public AdminServlet() {}

  public AdminServlet(AdminApi api) {
    this.api = Objects.requireNonNull(api, "api");
  }

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    if (api == null) {
      Object a = config.getServletContext().getAttribute(API_ATTRIBUTE);
      if (!(a instanceof AdminApi)) {
        throw new ServletException(MSG_NO_API);
      }
      api = (AdminApi) a;
    }
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    AdminApi a = api;
    if (a == null) {
      resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      return;
    }
    String uri = req.getRequestURI();
    String context = req.getContextPath();
    AdminRequest.Builder b = AdminRequest.builder(req.getMethod(),
        uri.startsWith(context) ? uri.substring(context.length()) : uri);
    b.rawQuery(req.getQueryString());
    for (Enumeration<String> names = req.getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      for (Enumeration<String> v = req.getHeaders(name); v.hasMoreElements(); ) {
        b.header(name, v.nextElement());
      }
    }
    try (InputStream in = req.getInputStream()) {
      b.body(in.readNBytes(a.limits().maxBodyBytes() + 1));
    } catch (IOException e) {
      b.bodyUnreadable(true);
    }
    b.remoteUser(req.getRemoteUser());
    b.tokenAuthenticated(req.getAttribute(GateRequest.TOKEN_AUTHENTICATED_ATTRIBUTE) != null);
    String host = req.getHeader("Host");
    b.requestOrigin(host == null ? null : req.getScheme() + "://" + host);
    write(a.handle(b.build()), resp);
  }

  private static void write(AdminResponse r, HttpServletResponse resp) throws IOException {
    resp.setStatus(r.status());
    for (Map.Entry<String, String> h : r.headers()) {
      if (h.getKey().equalsIgnoreCase("Content-Type")) {
        resp.setContentType(h.getValue());
      } else {
        resp.addHeader(h.getKey(), h.getValue());
      }
    }
    byte[] body = r.body();
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
    resp.flushBuffer();
  }
}
