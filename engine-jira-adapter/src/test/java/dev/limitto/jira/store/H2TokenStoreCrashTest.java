package dev.limitto.jira.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.db.H2ConnectionSource;
import dev.limitto.jira.store.H2CrashWriter.Stage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a JVM that is writing tokens to an H2 file database, then reopens the file:
 * the store must open, every token must be exactly one of the states a committed write leaves,
 * and every write the child saw committed must be there (H2 runs with {@code WRITE_DELAY=0}).
 */
class H2TokenStoreCrashTest {

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void killedWhileWritingThenReopensWithEveryTokenCompleteAndEveryCommittedWriteKept()
      throws Exception {
    for (int round = 0; round < 2; round++) {
      Map<Integer, Stage> committed = runChildAndKill(40 + round * 13);
      verify(committed);
    }
    try (H2ConnectionSource source = H2ConnectionSource.inDirectory(dataDir);
        TokenStore store = JdbcTokenStore.open(source)) {
      store.insert(TokenBuilder.token("tok_after").build());
      assertThat(store.findById("tok_after")).isPresent();
    }
  }

  /** Starts the writer, lets it commit a while, and kills it mid-loop; returns what it saw. */
  private Map<Integer, Stage> runChildAndKill(int linesBeforeKill) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child =
        new ProcessBuilder(java, "-Xmx64m", "-cp", classPath, H2CrashWriter.class.getName(), dataDir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    Map<Integer, Stage> committed = new HashMap<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (int n = 0; n < linesBeforeKill; n++) {
        String line = out.readLine();
        assertThat(line).as("writer output (see its stderr above)").isNotNull();
        String[] parts = line.split(" ");
        committed.put(Integer.parseInt(parts[0]), Stage.valueOf(parts[1]));
      }
      // SIGKILL: no shutdown hook, no H2 close. The JDK closes our end of the pipe, so lines
      // the child printed after the last one read are not counted; the check only needs a
      // lower bound of what was committed.
      child.destroyForcibly();
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    return committed;
  }

  private void verify(Map<Integer, Stage> committed) {
    try (H2ConnectionSource source = H2ConnectionSource.inDirectory(dataDir);
        TokenStore store = JdbcTokenStore.open(source)) {
      List<StoredToken> all = store.list();
      assertThat(all).isNotEmpty();
      for (StoredToken t : all) {
        int i = Integer.parseInt(t.id().substring("tok_".length()));
        List<StoredToken> possible = new ArrayList<>();
        for (Stage s : Stage.values()) {
          possible.add(H2CrashWriter.expected(i, s));
        }
        assertThat(possible).as("token %s is in a state some committed write left", t.id()).contains(t);
      }
      committed.forEach(
          (i, stage) -> {
            StoredToken t = store.findById(H2CrashWriter.id(i)).orElseThrow();
            assertThat(stageOf(i, t)).as("token %d was reported %s", i, stage)
                .isGreaterThanOrEqualTo(stage);
          });
      assertThat(store.changesSince(0).changed()).hasSameSizeAs(all);
    }
  }

  private static Stage stageOf(int i, StoredToken t) {
    for (Stage s : Stage.values()) {
      if (H2CrashWriter.expected(i, s).equals(t)) {
        return s;
      }
    }
    throw new AssertionError("token " + t.id() + " is in no state a committed write leaves");
  }
}
