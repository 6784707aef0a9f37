package dev.limitto.jira.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ReplayableBodyTest {

  private static ReplayableBody of(byte[] b) {
    return new ReplayableBody(() -> new ByteArrayInputStream(b));
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7 + 3);
    }
    return b;
  }

  @Test
  void readWhenBodyIsExactlyAtTheLimitThenComplete() throws IOException {
    byte[] b = bytes(100);
    ReplayableBody body = of(b);
    assertThat(body.read(100)).isEqualTo(b);
    assertThat(body.state()).isEqualTo(ReplayableBody.State.COMPLETE);
    assertThat(body.replay().readAllBytes()).isEqualTo(b);
  }

  @Test
  void readWhenBodyIsOverTheLimitThenReadsLimitPlusOneAndReplaysEverything() throws IOException {
    byte[] b = bytes(50_000);
    ReplayableBody body = of(b);
    assertThat(body.read(100)).hasSize(101);
    assertThat(body.state()).isEqualTo(ReplayableBody.State.EXCEEDED);
    assertThat(body.replay().readAllBytes()).isEqualTo(b);
  }

  @Test
  void readTwiceThenReadsTheStreamOnce() {
    int[] opened = {0};
    ReplayableBody body = new ReplayableBody(() -> {
      opened[0]++;
      return new ByteArrayInputStream(bytes(10));
    });
    assertThat(body.read(100)).isEqualTo(body.read(100));
    assertThat(opened[0]).isEqualTo(1);
  }

  @Test
  void readWhenStreamFailsThenFailed() {
    ReplayableBody body = new ReplayableBody(FakeGateRequest::broken);
    body.read(10);
    assertThat(body.state()).isEqualTo(ReplayableBody.State.FAILED);
  }

  @Test
  void beforeReadingNothingIsConsumed() {
    ReplayableBody body = of(bytes(3));
    assertThat(body.consumed()).isFalse();
    assertThat(body.state()).isEqualTo(ReplayableBody.State.NOT_READ);
  }

  @Test
  void readWhenEmptyThenCompleteAndEmpty() {
    ReplayableBody body = of(new byte[0]);
    assertThat(body.read(10)).isEmpty();
    assertThat(body.state()).isEqualTo(ReplayableBody.State.COMPLETE);
  }
}
