package dev.limitto.cli.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command line as a user would paste it: {@code bash -c LINE}. */
final class Shell {

  record Result(int exit, String out) {

    /** The status code of the last HTTP status line in {@code curl -i} output. */
    int status() {
      int status = -1;
      for (String l : out.split("\r?\n")) {
        if (l.startsWith("HTTP/")) {
          String[] parts = l.split(" ");
          status = Integer.parseInt(parts[1]);
        }
      }
      return status;
    }

    /** The value of a response header, or null. */
    String header(String name) {
      for (String l : out.split("\r?\n")) {
        if (l.isEmpty()) {
          break;
        }
        int colon = l.indexOf(':');
        if (colon > 0 && l.substring(0, colon).equalsIgnoreCase(name)) {
          return l.substring(colon + 1).strip();
        }
      }
      return null;
    }
  }

  private Shell() {}

  static Result run(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("did not finish within 60 s: " + List.of(command));
    }
    return new Result(p.exitValue(), out);
  }

  static Result bash(Path dir, String line) throws IOException, InterruptedException {
    return run(dir, "bash", "-c", line);
  }

}
