package dev.limitto.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start as a new user follows it, through the real {@code ./limit-to} script: start
 * {@code serve} with the defaults, paste each printed line into bash (the {@code curl} lines and
 * the audit line, verbatim), and see what the banner announced.
 */
class ServeScriptIT {

  @TempDir Path workDir;

  private static Path projectDir() {
    String dir = System.getProperty("limitto.project.dir");
    if (dir == null) {
      throw new IllegalStateException("system property limitto.project.dir is not set (failsafe sets it)");
    }
    return Path.of(dir);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void quickStartWhenPrintedLinesPastedThenAllowedServedDeniedRefusedAndBothAudited()
      throws Exception {
    // the printed lines say ./limit-to: make that name work here, as it does at the repo root
    Path script = Files.createSymbolicLink(workDir.resolve("limit-to"),
        projectDir().resolve("limit-to"));
    try (ServeProcess serve = ServeProcess.startScript(script, workDir)) {
      List<String> banner = serve.awaitBanner();

      Shell.Result allowed = Shell.bash(workDir, lineAfter(banner, ServeCommand.ALLOWED));
      assertThat(allowed.status()).as(allowed.out()).isEqualTo(200);
      assertThat(allowed.header(SampleJiraServlet.SERVED_HEADER))
          .isEqualTo("GET /rest/api/2/issue/DEMO-1");

      Shell.Result denied = Shell.bash(workDir, lineAfter(banner, ServeCommand.DENIED));
      assertThat(denied.status()).as(denied.out()).isEqualTo(403);
      assertThat(denied.header(SampleJiraServlet.SERVED_HEADER)).isNull();

      String auditLine = lineAfter(banner, ServeCommand.AUDIT);
      assertThat(auditLine).isEqualTo("./limit-to audit --data ./data");
      Shell.Result audit = Shell.bash(workDir, "LIMITTO_NO_BUILD=1 " + auditLine);
      assertThat(audit.exit()).as(audit.out()).isZero();
      assertThat(audit.out().lines())
          .anySatisfy(l -> assertThat(l).contains("ALLOWED 200")
              .contains("GET http://localhost:").contains("/rest/api/2/issue/DEMO-1"))
          .anySatisfy(l -> assertThat(l).contains("REFUSED 403")
              .contains("GET http://localhost:").contains("/rest/api/2/issue/OPS-1"));

      assertThat(serve.stop()).isZero();
      assertThat(serve.lines()).as(serve::stderr)
          .anyMatch(l -> l.startsWith("Stopped. Audit log flushed: "));
      assertThat(serve.stderr().lines()).as("a clean stop prints no container warnings")
          .noneMatch(l -> l.contains("WARN") || l.contains("SEVERE"));
    }
    assertThat(workDir.resolve("data").resolve("admin-password")).exists();
  }

  /** The last line of the block under a heading: the command (a POST has a comment first). */
  private static String lineAfter(List<String> banner, String heading) {
    int at = banner.indexOf(heading);
    assertThat(at).as("heading %s in %s", heading, banner).isNotNegative();
    int end = at + 1;
    while (end + 1 < banner.size() && !banner.get(end + 1).isEmpty()) {
      end++;
    }
    return banner.get(end);
  }
}
