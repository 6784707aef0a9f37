package dev.limitto.jira.audit;

import dev.limitto.jira.token.TokenAdminEvent;
import dev.limitto.jira.token.TokenAdminListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the gate and the durable audit writers: the request thread only puts the event in a
 * bounded queue; one writer thread takes batches off it and hands each batch to every
 * {@link AuditLogWriter}, in order.
 *
 * <ul>
 *   <li>A full queue never blocks a request for longer than {@link Builder#maxEnqueueWait}
 *       (default: not at all); the event is dropped, counted in {@link AuditCounters#dropped()}
 *       and reported in the log at once (at most once per report interval) and in the periodic
 *       report.
 *   <li>A writer that fails is retried ({@link Builder#retries}, with a pause); a batch that
 *       still fails is counted in {@link AuditCounters#failed()} and reported.
 *   <li>{@link #close()} stops taking events and writes everything queued before it returns (up
 *       to {@link Builder#shutdownTimeout}), then closes the writers.
 *   <li>Every {@link Builder#reportInterval}, when anything happened, the counters are logged
 *       (WARN when events were dropped or failed since the last report, else INFO).
 * </ul>
 *
 * Token administration events ({@link TokenAdminListener}) go through the same queue, so one log
 * holds both, told apart by {@link AuditEntry#type()}.
 */
public final class AuditDispatcher implements AuditSink, TokenAdminListener, AutoCloseable {

  /** Default of {@link Builder#capacity}. */
  public static final int DEFAULT_CAPACITY = 65_536;
  /** Default of {@link Builder#maxBatch}. */
  public static final int DEFAULT_MAX_BATCH = 1_024;
  /** Default of {@link Builder#retries}. */
  public static final int DEFAULT_RETRIES = 2;
  /** Default of {@link Builder#reportInterval}. */
  public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofMinutes(1);
  /** Default of {@link Builder#shutdownTimeout}. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
  /** Default of {@link Builder#retryPause}. */
  public static final Duration DEFAULT_RETRY_PAUSE = Duration.ofMillis(200);

  static final String ERR_NO_WRITERS = "an audit dispatcher needs at least one writer";
  static final String ERR_POSITIVE = "audit %s must be positive, was %d (from AuditDispatcher"
      + ".Builder.%s)";
  static final String ERR_DURATION = "audit %s must not be negative, was %s (from"
      + " AuditDispatcher.Builder.%s)";

  private static final Logger LOG = LoggerFactory.getLogger(AuditDispatcher.class);
  /** Wakes the writer thread on close; never written. */
  private static final Object WAKE_UP = new Object();

  private final ArrayBlockingQueue<Object> queue;
  private final List<AuditLogWriter> writers;
  private final int maxBatch;
  private final long maxEnqueueWaitNanos;
  private final int retries;
  private final Duration retryPause;
  private final long reportIntervalNanos;
  private final Duration shutdownTimeout;
  private final Thread thread;

  private final LongAdder offered = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  /** Written by the writer thread only. */
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  /** System.nanoTime() of the last immediate drop warning; 0 before the first. */
  private final AtomicLong lastDropWarning = new AtomicLong();
  private volatile boolean closed;

  private AuditDispatcher(Builder b) {
    this.queue = new ArrayBlockingQueue<>(b.capacity);
    this.writers = List.copyOf(b.writers);
    this.maxBatch = b.maxBatch;
    this.maxEnqueueWaitNanos = b.maxEnqueueWait.toNanos();
    this.retries = b.retries;
    this.retryPause = b.retryPause;
    this.reportIntervalNanos = b.reportInterval.toNanos();
    this.shutdownTimeout = b.shutdownTimeout;
    this.thread = new Thread(this::run, b.threadName);
    thread.setDaemon(true);
    thread.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Audits a token request: only puts it in the queue (see the class comment). */
  @Override
  public void record(AuditEvent event) {
    enqueue(event);
  }

  /** Audits a token administration event (same queue and rules as requests). */
  @Override
  public void onEvent(TokenAdminEvent event) {
    enqueue(event);
  }

  /** Puts one event in the queue; never blocks longer than the configured wait, never throws. */
  void enqueue(Object event) {
    offered.increment();
    if (event == null || closed) {
      drop();
      return;
    }
    boolean queued;
    if (maxEnqueueWaitNanos == 0) {
      queued = queue.offer(event);
    } else {
      try {
        queued = queue.offer(event, maxEnqueueWaitNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // keep the caller's interrupt; the event is dropped
        queued = false;
      }
    }
    if (queued) {
      // counted once the event is in the queue, not while its producer still waits for room
      accepted.increment();
    } else {
      drop();
    }
  }

  private void drop() {
    dropped.increment();
    long now = System.nanoTime();
    long last = lastDropWarning.get();
    if ((last == 0 || now - last >= reportIntervalNanos) && lastDropWarning.compareAndSet(last, now)) {
      LOG.warn("Limit-to audit: queue full or closed, dropping events ({}); raise the capacity"
          + " (AuditDispatcher.Builder.capacity) or find the slow writer", counters());
    }
  }

  /** The counters now. Thread-safe; the numbers are read one after another, not atomically. */
  public AuditCounters counters() {
    long w = written.get();
    long f = failed.get();
    long q = queue.size();
    long d = dropped.sum();
    long a = accepted.sum();
    long o = offered.sum();
    return new AuditCounters(o, a, q, w, d, f);
  }

  /**
   * Stops taking events (later ones are counted as dropped), writes everything queued, closes
   * the writers. Waits at most the shutdown timeout; when the writers are slower than that, it
   * logs the counters and returns while the writer thread goes on in the background. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.offer(WAKE_UP); // when full, the writer thread is busy and will see the flag anyway
    try {
      thread.join(Math.max(1, shutdownTimeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.error("Limit-to audit: writers did not finish within {} at shutdown; {}",
          shutdownTimeout, counters());
    }
  }

  private void run() {
    List<Object> batch = new ArrayList<>(maxBatch);
    List<AuditEntry> entries = new ArrayList<>(maxBatch);
    long nextReport = System.nanoTime() + reportIntervalNanos;
    AuditCounters reported = counters();
    try {
      while (!(closed && queue.isEmpty())) {
        Object first;
        try {
          first = queue.poll(Math.max(1, nextReport - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          // Nobody should interrupt this thread; carry on so that nothing queued is lost.
          first = null;
        }
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, maxBatch - 1);
          writeBatch(batch, entries);
          batch.clear();
          entries.clear();
        }
        if (System.nanoTime() - nextReport >= 0) {
          reported = report(reported);
          nextReport = System.nanoTime() + reportIntervalNanos;
        }
      }
    } finally {
      for (AuditLogWriter w : writers) {
        try {
          w.close();
        } catch (IOException | RuntimeException e) {
          LOG.error("Limit-to audit: closing {} failed", w, e);
        }
      }
      report(reported);
    }
  }

  private void writeBatch(List<Object> batch, List<AuditEntry> entries) {
    for (Object o : batch) {
      AuditEntry e = toEntry(o);
      if (e != null) {
        entries.add(e);
      }
    }
    if (entries.isEmpty()) {
      return;
    }
    boolean allWritten = true;
    for (AuditLogWriter w : writers) {
      allWritten &= writeWithRetries(w, entries);
    }
    if (allWritten) {
      written.addAndGet(entries.size());
    } else {
      failed.addAndGet(entries.size());
    }
  }

  private boolean writeWithRetries(AuditLogWriter w, List<AuditEntry> entries) {
    for (int attempt = 0; ; attempt++) {
      try {
        w.write(entries);
        return true;
      } catch (IOException | RuntimeException e) {
        if (attempt >= retries) {
          LOG.error("Limit-to audit: {} failed to write {} events after {} attempts", w,
              entries.size(), attempt + 1, e);
          return false;
        }
        LOG.warn("Limit-to audit: {} failed to write {} events, retrying: {}", w,
            entries.size(), String.valueOf(e));
        pause();
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(retryPause.toMillis());
    } catch (InterruptedException e) {
      // see run(): keep going
    }
  }

  /** The stored form of a queued event; {@code null} (counted as failed) for anything else. */
  private AuditEntry toEntry(Object o) {
    if (o instanceof AuditEvent request) {
      return AuditEntry.of(request);
    }
    if (o instanceof TokenAdminEvent admin) {
      return AuditEntry.of(admin);
    }
    if (o != WAKE_UP) {
      failed.incrementAndGet();
      LOG.error("Limit-to audit: cannot record a {}", o.getClass().getName());
    }
    return null;
  }

  private AuditCounters report(AuditCounters last) {
    AuditCounters now = counters();
    boolean lost = now.dropped() > last.dropped() || now.failed() > last.failed();
    if (lost) {
      LOG.warn("Limit-to audit: events lost since the last report; {}", now);
    } else if (now.offered() > last.offered()) {
      LOG.info("Limit-to audit: {}", now);
    }
    return now;
  }

  @Override
  public String toString() {
    return "AuditDispatcher" + writers + " " + counters();
  }

  /** Settings of an {@link AuditDispatcher}; defaults as documented on each method. */
  public static final class Builder {
    private final List<AuditLogWriter> writers = new ArrayList<>();
    private int capacity = DEFAULT_CAPACITY;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private Duration maxEnqueueWait = Duration.ZERO;
    private int retries = DEFAULT_RETRIES;
    private Duration retryPause = DEFAULT_RETRY_PAUSE;
    private Duration reportInterval = DEFAULT_REPORT_INTERVAL;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private String threadName = "limitto-audit";

    private Builder() {}

    /** Adds a writer; each batch goes to every writer, in the order they were added. */
    public Builder writer(AuditLogWriter w) {
      writers.add(Objects.requireNonNull(w, "writer"));
      return this;
    }

    /** Events the queue holds (default {@value AuditDispatcher#DEFAULT_CAPACITY}). */
    public Builder capacity(int n) {
      this.capacity = positive(n, "capacity");
      return this;
    }

    /** Most events per write (default {@value AuditDispatcher#DEFAULT_MAX_BATCH}). */
    public Builder maxBatch(int n) {
      this.maxBatch = positive(n, "maxBatch");
      return this;
    }

    /**
     * How long a request may wait for room in a full queue before its event is dropped
     * (default zero: never wait).
     */
    public Builder maxEnqueueWait(Duration d) {
      this.maxEnqueueWait = nonNegative(d, "maxEnqueueWait");
      return this;
    }

    /** Extra attempts for a batch a writer failed on (default 2). */
    public Builder retries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException(String.format(ERR_DURATION, "retries", n, "retries"));
      }
      this.retries = n;
      return this;
    }

    /** Pause before a retry (default 200 ms). */
    public Builder retryPause(Duration d) {
      this.retryPause = nonNegative(d, "retryPause");
      return this;
    }

    /** How often the counters are logged when something happened (default 1 minute). */
    public Builder reportInterval(Duration d) {
      nonNegative(d, "reportInterval");
      if (d.isZero()) {
        throw new IllegalArgumentException(
            String.format(ERR_DURATION, "reportInterval", d, "reportInterval"));
      }
      this.reportInterval = d;
      return this;
    }

    /** How long {@link AuditDispatcher#close()} waits for the queue to drain (default 30 s). */
    public Builder shutdownTimeout(Duration d) {
      this.shutdownTimeout = nonNegative(d, "shutdownTimeout");
      return this;
    }

    /** Name of the writer thread (default {@code limitto-audit}). */
    public Builder threadName(String name) {
      this.threadName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Starts the writer thread. */
    public AuditDispatcher start() {
      if (writers.isEmpty()) {
        throw new IllegalStateException(ERR_NO_WRITERS);
      }
      return new AuditDispatcher(this);
    }

    private static int positive(int n, String name) {
      if (n <= 0) {
        throw new IllegalArgumentException(String.format(ERR_POSITIVE, name, n, name));
      }
      return n;
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(String.format(ERR_DURATION, name, d, name));
      }
      return d;
    }
  }
}
