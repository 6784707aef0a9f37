package dev.limitto.jira.audit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The child process of {@link AuditCrashTest}: audits numbered requests into the file log of
 * {@code args[0]} as fast as it can, with the default durability, and prints the counters
 * ({@code A accepted W written}) each time they change, until it is killed.
 */
public final class CrashingAuditWriter {

  private CrashingAuditWriter() {}

  public static void main(String[] args) throws Exception {
    int capacity = Integer.parseInt(args[1]);
    int maxBatch = Integer.parseInt(args[2]);
    AuditDispatcher d = AuditDispatcher.builder()
        .writer(JsonLinesAuditWriter.open(Path.of(args[0])))
        .capacity(capacity).maxBatch(maxBatch)
        // wait rather than drop: the parent checks that the file holds a gap-free prefix
        .maxEnqueueWait(Duration.ofMinutes(5))
        .start();
    PrintStream out = System.out;
    Thread reporter = new Thread(() -> {
      long last = -1;
      while (true) {
        AuditCounters c = d.counters();
        if (c.written() != last) {
          last = c.written();
          out.println(c.accepted() + " accepted " + c.written() + " written");
          out.flush();
        }
        Thread.onSpinWait();
      }
    }, "reporter");
    reporter.setDaemon(true);
    reporter.start();
    Instant t = Instant.parse("2026-03-01T10:00:00Z");
    for (long seq = 0; ; seq++) {
      d.record(new AuditEvent(t, "tok_crash", "crash", "alice", "alice", "10.0.0.1", "GET",
          "https://jira.example.com/rest/api/2/issue/C-" + seq + "?q=***",
          AuditEvent.Outcome.ALLOWED, 1, null, 200, Duration.ofNanos(seq)));
    }
  }
}
