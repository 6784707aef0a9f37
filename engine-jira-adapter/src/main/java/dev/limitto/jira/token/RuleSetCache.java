package dev.limitto.jira.token;

import dev.limitto.engine.RuleSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Compiled rule sets by rule text: a token's rules are compiled the first time a request needs
 * them, once for every token with the same text, and kept; a token's entry then holds its rule
 * set, so a request never compiles again while the token is unchanged. Bounded: beyond {@link
 * #maxEntries()} texts an arbitrary entry is dropped (recompiling a dropped text costs one
 * compile of a rule set whose lines the engine shares anyway). Thread-safe; two threads that
 * miss the same text at once may both compile it, and one result is kept.
 *
 * <p>{@link #stats()} tells how it does: size, hits and misses (so the hit rate), compile
 * failures, evictions and the time spent compiling.
 */
public final class RuleSetCache {

  /** Default bound: far above the distinct rule texts of a large Jira, far below any heap. */
  public static final int DEFAULT_MAX_ENTRIES = 20_000;

  /**
   * What the cache did since it was made.
   *
   * @param size texts held now
   * @param maxEntries the bound
   * @param hits look-ups answered from the cache
   * @param misses look-ups that compiled
   * @param compileFailures misses whose text did not compile (the token is refused)
   * @param evictions entries dropped to stay within the bound
   * @param compileNanos time spent compiling, in nanoseconds, failures included
   */
  public record Stats(int size, int maxEntries, long hits, long misses, long compileFailures,
      long evictions, long compileNanos) {

    /** Hits over look-ups; 0 before the first look-up. */
    public double hitRate() {
      long lookups = hits + misses;
      return lookups == 0 ? 0 : (double) hits / lookups;
    }

    /** Mean time of one compile in milliseconds; 0 before the first. */
    public double meanCompileMillis() {
      return misses == 0 ? 0 : compileNanos / 1e6 / misses;
    }
  }

  private final ConcurrentHashMap<String, RuleSet> byText = new ConcurrentHashMap<>();
  private final Function<String, RuleSet> compiler;
  private final int maxEntries;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder compileNanos = new LongAdder();

  /**
   * @param compiler compiles one rule text (throws for a text that does not compile)
   * @param maxEntries most texts kept, at least 1
   */
  public RuleSetCache(Function<String, RuleSet> compiler, int maxEntries) {
    this.compiler = Objects.requireNonNull(compiler, "compiler");
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  /**
   * The compiled rule set of {@code text}, compiled now when the cache does not hold it.
   *
   * @throws RuntimeException what the compiler throws for a text that does not compile
   */
  public RuleSet get(String text) {
    RuleSet cached = byText.get(text);
    if (cached != null) {
      hits.increment();
      return cached;
    }
    misses.increment();
    long start = System.nanoTime();
    RuleSet compiled;
    try {
      compiled = compiler.apply(text);
    } catch (RuntimeException e) {
      failures.increment();
      throw e;
    } finally {
      compileNanos.add(System.nanoTime() - start);
    }
    RuleSet kept = byText.putIfAbsent(text, compiled);
    if (kept != null) {
      return kept;
    }
    if (byText.size() > maxEntries) {
      Iterator<String> it = byText.keySet().iterator();
      while (byText.size() > maxEntries && it.hasNext()) {
        if (!it.next().equals(text)) {
          it.remove();
          evictions.increment();
        }
      }
    }
    return compiled;
  }

  /** The bound. */
  public int maxEntries() {
    return maxEntries;
  }

  /** What the cache did so far. */
  public Stats stats() {
    return new Stats(byText.size(), maxEntries, hits.sum(), misses.sum(), failures.sum(),
        evictions.sum(), compileNanos.sum());
  }
}
