package dev.limitto.jira.audit;

import java.io.IOException;
import java.util.List;

/**
 * A durable destination of audit entries (a JSON Lines file, a database table, Jira's audit
 * service). Only {@link AuditDispatcher}'s writer thread calls it, one batch at a time, so an
 * implementation need not be thread-safe and may block on I/O.
 */
public interface AuditLogWriter extends AutoCloseable {

  /**
   * Writes a batch, in order. When this returns, the entries are as durable as the
   * implementation documents; when it throws, none, some or all of them may have been written
   * (the dispatcher retries the whole batch, so a writer that can tell should not write an entry
   * twice).
   */
  void write(List<AuditEntry> batch) throws IOException;

  /** Releases the destination; called once, after the last {@link #write}. */
  @Override
  void close() throws IOException;
}
