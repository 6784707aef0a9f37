package dev.limitto.jira.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAuditLogTest {

  @TempDir Path dir;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T23:59:00Z"));

  @Test
  void batchesWhenWrittenThenReadBackInOrder() throws IOException {
    try (JsonLinesAuditWriter w = writer(JsonLinesAuditWriter.DEFAULT_MAX_FILE_BYTES)) {
      w.write(range(0, 10));
      w.write(range(10, 25));
    }
    assertThat(new JsonLinesAuditReader(dir).readAll(AuditQuery.all())).isEqualTo(range(0, 25));
    assertThat(Files.readAllLines(dir.resolve("audit-2026-03-01.jsonl"))).hasSize(25);
  }

  @Test
  void fileWhenItWouldPassMaxSizeThenNextEntryStartsNumberedFile() throws IOException {
    try (JsonLinesAuditWriter w = writer(4096)) {
      for (int i = 0; i < 10; i++) {
        w.write(range(i * 10, i * 10 + 10));
      }
    }
    List<AuditFiles.Segment> files = AuditFiles.list(dir);
    assertThat(files.size()).isGreaterThan(3);
    assertThat(files.get(0).path().getFileName().toString()).isEqualTo("audit-2026-03-01.jsonl");
    assertThat(files.get(1).path().getFileName().toString())
        .isEqualTo("audit-2026-03-01.1.jsonl");
    for (AuditFiles.Segment s : files) {
      assertThat(Files.size(s.path())).isLessThanOrEqualTo(4096);
      for (String line : Files.readAllLines(s.path())) {
        AuditJson.parse(line);
      }
    }
    assertThat(new JsonLinesAuditReader(dir).readAll(AuditQuery.all())).isEqualTo(range(0, 100));
  }

  @Test
  void dayWhenItChangesThenNewDayFile() throws IOException {
    try (JsonLinesAuditWriter w = writer(JsonLinesAuditWriter.DEFAULT_MAX_FILE_BYTES)) {
      w.write(range(0, 3));
      clock.now = Instant.parse("2026-03-02T00:00:01Z");
      w.write(range(3, 5));
    }
    assertThat(Files.readAllLines(dir.resolve("audit-2026-03-01.jsonl"))).hasSize(3);
    assertThat(Files.readAllLines(dir.resolve("audit-2026-03-02.jsonl"))).hasSize(2);
  }

  @Test
  void writerWhenReopenedThenAppendsToTheDaysLastFile() throws IOException {
    try (JsonLinesAuditWriter w = writer(4096)) {
      for (int i = 0; i < 5; i++) {
        w.write(range(i * 10, i * 10 + 10));
      }
    }
    int before = AuditFiles.list(dir).size();
    try (JsonLinesAuditWriter w = writer(4096)) {
      w.write(range(50, 51));
    }
    assertThat(AuditFiles.list(dir).size()).isBetween(before, before + 1);
    assertThat(new JsonLinesAuditReader(dir).readAll(AuditQuery.all())).isEqualTo(range(0, 51));
  }

  @Test
  void fileWithHalfWrittenLastLineWhenReadThenLineSkippedAndCounted() throws IOException {
    try (JsonLinesAuditWriter w = writer(JsonLinesAuditWriter.DEFAULT_MAX_FILE_BYTES)) {
      w.write(range(0, 3));
    }
    Path file = dir.resolve("audit-2026-03-01.jsonl");
    Files.writeString(file, "{\"type\":\"REQUEST\",\"ti", StandardOpenOption.APPEND);
    List<AuditEntry> read = new ArrayList<>();
    AuditReader.ReadSummary summary =
        new JsonLinesAuditReader(dir).read(AuditQuery.all(), read::add);
    assertThat(read).isEqualTo(range(0, 3));
    assertThat(summary).isEqualTo(new AuditReader.ReadSummary(3, 1));
  }

  @Test
  void fileWithHalfWrittenLastLineWhenWriterReopensThenTailCutBeforeAppending()
      throws IOException {
    try (JsonLinesAuditWriter w = writer(JsonLinesAuditWriter.DEFAULT_MAX_FILE_BYTES)) {
      w.write(range(0, 3));
    }
    Path file = dir.resolve("audit-2026-03-01.jsonl");
    Files.writeString(file, "{\"type\":\"REQUEST\",\"ti", StandardOpenOption.APPEND);
    try (JsonLinesAuditWriter w = writer(JsonLinesAuditWriter.DEFAULT_MAX_FILE_BYTES)) {
      w.write(range(3, 5));
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(5);
    lines.forEach(AuditJson::parse);
    assertThat(Files.readString(file)).endsWith("}\n");
  }

  @Test
  void fileWithOnlyAFragmentWhenWriterReopensThenEmptiedBeforeAppending() throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("audit-2026-03-01.jsonl");
    Files.writeString(file, "{\"type\":");
    try (JsonLinesAuditWriter w = writer(JsonLinesAuditWriter.DEFAULT_MAX_FILE_BYTES)) {
      w.write(range(0, 1));
    }
    assertThat(Files.readAllLines(file)).containsExactly(AuditJson.toJson(Entries.request(0)));
  }

  @Test
  void secondWriterOnTheSameDirectoryWhenOpenedThenRefused() throws IOException {
    try (JsonLinesAuditWriter first = writer(JsonLinesAuditWriter.DEFAULT_MAX_FILE_BYTES)) {
      assertThat(first.directory()).isEqualTo(dir.toAbsolutePath());
      assertThatThrownBy(() -> writer(JsonLinesAuditWriter.DEFAULT_MAX_FILE_BYTES))
          .isInstanceOf(IOException.class)
          .hasMessage(String.format(JsonLinesAuditWriter.ERR_LOCKED, dir.toAbsolutePath()));
    }
  }

  @Test
  void maxFileBytesBelowMinimumWhenConfiguredThenRefusedNamingTheSetting() {
    assertThatThrownBy(() -> JsonLinesAuditWriter.builder(dir).maxFileBytes(100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audit maxFileBytes (100) is below the minimum of 4096 (from"
            + " JsonLinesAuditWriter.Builder.maxFileBytes)");
  }

  @Test
  void queryWhenGivenTokenSinceAndRefusedThenOnlyMatchingEntries() throws IOException {
    Instant t = Instant.parse("2026-03-01T12:00:00Z");
    List<AuditEntry> all = List.of(
        Entries.request(t, "a", false, 1),
        Entries.request(t.plusSeconds(10), "a", true, 2),
        Entries.request(t.plusSeconds(20), "b", true, 3),
        Entries.admin(t.plusSeconds(30), "a", "REVOKE"),
        Entries.request(t.plusSeconds(40), "a", true, 4));
    try (JsonLinesAuditWriter w = writer(JsonLinesAuditWriter.DEFAULT_MAX_FILE_BYTES)) {
      w.write(all);
    }
    JsonLinesAuditReader r = new JsonLinesAuditReader(dir);
    assertThat(r.readAll(AuditQuery.all().forToken("a"))).hasSize(4);
    assertThat(r.readAll(AuditQuery.all().forToken("a").since(t.plusSeconds(10))))
        .containsExactly(all.get(1), all.get(3), all.get(4));
    assertThat(r.readAll(AuditQuery.all().forToken("a").onlyRefused()))
        .containsExactly(all.get(1), all.get(4));
  }

  @Test
  void sinceWhenAfterAWholeDayThenThatDaysFileIsNotRead() throws IOException {
    try (JsonLinesAuditWriter w = writer(JsonLinesAuditWriter.DEFAULT_MAX_FILE_BYTES)) {
      w.write(range(0, 2));
    }
    // damage the old file: had it been opened, the damage would be counted
    Files.writeString(dir.resolve("audit-2026-03-01.jsonl"), "garbage\n",
        StandardOpenOption.APPEND);
    AuditReader.ReadSummary summary = new JsonLinesAuditReader(dir)
        .read(AuditQuery.all().since(Instant.parse("2026-03-02T00:00:01Z")), e -> { });
    assertThat(summary).isEqualTo(new AuditReader.ReadSummary(0, 0));
  }

  @Test
  void damagedLinesWhenReadThenSkippedAndCountedAndTheRestRead() throws IOException {
    Files.createDirectories(dir);
    String good = AuditJson.toJson(Entries.request(1));
    String huge = "x".repeat(JsonLinesAuditReader.MAX_LINE_BYTES + 10);
    Files.write(dir.resolve("audit-2026-03-01.jsonl"), (good + "\n" + huge + "\n\u00ff\u0000{\n"
        + good + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    List<AuditEntry> read = new ArrayList<>();
    AuditReader.ReadSummary summary =
        new JsonLinesAuditReader(dir).read(AuditQuery.all(), read::add);
    assertThat(read).containsExactly(Entries.request(1), Entries.request(1));
    assertThat(summary).isEqualTo(new AuditReader.ReadSummary(2, 2));
  }

  @Test
  void writeInterruptedWhenRetriedThenFileReopenedAndNothingWrittenTwice() throws IOException {
    try (JsonLinesAuditWriter w = writer(JsonLinesAuditWriter.DEFAULT_MAX_FILE_BYTES)) {
      w.write(range(0, 2));
      Thread.currentThread().interrupt(); // a FileChannel closes itself on interrupt
      assertThatThrownBy(() -> w.write(range(2, 4))).isInstanceOf(IOException.class);
      assertThat(Thread.interrupted()).isTrue();
      w.write(range(2, 4));
    }
    assertThat(new JsonLinesAuditReader(dir).readAll(AuditQuery.all())).isEqualTo(range(0, 4));
  }

  @Test
  void batchFailingHalfWayWhenRetriedThenEveryEntryOnceAcrossRotatedFiles() throws IOException {
    try (JsonLinesAuditWriter w = writer(4096)) {
      w.write(range(0, 5));
      List<AuditEntry> batch = new ArrayList<>(range(5, 60)); // spans several files
      batch.add(null); // fails after the first lines were written and files were started
      assertThatThrownBy(() -> w.write(batch)).isInstanceOf(NullPointerException.class);
      w.write(range(5, 60));
    }
    assertThat(AuditFiles.list(dir).size()).isGreaterThan(3);
    assertThat(new JsonLinesAuditReader(dir).readAll(AuditQuery.all())).isEqualTo(range(0, 60));
  }

  @Test
  void adminSubdirectoryWhenReadThenMergedByTimeAndFilteredLikeTheMainLog() throws IOException {
    Instant t = Entries.T0;
    AuditEntry r0 = Entries.request(t, "a", false, 0);
    AuditEntry r10 = Entries.request(t.plusSeconds(10), "a", false, 1);
    AuditEntry r20 = Entries.request(t.plusSeconds(20), "b", false, 2);
    AuditEntry create = Entries.admin(t.plusSeconds(5), "a", "CREATE");
    AuditEntry sameTime = Entries.admin(t.plusSeconds(10), "a", "VIEW");
    AuditEntry revoke = Entries.admin(t.plusSeconds(30), "a", "REVOKE");
    AuditEntry otherToken = Entries.admin(t.plusSeconds(15), "b", "EDIT");
    try (JsonLinesAuditWriter main = JsonLinesAuditWriter.open(dir);
        JsonLinesAuditWriter admin = JsonLinesAuditWriter.open(
            dir.resolve(JsonLinesAuditWriter.ADMIN_SUBDIRECTORY))) {
      main.write(List.of(r0, r10, r20));
      admin.write(List.of(create, revoke)); // two processes: the side log is not in time order
      admin.write(List.of(sameTime, otherToken));
    }
    JsonLinesAuditReader r = new JsonLinesAuditReader(dir);

    assertThat(r.readAll(AuditQuery.all()))
        .containsExactly(r0, create, r10, sameTime, otherToken, r20, revoke);
    assertThat(r.readAll(AuditQuery.all().forToken("a").since(t.plusSeconds(5))))
        .containsExactly(create, r10, sameTime, revoke);
    assertThat(r.read(AuditQuery.all(), e -> { }).matched()).isEqualTo(7);
  }

  @Test
  void missingDirectoryWhenReadThenNothing() throws IOException {
    assertThat(new JsonLinesAuditReader(dir.resolve("none")).readAll(AuditQuery.all())).isEmpty();
  }

  private JsonLinesAuditWriter writer(long maxFileBytes) throws IOException {
    return JsonLinesAuditWriter.builder(dir).maxFileBytes(maxFileBytes).clock(clock).open();
  }

  static List<AuditEntry> range(long from, long to) {
    return LongStream.range(from, to).mapToObj(Entries::request).collect(Collectors.toList());
  }

  /** A clock tests set by hand. */
  static final class SettableClock extends Clock {
    volatile Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

}
