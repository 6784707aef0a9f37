package dev.limitto.jira.audit;

import dev.limitto.jira.token.TokenAdminEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of the audit log as it is stored and read back: either a request made with a token
 * ({@link Type#REQUEST}) or an administrative change of a token ({@link Type#ADMIN}). Fields that
 * do not apply to the type, or were unknown, are {@code null} (numbers: 0). Never holds a secret or
 * a body: it is built only from {@link AuditEvent} and {@link TokenAdminEvent}, which carry
 * neither.
 *
 * @param type what happened
 * @param time when the request arrived, or when the change was made
 * @param tokenId the token's public id; {@code null} for a request whose token was not recognised
 * @param tokenLabel the token's label
 * @param owner the user the token belongs to (requests only)
 * @param effectiveUser the user the request ran as (requests only; differs from the owner with
 *     {@code contextUser})
 * @param clientAddress the client's IP address (requests only)
 * @param method the HTTP method (requests only)
 * @param url the canonical URL with query values masked (requests only)
 * @param decision {@code ALLOWED} or {@code REFUSED} (requests only)
 * @param matchedLine the rule line that allowed the request, 0 when none
 * @param reason why the request was refused (requests only)
 * @param status the HTTP status of the response (requests only)
 * @param durationMicros how long the request took in the filter and the host, in microseconds
 * @param action {@code CREATE}, {@code EDIT}, {@code VIEW}, {@code REVOKE} or {@code IMPORT}
 *     (administration only)
 * @param actor the admin who made the change (administration only)
 * @param changedFields names of the fields set or changed (administration only; empty otherwise)
 * @param ruleLines the token's effective rule lines after the change (administration only): 0
 *     for an unrestricted token, -1 when unknown (requests, and entries written before this field)
 * @param staged what the token's staged rules would have decided (requests of a token with
 *     staged rules only; {@code null} otherwise, and when the evaluation failed)
 */
public record AuditEntry(
    Type type,
    Instant time,
    String tokenId,
    String tokenLabel,
    String owner,
    String effectiveUser,
    String clientAddress,
    String method,
    String url,
    String decision,
    int matchedLine,
    String reason,
    int status,
    long durationMicros,
    String action,
    String actor,
    List<String> changedFields,
    int ruleLines,
    StagedOutcome staged) {

  /** The two kinds of audit entries, stored in the {@code type} field. */
  public enum Type {
    /** A request made with a token (allowed or refused). */
    REQUEST,
    /** A token was created, edited, shown again, revoked or imported. */
    ADMIN
  }

  /** {@link #decision()} of a request the host served. */
  public static final String ALLOWED = "ALLOWED";
  /** {@link #decision()} of a request the filter refused. */
  public static final String REFUSED = "REFUSED";

  public AuditEntry {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
    ruleLines = Math.max(ruleLines, -1);
    if (type != Type.REQUEST) {
      staged = null;
    }
  }

  /** An entry without a staged outcome. */
  public AuditEntry(Type type, Instant time, String tokenId, String tokenLabel, String owner,
      String effectiveUser, String clientAddress, String method, String url, String decision,
      int matchedLine, String reason, int status, long durationMicros, String action,
      String actor, List<String> changedFields, int ruleLines) {
    this(type, time, tokenId, tokenLabel, owner, effectiveUser, clientAddress, method, url,
        decision, matchedLine, reason, status, durationMicros, action, actor, changedFields,
        ruleLines, null);
  }

  /** An entry without a rule line count ({@code ruleLines} -1). */
  public AuditEntry(Type type, Instant time, String tokenId, String tokenLabel, String owner,
      String effectiveUser, String clientAddress, String method, String url, String decision,
      int matchedLine, String reason, int status, long durationMicros, String action,
      String actor, List<String> changedFields) {
    this(type, time, tokenId, tokenLabel, owner, effectiveUser, clientAddress, method, url,
        decision, matchedLine, reason, status, durationMicros, action, actor, changedFields, -1);
  }

  /** Whether this is a request the filter refused. */
  public boolean refused() {
    return type == Type.REQUEST && REFUSED.equals(decision);
  }

  /**
   * The entry of a request event, as the gate reports it. Runs the event's staged check, if it
   * has one: call it where the event is recorded durably, off the response path.
   */
  public static AuditEntry of(AuditEvent e) {
    StagedOutcome staged = null;
    if (e.staged() != null) {
      try {
        staged = e.staged().outcome();
      } catch (RuntimeException ex) {
        staged = null; // a check must not throw; if one does, the request is still audited
      }
    }
    return new AuditEntry(Type.REQUEST, e.time(), e.tokenId(), e.tokenLabel(), e.owner(),
        e.effectiveUser(), e.clientAddress(), e.method(), e.url(),
        e.outcome() == AuditEvent.Outcome.ALLOWED ? ALLOWED : REFUSED, e.matchedLine(),
        e.reason(), e.status(), micros(e.duration()), null, null, List.of(), -1, staged);
  }

  private static long micros(Duration d) {
    long s = d.getSeconds();
    // saturate rather than overflow for absurd durations
    return s >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : s * 1_000_000 + d.getNano() / 1_000;
  }

  /** The entry of a token administration event. */
  public static AuditEntry of(TokenAdminEvent e) {
    return new AuditEntry(Type.ADMIN, e.time(), e.tokenId(), e.label(), null, null, null, null,
        null, null, 0, null, 0, 0, e.action().name(), e.actor(), e.changedFields(),
        e.ruleLines());
  }
}
