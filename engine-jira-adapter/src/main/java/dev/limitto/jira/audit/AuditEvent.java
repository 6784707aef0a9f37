package dev.limitto.jira.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One request made with an API token, as it is recorded: who, from where, what, and what was
 * decided. Never holds the secret and never the body.
 *
 * @param time when the request arrived
 * @param tokenId the token's public id, or {@code null} when the token was not recognised
 * @param tokenLabel the token's label, or {@code null} when the token was not recognised
 * @param owner the user the token belongs to (for an unbound token the presented user), or
 *     {@code null} when the token was not recognised
 * @param effectiveUser the user the request ran as: the {@code contextUser} when the token may
 *     act as another user, else the owner; {@code null} when the request did not reach the host
 * @param clientAddress the client's IP address as the container reports it
 * @param method the request method as received
 * @param url the canonical URL: the base URL's origin and the path as received (control
 *     characters escaped, bounded in length), query parameter values masked
 * @param outcome whether the request reached the host
 * @param matchedLine the 1-based rule line that allowed the request; 0 when unrestricted or not
 *     allowed
 * @param reason why the request was refused (never a secret), or {@code null} when allowed
 * @param status the HTTP status of the response
 * @param duration from the request's arrival at the filter to the end of the response
 * @param staged the evaluation of the token's staged rules, run when the event is recorded
 *     durably (off the response path); {@code null} when the token has no staged rules or the
 *     request was refused before its rules were evaluated
 */
public record AuditEvent(
    Instant time,
    String tokenId,
    String tokenLabel,
    String owner,
    String effectiveUser,
    String clientAddress,
    String method,
    String url,
    Outcome outcome,
    int matchedLine,
    String reason,
    int status,
    Duration duration,
    StagedCheck staged) {

  /** Whether the request reached the host application. */
  public enum Outcome {
    /** Authenticated and allowed by the token's rules: the host served it. */
    ALLOWED,
    /** Refused by the filter (401, 400, 403, 413 or 500): the host never saw it. */
    REFUSED
  }

  /** An event of a token without staged rules. */
  public AuditEvent(Instant time, String tokenId, String tokenLabel, String owner,
      String effectiveUser, String clientAddress, String method, String url, Outcome outcome,
      int matchedLine, String reason, int status, Duration duration) {
    this(time, tokenId, tokenLabel, owner, effectiveUser, clientAddress, method, url, outcome,
        matchedLine, reason, status, duration, null);
  }

  public AuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(duration, "duration");
    if (matchedLine < 0) {
      throw new IllegalArgumentException("matchedLine must not be negative, was " + matchedLine);
    }
    if (outcome == Outcome.REFUSED && reason == null) {
      throw new IllegalArgumentException("a refused request needs a reason");
    }
  }
}
