package dev.limitto.benchmarks;

import dev.limitto.jira.audit.AuditCounters;
import dev.limitto.jira.audit.AuditDispatcher;
import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.audit.AuditEvent;
import dev.limitto.jira.audit.AuditLogWriter;
import dev.limitto.jira.audit.JsonLinesAuditWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two costs of auditing: what a request pays to hand its event over ({@code enqueue}:
 * {@link AuditDispatcher#record} into a queue drained by a writer that stores nothing), and how
 * many events per second the JSON Lines file writer stores ({@code writeFile}: batches of
 * {@value #BATCH} typical request entries, encoded and appended, under each
 * {@link JsonLinesAuditWriter.Durability}). The score of {@code writeFile} is per event.
 *
 * <p>Each benchmark checks its own work: {@code enqueue} that every offered event was either
 * accepted or counted as dropped, {@code writeFile} that the files hold exactly one complete line
 * per event written.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AuditBenchmark -prof gc
 * </pre>
 */
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AuditBenchmark {

  static final int BATCH = 512;
  static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  static AuditEvent event(long i) {
    return new AuditEvent(T, "tok_4f2a9c1e7b3d5a60e8f1", "ci pipeline", "alice", "alice",
        "192.0.2.17", "GET", "https://jira.example.com/rest/api/2/search?jql=***&maxResults=***",
        AuditEvent.Outcome.ALLOWED, 2, null, 200, Duration.ofNanos(41_000 + i % 1000));
  }

  /** A dispatcher whose writer only counts, so the queue, not the disk, is measured. */
  @State(Scope.Benchmark)
  public static class Dispatcher {
    final LongAdder stored = new LongAdder();
    AuditDispatcher dispatcher;
    AuditEvent[] events;

    @Setup(Level.Trial)
    public void start() {
      dispatcher = AuditDispatcher.builder().writer(new AuditLogWriter() {
        @Override
        public void write(List<AuditEntry> batch) {
          stored.add(batch.size());
        }

        @Override
        public void close() { }
      }).start();
      events = new AuditEvent[1024];
      for (int i = 0; i < events.length; i++) {
        events[i] = event(i);
      }
    }

    @TearDown(Level.Trial)
    public void stop() {
      dispatcher.close();
      AuditCounters c = dispatcher.counters();
      if (c.offered() != c.written() + c.dropped() || c.written() != stored.sum()
          || c.failed() != 0) {
        throw new AssertionError("audit counters do not add up: " + c);
      }
      System.out.printf("%n[audit] enqueue: %s%n", c);
    }
  }

  /** Per-thread position in the event array. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public void enqueue(Dispatcher d, Cursor c) {
    d.dispatcher.record(d.events[c.i++ & 1023]);
  }

  /** A JSON Lines writer on a fresh temporary directory per iteration. */
  @State(Scope.Thread)
  public static class FileLog {
    @Param({"FSYNC_EACH_BATCH", "WRITE_EACH_BATCH"})
    public JsonLinesAuditWriter.Durability durability;

    Path dir;
    JsonLinesAuditWriter writer;
    List<AuditEntry> batch;
    long written;

    @Setup(Level.Iteration)
    public void open() throws IOException {
      dir = Files.createTempDirectory("limitto-audit-bench-");
      writer = JsonLinesAuditWriter.builder(dir).durability(durability).open();
      batch = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        batch.add(AuditEntry.of(event(i)));
      }
      written = 0;
    }

    @TearDown(Level.Iteration)
    public void check() throws IOException {
      writer.close();
      long lines = 0;
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "audit-*.jsonl")) {
        for (Path f : files) {
          try (var s = Files.lines(f)) {
            lines += s.count();
          }
          Files.delete(f);
        }
      }
      Files.deleteIfExists(dir.resolve(".lock"));
      Files.delete(dir);
      if (lines != written) {
        throw new AssertionError("wrote " + written + " events but the files hold " + lines);
      }
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void writeFile(FileLog f) {
    try {
      f.writer.write(f.batch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    f.written += BATCH;
  }
}
