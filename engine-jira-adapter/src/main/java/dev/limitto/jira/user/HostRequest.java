package dev.limitto.jira.user;

/**
 * What a {@link UserBinding} may do to the request it binds a user to, without servlet types:
 * set request attributes and attributes of the request's session. For a token request the
 * session is private to that request (never the client's session cookie) and is discarded at
 * its end, so nothing set here outlives the request.
 */
public interface HostRequest {

  /** Sets a request attribute ({@code ServletRequest#setAttribute}). */
  void setAttribute(String name, Object value);

  /** Sets an attribute of the request's private session, creating it when needed. */
  void setSessionAttribute(String name, Object value);
}
