package dev.limitto.jira.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * Which audit entries to read back: all of them, or those of one token, since a time, only
 * refusals. Immutable; each {@code with}-method returns a new query.
 *
 * @param tokenId only entries of this token id, or {@code null} for every token
 * @param since only entries at or after this time, or {@code null} for no lower bound
 * @param refusedOnly only requests that were refused
 */
public record AuditQuery(String tokenId, Instant since, boolean refusedOnly) {

  /** Every entry. */
  public static AuditQuery all() {
    return new AuditQuery(null, null, false);
  }

  public AuditQuery forToken(String id) {
    return new AuditQuery(Objects.requireNonNull(id, "id"), since, refusedOnly);
  }

  public AuditQuery since(Instant time) {
    return new AuditQuery(tokenId, Objects.requireNonNull(time, "time"), refusedOnly);
  }

  public AuditQuery onlyRefused() {
    return new AuditQuery(tokenId, since, true);
  }

  /** Whether an entry is one this query asks for. */
  public boolean matches(AuditEntry e) {
    return (tokenId == null || tokenId.equals(e.tokenId()))
        && (since == null || !e.time().isBefore(since))
        && (!refusedOnly || e.refused());
  }
}
