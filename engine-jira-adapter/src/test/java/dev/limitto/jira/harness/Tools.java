package dev.limitto.jira.harness;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * External programs that some tests run (Node.js for the JavaScript snippets). A test never passes
 * silently without its tool: where the tool is missing the test is skipped with a message, and
 * under CI ({@code CI=true}) or with {@code -Dlimitto.require.tools=true} it fails instead, as
 * {@code .ci/run} installs every tool the tests need.
 */
public final class Tools {

  private Tools() {}

  /** Whether a missing tool must fail the test rather than skip it. */
  public static boolean required() {
    return Boolean.getBoolean("limitto.require.tools")
        || "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Whether {@code tool --version} runs and exits 0. */
  public static boolean present(String tool) {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Skips the calling test when {@code tool} is missing (fails it under CI); {@code what} says what
   * goes unchecked.
   */
  public static void assumePresent(String tool, String what) {
    boolean present = present(tool);
    if (!present && required()) {
      throw new AssertionError(tool + " is not on the PATH, so " + what
          + " cannot be checked (required under CI=true or -Dlimitto.require.tools=true)");
    }
    Assumptions.assumeTrue(present, tool + " is not on the PATH: " + what + " not checked");
  }

  /**
   * For a check inside a larger test: true when {@code tool} is there; when it is missing, fails
   * under CI, and otherwise prints that {@code what} was not checked and returns false.
   */
  public static boolean presentOrNote(String tool, String what) {
    if (present(tool)) {
      return true;
    }
    if (required()) {
      throw new AssertionError(tool + " is not on the PATH, so " + what
          + " cannot be checked (required under CI=true or -Dlimitto.require.tools=true)");
    }
    System.err.println(tool + " is not on the PATH: " + what + " not checked");
    return false;
  }
}
