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
   *
   * @param reason why
   * @param detail a fixed text saying why, for logs and audit
   * @param token the token the credential was recognised as (revoked, expired, used from an
   *     address outside its allow-list, with the wrong user, ...), so that the refusal is
   *     recorded against it; {@code null} when the credential matched no token
   */
  record Refused(Reason reason, String detail, Recognised token) implements AuthResult {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    /** A refusal of a credential that matched no token. */
    public Refused(Reason reason, String detail) {
      this(reason, detail, null);
    }
  }

  /**
   * A token the credential was recognised as, though it was refused: what the audit records of
   * it. Never the secret.
   *
   * @param tokenId the token's public id
   * @param label the token's label
   * @param owner the token's owner, or {@code null} for an unbound token
   */
  record Recognised(String tokenId, String label, String owner) {
    public Recognised {
      Objects.requireNonNull(tokenId, "tokenId");
      Objects.requireNonNull(label, "label");
    }
  }

  /** Why a token was refused. */
  enum Reason {
    /** Not a well-formed token: wrong prefix, length, alphabet or checksum (no store look-up). */
    MALFORMED,
    /**
     * Well-formed but not a token of this installation: its keyed tag does not verify, it is not
     * in the store, or it names no server key.
     */
    UNKNOWN,
    EXPIRED,
    REVOKED,
    /** The secret was replaced by a rotation and its overlap window has ended. */
    ROTATED,
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
