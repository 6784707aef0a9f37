package dev.limitto.jira.audit;

import dev.limitto.engine.Request;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A token's allowed requests as the audit recorded them, for least-privilege suggestions
 * ({@code ./limit-to suggest --token}, {@code GET /tokens/{id}/suggest}): method and path only,
 * since the audit masks query values.
 */
public final class AuditedTraffic {

  /** The requests read, newest kept when there were more than asked for, oldest first. */
  public record Traffic(List<Request> requests, long allowedInAudit) {
    /** Whether older allowed requests were left out to stay within the bound. */
    public boolean truncated() {
      return allowedInAudit > requests.size();
    }
  }

  private AuditedTraffic() {}

  /**
   * The token's allowed requests at or after {@code since}: at most {@code max}, the newest.
   *
   * @throws IOException when the audit cannot be read
   */
  public static Traffic allowed(AuditReader audit, String tokenId, Instant since, int max)
      throws IOException {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive, was " + max);
    }
    ArrayDeque<Request> kept = new ArrayDeque<>(Math.min(max, 1024));
    long[] allowed = new long[1];
    audit.read(AuditQuery.all().forToken(tokenId).since(since), e -> {
      if (e.type() == AuditEntry.Type.REQUEST && AuditEntry.ALLOWED.equals(e.decision())
          && e.url() != null && e.method() != null) {
        String path = pathOf(e.url());
        if (path != null) {
          allowed[0]++;
          if (kept.size() == max) {
            kept.removeFirst();
          }
          kept.addLast(Request.of(e.method(), path));
        }
      }
    });
    return new Traffic(List.copyOf(kept), allowed[0]);
  }

  /** The path of an audited URL ({@code origin/path?masked}), or null when it has none. */
  public static String pathOf(String url) {
    int scheme = url.indexOf("://");
    int slash = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
    if (slash < 0) {
      return null;
    }
    int q = url.indexOf('?', slash);
    return q < 0 ? url.substring(slash) : url.substring(slash, q);
  }
}
