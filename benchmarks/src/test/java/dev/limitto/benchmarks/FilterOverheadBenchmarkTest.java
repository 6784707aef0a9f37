package dev.limitto.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every configuration of {@link FilterOverheadBenchmark} answers correctly, repeatedly. */
class FilterOverheadBenchmarkTest {

  @ParameterizedTest
  @EnumSource(FilterOverheadBenchmark.Call.class)
  @Timeout(60)
  void benchmarkWhenFilteredOrNotThenEveryCallIsAnsweredAsExpected(FilterOverheadBenchmark.Call call)
      throws Exception {
    for (FilterOverheadBenchmark.Container c : FilterOverheadBenchmark.Container.values()) {
      FilterOverheadBenchmark b = new FilterOverheadBenchmark();
      b.container = c;
      b.call = call;
      b.setUp();
      try {
        for (int i = 0; i < 250; i++) {
          assertThat(b.request()).isPositive();
        }
      } finally {
        b.tearDown();
      }
    }
  }
}
