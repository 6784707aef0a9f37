package dev.limitto.jira.servlet.javax;

import dev.limitto.jira.gate.FormParameters;
import dev.limitto.jira.gate.GateRequest;
import dev.limitto.jira.gate.ReplayableBody;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpSession;

/**
 * A javax servlet request as the gate sees it, and, once the gate authenticated it, as the host
 * sees it: one principal, no other credential, the body replayed byte for byte. Until
 * {@link #authenticate} it changes nothing but the body stream (after the gate read it).
 */
final class TokenRequest extends HttpServletRequestWrapper implements GateRequest {

  /** Headers the host never sees on a token request (lower case). */
  private static final Set<String> HIDDEN_HEADERS = Set.of("authorization", "cookie", "contextuser");

  private final ReplayableBody body;
  private String user;
  private String scheme;
  private PrivateSession session;
  private Map<String, String[]> parameters;

  TokenRequest(HttpServletRequest request) {
    super(request);
    this.body = new ReplayableBody(() -> {
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
    if (e == null || !e.hasMoreElements()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(1);
    while (e.hasMoreElements()) {
      out.add(e.nextElement());
    }
    return out;
  }

  @Override
  public byte[] body(int maxBytes) {
    return body.read(maxBytes);
  }

  @Override
  public ReplayableBody.State bodyState() {
    return body.state();
  }

  @Override
  public String clientAddress() {
    return original().getRemoteAddr();
  }

  @Override
  public void authenticate(String userName, String scheme) {
    this.user = userName;
    this.scheme = scheme;
    // on the request itself, so that code that unwraps it still sees the mark
    original().setAttribute(TOKEN_AUTHENTICATED_ATTRIBUTE, scheme);
  }

  @Override
  public void setSessionAttribute(String name, Object value) {
    getSession(true).setAttribute(name, value);
  }

  // ---- what the host sees ----

  @Override
  public ServletInputStream getInputStream() throws IOException {
    if (!body.consumed()) {
      return super.getInputStream();
    }
    return new ReplayStream(body.replay());
  }

  @Override
  public BufferedReader getReader() throws IOException {
    if (!body.consumed()) {
      return super.getReader();
    }
    return new BufferedReader(new InputStreamReader(body.replay(), charset()));
  }

  @Override
  public String getHeader(String name) {
    return hidden(name) ? null : super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    if (user == null) {
      return super.getHeaderNames();
    }
    List<String> names = new ArrayList<>();
    for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
      String n = e.nextElement();
      if (!hidden(n)) {
        names.add(n);
      }
    }
    return Collections.enumeration(names);
  }

  @Override
  public long getDateHeader(String name) {
    return hidden(name) ? -1L : super.getDateHeader(name);
  }

  @Override
  public int getIntHeader(String name) {
    return hidden(name) ? -1 : super.getIntHeader(name);
  }

  @Override
  public Cookie[] getCookies() {
    return user == null ? super.getCookies() : null;
  }

  @Override
  public String getRemoteUser() {
    return user == null ? super.getRemoteUser() : user;
  }

  @Override
  public Principal getUserPrincipal() {
    if (user == null) {
      return super.getUserPrincipal();
    }
    String name = user;
    return () -> name;
  }

  @Override
  public String getAuthType() {
    return user == null ? super.getAuthType() : scheme;
  }

  @Override
  public boolean isUserInRole(String role) {
    // container roles belong to the container's own login, not to the token's user
    return user == null && super.isUserInRole(role);
  }

  @Override
  public String getRequestedSessionId() {
    return user == null ? super.getRequestedSessionId() : null;
  }

  @Override
  public boolean isRequestedSessionIdValid() {
    return user == null && super.isRequestedSessionIdValid();
  }

  @Override
  public boolean isRequestedSessionIdFromCookie() {
    return user == null && super.isRequestedSessionIdFromCookie();
  }

  @Override
  public boolean isRequestedSessionIdFromURL() {
    return user == null && super.isRequestedSessionIdFromURL();
  }

  @Override
  @SuppressWarnings("deprecation")
  public boolean isRequestedSessionIdFromUrl() {
    return isRequestedSessionIdFromURL();
  }

  @Override
  public HttpSession getSession(boolean create) {
    if (user == null) {
      return super.getSession(create);
    }
    // never the session of a cookie the client sent: a token request has its own, discarded
    if (session == null && create) {
      session = new PrivateSession(getServletContext());
    }
    return session;
  }

  @Override
  public HttpSession getSession() {
    return getSession(true);
  }

  @Override
  public String changeSessionId() {
    if (user == null) {
      return super.changeSessionId();
    }
    if (session == null) {
      throw new IllegalStateException("no session");
    }
    return session.getId();
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
    if (user == null && !body.consumed()) {
      return super.getParameterMap();
    }
    if (parameters == null) {
      if (body.consumed()) {
        // the container can no longer read a form body: parse it from the bytes kept
        byte[] form = isForm() && body.state() == ReplayableBody.State.COMPLETE
            ? body.bytesRead() : null;
        parameters = FormParameters.parse(getQueryString(), form, charset());
      } else {
        Map<String, String[]> m = new java.util.LinkedHashMap<>(super.getParameterMap());
        m.keySet().removeAll(FormParameters.CREDENTIAL_PARAMETERS);
        parameters = Collections.unmodifiableMap(m);
      }
    }
    return parameters;
  }

  private boolean isForm() {
    String ct = getContentType();
    return ct != null
        && ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
        && "POST".equals(getMethod());
  }

  private Charset charset() {
    String enc = getCharacterEncoding();
    if (enc == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(enc);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return StandardCharsets.UTF_8;
    }
  }

  private boolean hidden(String name) {
    return user != null && name != null && HIDDEN_HEADERS.contains(name.toLowerCase(Locale.ROOT));
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
