package dev.limitto.jira.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that writes the audit log as fast as it can is killed (SIGKILL) in mid-stream: every
 * complete line on disk parses, the lines are a gap-free prefix of what was recorded, nothing the
 * process had acknowledged as written is missing, and at most the queue plus one batch is lost.
 * After a restart the file again consists only of complete lines.
 */
class AuditCrashTest {

  static final int CAPACITY = 4_096;
  static final int MAX_BATCH = 256;
  static final long KILL_AFTER_WRITTEN = 20_000;
  static final Pattern COUNTERS = Pattern.compile("(\\d+) accepted (\\d+) written");
  static final Pattern SEQ = Pattern.compile(".*/issue/C-(\\d+)\\?.*");

  @TempDir Path dir;

  @Test
  @Timeout(180)
  void writerKilledMidStreamThenEveryLineParsesAndNoAcknowledgedEventIsLost() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xmx128m", "-cp",
        System.getProperty("java.class.path"), CrashingAuditWriter.class.getName(),
        dir.toString(), String.valueOf(CAPACITY), String.valueOf(MAX_BATCH))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    long acceptedAck = 0;
    long writtenAck = 0;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        Matcher m = COUNTERS.matcher(line);
        if (m.matches()) {
          acceptedAck = Long.parseLong(m.group(1));
          writtenAck = Long.parseLong(m.group(2));
          if (writtenAck >= KILL_AFTER_WRITTEN) {
            child.destroyForcibly();
            break;
          }
        }
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(writtenAck).as("the child reported its progress").isGreaterThanOrEqualTo(
        KILL_AFTER_WRITTEN);

    List<Long> seqs = new ArrayList<>();
    long unterminated = 0;
    for (AuditFiles.Segment s : AuditFiles.list(dir)) {
      String content = Files.readString(s.path(), StandardCharsets.UTF_8);
      int end = content.lastIndexOf('\n') + 1;
      if (end < content.length()) {
        unterminated++;
      }
      for (String line : content.substring(0, end).split("\n", -1)) {
        if (line.isEmpty()) {
          continue;
        }
        Matcher m = SEQ.matcher(AuditJson.parse(line).url()); // throws if a line is damaged
        assertThat(m.matches()).isTrue();
        seqs.add(Long.parseLong(m.group(1)));
      }
    }
    long onDisk = seqs.size();
    for (int i = 0; i < seqs.size(); i++) {
      if (seqs.get(i) != i) {
        throw new AssertionError("line " + i + " holds event " + seqs.get(i));
      }
    }
    // nothing acknowledged is lost
    assertThat(onDisk).isGreaterThanOrEqualTo(writtenAck);
    // the documented bound: what was accepted but not written fits in the queue and one batch
    assertThat(acceptedAck - onDisk).isLessThanOrEqualTo(CAPACITY + MAX_BATCH);
    assertThat(unterminated).isLessThanOrEqualTo(1);

    // restart: the next writer cuts any half line off before appending
    try (JsonLinesAuditWriter w = JsonLinesAuditWriter.open(dir)) {
      w.write(List.of(Entries.request(0)));
    }
    long lines = 0;
    for (AuditFiles.Segment s : AuditFiles.list(dir)) {
      String content = Files.readString(s.path(), StandardCharsets.UTF_8);
      assertThat(content).endsWith("\n");
      for (String line : content.split("\n")) {
        AuditJson.parse(line);
        lines++;
      }
    }
    assertThat(lines).isEqualTo(onDisk + 1);
    System.out.printf("audit crash: killed after %d acknowledged (%d accepted); %d complete lines"
        + " on disk, %d unterminated tail(s)%n", writtenAck, acceptedAck, onDisk, unterminated);
  }

}
