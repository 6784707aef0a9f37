package dev.limitto.jira.gate;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the host sees of one request, without servlet types: the policy that each servlet binding
 * applies by converting types only. Until {@link #authenticate} nothing is changed but the body
 * stream, once the gate has read it (the host then reads the same bytes, {@link #replay()}).
 * Once the gate let a token request through, the host sees one principal and no other
 * credential:
 *
 * <ul>
 *   <li>the token's user as remote user and principal, the scheme ({@code BASIC} or {@code
 *       BEARER}) as auth type, no container role;
 *   <li>no {@code Authorization}, {@code Cookie} or {@code contextUser} header ({@link
 *       #HIDDEN_HEADERS}), no cookies, no requested session id;
 *   <li>a private session of its own ({@link PrivateSession}), never the session of a cookie the
 *       client also sent;
 *   <li>no {@code os_username} or {@code os_password} parameter ({@link
 *       FormParameters#CREDENTIAL_PARAMETERS}), and a form body the gate read given as
 *       parameters from the bytes kept.
 * </ul>
 *
 * Not thread-safe; one per request.
 */
public final class HostView {

  /** Headers the host never sees on a token request (lower case). */
  public static final Set<String> HIDDEN_HEADERS =
      Set.of("authorization", "cookie", "contextuser");

  private final ReplayableBody body;
  private String user;
  private String scheme;
  private Object session;
  private Map<String, String[]> parameters;

  /** @param bodySource opens the container's body stream; called at most once */
  public HostView(Supplier<InputStream> bodySource) {
    this.body = new ReplayableBody(bodySource);
  }

  // ---- the gate's side ----

  /** Reads the body once, up to the limit (see {@link ReplayableBody#read}). */
  public byte[] body(int maxBytes) {
    return body.read(maxBytes);
  }

  public ReplayableBody.State bodyState() {
    return body.state();
  }

  /** From now on, present the request as {@code userName} authenticated through {@code scheme}. */
  public void authenticate(String userName, String scheme) {
    this.user = userName;
    this.scheme = scheme;
  }

  // ---- the host's side ----

  /** Whether the gate let the request through as a token's user. */
  public boolean authenticated() {
    return user != null;
  }

  /** The token's user, or {@code null} when the host sees the container's own. */
  public String user() {
    return user;
  }

  /** The auth type the host sees, or {@code null} when it sees the container's own. */
  public String scheme() {
    return scheme;
  }

  /** Whether the host must not see this header. */
  public boolean hides(String headerName) {
    return user != null && headerName != null
        && HIDDEN_HEADERS.contains(headerName.toLowerCase(Locale.ROOT));
  }

  /** The header names the host sees, from the container's; the same names when unchanged. */
  public List<String> visibleHeaderNames(Iterator<String> containerNames) {
    List<String> names = new ArrayList<>();
    while (containerNames.hasNext()) {
      String n = containerNames.next();
      if (!hides(n)) {
        names.add(n);
      }
    }
    return names;
  }

  /** Whether the host must read the body from {@link #replay()} instead of the container. */
  public boolean bodyConsumed() {
    return body.consumed();
  }

  /** The whole body as the host must read it once the gate read it (see {@link ReplayableBody}). */
  public InputStream replay() {
    return body.replay();
  }

  /**
   * The parameters the host sees: the container's own while nothing changed; else the
   * container's without the credential parameters, or, once the gate read the body, the query
   * and a form body parsed from the bytes kept (the container can no longer read it).
   */
  public Map<String, String[]> parameters(
      Supplier<Map<String, String[]>> container, String rawQuery, String method,
      String contentType, String characterEncoding) {
    if (user == null && !body.consumed()) {
      return container.get();
    }
    if (parameters == null) {
      if (body.consumed()) {
        byte[] form = FormParameters.isForm(method, contentType)
            && body.state() == ReplayableBody.State.COMPLETE ? body.bytesRead() : null;
        parameters = FormParameters.parse(rawQuery, form, charset(characterEncoding));
      } else {
        Map<String, String[]> m = new LinkedHashMap<>(container.get());
        m.keySet().removeAll(FormParameters.CREDENTIAL_PARAMETERS);
        parameters = Collections.unmodifiableMap(m);
      }
    }
    return parameters;
  }

  /**
   * The session the host sees on a token request: its private one, made by {@code create} (see
   * {@link PrivateSession#create}) when asked to and none exists yet; never the container's.
   */
  @SuppressWarnings("unchecked")
  public <S> S session(boolean create, Supplier<S> newPrivateSession) {
    if (session == null && create) {
      session = newPrivateSession.get();
    }
    return (S) session;
  }

  /** The id of the private session, for {@code changeSessionId}; fails when there is none. */
  public String changeSessionId() {
    if (session == null) {
      throw new IllegalStateException("no session");
    }
    return PrivateSession.id(session);
  }

  /** The charset of a request's character encoding; UTF-8 when absent or unknown. */
  public static Charset charset(String characterEncoding) {
    if (characterEncoding == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(characterEncoding);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return StandardCharsets.UTF_8;
    }
  }
}
