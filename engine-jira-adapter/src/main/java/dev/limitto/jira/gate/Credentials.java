package dev.limitto.jira.gate;

import dev.limitto.jira.token.TokenAuthenticator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Finds a Limit-to token in an {@code Authorization} header value: {@code Bearer <token>} or
 * {@code Basic base64(user:token)}. Anything else is not ours, and the gate passes the request
 * through untouched.
 */
final class Credentials {

  private Credentials() {}

  /**
   * Our token in one Authorization value, or {@code null} when the value is none of ours (no
   * Basic or Bearer scheme, undecodable, or a secret that is not shaped like our tokens).
   */
  static Credential parse(String value, TokenAuthenticator authenticator) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    // RFC 9110 separates scheme and credentials by spaces; a tab is accepted too, so that a
    // token is never handed on to the host for want of a recognised separator
    int sp = 0;
    while (sp < v.length() && v.charAt(sp) != ' ' && v.charAt(sp) != '\t') {
      sp++;
    }
    if (sp == 0 || sp == v.length()) {
      return null;
    }
    String scheme = v.substring(0, sp);
    String rest = v.substring(sp + 1).strip();
    if (scheme.equalsIgnoreCase("Bearer")) {
      return looksLikeToken(rest, authenticator) ? new Credential(null, rest, true) : null;
    }
    if (!scheme.equalsIgnoreCase("Basic")) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(rest), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String secret = decoded.substring(colon + 1);
    return looksLikeToken(secret, authenticator) ? new Credential(decoded.substring(0, colon), secret, false) : null;
  }

  private static boolean looksLikeToken(String s, TokenAuthenticator authenticator) {
    return !s.isEmpty() && authenticator.looksLikeToken(s);
  }

  /** A token credential: the Basic user (null for Bearer), the secret, and the scheme. */
  record Credential(String user, String secret, boolean bearer) {
    @Override
    public String toString() {
      return "Credential[" + (bearer ? "Bearer" : "Basic user=" + user) + "]";
    }
  }
}
