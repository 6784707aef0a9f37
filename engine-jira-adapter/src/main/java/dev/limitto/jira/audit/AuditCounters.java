package dev.limitto.jira.audit;

/**
 * A snapshot of an {@link AuditDispatcher}'s counters. Every event handed to the dispatcher ends
 * up in exactly one of {@code written}, {@code dropped}, {@code failed}, or is still
 * {@code queued} (or in the batch being written): so once the dispatcher is closed,
 * {@code accepted == written + failed} and {@code offered == accepted + dropped}. While a
 * producer waits for room ({@code maxEnqueueWait}), its event is offered but not yet accepted.
 *
 * @param offered events handed to the dispatcher
 * @param accepted events that found room in the queue
 * @param queued events waiting in the queue now
 * @param written events every writer has stored
 * @param dropped events refused because the queue was full (or the dispatcher closed)
 * @param failed events a writer could not store after its retries
 */
public record AuditCounters(
    long offered, long accepted, long queued, long written, long dropped, long failed) {

  /** Whether anything was lost: dropped or failed. */
  public boolean lost() {
    return dropped > 0 || failed > 0;
  }

  @Override
  public String toString() {
    return "queued=" + queued + " written=" + written + " dropped=" + dropped + " failed="
        + failed + " (offered=" + offered + " accepted=" + accepted + ")";
  }
}
