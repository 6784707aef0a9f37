package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.engine.RuleSet;
import dev.limitto.engine.RuleSyntaxException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RuleSetCacheTest {

  private final AtomicInteger compiles = new AtomicInteger();

  private RuleSet compile(String text) {
    compiles.incrementAndGet();
    return RuleSet.compile(text);
  }

  @Test
  void getWhenTheSameTextAgainThenCompiledOnceAndCountedAsAHit() {
    RuleSetCache cache = new RuleSetCache(this::compile, 10);
    RuleSet first = cache.get("[get].*/a");
    RuleSet second = cache.get("[get].*/a");
    assertThat(second).isSameAs(first);
    assertThat(compiles).hasValue(1);
    RuleSetCache.Stats s = cache.stats();
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.hits()).isEqualTo(1);
    assertThat(s.misses()).isEqualTo(1);
    assertThat(s.hitRate()).isEqualTo(0.5);
    assertThat(s.compileNanos()).isPositive();
  }

  @Test
  void getWhenTextDoesNotCompileThenThrowsEveryTimeAndCountsTheFailure() {
    RuleSetCache cache = new RuleSetCache(this::compile, 10);
    assertThatThrownBy(() -> cache.get("[get](")).isInstanceOf(RuleSyntaxException.class);
    assertThatThrownBy(() -> cache.get("[get](")).isInstanceOf(RuleSyntaxException.class);
    assertThat(cache.stats().compileFailures()).isEqualTo(2);
    assertThat(cache.stats().size()).isZero();
  }

  @Test
  void getWhenMoreTextsThanTheBoundThenEvictsAndStaysWithinIt() {
    RuleSetCache cache = new RuleSetCache(this::compile, 3);
    for (int i = 0; i < 10; i++) {
      assertThat(cache.get("[get].*/a" + i).lineCount()).isEqualTo(1);
      assertThat(cache.stats().size()).isLessThanOrEqualTo(3);
    }
    assertThat(cache.stats().evictions()).isEqualTo(7);
    assertThat(cache.get("[get].*/a9")).isNotNull(); // the newest is never the one dropped
    assertThat(cache.stats().hits()).isEqualTo(1);
  }

  @Test
  void warmUpWhenCalledThenCompilesTheSampleAndKeepsNothing() {
    RuleSetCache cache = new RuleSetCache(this::compile, 10);
    assertThat(cache.warmUp()).isEqualTo(RuleSetCache.WARM_UP_COMPILES);
    assertThat(compiles).hasValue(RuleSetCache.WARM_UP_COMPILES);
    assertThat(cache.stats()).isEqualTo(new RuleSetCache.Stats(0, 10, 0, 0, 0, 0, 0));
    // the sample is no token's text: a token's first use still compiles its own
    cache.get("[get].*/a");
    assertThat(cache.stats().misses()).isEqualTo(1);
  }

  @Test
  void warmUpWhenTheCompilerRefusesTheSampleThenEndsQuietly() {
    // a compiler under which the sample does not compile (whatever is given, it compiles this)
    RuleSetCache cache = new RuleSetCache(text -> RuleSet.compile("[get]("), 10);
    assertThat(cache.warmUp()).isZero();
    assertThat(cache.stats().compileFailures()).isZero();
  }
}
