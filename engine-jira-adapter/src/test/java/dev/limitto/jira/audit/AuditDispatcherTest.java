package dev.limitto.jira.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.jira.token.TokenAdminEvent;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class AuditDispatcherTest {

  @Test
  void queuedEventsWhenClosedThenAllWrittenInOrderAndWriterClosed() {
    RecordingWriter w = RecordingWriter.held();
    AuditDispatcher d = AuditDispatcher.builder().writer(w).maxBatch(7).start();
    List<TokenAdminEvent> events = events(500);
    events.forEach(d::onEvent);
    w.release();
    d.close();

    assertThat(w.written()).isEqualTo(
        events.stream().map(AuditEntry::of).collect(Collectors.toList()));
    assertThat(w.closed).isTrue();
    assertThat(d.counters()).isEqualTo(new AuditCounters(500, 500, 0, 500, 0, 0));
  }

  @Test
  void fullQueueWhenOfferedThenEventsDroppedAndCountedWithoutBlocking() throws Exception {
    RecordingWriter w = RecordingWriter.held();
    AuditDispatcher d = AuditDispatcher.builder().writer(w).capacity(10).maxBatch(1).start();
    d.onEvent(events(1).get(0));
    w.awaitFirstWrite(); // the writer thread holds event 0 and waits

    events(100).forEach(d::onEvent); // returns although nothing can be written

    AuditCounters held = d.counters();
    assertThat(held.queued()).isEqualTo(10);
    assertThat(held.dropped()).isEqualTo(90);
    assertThat(held.written()).isZero();
    w.release();
    d.close();
    assertThat(d.counters()).isEqualTo(new AuditCounters(101, 11, 0, 11, 90, 0));
    assertThat(w.written()).hasSize(11);
  }

  @Test
  void producerWaitingForRoomWhenCountedThenOfferedButNotYetAccepted() throws Exception {
    RecordingWriter w = RecordingWriter.held();
    AuditDispatcher d = AuditDispatcher.builder().writer(w).capacity(2).maxBatch(1)
        .maxEnqueueWait(Duration.ofMinutes(5)).start();
    d.onEvent(events(1).get(0));
    w.awaitFirstWrite(); // the writer thread holds event 0 and waits
    events(2).forEach(d::onEvent); // fills the queue
    Thread producer = new Thread(() -> d.onEvent(events(1).get(0)), "waiting-producer");
    producer.start();
    while (producer.getState() != Thread.State.TIMED_WAITING) {
      Thread.onSpinWait(); // the producer now waits in the queue for room
    }

    AuditCounters waiting = d.counters();
    assertThat(waiting.offered()).isEqualTo(4);
    // the writer holds one, the queue two: the fourth is not in the queue yet
    assertThat(waiting.accepted()).isEqualTo(3);
    assertThat(waiting.queued()).isEqualTo(2);
    w.release();
    producer.join();
    d.close();
    assertThat(d.counters()).isEqualTo(new AuditCounters(4, 4, 0, 4, 0, 0));
  }

  @Test
  void writerFailingTwiceWhenRetriedTwiceThenWrittenOnce() {
    RecordingWriter w = RecordingWriter.failing(2);
    AuditDispatcher d = AuditDispatcher.builder().writer(w).retries(2)
        .retryPause(Duration.ZERO).start();
    events(3).forEach(d::onEvent);
    d.close();

    assertThat(w.written()).hasSize(3).doesNotHaveDuplicates();
    assertThat(d.counters().written()).isEqualTo(3);
    assertThat(d.counters().failed()).isZero();
  }

  @Test
  void writerFailingAlwaysWhenRetriesRunOutThenEventsCountedAsFailed() {
    RecordingWriter w = RecordingWriter.failing(Integer.MAX_VALUE);
    AuditDispatcher d = AuditDispatcher.builder().writer(w).retries(1)
        .retryPause(Duration.ZERO).start();
    events(5).forEach(d::onEvent);
    d.close();

    AuditCounters c = d.counters();
    assertThat(c.failed()).isEqualTo(5);
    assertThat(c.written()).isZero();
    assertThat(c.accepted()).isEqualTo(c.written() + c.failed());
    assertThat(w.attempts.get() % 2).isZero(); // each batch: one attempt and one retry
  }

  @Test
  void eventWhenDispatcherClosedThenDroppedAndCounted() {
    RecordingWriter w = RecordingWriter.fast();
    AuditDispatcher d = AuditDispatcher.builder().writer(w).start();
    d.close();
    d.onEvent(events(1).get(0));
    assertThat(d.counters()).isEqualTo(new AuditCounters(1, 0, 0, 0, 1, 0));
  }

  @Test
  void twoWritersWhenBatchWrittenThenEachGetsEveryEvent() {
    RecordingWriter a = RecordingWriter.fast();
    RecordingWriter b = RecordingWriter.fast();
    AuditDispatcher d = AuditDispatcher.builder().writer(a).writer(b).start();
    events(50).forEach(d::onEvent);
    d.close();
    assertThat(a.written()).hasSize(50).isEqualTo(b.written());
  }

  @Test
  void droppedEventsWhenClosedThenWarnedAtOnceAndReportedWithTheCounters() throws Exception {
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.err;
    System.setErr(new java.io.PrintStream(captured, true, "UTF-8"));
    try {
      RecordingWriter w = RecordingWriter.held();
      AuditDispatcher d = AuditDispatcher.builder().writer(w).capacity(1).maxBatch(1).start();
      d.onEvent(events(1).get(0));
      w.awaitFirstWrite();
      events(4).forEach(d::onEvent); // one fits, three are dropped
      w.release();
      d.close();
    } finally {
      System.setErr(original);
    }
    String log = captured.toString("UTF-8");
    assertThat(log).contains("Limit-to audit: queue full or closed, dropping events")
        .contains("Limit-to audit: events lost since the last report; queued=0 written=2"
            + " dropped=3 failed=0 (offered=5 accepted=2)");
  }

  @Test
  void builderWithoutWriterWhenStartedThenRefused() {
    assertThatThrownBy(() -> AuditDispatcher.builder().start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(AuditDispatcher.ERR_NO_WRITERS);
  }

  @Test
  void capacityZeroWhenConfiguredThenRefusedNamingTheSetting() {
    assertThatThrownBy(() -> AuditDispatcher.builder().capacity(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audit capacity must be positive, was 0 (from"
            + " AuditDispatcher.Builder.capacity)");
  }

  static List<TokenAdminEvent> events(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> new TokenAdminEvent(TokenAdminEvent.Action.EDIT, "tok_" + i, "label",
            "admin", Entries.T0.plusMillis(i), List.of("label")))
        .collect(Collectors.toList());
  }
}
