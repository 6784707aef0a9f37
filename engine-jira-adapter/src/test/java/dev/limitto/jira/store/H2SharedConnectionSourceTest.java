package dev.limitto.jira.store;

import static dev.limitto.jira.store.TokenBuilder.token;
import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.db.H2ConnectionSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link H2ConnectionSource#shared}: two processes use one H2 data directory at once. */
class H2SharedConnectionSourceTest {

  @TempDir Path dataDir;

  @Test
  void sharedUrlAddsAutoServer() {
    String prefix = "jdbc:h2:file:" + dataDir.toAbsolutePath()
        + "/limitto-tokens;DB_CLOSE_DELAY=-1;WRITE_DELAY=0;LOCK_TIMEOUT=10000;AUTO_SERVER=TRUE";

    assertThat(H2ConnectionSource.shared(dataDir).url()).isEqualTo(prefix);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void sharedWhenAnotherProcessHoldsTheDatabaseThenBothReadAndWriteIt() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", classPath,
        SharedH2Holder.class.getName(), dataDir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        OutputStream in = child.getOutputStream()) {
      assertThat(out.readLine()).isEqualTo("ready");

      H2ConnectionSource source = H2ConnectionSource.shared(dataDir);
      TokenStore store = JdbcTokenStore.open(source);
      assertThat(store.findById("tok_child")).isPresent();
      store.insert(token("tok_parent").build());

      in.write("go\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
      assertThat(out.readLine()).isEqualTo("tok_child,tok_parent");
    } finally {
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
    assertThat(child.exitValue()).isZero();
  }
}
