package dev.limitto.jira.servlet.jakarta;

import dev.limitto.jira.gate.Gate;
import dev.limitto.jira.gate.GateOutcome;
import dev.limitto.jira.gate.GateRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Limit-to filter for {@code jakarta.servlet} containers: Jira 11 (Tomcat 10.1 and later).
 * Every decision is the {@link Gate}'s, and so is every word of a refusal ({@link
 * GateOutcome#responseHeaders()}, {@link GateOutcome#responseBody()}) and what the host sees
 * ({@link dev.limitto.jira.gate.HostView}); this class only converts types and writes. One source
 * serves both servlet namespaces (docs/architecture.md).
 *
 * <p>The gate comes from the constructor (dependency injection, embedded servers) or, with the
 * no-argument constructor, from the servlet context attribute {@link #GATE_ATTRIBUTE}. Without
 * a gate the filter fails to start, so the container refuses the requests it guards rather
 * than serve them unchecked.
 */
public final class LimitToFilter implements Filter {

  /** Servlet context attribute holding the {@link Gate} for the no-argument constructor. */
  public static final String GATE_ATTRIBUTE = "dev.limitto.jira.gate.Gate";
  /** Message of the start-up failure when no gate is configured. */
  public static final String MSG_NO_GATE =
      "Limit-to filter has no gate: construct it with one or set the servlet context attribute "
          + GATE_ATTRIBUTE;

  /**
   * Request attribute holding the JSON body (a {@code String}) of the gate's refusal, for a
   * container error page to answer with when the container took the answer over (a body read
   * that failed inside the container, as Tomcat does for broken chunking).
   */
  public static final String REFUSAL_BODY_ATTRIBUTE = "dev.limitto.jira.refusal.body";

  private volatile Gate gate;

  /** A filter that takes its gate from the servlet context at {@link #init}. */
  public LimitToFilter() {}

  /** A filter around the given gate. */
  public LimitToFilter(Gate gate) {
    this.gate = Objects.requireNonNull(gate, "gate");
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (gate == null) {
      Object g = config.getServletContext().getAttribute(GATE_ATTRIBUTE);
      if (!(g instanceof Gate)) {
        throw new ServletException(MSG_NO_GATE);
      }
      gate = (Gate) g;
    }
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
      chain.doFilter(req, res);
      return;
    }
    Gate g = gate;
    if (g == null) {
      throw new ServletException(MSG_NO_GATE);
    }
    HttpServletResponse response = (HttpServletResponse) res;
    TokenServletRequest request = new TokenServletRequest((HttpServletRequest) req);
    GateOutcome outcome = g.decide(request);
    switch (outcome.kind()) {
      case PASS_THROUGH -> chain.doFilter(req, res);
      case REFUSED -> {
        try {
          refuse(request, response, outcome);
        } finally {
          g.complete(outcome, outcome.status());
        }
      }
      case AUTHENTICATED -> {
        int status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        try {
          request.setAttribute(GateRequest.TOKEN_ID_ATTRIBUTE, outcome.tokenId());
          chain.doFilter(request, response);
          status = response.getStatus();
        } finally {
          g.complete(outcome, status);
        }
      }
      default -> throw new ServletException("unknown gate outcome " + outcome.kind());
    }
  }

  /** Writes the refusal the gate described; nothing here decides what it says. */
  private static void refuse(
      HttpServletRequest request, HttpServletResponse response, GateOutcome outcome)
      throws IOException {
    byte[] body = outcome.responseBody();
    // a body read that failed inside the container (broken chunking) has already put the
    // container's own error answer in motion, with the exception to show: never show it, and
    // leave the gate's answer where an error page can find it
    request.removeAttribute(RequestDispatcher.ERROR_EXCEPTION);
    request.setAttribute(REFUSAL_BODY_ATTRIBUTE, new String(body, StandardCharsets.UTF_8));
    if (!response.isCommitted()) {
      response.reset();
    }
    response.setStatus(outcome.status());
    for (Map.Entry<String, String> h : outcome.responseHeaders()) {
      if (h.getKey().equals("Content-Type")) {
        response.setContentType(h.getValue());
      } else {
        response.addHeader(h.getKey(), h.getValue());
      }
    }
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.flushBuffer();
  }

  @Override
  public void destroy() {}
}
