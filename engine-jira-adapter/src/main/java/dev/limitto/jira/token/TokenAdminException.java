package dev.limitto.jira.token;

/**
 * An administrative token operation was refused: bad input, a setting that forbids it, or a token
 * that does not exist. The message says what and names the field or setting; it never holds a
 * secret.
 */
public class TokenAdminException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public TokenAdminException(String message) {
    super(message);
  }
}
