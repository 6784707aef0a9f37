package dev.limitto.jira.token;

/**
 * What the request gate asks of the token subsystem. Implementations verify from memory on the
 * hot path (a cache kept fresh from the store) and fail closed when unsure.
 */
public interface TokenAuthenticator {

  /**
   * Whether a credential is shaped like one of this adapter's tokens (prefix and length only; no
   * checksum, no store). A credential that is not is none of our business: the request passes
   * through to the host untouched.
   */
  boolean looksLikeToken(String credential);

  /**
   * Verifies a presented token.
   *
   * @param secret the token as presented (Basic password or Bearer value)
   * @param presentedUser the Basic user name or e-mail as presented, or {@code null} for Bearer
   * @param clientAddress the client's IP address as a literal (IPv4 or IPv6)
   */
  AuthResult authenticate(String secret, String presentedUser, String clientAddress);
}
