package dev.limitto.jira.servlet.jakarta;

import dev.limitto.jira.gate.GateRequest;
import dev.limitto.jira.gate.HostView;
import dev.limitto.jira.gate.PrivateSession;
import dev.limitto.jira.gate.ReplayableBody;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/**
 * A jakarta servlet request as the gate sees it ({@link GateRequest}) and as the host then sees
 * it. What the host may see is the gate's {@link HostView}; this class only converts types. One
 * source serves both servlet namespaces (docs/architecture.md).
 */
final class TokenServletRequest extends HttpServletRequestWrapper implements GateRequest {

  private final HostView view;

  TokenServletRequest(HttpServletRequest request) {
    super(request);
    this.view = new HostView(() -> {
      try {
        return request.getInputStream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private HttpServletRequest original() {
    return (HttpServletRequest) getRequest();
  }

  // ---- GateRequest: the request as received ----

  @Override
  public String method() {
    return original().getMethod();
  }

  @Override
  public String rawPath() {
    String uri = original().getRequestURI();
    return uri == null ? "" : uri;
  }

  @Override
  public String rawQuery() {
    return original().getQueryString();
  }

  @Override
  public String header(String name) {
    List<String> values = headerValues(name);
    return values.isEmpty() ? null : values.size() == 1 ? values.get(0) : String.join(", ", values);
  }

  @Override
  public List<String> headerValues(String name) {
    Enumeration<String> e = original().getHeaders(name);
    return e == null ? List.of() : Collections.list(e);
  }

  @Override
  public byte[] body(int maxBytes) {
    return view.body(maxBytes);
  }

  @Override
  public ReplayableBody.State bodyState() {
    return view.bodyState();
  }

  @Override
  public String clientAddress() {
    return original().getRemoteAddr();
  }

  @Override
  public void authenticate(String userName, String scheme) {
    view.authenticate(userName, scheme);
    // on the request itself, so that code that unwraps it still sees the mark
    original().setAttribute(TOKEN_AUTHENTICATED_ATTRIBUTE, scheme);
  }

  @Override
  public void setSessionAttribute(String name, Object value) {
    getSession(true).setAttribute(name, value);
  }

  // ---- what the host sees: HostView decides ----

  @Override
  public ServletInputStream getInputStream() throws IOException {
    return view.bodyConsumed() ? new ReplayStream(view.replay()) : super.getInputStream();
  }

  @Override
  public BufferedReader getReader() throws IOException {
    return view.bodyConsumed()
        ? new BufferedReader(new InputStreamReader(view.replay(),
            HostView.charset(getCharacterEncoding())))
        : super.getReader();
  }

  @Override
  public String getHeader(String name) {
    return view.hides(name) ? null : super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return view.hides(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    return view.authenticated()
        ? Collections.enumeration(view.visibleHeaderNames(super.getHeaderNames().asIterator()))
        : super.getHeaderNames();
  }

  @Override
  public long getDateHeader(String name) {
    return view.hides(name) ? -1L : super.getDateHeader(name);
  }

  @Override
  public int getIntHeader(String name) {
    return view.hides(name) ? -1 : super.getIntHeader(name);
  }

  @Override
  public Cookie[] getCookies() {
    return view.authenticated() ? null : super.getCookies();
  }

  @Override
  public String getRemoteUser() {
    return view.authenticated() ? view.user() : super.getRemoteUser();
  }

  @Override
  public Principal getUserPrincipal() {
    String name = view.user();
    return name == null ? super.getUserPrincipal() : () -> name;
  }

  @Override
  public String getAuthType() {
    return view.authenticated() ? view.scheme() : super.getAuthType();
  }

  @Override
  public boolean isUserInRole(String role) {
    // container roles belong to the container's own login, not to the token's user
    return !view.authenticated() && super.isUserInRole(role);
  }

  @Override
  public String getRequestedSessionId() {
    return view.authenticated() ? null : super.getRequestedSessionId();
  }

  @Override
  public boolean isRequestedSessionIdValid() {
    return !view.authenticated() && super.isRequestedSessionIdValid();
  }

  @Override
  public boolean isRequestedSessionIdFromCookie() {
    return !view.authenticated() && super.isRequestedSessionIdFromCookie();
  }

  @Override
  public boolean isRequestedSessionIdFromURL() {
    return !view.authenticated() && super.isRequestedSessionIdFromURL();
  }

  /**
   * Servlet 4's deprecated spelling of {@link #isRequestedSessionIdFromURL()}, answered the same
   * way: an override in the generated javax binding, a plain method in the namespace that
   * dropped it.
   */
  @SuppressWarnings("deprecation")
  public boolean isRequestedSessionIdFromUrl() {
    return isRequestedSessionIdFromURL();
  }

  @Override
  public HttpSession getSession(boolean create) {
    return view.authenticated()
        ? view.session(create, () -> PrivateSession.create(HttpSession.class, getServletContext()))
        : super.getSession(create);
  }

  @Override
  public HttpSession getSession() {
    return getSession(true);
  }

  @Override
  public String changeSessionId() {
    return view.authenticated() ? view.changeSessionId() : super.changeSessionId();
  }

  @Override
  public String getParameter(String name) {
    String[] v = parameters().get(name);
    return v == null || v.length == 0 ? null : v[0];
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    return parameters();
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return Collections.enumeration(parameters().keySet());
  }

  @Override
  public String[] getParameterValues(String name) {
    String[] v = parameters().get(name);
    return v == null ? null : v.clone();
  }

  private Map<String, String[]> parameters() {
    return view.parameters(super::getParameterMap, getQueryString(), getMethod(),
        getContentType(), getCharacterEncoding());
  }

  /** The replayed body as a servlet stream (blocking reads only). */
  private static final class ReplayStream extends ServletInputStream {
    private final InputStream in;
    private boolean finished;

    ReplayStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      finished = b < 0;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      finished = n < 0;
      return n;
    }

    @Override
    public boolean isFinished() {
      return finished;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      throw new IllegalStateException(
          "non-blocking reads are not available on a token request whose body was checked");
    }
  }
}
