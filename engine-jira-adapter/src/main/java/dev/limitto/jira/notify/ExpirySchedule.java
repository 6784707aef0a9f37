package dev.limitto.jira.notify;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a look for due expiry warnings on a daemon thread of its own: a minute after start, then
 * every {@link #PERIOD} (by default), until closed. Every node of a cluster runs one; the
 * store's claims make each warning go out once. A look that fails is logged, and the next one
 * runs as planned. Used by the standalone server and by the Jira app.
 */
public final class ExpirySchedule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExpirySchedule.class);

  /** How long after start the first look is. */
  public static final Duration FIRST_LOOK = Duration.ofMinutes(1);
  /** How long between two looks. */
  public static final Duration PERIOD = Duration.ofMinutes(15);

  private final ScheduledExecutorService scheduler;
  private final String threadName;
  private final List<Thread> threads;

  private ExpirySchedule(ScheduledExecutorService scheduler, String threadName,
      List<Thread> threads) {
    this.scheduler = scheduler;
    this.threadName = threadName;
    this.threads = threads;
  }

  /** Starts {@code look} (e.g. {@code warner::runOnce}) {@link #FIRST_LOOK} from now, then every {@link #PERIOD}. */
  public static ExpirySchedule start(Runnable look, String threadName) {
    return start(look, threadName, FIRST_LOOK, PERIOD);
  }

  /** Starts {@code look} after {@code first}, then every {@code period}. */
  public static ExpirySchedule start(Runnable look, String threadName, Duration first,
      Duration period) {
    Objects.requireNonNull(look, "look");
    Objects.requireNonNull(threadName, "threadName");
    if (period.isNegative() || period.isZero() || first.isNegative()) {
      throw new IllegalArgumentException("the expiry warning period must be positive");
    }
    List<Thread> threads = new CopyOnWriteArrayList<>();
    ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      threads.add(t);
      return t;
    });
    ses.scheduleWithFixedDelay(() -> {
      try {
        look.run();
      } catch (RuntimeException e) {
        LOG.error("Limit-to: looking for expiry warnings failed: {}",
            e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }, first.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return new ExpirySchedule(ses, threadName, threads);
  }

  /** The name of the schedule's thread. */
  public String threadName() {
    return threadName;
  }

  /** A name for this node in the claims it records: host name and process id. */
  public static String nodeName() {
    long pid = ProcessHandle.current().pid();
    try {
      return InetAddress.getLocalHost().getHostName() + "/" + pid;
    } catch (IOException e) {
      return "node/" + pid;
    }
  }

  /**
   * Stops the looks: a look under way is interrupted, and the thread is waited for (at most
   * 10 s), so that none is left running once the app or server has stopped.
   */
  @Override
  public void close() {
    scheduler.shutdownNow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
      for (Thread t : threads) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left > 0) {
          t.join(left);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (threads.stream().anyMatch(Thread::isAlive)) {
      LOG.warn("Limit-to: the expiry warning thread {} did not stop within 10 s", threadName);
    }
  }
}
