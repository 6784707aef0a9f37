package dev.limitto.jira.audit;

import java.time.Instant;
import java.util.List;

/** Audit entries for tests. */
final class Entries {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private Entries() {}

  /** A request entry whose tokenId and reason carry a sequence number. */
  static AuditEntry request(long seq) {
    return request(T0.plusMillis(seq), "tok_" + (seq % 7), seq % 3 == 0, seq);
  }

  static AuditEntry request(Instant time, String tokenId, boolean refused, long seq) {
    return new AuditEntry(AuditEntry.Type.REQUEST, time, tokenId, "label " + tokenId, "alice",
        "alice", "10.0.0." + (seq % 250), "GET",
        "https://jira.example.com/rest/api/2/search?jql=***&n=" + seq,
        refused ? AuditEntry.REFUSED : AuditEntry.ALLOWED, refused ? 0 : 2,
        refused ? "line 1: method GET not in [POST] #" + seq : null, refused ? 403 : 200,
        1234, null, null, List.of());
  }

  static AuditEntry admin(Instant time, String tokenId, String action) {
    return new AuditEntry(AuditEntry.Type.ADMIN, time, tokenId, "label", null, null, null, null,
        null, null, 0, null, 0, 0, action, "admin", List.of("label", "restrictions"), 2);
  }
}
