package dev.limitto.jira.admin;

import java.util.Objects;

/**
 * Who is calling the admin API, as an {@link AdminAuthenticator} found out.
 *
 * @param kind what the caller is
 * @param userName the user's name ({@link Kind#ADMIN} and {@link Kind#USER}), else {@code null}
 */
public record AdminCaller(Kind kind, String userName) {

  /** What a caller is. */
  public enum Kind {
    /** An administrator: may call every route. */
    ADMIN,
    /** A logged-in user who is not an administrator: refused with 403. */
    USER,
    /** No credential, or one that was not accepted: refused with 401 and a challenge. */
    ANONYMOUS
  }

  /** The caller without a (valid) credential. */
  public static final AdminCaller ANONYMOUS = new AdminCaller(Kind.ANONYMOUS, null);

  public AdminCaller {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.ANONYMOUS) != (userName == null)) {
      throw new IllegalArgumentException("a user name is given exactly for ADMIN and USER");
    }
  }

  public static AdminCaller admin(String userName) {
    return new AdminCaller(Kind.ADMIN, userName);
  }

  public static AdminCaller user(String userName) {
    return new AdminCaller(Kind.USER, userName);
  }
}
