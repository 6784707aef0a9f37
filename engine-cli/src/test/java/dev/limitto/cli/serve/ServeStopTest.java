package dev.limitto.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Stopping {@code serve} prints what the admin needs and nothing else: no container warnings. */
class ServeStopTest {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void stopWhenSigtermThenExit0WithTheSummaryAndNoWarningOrSevereLine() throws Exception {
    try (ServeProcess serve = ServeProcess.start(tmp.resolve("data"))) {
      serve.awaitBanner();

      assertThat(serve.stop()).isZero();

      assertThat(serve.lines()).last().asString().startsWith("Stopped. Audit log flushed: ");
      assertThat(serve.stderr().lines())
          .noneMatch(l -> l.contains("WARN") || l.contains("SEVERE") || l.contains("--add-opens"));
    }
  }
}
