package dev.limitto.jira.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A token's allowed requests for suggestions: method and path, the newest kept, bounded. */
class AuditedTrafficTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final List<AuditEntry> log = new ArrayList<>();
  private final AuditReader reader = ListAuditReader.over(log);

  private void request(String token, int minute, String method, String url, String decision) {
    log.add(new AuditEntry(AuditEntry.Type.REQUEST, T0.plusSeconds(60L * minute), token, "bot",
        "alice", "alice", "127.0.0.1", method, url, decision,
        decision.equals(AuditEntry.ALLOWED) ? 1 : 0, null, 200, 10, null, null, List.of()));
  }

  @Test
  void allowedWhenMoreThanTheBoundThenTheNewestAllowedOfThatTokenSinceTheInstant()
      throws Exception {
    request("tok_a", 0, "GET", "https://jira.example.com/rest/api/2/issue/KAN-0", "ALLOWED");
    request("tok_a", 1, "GET", "https://jira.example.com/rest/api/2/issue/KAN-1?fields=***",
        "ALLOWED");
    request("tok_a", 2, "POST", "https://jira.example.com/rest/api/2/issue/KAN-2", "REFUSED");
    request("tok_b", 3, "GET", "https://jira.example.com/rest/api/2/issue/OPS-3", "ALLOWED");
    request("tok_a", 4, "PUT", "https://jira.example.com/rest/api/2/issue/KAN-4", "ALLOWED");
    request("tok_a", 5, "GET", "https://jira.example.com/rest/api/2/issue/KAN-5", "ALLOWED");

    AuditedTraffic.Traffic t = AuditedTraffic.allowed(reader, "tok_a", T0.plusSeconds(60), 2);

    // minute 0 is before since, minute 2 refused, minute 3 another token's; of 1, 4, 5 the newest 2
    assertThat(t.allowedInAudit()).isEqualTo(3);
    assertThat(t.truncated()).isTrue();
    assertThat(t.requests()).extracting(Request::toString)
        .containsExactly("PUT /rest/api/2/issue/KAN-4", "GET /rest/api/2/issue/KAN-5");
    AuditedTraffic.Traffic all = AuditedTraffic.allowed(reader, "tok_a", T0.plusSeconds(60), 10);
    assertThat(all.truncated()).isFalse();
    // the audited URL's masked query is not part of what is learnt from
    assertThat(all.requests().get(0).rawQuery()).isNull();
  }

  @Test
  void pathOfWhenNoPathOrNoSchemeThenNull() {
    assertThat(AuditedTraffic.pathOf("https://jira.example.com/a/b?x=***")).isEqualTo("/a/b");
    assertThat(AuditedTraffic.pathOf("https://jira.example.com")).isNull();
    assertThat(AuditedTraffic.pathOf("/a/b")).isNull();
  }
}
