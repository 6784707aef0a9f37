package dev.limitto.cli.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.limitto.jira.gate.GateRequest;
import dev.limitto.jira.upstream.UpstreamCredentials;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards what the Limit-to filter let through to the one upstream origin, and streams the
 * answer back. It never decides what a token may do: the filter in front of it did, exactly as
 * inside Jira. What it adds is what a proxy must get right:
 *
 * <ul>
 *   <li>a token request goes upstream with the credential bound to its token ({@link
 *       UpstreamCredentials}) as its only {@code Authorization}; a token without one is refused
 *       (403) and nothing is sent; a request without a Limit-to token is refused (401) unless the
 *       gateway passes such requests through unchanged;
 *   <li>the client's hop-by-hop headers ({@link #HOP_BY_HOP} and those its {@code Connection}
 *       names), {@code Host}, {@code Expect}, proxy and forwarding headers never go upstream; on
 *       a token request neither do its {@code Authorization}, cookies, {@code contextUser} or a
 *       form body's {@code os_username}/{@code os_password} (refused, 400), and no {@code
 *       Set-Cookie} of the upstream comes back (the upstream session belongs to the bound
 *       credential);
 *   <li>the target is the request-target exactly as received (raw path and query, never
 *       re-encoded or normalised), sent to the configured origin only; a redirect to another
 *       origin is refused (502) and one to the upstream's own origin is rewritten to the
 *       gateway's;
 *   <li>bodies stream both ways (fixed length or chunked), a client's {@code Expect:
 *       100-continue} is carried to the upstream; the connect, read and total timeouts give a
 *       JSON 504, an unreachable or failing upstream a JSON 502; after the status line is sent
 *       a failure closes the client's connection so that a cut body never looks complete.
 * </ul>
 */
final class GatewayServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  static final String MSG_TOKEN_REQUIRED =
      "This gateway accepts only requests with a Limit-to API token.";
  static final String MSG_NO_CREDENTIAL =
      "This API token has no upstream credential; an administrator binds one (token edit"
          + " --upstream-bearer-file or --upstream-basic-file).";
  static final String MSG_CREDENTIAL_UNAVAILABLE =
      "The upstream credential of this API token could not be read; the request was refused.";
  static final String MSG_LOGIN_PARAMETERS =
      "A request with an API token must not carry os_username or os_password parameters.";
  static final String MSG_METHOD = "The gateway does not forward %s requests.";
  static final String MSG_UNREACHABLE = "The upstream could not be reached.";
  static final String MSG_TLS = "The upstream's TLS connection could not be verified.";
  static final String MSG_FAILED = "The upstream failed to answer.";
  static final String MSG_CONNECT_TIMEOUT =
      "The upstream did not accept a connection within %d ms (connect timeout).";
  static final String MSG_READ_TIMEOUT =
      "The upstream did not answer within %d ms (read timeout).";
  static final String MSG_TOTAL_TIMEOUT =
      "The upstream did not finish within %d ms (total timeout).";
  static final String MSG_REDIRECT =
      "The upstream answered with a redirect to another origin; the gateway does not follow"
          + " or pass it on.";
  static final String MSG_BODY_UNREADABLE = "The request body could not be read.";

  /** Hop-by-hop and proxy headers, lower case: never forwarded in either direction. */
  static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
      "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding",
      "upgrade");
  /** Request headers the gateway sets itself or never forwards, lower case. */
  static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "expect",
      "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto",
      "x-forwarded-port", "x-forwarded-server", "x-real-ip");
  /** Request headers never forwarded on a token request, lower case. */
  static final Set<String> TOKEN_HIDDEN = Set.of("authorization", "cookie", "cookie2",
      "contextuser");
  /** Response headers never returned for a token request, lower case. */
  static final Set<String> TOKEN_RESPONSE_HIDDEN = Set.of("set-cookie", "set-cookie2");
  /** Largest form body read to look for login parameters when the gate had not read it. */
  static final int MAX_FORM_BYTES = 1 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(GatewayServlet.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

  private final transient UpstreamClient upstream;
  private final transient UpstreamCredentials credentials;
  private final String publicOrigin;
  private final RequestConfig plain;
  private final RequestConfig expecting;

  /**
   * @param publicOrigin the gateway's own origin as clients call it (from its base URL): a
   *     redirect to the upstream's origin is rewritten to it
   */
  GatewayServlet(UpstreamClient upstream, UpstreamCredentials credentials, String publicOrigin) {
    this.upstream = upstream;
    this.credentials = credentials;
    this.publicOrigin = publicOrigin;
    GatewayConfig c = upstream.config();
    this.plain = RequestConfig.custom()
        .setRedirectsEnabled(false)
        .setResponseTimeout(Timeout.of(c.readTimeout()))
        .setConnectionRequestTimeout(Timeout.of(c.totalTimeout()))
        .build();
    this.expecting = RequestConfig.copy(plain).setExpectContinueEnabled(true).build();
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String method = req.getMethod();
    if (method.equals("CONNECT") || method.equals("TRACE")) {
      error(resp, 405, String.format(MSG_METHOD, method));
      return;
    }
    Object id = req.getAttribute(GateRequest.TOKEN_ID_ATTRIBUTE);
    String authorization = null;
    byte[] formBody = null;
    if (id instanceof String tokenId) {
      Optional<String> bound;
      try {
        bound = credentials.authorization(tokenId);
      } catch (RuntimeException e) {
        LOG.error("Limit-to gateway: the upstream credential of token {} could not be read ({});"
            + " refusing", tokenId, e.getClass().getName());
        error(resp, 500, MSG_CREDENTIAL_UNAVAILABLE);
        return;
      }
      if (bound.isEmpty()) {
        error(resp, 403, MSG_NO_CREDENTIAL);
        return;
      }
      authorization = bound.get();
      if (isForm(req)) {
        // Jira logs a caller in from these parameters in a form body too: one principal only
        formBody = req.getInputStream().readNBytes(MAX_FORM_BYTES + 1);
        if (formBody.length > MAX_FORM_BYTES || hasLoginParameter(formBody)) {
          resp.setHeader("Connection", "close");
          error(resp, 400, formBody.length > MAX_FORM_BYTES ? MSG_BODY_UNREADABLE
              : MSG_LOGIN_PARAMETERS);
          return;
        }
      }
    } else if (!upstream.config().passUnauthenticated()) {
      error(resp, 401, MSG_TOKEN_REQUIRED);
      return;
    }
    forward(req, resp, authorization, formBody);
  }

  private void forward(HttpServletRequest req, HttpServletResponse resp, String authorization,
      byte[] formBody) throws IOException {
    boolean token = authorization != null;
    GatewayConfig config = upstream.config();
    String query = req.getQueryString();
    String target = req.getRequestURI() + (query == null ? "" : "?" + query);
    HttpUriRequestBase out = new HttpUriRequestBase(req.getMethod(), URI.create("/"));
    out.setScheme(config.scheme());
    out.setAuthority(new URIAuthority(config.host(), config.port()));
    out.setPath(target);

    Set<String> connectionNamed = connectionTokens(req);
    boolean expect = false;
    for (String name : Collections.list(req.getHeaderNames())) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("expect")) {
        expect = "100-continue".equalsIgnoreCase(String.valueOf(req.getHeader(name)).trim());
      }
      if (HOP_BY_HOP.contains(lower) || NOT_FORWARDED.contains(lower)
          || connectionNamed.contains(lower) || (token && TOKEN_HIDDEN.contains(lower))) {
        continue;
      }
      for (String value : Collections.list(req.getHeaders(name))) {
        out.addHeader(name, value);
      }
    }
    if (token) {
      out.setHeader("Authorization", authorization);
    }
    ClientBody body = null;
    long length = req.getContentLengthLong();
    boolean chunked = req.getHeader("Transfer-Encoding") != null;
    if (formBody != null) {
      out.setEntity(new InputStreamEntity(
          new java.io.ByteArrayInputStream(formBody), formBody.length, null));
    } else if (length > 0 || chunked || BODY_METHODS.contains(req.getMethod())) {
      body = new ClientBody(req.getInputStream());
      out.setEntity(new InputStreamEntity(body, chunked ? -1 : Math.max(0, length), null));
    } else {
      expect = false;
    }

    HttpClientContext context = HttpClientContext.create();
    context.setRequestConfig(expect ? expecting : plain);
    AtomicBoolean timedOut = new AtomicBoolean();
    long totalMillis = config.totalTimeout().toMillis();
    ScheduledFuture<?> deadline = upstream.deadlines().schedule(() -> {
      timedOut.set(true);
      out.cancel();
    }, totalMillis, TimeUnit.MILLISECONDS);
    ClassicHttpResponse answer = null;
    try {
      try {
        answer = upstream.client().executeOpen(upstream.target(), out, context);
      } catch (IOException | RuntimeException e) {
        if (body != null && body.failed) {
          resp.setHeader("Connection", "close");
          error(resp, 400, MSG_BODY_UNREADABLE);
          return;
        }
        failBeforeAnswer(req, resp, e, timedOut.get());
        return;
      }
      relay(req, resp, answer, token, out, timedOut);
    } finally {
      deadline.cancel(false);
      if (answer != null) {
        try {
          answer.close();
        } catch (IOException | RuntimeException e) {
          // the connection is discarded; nothing was lost that the client still needs
        }
      }
    }
  }

  private void relay(HttpServletRequest req, HttpServletResponse resp, ClassicHttpResponse answer,
      boolean token, HttpUriRequestBase out, AtomicBoolean timedOut) throws IOException {
    int status = answer.getCode();
    Header location = answer.getFirstHeader("Location");
    String rewritten = null;
    if (location != null) {
      rewritten = rewriteLocation(location.getValue());
      if (rewritten == null && status >= 300 && status < 400) {
        out.cancel();
        log(req, 502, "a redirect to another origin");
        error(resp, 502, MSG_REDIRECT);
        return;
      }
    }
    Set<String> connectionNamed = new HashSet<>();
    for (Header h : answer.getHeaders("Connection")) {
      for (String t : h.getValue().split(",")) {
        connectionNamed.add(t.trim().toLowerCase(Locale.ROOT));
      }
    }
    resp.setStatus(status);
    HttpEntity entity = answer.getEntity();
    for (Header h : answer.getHeaders()) {
      String lower = h.getName().toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(lower) || connectionNamed.contains(lower)
          || (token && TOKEN_RESPONSE_HIDDEN.contains(lower))) {
        continue;
      }
      if (lower.equals("content-length")) {
        if (entity == null) {
          resp.setHeader(h.getName(), h.getValue());
        }
        continue;
      }
      if (lower.equals("location")) {
        resp.addHeader(h.getName(), rewritten != null ? rewritten : h.getValue());
        continue;
      }
      resp.addHeader(h.getName(), h.getValue());
    }
    if (entity == null) {
      return;
    }
    if (entity.getContentLength() >= 0) {
      resp.setContentLengthLong(entity.getContentLength());
    }
    OutputStream to = resp.getOutputStream();
    byte[] buf = new byte[16 * 1024];
    try (InputStream from = entity.getContent()) {
      while (true) {
        int n;
        try {
          n = from.read(buf);
        } catch (IOException | RuntimeException e) {
          int failed = timedOut.get() || e instanceof SocketTimeoutException ? 504 : 502;
          if (resp instanceof GatewayResponse g) {
            g.failedAfterCommit(failed);
          }
          log(req, failed, "the upstream failed mid-response (" + e.getClass().getName() + ")");
          out.cancel();
          // the client must not take a cut body for a whole one: its connection is closed
          // once this returns (GatewayValve), and the filter audits the failed status
          req.setAttribute(GatewayValve.CUT_ATTRIBUTE, Boolean.TRUE);
          return;
        }
        if (n < 0) {
          break;
        }
        try {
          to.write(buf, 0, n);
          if (from.available() == 0) {
            to.flush();
          }
        } catch (IOException e) {
          out.cancel();
          throw e instanceof ClientAbortException ? e : new ClientAbortException(e);
        }
      }
    }
  }

  private void failBeforeAnswer(HttpServletRequest req, HttpServletResponse resp, Exception e,
      boolean timedOut) throws IOException {
    GatewayConfig c = upstream.config();
    int status;
    String message;
    if (timedOut) {
      status = 504;
      message = String.format(MSG_TOTAL_TIMEOUT, c.totalTimeout().toMillis());
    } else if (e instanceof ConnectTimeoutException) {
      status = 504;
      message = String.format(MSG_CONNECT_TIMEOUT, c.connectTimeout().toMillis());
    } else if (e instanceof SocketTimeoutException) {
      status = 504;
      message = String.format(MSG_READ_TIMEOUT, c.readTimeout().toMillis());
    } else if (e instanceof HttpHostConnectException || e instanceof ConnectException
        || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
      status = 502;
      message = MSG_UNREACHABLE;
    } else if (e instanceof SSLException) {
      status = 502;
      message = MSG_TLS;
    } else if (e instanceof InterruptedIOException) {
      status = 504;
      message = String.format(MSG_READ_TIMEOUT, c.readTimeout().toMillis());
    } else {
      status = 502;
      message = MSG_FAILED;
    }
    log(req, status, e.getClass().getName());
    error(resp, status, message);
  }

  /**
   * The Location to hand on: relative ones as they are, the upstream's own origin replaced by
   * the gateway's; null for another origin (or one that cannot be read).
   */
  String rewriteLocation(String value) {
    URI u;
    try {
      u = new URI(value.trim());
    } catch (Exception e) {
      return null;
    }
    if (u.getScheme() == null && u.getRawAuthority() == null) {
      return value;
    }
    if (u.getScheme() == null || u.getRawAuthority() == null) {
      return null;
    }
    GatewayConfig c = upstream.config();
    int port = u.getPort() >= 0 ? u.getPort()
        : u.getScheme().equalsIgnoreCase("https") ? 443 : u.getScheme().equalsIgnoreCase("http")
            ? 80 : -1;
    if (!u.getScheme().equalsIgnoreCase(c.scheme()) || u.getHost() == null
        || !u.getHost().equalsIgnoreCase(c.host()) || port != c.port()
        || u.getRawUserInfo() != null) {
      return null;
    }
    String rest = (u.getRawPath() == null ? "" : u.getRawPath())
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery())
        + (u.getRawFragment() == null ? "" : "#" + u.getRawFragment());
    return publicOrigin + rest;
  }

  private static void log(HttpServletRequest req, int status, String why) {
    Object id = req.getAttribute(GateRequest.TOKEN_ID_ATTRIBUTE);
    LOG.warn("Limit-to gateway: {} {} for token {}: {}", status,
        status == 504 ? "Gateway Timeout" : "Bad Gateway", id == null ? "(none)" : id, why);
  }

  private static Set<String> connectionTokens(HttpServletRequest req) {
    Set<String> names = new HashSet<>();
    for (String v : Collections.list(req.getHeaders("Connection"))) {
      for (String t : v.split(",")) {
        names.add(t.trim().toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  private static boolean isForm(HttpServletRequest req) {
    String type = req.getContentType();
    return type != null && type.toLowerCase(Locale.ROOT).trim()
        .startsWith("application/x-www-form-urlencoded");
  }

  /** Whether a form body names {@code os_username} or {@code os_password}, however encoded. */
  static boolean hasLoginParameter(byte[] form) {
    String s = new String(form, StandardCharsets.ISO_8859_1);
    for (String pair : s.split("&")) {
      int eq = pair.indexOf('=');
      String raw = eq < 0 ? pair : pair.substring(0, eq);
      String name;
      try {
        name = URLDecoder.decode(raw, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        name = raw;
      }
      String n = name.trim().toLowerCase(Locale.ROOT);
      if (n.equals("os_username") || n.equals("os_password")) {
        return true;
      }
    }
    return false;
  }

  static void error(HttpServletResponse resp, int status, String message) throws IOException {
    if (resp.isCommitted()) {
      return;
    }
    ObjectNode o = JSON.createObjectNode();
    o.putArray("errorMessages").add(message);
    o.putObject("errors");
    byte[] body = JSON.writeValueAsBytes(o);
    String close = resp.getHeader("Connection");
    resp.resetBuffer();
    resp.setStatus(status);
    resp.setContentType("application/json;charset=UTF-8");
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    if (close != null) {
      resp.setHeader("Connection", close);
    }
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
    resp.flushBuffer();
  }

  /** The client's body, telling its own read failures apart from the upstream's. */
  private static final class ClientBody extends FilterInputStream {
    volatile boolean failed;

    ClientBody(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    }
  }
}
