package dev.limitto.jira.token;

import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSet;
import java.util.Iterator;
import java.util.List;
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
 *
 * <p>{@link #warmUp()}, called when a node has loaded its tokens, compiles a built-in sample rule
 * set a few times and decides sample requests against it, outside the cache: the first token to
 * use the node then does not pay for loading and interpreting the compile and decision code.
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

  /** How many times {@link #warmUp()} compiles the sample rule set. */
  static final int WARM_UP_COMPILES = 3;

  /**
   * The sample rule set of {@link #warmUp()}: enough lines for the index's automaton (16 and
   * more), and every kind of line a token holds (method sets, anchored and {@code .*} URLs,
   * alternation, {@code QueryParam} and {@code JsonData} predicates), so that each part of the
   * compiler runs.
   */
  static final String WARM_UP_RULES = sampleRules();

  /** What {@link #warmUp()} decides: a hit of each kind of line, and denials of several kinds. */
  private static final List<Request> WARM_UP_REQUESTS = List.of(
      Request.of("GET", "/rest/api/2/issue/WARM7-12"),
      Request.of("GET", "/rest/api/2/search?jql=project+%3D+WARM3&maxResults=50"),
      Request.of("GET", "/rest/api/2/search?jql=project+%3D+OTHER"),
      Request.of("GET", "/rest/agile/1.0/board/105/issue?startAt=10"),
      Request.of("HEAD", "/rest/api/2/project/WARM2/versions"),
      Request.of("DELETE", "/rest/api/2/project/WARM2/versions"),
      Request.of("POST", "/rest/api/2/issue/WARM9-1/watchers"),
      Request.of("GET", "/rest/api/2/serverInfo"),
      Request.builder("POST", "/rest/api/2/issue")
          .header("Content-Type", "application/json")
          .body("{\"fields\":{\"project\":{\"key\":\"WARM1\"},\"summary\":\"s\"}}")
          .build(),
      Request.builder("POST", "/rest/api/2/issue")
          .header("Content-Type", "application/json")
          .body("{\"fields\":{\"project\":{\"key\":\"OTHER\"}}}")
          .build());

  private static String sampleRules() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      text.append("[get,head]https://warm\\.example/rest/api/2/issue/WARM").append(i).append("-[0-9]+\n");
      text.append("[get].*/rest/api/2/search[QueryParam::jql==project = WARM").append(i)
          .append("( ORDER BY [a-z]+)?]\n");
    }
    text.append("[get,head].*/rest/api/2/project/WARM2/(versions|components)\n");
    text.append("[get].*/rest/agile/1\\.0/board/105/issue[QueryParam::startAt==[0-9]{1,4}]\n");
    text.append("[post]https://warm\\.example/rest/api/2/issue/WARM9-[0-9]+/remotelink\n");
    text.append("[post].*/rest/api/2/issue[JsonData::fields.project.key==WARM1]\n");
    return text.toString();
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

  /**
   * Compiles {@link #WARM_UP_RULES} {@value #WARM_UP_COMPILES} times through this cache's
   * compiler and decides each sample request against it, keeping nothing: the cache and its
   * {@link #stats()} are as they were. Best effort: a compiler that refuses the sample (limits
   * too tight for its lines) or a decision that fails only ends the warm-up.
   *
   * @return how many times the sample was compiled and decided
   */
  public int warmUp() {
    int done = 0;
    try {
      for (int i = 0; i < WARM_UP_COMPILES; i++) {
        RuleSet sample = compiler.apply(WARM_UP_RULES);
        for (Request r : WARM_UP_REQUESTS) {
          sample.evaluate(r);
        }
        done++;
      }
    } catch (RuntimeException refused) {
      // the sample is ours, not a token's: nothing to report, the first token warms up instead
    }
    return done;
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
