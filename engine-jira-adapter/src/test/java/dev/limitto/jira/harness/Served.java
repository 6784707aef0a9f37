package dev.limitto.jira.harness;

import java.util.List;
import java.util.Map;

/**
 * What the sample application served for one request, as the application saw it: the route it
 * dispatched on (the container's decoded, normalised path inside the context), the user, and
 * every credential it could still see.
 *
 * @param method the method as the application saw it
 * @param requestUri the raw request URI ({@code getRequestURI})
 * @param route servlet path plus path info: what an application routes on
 * @param queryString the raw query string, or {@code null}
 * @param remoteUser {@code getRemoteUser()}
 * @param principal {@code getUserPrincipal().getName()}, or {@code null}
 * @param authType {@code getAuthType()}
 * @param authorization the {@code Authorization} header seen, or {@code null}
 * @param cookieHeader the {@code Cookie} header seen, or {@code null}
 * @param cookieCount the number of cookies from {@code getCookies()}
 * @param requestedSessionId {@code getRequestedSessionId()}
 * @param sessionId the id of {@code getSession(false)}, or {@code null}
 * @param sessionUser the attribute {@code user} of that session (set by the sample login), or
 *     {@code null}
 * @param contextUser the {@code contextUser} header seen, or {@code null}
 * @param parameters {@code getParameterMap()}, read after the body
 * @param headerNames every header name from {@code getHeaderNames()}, lower case (what
 *     frameworks such as Jersey copy into their own request)
 * @param contentType the content type
 * @param body the body as read through {@code getInputStream()}
 */
public record Served(
    String method,
    String requestUri,
    String route,
    String queryString,
    String remoteUser,
    String principal,
    String authType,
    String authorization,
    String cookieHeader,
    int cookieCount,
    String requestedSessionId,
    String sessionId,
    String sessionUser,
    String contextUser,
    Map<String, List<String>> parameters,
    List<String> headerNames,
    String contentType,
    byte[] body) {

  /** Whether any second credential was visible to the application. */
  public boolean sawOtherCredentials() {
    return authorization != null || cookieHeader != null || cookieCount > 0
        || requestedSessionId != null || sessionUser != null || contextUser != null
        || parameters.containsKey("os_username") || parameters.containsKey("os_password")
        || headerNames.contains("authorization") || headerNames.contains("cookie")
        || headerNames.contains("contextuser");
  }

  @Override
  public String toString() {
    return method + " " + requestUri + (queryString == null ? "" : "?" + queryString)
        + " (route " + route + ", user " + remoteUser + ", body " + body.length + " bytes"
        + (authorization == null ? "" : ", Authorization "
            + authorization.substring(0, Math.min(8, authorization.length()))
                .replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n") + "...")
        + ")";
  }
}
