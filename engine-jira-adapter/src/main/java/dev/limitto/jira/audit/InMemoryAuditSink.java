package dev.limitto.jira.audit;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Keeps the most recent events in memory: for tests and for a standalone server without a
 * durable sink. Bounded: when full, the oldest event is dropped and counted.
 */
public final class InMemoryAuditSink implements AuditSink {

  /** Capacity of {@link #InMemoryAuditSink()}. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final int capacity;
  private final ArrayDeque<AuditEvent> events;
  private long dropped;

  public InMemoryAuditSink() {
    this(DEFAULT_CAPACITY);
  }

  public InMemoryAuditSink(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.capacity = capacity;
    this.events = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  @Override
  public synchronized void record(AuditEvent event) {
    if (events.size() == capacity) {
      events.removeFirst();
      dropped++;
    }
    events.addLast(event);
  }

  /** The events kept, oldest first. */
  public synchronized List<AuditEvent> events() {
    return List.copyOf(events);
  }

  /** How many events were dropped because the sink was full. */
  public synchronized long dropped() {
    return dropped;
  }

  /** Forgets every event kept (the drop count stays). */
  public synchronized void clear() {
    events.clear();
  }
}
