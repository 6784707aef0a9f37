package dev.limitto.engine.internal.util;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A process-wide table of shared immutable values by key, each held weakly: a value lives as
 * long as some user holds it, and its entry goes when the garbage collector has cleared it (the
 * table sweeps cleared entries as it is used). Identical compiled pieces of many rule sets are
 * thus made once and shared, and a rule set that is dropped, or a plugin that is unloaded with
 * its classes, frees them. Thread-safe; a value may rarely be made twice by racing threads, and
 * then one of the two is kept.
 *
 * @param <K> the key: immutable, with value equality
 * @param <V> the shared value: immutable and thread-safe
 */
public final class WeakInterner<K, V> {

  private final ConcurrentHashMap<K, Ref<K, V>> table = new ConcurrentHashMap<>();
  private final ReferenceQueue<V> cleared = new ReferenceQueue<>();

  /** The shared value of {@code key}, made by {@code make} when there is none alive. */
  public <X extends Exception> V get(K key, Maker<K, V, X> make) throws X {
    sweep();
    Ref<K, V> ref = table.get(key);
    V value = ref == null ? null : ref.get();
    if (value != null) {
      return value;
    }
    V made = make.make(key); // outside the table's locks: making may take a while
    Ref<K, V> fresh = new Ref<>(key, made, cleared);
    while (true) {
      Ref<K, V> old = table.putIfAbsent(key, fresh);
      if (old == null) {
        return made;
      }
      V other = old.get();
      if (other != null) {
        return other;
      }
      if (table.replace(key, old, fresh)) {
        return made;
      }
    }
  }

  /**
   * The shared value of {@code key}, or {@code null} when none is alive. The key is only
   * compared, never kept: it may be a probe that the caller changes afterwards.
   */
  public V find(K key) {
    sweep();
    Ref<K, V> ref = table.get(key);
    return ref == null ? null : ref.get();
  }

  /** Shares {@code value} under {@code key}, or returns the value already shared there. */
  public V intern(K key, V value) {
    return get(key, k -> value);
  }

  /** Number of entries, cleared ones not yet swept included (tests). */
  public int size() {
    sweep();
    return table.size();
  }

  private void sweep() {
    for (Object r; (r = cleared.poll()) != null; ) {
      @SuppressWarnings("unchecked")
      Ref<K, V> ref = (Ref<K, V>) r;
      table.remove(ref.key, ref);
    }
  }

  /** Makes the value of a key; may throw a checked exception of the caller's. */
  @FunctionalInterface
  public interface Maker<K, V, X extends Exception> {
    V make(K key) throws X;
  }

  private static final class Ref<K, V> extends WeakReference<V> {
    final K key;

    Ref(K key, V value, ReferenceQueue<V> queue) {
      super(value, queue);
      this.key = key;
    }
  }
}
