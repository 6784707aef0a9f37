package dev.limitto.jira.notify;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
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

  private ExpirySchedule(ScheduledExecutorService scheduler, String threadName) {
    this.scheduler = scheduler;
    this.threadName = threadName;
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
    ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
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
    return new ExpirySchedule(ses, threadName);
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

  /** Stops the looks; a look under way is interrupted and waited for (at most 10 s). */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("Limit-to: the expiry warning thread {} did not stop within 10 s", threadName);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
