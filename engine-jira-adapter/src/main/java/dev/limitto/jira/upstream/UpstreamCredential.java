package dev.limitto.jira.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The credential a gateway sends to its upstream on behalf of one Limit-to token: a Jira
 * personal access token ({@link Kind#BEARER}) or a user with an API token ({@link Kind#BASIC},
 * Jira Cloud). Immutable. {@link #toString()} never shows the secret.
 */
public final class UpstreamCredential {

  /** How the credential is sent. */
  public enum Kind {
    /** {@code Authorization: Bearer PAT} (Jira Data Center personal access tokens). */
    BEARER,
    /** {@code Authorization: Basic base64(user:api-token)} (Jira Cloud API tokens). */
    BASIC
  }

  /** Longest credential accepted, in characters. */
  public static final int MAX_LENGTH = 4_096;
  public static final String ERR_EMPTY = "the upstream credential is empty";
  public static final String ERR_TOO_LONG =
      "the upstream credential is %d characters long; at most " + MAX_LENGTH + " are accepted";
  public static final String ERR_CONTROL =
      "the upstream credential contains a control character or a space at position %d"
          + " (one line, nothing else)";
  public static final String ERR_BASIC_FORM =
      "a Basic upstream credential is user:api-token (the user name, a colon, the API token)";
  public static final String ERR_SEVERAL_LINES =
      "the upstream credential file must hold one line; line %d is not empty";

  private final Kind kind;
  private final String user;
  private final String secret;

  private UpstreamCredential(Kind kind, String user, String secret) {
    this.kind = kind;
    this.user = user;
    this.secret = secret;
  }

  /** A Jira personal access token sent as {@code Bearer}. */
  public static UpstreamCredential bearer(String token) {
    check(token, false);
    return new UpstreamCredential(Kind.BEARER, null, token);
  }

  /** A user and API token sent as {@code Basic}. */
  public static UpstreamCredential basic(String user, String apiToken) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(apiToken, "apiToken");
    if (user.isEmpty() || apiToken.isEmpty() || user.indexOf(':') >= 0) {
      throw new IllegalArgumentException(ERR_BASIC_FORM);
    }
    check(user + ":" + apiToken, true);
    return new UpstreamCredential(Kind.BASIC, user, apiToken);
  }

  /**
   * Reads a credential file's content: one line (a final line break is allowed, blank lines after
   * it too), the PAT for {@link Kind#BEARER}, {@code user:api-token} for {@link Kind#BASIC}.
   *
   * @throws IllegalArgumentException with one of the {@code ERR_*} messages
   */
  public static UpstreamCredential parse(Kind kind, String content) {
    Objects.requireNonNull(kind, "kind");
    String[] lines = content.split("\r?\n", -1);
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        throw new IllegalArgumentException(String.format(ERR_SEVERAL_LINES, i + 1));
      }
    }
    String line = lines[0];
    if (kind == Kind.BEARER) {
      return bearer(line);
    }
    int colon = line.indexOf(':');
    if (colon <= 0) {
      check(line, true);
      throw new IllegalArgumentException(ERR_BASIC_FORM);
    }
    return basic(line.substring(0, colon), line.substring(colon + 1));
  }

  private static void check(String s, boolean spaceAllowed) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException(ERR_EMPTY);
    }
    if (s.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(String.format(ERR_TOO_LONG, s.length()));
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c == ' ' && !spaceAllowed)) {
        throw new IllegalArgumentException(String.format(ERR_CONTROL, i + 1));
      }
    }
  }

  public Kind kind() {
    return kind;
  }

  /** The upstream user of a {@link Kind#BASIC} credential (not a secret); null for Bearer. */
  public String user() {
    return user;
  }

  /** The value of the {@code Authorization} header to send upstream. */
  public String authorization() {
    if (kind == Kind.BEARER) {
      return "Bearer " + secret;
    }
    return "Basic " + Base64.getEncoder().encodeToString(
        (user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** The form stored encrypted: {@code B:pat} or {@code U:user:api-token}. */
  String sealed() {
    return kind == Kind.BEARER ? "B:" + secret : "U:" + user + ":" + secret;
  }

  static UpstreamCredential unseal(String s) {
    if (s.startsWith("B:")) {
      return new UpstreamCredential(Kind.BEARER, null, s.substring(2));
    }
    if (s.startsWith("U:")) {
      int colon = s.indexOf(':', 2);
      if (colon > 2) {
        return new UpstreamCredential(Kind.BASIC, s.substring(2, colon), s.substring(colon + 1));
      }
    }
    throw new IllegalStateException("a stored upstream credential has an unknown form");
  }

  @Override
  public String toString() {
    return kind == Kind.BEARER ? "Bearer (personal access token, hidden)"
        : "Basic as " + user + " (API token hidden)";
  }
}
