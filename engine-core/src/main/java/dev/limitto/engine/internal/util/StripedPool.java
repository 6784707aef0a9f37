package dev.limitto.engine.internal.util;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * A small lock-free pool of reusable per-use state (scratch buffers), so that the request path
 * allocates nothing in the steady state without thread-locals. Thread-locals would tie a value
 * of the engine's classes to every container thread, and keep the classes of an uninstalled
 * plugin alive as long as the threads live; a pool is dropped with its owner.
 *
 * <p>A thread takes the object in the slot its thread id picks ({@link #take}) and puts it back
 * when done ({@link #give}). When the slot is empty (another thread on the same slot holds it),
 * the thread makes a new object, which it may leave in the slot afterwards. Thread-safe.
 *
 * @param <T> the pooled type; its users reset it themselves
 */
public final class StripedPool<T> {

  private final AtomicReferenceArray<T> slots;
  private final int mask;
  private final Supplier<T> factory;

  /**
   * @param factory makes a new object when the slot is empty
   */
  public StripedPool(Supplier<T> factory) {
    int stripes = Integer.highestOneBit(
        Math.max(1, Math.min(64, 2 * Runtime.getRuntime().availableProcessors())) * 2 - 1);
    this.slots = new AtomicReferenceArray<>(stripes);
    this.mask = stripes - 1;
    this.factory = factory;
  }

  /** An object for this thread's exclusive use until {@link #give}. */
  @SuppressWarnings("deprecation") // Thread.getId: threadId() is Java 19+
  public T take() {
    T t = slots.getAndSet((int) Thread.currentThread().getId() & mask, null);
    return t != null ? t : factory.get();
  }

  /** Returns an object taken from {@link #take}; it must not be used afterwards. */
  @SuppressWarnings("deprecation")
  public void give(T t) {
    slots.lazySet((int) Thread.currentThread().getId() & mask, t);
  }
}
