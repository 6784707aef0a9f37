package dev.limitto.jira.gate;

/** Which {@code Authorization} schemes carry an API token: one global setting. */
public enum AuthType {
  /** {@code Basic base64(user-name-or-e-mail:token)}: the default, what most clients can send. */
  BASIC,
  /** {@code Bearer token}. */
  BEARER,
  /** Either of the two. */
  BOTH;

  boolean allowsBasic() {
    return this != BEARER;
  }

  boolean allowsBearer() {
    return this != BASIC;
  }
}
