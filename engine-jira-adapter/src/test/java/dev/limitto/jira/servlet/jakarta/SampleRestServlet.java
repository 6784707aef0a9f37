package dev.limitto.jira.servlet.jakarta;

import dev.limitto.jira.harness.SampleApp;
import dev.limitto.jira.harness.Served;
import dev.limitto.jira.harness.ServedLog;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The sample REST application of {@link SampleApp} on jakarta.servlet. */
final class SampleRestServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient ServedLog log;

  SampleRestServlet(ServedLog log) {
    this.log = log;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String route = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    if (route.equals(SampleApp.LOGIN_ROUTE)) {
      req.getSession(true).setAttribute(SampleApp.SESSION_USER, req.getParameter("user"));
      resp.setStatus(204);
      return;
    }
    byte[] body = req.getInputStream().readAllBytes();
    Map<String, List<String>> params = new LinkedHashMap<>();
    req.getParameterMap().forEach((k, v) -> params.put(k, List.of(v)));
    List<String> headerNames = new ArrayList<>();
    for (Enumeration<String> e = req.getHeaderNames(); e.hasMoreElements(); ) {
      headerNames.add(e.nextElement().toLowerCase(Locale.ROOT));
    }
    Cookie[] cookies = req.getCookies();
    HttpSession session = req.getSession(false);
    Principal principal = req.getUserPrincipal();
    Served s = new Served(
        req.getMethod(),
        req.getRequestURI(),
        route,
        req.getQueryString(),
        req.getRemoteUser(),
        principal == null ? null : principal.getName(),
        req.getAuthType(),
        req.getHeader("Authorization"),
        req.getHeader("Cookie"),
        cookies == null ? 0 : cookies.length,
        req.getRequestedSessionId(),
        session == null ? null : session.getId(),
        session == null ? null : (String) session.getAttribute(SampleApp.SESSION_USER),
        req.getHeader("contextUser"),
        Map.copyOf(params),
        List.copyOf(headerNames),
        req.getContentType(),
        body);
    log.add(s);
    byte[] answer = SampleApp.answer(s);
    resp.setStatus(200);
    resp.setContentType("application/json");
    resp.setContentLength(answer.length);
    resp.getOutputStream().write(answer);
  }
}
