package dev.limitto.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One in-process run of the command line with captured streams. */
public record CliRun(int exitCode, String out, String err) {

  /** Runs {@code limit-to token ARGS --data DATA}, on a data directory without a server. */
  public static CliRun token(java.nio.file.Path data, String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "token";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--data";
    all[args.length + 2] = data.toString();
    return run("", all);
  }

  /** Runs {@code limit-to ARGS} with {@code stdin} as standard input. */
  public static CliRun run(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintWriter(out), new PrintWriter(err));
    return new CliRun(code, out.toString(), err.toString());
  }

  /** The lines of stdout, failing when the last one is not terminated (half-written). */
  public List<String> outLines() {
    if (out.isEmpty()) {
      return List.of();
    }
    if (!out.endsWith("\n")) {
      throw new AssertionError("stdout does not end with a line break: <" + out + ">");
    }
    return List.of(out.substring(0, out.length() - 1).split("\n", -1));
  }

  /** The single line of stderr, failing when there is not exactly one. */
  public String errLine() {
    if (!err.endsWith("\n") || err.indexOf('\n') != err.length() - 1) {
      throw new AssertionError("expected exactly one line on stderr, got: <" + err + ">");
    }
    return err.substring(0, err.length() - 1);
  }
}
