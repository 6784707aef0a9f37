package dev.limitto.benchmarks;

import org.openjdk.jol.info.GraphLayout;

/**
 * The bytes an object graph retains, counted by JOL ({@code GraphLayout}): every object
 * reachable from the roots, each once, at its real size on the running JVM. Exact and free of
 * garbage-collector noise, unlike a heap count after {@code System.gc()}.
 */
final class Retained {

  private Retained() {}

  /** Total bytes of every object reachable from {@code roots}, shared objects counted once. */
  static long bytes(Object... roots) {
    return GraphLayout.parseInstance(roots).totalSize();
  }
}
