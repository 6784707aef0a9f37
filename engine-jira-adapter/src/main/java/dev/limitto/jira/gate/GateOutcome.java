package dev.limitto.jira.gate;

import dev.limitto.jira.token.TokenPrincipal;
import dev.limitto.jira.user.UserBinding;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the {@link Gate} decided for one request: pass it through untouched, let it through as a
 * token's user, or refuse it with a status and a Jira-style JSON body. A filter acts on it and
 * then calls {@link Gate#complete} with the final status, which records the audit event.
 */
public final class GateOutcome {

  /** The three things a filter can do with a request. */
  public enum Kind {
    /** Not a token request: hand the original request on, untouched. */
    PASS_THROUGH,
    /** A token request allowed by its rules: hand the single-principal request on. */
    AUTHENTICATED,
    /** Answer with {@link #status()}, {@link #challenges()} and {@link #responseBody()}. */
    REFUSED
  }

  /** The content type of a refusal's body. */
  public static final String CONTENT_TYPE = "application/json;charset=UTF-8";

  static final GateOutcome PASS_THROUGH =
      new GateOutcome(Kind.PASS_THROUGH, 0, null, List.of(), null, null, 0, null, null);

  private final Kind kind;
  private final int status;
  private final String message;
  private final List<String> challenges;
  private final TokenPrincipal principal;
  private final String effectiveUser;
  private final int matchedLine;
  private final String reason;
  private final Trace trace;
  private UserBinding.Scope scope = UserBinding.Scope.NONE;
  /** Seconds for {@code Retry-After} (a 429, or a 503 when a rate limit cannot be checked), or 0. */
  private long retryAfterSeconds;
  private boolean completed;

  private GateOutcome(
      Kind kind,
      int status,
      String message,
      List<String> challenges,
      TokenPrincipal principal,
      String effectiveUser,
      int matchedLine,
      String reason,
      Trace trace) {
    this.kind = kind;
    this.status = status;
    this.message = message;
    this.challenges = challenges;
    this.principal = principal;
    this.effectiveUser = effectiveUser;
    this.matchedLine = matchedLine;
    this.reason = reason;
    this.trace = trace;
  }

  static GateOutcome authenticated(
      TokenPrincipal principal, String effectiveUser, int line, Trace trace) {
    return new GateOutcome(
        Kind.AUTHENTICATED, 0, null, List.of(), principal, effectiveUser, line, null, trace);
  }

  static GateOutcome refused(
      int status, String message, List<String> challenges, String reason, Trace trace) {
    return new GateOutcome(
        Kind.REFUSED, status, message, List.copyOf(challenges), trace.principal, null, 0, reason,
        trace);
  }

  public Kind kind() {
    return kind;
  }

  /** The status to answer with; 0 unless {@link Kind#REFUSED}. */
  public int status() {
    return status;
  }

  /** The message shown to the client, or {@code null} unless refused. */
  public String message() {
    return message;
  }

  /** {@code WWW-Authenticate} values to send (401 only); empty otherwise. */
  public List<String> challenges() {
    return challenges;
  }

  /**
   * The headers of a refusal, in order, for the binding to write as they are (a binding sets
   * {@code Content-Type} through its content-type setter): the challenges of a 401, {@code
   * Cache-Control: no-store}, {@code X-Content-Type-Options: nosniff}, {@code Connection: close}
   * for a 400 or 413 (the rest of the body is unread: it must not be taken for a next request),
   * {@code Retry-After} in seconds for a 429 (a token's rate limit) or a 503 (a rate limit that
   * cannot be checked), and {@code Content-Type:
   * application/json;charset=UTF-8}. Empty unless refused.
   */
  public List<Map.Entry<String, String>> responseHeaders() {
    if (kind != Kind.REFUSED) {
      return List.of();
    }
    List<Map.Entry<String, String>> h = new ArrayList<>(challenges.size() + 4);
    for (String challenge : challenges) {
      h.add(Map.entry("WWW-Authenticate", challenge));
    }
    h.add(Map.entry("Cache-Control", "no-store"));
    h.add(Map.entry("X-Content-Type-Options", "nosniff"));
    if (status == 413 || status == 400) {
      h.add(Map.entry("Connection", "close"));
    }
    if (retryAfterSeconds > 0) {
      h.add(Map.entry("Retry-After", Long.toString(retryAfterSeconds)));
    }
    h.add(Map.entry("Content-Type", CONTENT_TYPE));
    return List.copyOf(h);
  }

  /**
   * The Jira-style JSON body of a refusal, {@code {"errorMessages":["..."],"errors":{}}}, as
   * UTF-8; empty unless refused.
   */
  public byte[] responseBody() {
    return message == null ? new byte[0] : errorJson(message).getBytes(StandardCharsets.UTF_8);
  }

  /** The token's principal when the token was verified, else {@code null}. */
  public TokenPrincipal principal() {
    return principal;
  }

  /** The id of the verified token, or {@code null} when no token was verified. */
  public String tokenId() {
    return principal == null ? null : principal.tokenId();
  }

  /** The user the host sees (the owner or the {@code contextUser}); {@code null} unless authenticated. */
  public String effectiveUser() {
    return effectiveUser;
  }

  /** The 1-based line that allowed the request; 0 when unrestricted or not authenticated. */
  public int matchedLine() {
    return matchedLine;
  }

  /** The detailed reason of a refusal, as logged and audited (never a secret); else {@code null}. */
  public String reason() {
    return reason;
  }

  Trace trace() {
    return trace;
  }

  /**
   * Seconds a rate-limited client should wait ({@code Retry-After}); 0 unless a 429, or a 503
   * for a rate limit that cannot be checked.
   */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  void retryAfterSeconds(long seconds) {
    this.retryAfterSeconds = seconds;
  }

  void scope(UserBinding.Scope scope) {
    this.scope = scope;
  }

  UserBinding.Scope scope() {
    return scope;
  }

  /** Marks the outcome completed; returns false when it already was. */
  boolean markCompleted() {
    if (completed) {
      return false;
    }
    completed = true;
    return true;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case PASS_THROUGH -> "PASS_THROUGH";
      case AUTHENTICATED -> "AUTHENTICATED as " + effectiveUser
          + (matchedLine == 0 ? "" : " (line " + matchedLine + ")");
      case REFUSED -> "REFUSED " + status + " (" + reason + ")";
    };
  }

  /** {@code {"errorMessages":[message],"errors":{}}} with the message JSON-escaped. */
  static String errorJson(String message) {
    StringBuilder sb = new StringBuilder(message.length() + 40);
    sb.append("{\"errorMessages\":[\"");
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          // escape controls, and '<' '>' '&' so that no browser sniffs the body as markup
          if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&'
              || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append("\"],\"errors\":{}}");
    return sb.toString();
  }

  /** What the audit event of a token request needs, gathered as the gate goes. */
  static final class Trace {
    final Instant time;
    final long startNanos;
    final String clientAddress;
    final String method;
    final String url;
    /** The verified token, once it is. */
    TokenPrincipal principal;
    /** The token a refused credential was recognised as, if any. */
    dev.limitto.jira.token.AuthResult.Recognised recognised;
    /** The staged rules' evaluation, when the token has staged rules and its rules decided. */
    StagedEvaluation staged;

    Trace(Instant time, long startNanos, String clientAddress, String method, String url) {
      this.time = time;
      this.startNanos = startNanos;
      this.clientAddress = clientAddress;
      this.method = method;
      this.url = url;
    }

    /** The id of the token presented, when it was recognised (verified or not); else null. */
    String tokenId() {
      return principal != null ? principal.tokenId() : recognised != null ? recognised.tokenId() : null;
    }

    String tokenLabel() {
      return principal != null ? principal.label() : recognised != null ? recognised.label() : null;
    }

    String owner() {
      return principal != null ? principal.userName() : recognised != null ? recognised.owner() : null;
    }
  }
}
