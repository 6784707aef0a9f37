package dev.limitto.jira.audit;

/**
 * Where audit events go. Called once per token request on the request thread, after the
 * response: implementations must return quickly and never block on I/O (queue and write
 * elsewhere), must be thread-safe, and must not throw; a sink that cannot keep up drops events
 * and counts them rather than slowing requests down.
 */
@FunctionalInterface
public interface AuditSink {

  /** Records one event. Must not block and must not throw. */
  void record(AuditEvent event);

  /** A sink that discards every event. */
  static AuditSink discarding() {
    return event -> { };
  }
}
