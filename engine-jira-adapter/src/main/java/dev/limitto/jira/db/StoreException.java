package dev.limitto.jira.db;

/**
 * A store (the token store, or the audit table beside it) failed or refused an operation. Messages
 * never contain secrets.
 */
public class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The operation conflicts with what is stored (duplicate id or hash, stale version). */
  public static final class Conflict extends StoreException {
    private static final long serialVersionUID = 1L;

    public Conflict(String message) {
      super(message);
    }
  }

  /** No token has the given id. */
  public static final class NotFound extends StoreException {
    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
      super(message);
    }
  }
}
