package dev.limitto.cli.serve;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code limit-to serve} in a child JVM on a free port, as a user runs it; its stdout is
 * collected line by line. {@link #stop()} sends SIGTERM, which the server handles as Ctrl-C.
 */
final class ServeProcess implements AutoCloseable {

  /** The last line of the start banner. */
  static final String BANNER_END = "Manage tokens while this runs";

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private final Path errFile;

  private ServeProcess(Process process, Path errFile) {
    this.process = process;
    this.errFile = errFile;
    this.reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "serve-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Runs {@code ./limit-to serve --port 0} through the script itself (as built by package,
   * {@code LIMITTO_NO_BUILD=1}) in {@code workDir}, with the default data directory
   * {@code ./data}: the way a new user starts it.
   */
  static ServeProcess startScript(Path script, Path workDir) throws IOException {
    Path errFile = workDir.resolve("serve.err");
    ProcessBuilder pb = new ProcessBuilder(script.toString(), "serve", "--port", "0")
        .directory(workDir.toFile()).redirectError(errFile.toFile());
    pb.environment().put("LIMITTO_NO_BUILD", "1");
    return new ServeProcess(pb.start(), errFile);
  }

  static ServeProcess start(Path dataDir, String... extraArgs) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-cp", classPath,
        "dev.limitto.cli.Main", "serve", "--port", "0", "--data", dataDir.toString()));
    command.addAll(List.of(extraArgs));
    Path errFile = dataDir.resolveSibling(dataDir.getFileName() + "-serve.err");
    Process p = new ProcessBuilder(command).redirectError(errFile.toFile()).start();
    return new ServeProcess(p, errFile);
  }

  /** Waits until the banner is complete and returns it. */
  List<String> awaitBanner() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (lines.stream().anyMatch(l -> l.startsWith(BANNER_END))) {
        return List.copyOf(lines);
      }
      if (!process.isAlive()) {
        throw new AssertionError("serve exited with " + process.exitValue() + ": " + lines);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("serve printed no complete banner within 120 s: " + lines);
  }

  /** Sends SIGTERM and waits for the process to end; returns its exit code. */
  int stop() throws InterruptedException, IOException {
    // not Process.destroy(): it closes our end of stdout, losing what the server prints last
    new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("serve did not stop within 60 s of SIGTERM");
    }
    reader.join(10_000);
    return process.exitValue();
  }

  /** What the server wrote to stderr so far, for failure messages. */
  String stderr() {
    try {
      return java.nio.file.Files.readString(errFile);
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
