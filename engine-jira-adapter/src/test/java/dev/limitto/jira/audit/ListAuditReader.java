package dev.limitto.jira.audit;

import java.util.List;

/** Test support: an {@link AuditReader} over entries held in a list, which may still grow. */
public final class ListAuditReader {

  private ListAuditReader() {}

  /** A reader of {@code entries} as they are when it reads, in their order. */
  public static AuditReader over(List<AuditEntry> entries) {
    return (query, sink) -> {
      long n = 0;
      for (AuditEntry e : entries) {
        if (query.matches(e)) {
          sink.accept(e);
          n++;
        }
      }
      return new AuditReader.ReadSummary(n, 0);
    };
  }
}
