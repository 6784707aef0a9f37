package dev.limitto.engine;

import java.lang.management.ManagementFactory;
import java.util.function.IntSupplier;

/**
 * The JVM's per-thread allocation counter, for tests that show a code path allocates nothing:
 * the task is run as many times to warm up, then measured. Exact in the interpreter as much as
 * after compilation; nothing relies on escape analysis.
 */
public final class AllocationMeter {

  /** Bytes the counter itself may report around a measurement, whatever the number of runs. */
  public static final long SLACK = 512;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private AllocationMeter() {}

  /**
   * Bytes allocated on this thread by {@code runs} calls of {@code task} (after as many warm-up
   * calls), beyond {@link #SLACK}: 0 when the task allocates nothing (one 16-byte object every
   * 30 calls of 20,000 shows). The task's results are summed, so that none is optimised away,
   * and checked against {@code expectedSum}.
   */
  public static long allocatedBeyondSlack(int runs, long expectedSum, IntSupplier task) {
    if (!THREADS.isThreadAllocatedMemorySupported()) {
      throw new AssertionError("this JVM has no per-thread allocation counter");
    }
    THREADS.setThreadAllocatedMemoryEnabled(true);
    long warm = 0;
    for (int i = 0; i < runs; i++) {
      warm += task.getAsInt();
    }
    long before = THREADS.getCurrentThreadAllocatedBytes();
    long sum = 0;
    for (int i = 0; i < runs; i++) {
      sum += task.getAsInt();
    }
    long after = THREADS.getCurrentThreadAllocatedBytes();
    if (warm != expectedSum || sum != expectedSum) {
      throw new AssertionError("the task answered " + warm + " and " + sum + ", not " + expectedSum);
    }
    return Math.max(0, after - before - SLACK);
  }
}
