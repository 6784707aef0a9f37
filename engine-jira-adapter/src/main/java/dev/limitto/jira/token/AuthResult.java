package dev.limitto.jira.token;

import java.util.Objects;

/** The outcome of {@link TokenAuthenticator#authenticate}: a principal, or a refusal with a reason. */
public sealed interface AuthResult {

  /** The token is valid for this request. */
  record Authenticated(TokenPrincipal principal) implements AuthResult {
    public Authenticated {
      Objects.requireNonNull(principal, "principal");
    }
  }

  /**
   * The token is refused (401). The reason is for logs and audit; it never contains the secret.
   */
  record Refused(Reason reason, String detail) implements AuthResult {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Why a token was refused. */
  enum Reason {
    /** Not a well-formed token: wrong prefix, length, alphabet or checksum (no store look-up). */
    MALFORMED,
    /** Well-formed but not in the store. */
    UNKNOWN,
    EXPIRED,
    REVOKED,
    /** The client address is outside the token's allow-list. */
    ADDRESS_NOT_ALLOWED,
    /** The presented user name or e-mail is not the token's owner. */
    WRONG_USER,
    /** An unbound token used where unbound tokens are disabled, or with Bearer auth. */
    UNBOUND_NOT_ALLOWED,
    /** The store could not be consulted; refused to fail closed. */
    STORE_UNAVAILABLE
  }
}
