package dev.limitto.jira.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the audit log back: "who used this token, when, and what was refused". Implemented by
 * the JSON Lines file log and the JDBC table.
 */
public interface AuditReader {

  /** What a read found besides the entries themselves. */
  record ReadSummary(long matched, long unreadableLines) {}

  /**
   * Passes every entry the query matches to {@code sink}, oldest first (file order for the file
   * log, which is write order; time then insertion order for the table). Lines that cannot be
   * read (an unterminated last line left by a crash, a damaged file) are skipped and counted.
   */
  ReadSummary read(AuditQuery query, Consumer<AuditEntry> sink) throws IOException;

  /** The matching entries as a list: convenient for small logs and tests. */
  default List<AuditEntry> readAll(AuditQuery query) throws IOException {
    List<AuditEntry> out = new ArrayList<>();
    read(query, out::add);
    return out;
  }
}
