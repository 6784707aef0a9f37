package dev.limitto.jira.audit;

/**
 * The evaluation of a token's staged rules for one request, carried by its {@link AuditEvent}
 * and run off the response path: the first call of {@link #outcome()} evaluates (the audit
 * dispatcher's writer thread does it when it turns the event into an {@link AuditEntry}), later
 * calls return the same answer. Implementations are thread-safe and never throw.
 */
@FunctionalInterface
public interface StagedCheck {

  /**
   * What the staged rules would have decided, or {@code null} when that cannot be told (the
   * evaluation failed; logged by the implementation).
   */
  StagedOutcome outcome();
}
