package dev.limitto.engine.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Shared values are made once while held, and their entries go when nothing holds them. */
class WeakInternerTest {

  @Test
  void getWhenValueIsHeldThenTheSameInstanceIsReturnedAndMadeOnce() {
    WeakInterner<String, StringBuilder> interner = new WeakInterner<>();
    int[] made = {0};
    StringBuilder first = interner.get("k", k -> {
      made[0]++;
      return new StringBuilder(k);
    });
    StringBuilder second = interner.get("k", k -> {
      made[0]++;
      return new StringBuilder(k);
    });
    assertThat(second).isSameAs(first);
    assertThat(made[0]).isEqualTo(1);
    assertThat(interner.find("k")).isSameAs(first);
    assertThat(interner.intern("k", new StringBuilder("other"))).isSameAs(first);
  }

  @Test
  void findWhenNothingHoldsTheValueThenItIsCollectedAndTheEntrySwept() throws Exception {
    WeakInterner<String, Object> interner = new WeakInterner<>();
    interner.intern("k", new Object()); // held by nothing but the interner
    for (int i = 0; i < 100 && interner.size() > 0; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(interner.size()).isZero();
    assertThat(interner.find("k")).isNull();
  }
}
