package dev.limitto.jira.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A writer for tests: keeps what it was given; can hold every write until released (a sink as
 * slow as one likes, without timing anything) and fail a given number of attempts first.
 */
final class RecordingWriter implements AuditLogWriter {

  private final List<AuditEntry> written = new ArrayList<>();
  private final CountDownLatch release;
  final CountDownLatch firstWriteEntered = new CountDownLatch(1);
  final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger failuresLeft;
  volatile boolean closed;

  private RecordingWriter(boolean held, int failures) {
    this.release = new CountDownLatch(held ? 1 : 0);
    this.failuresLeft = new AtomicInteger(failures);
  }

  static RecordingWriter fast() {
    return new RecordingWriter(false, 0);
  }

  /** Every write waits until {@link #release()}. */
  static RecordingWriter held() {
    return new RecordingWriter(true, 0);
  }

  /** The first {@code n} attempts throw. */
  static RecordingWriter failing(int n) {
    return new RecordingWriter(false, n);
  }

  void release() {
    release.countDown();
  }

  void awaitFirstWrite() throws InterruptedException {
    if (!firstWriteEntered.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the writer thread never called write");
    }
  }

  @Override
  public void write(List<AuditEntry> batch) throws IOException {
    attempts.incrementAndGet();
    firstWriteEntered.countDown();
    try {
      release.await();
    } catch (InterruptedException e) {
      throw new IOException(e);
    }
    if (failuresLeft.getAndDecrement() > 0) {
      throw new IOException("disk full (test)");
    }
    synchronized (written) {
      written.addAll(batch);
    }
  }

  List<AuditEntry> written() {
    synchronized (written) {
      return List.copyOf(written);
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "RecordingWriter";
  }
}
