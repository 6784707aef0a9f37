package dev.limitto.cli.check;

import dev.limitto.cli.CliFiles;
import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.cli.UsageException;
import dev.limitto.engine.Decision;
import dev.limitto.engine.RuleSet;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.jira.token.TokenSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code limit-to check}: decides requests offline against a rules file, one JSON object per
 * input line in, one JSON object per line out, in the same order (docs/cli.md).
 */
@Command(
    name = "check",
    description = {
      "Decide requests offline against a rules file.",
      "",
      "Reads one request per line as a JSON object (JSON Lines), e.g.",
      "  {\"method\":\"GET\",\"target\":\"/rest/api/2/project?expand=lead\"}",
      "  {\"method\":\"POST\",\"target\":\"/rest/api/2/issue\",",
      "   \"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"{}\"}",
      "and writes one JSON object per line, in the same order:",
      "  {\"decision\":\"ALLOW\",\"line\":2}      allowed by rule line 2",
      "  {\"decision\":\"ALLOW\"}               empty rule set: unrestricted",
      "  {\"decision\":\"DENY\",\"reason\":\"...\"}",
      "  {\"error\":\"input line 3: ...\"}      not a request; the run goes on",
      "",
      "With --in-format=combined it replays an Apache/Tomcat access log instead and prints a",
      "summary: requests allowed per rule line, denied, the most denied paths, malformed lines.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 every input line was decided (allowed or denied); 2 bad usage, a rules "
          + "file that does not compile (every error is printed as FILE:LINE:COL), or at least "
          + "one malformed input line (every line is still answered); 3 internal error. "
          + "A replayed access log (--in-format=combined) exits 0 also with malformed log "
          + "lines: the summary counts them."
    })
public final class CheckCommand implements Callable<Integer> {

  /**
   * Longest input line read. The largest JSON body the engine reads is 1 MiB; escaped in a JSON
   * string it can take up to six times that, plus the target and headers.
   */
  static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

  static final String INPUT_LINE = "input line %d: %s";
  static final String MALFORMED_SUMMARY =
      "%d of %d input lines were malformed (first: input line %d)";
  /** The engine's message about the base URL, prefixed with the option that gave it. */
  static final String BAD_BASE_URL = "--base-url: %s";
  static final String INPUT_FAILED = "cannot read the input: %s";
  static final String OUTPUT_FAILED = "cannot write the output (stdout was closed)";

  static final String JSONL = "jsonl";
  static final String COMBINED = "combined";
  static final int DEFAULT_TOP = 10;
  static final String BAD_IN_FORMAT = "--in-format must be jsonl or combined, was '%s'";
  static final String NEEDS_COMBINED = "%s only applies to --in-format=combined";
  static final String EXPLAIN_NEEDS_PER_REQUEST =
      "--explain with --in-format=combined needs --per-request (the summary has no per-request"
          + " detail)";
  static final String BAD_TOP = "--top must be 0 or more, was %d";

  static final String RULES_FILE = "rules file";
  static final String INPUT_FILE = "input file";

  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  @Option(names = "--rules", required = true, paramLabel = "RULES_FILE",
      description = "The \"Limit to\" rules, one per line (UTF-8).")
  String rulesFile;

  @Option(names = "--base-url", paramLabel = "URL", defaultValue = TokenSettings.DEFAULT_BASE_URL,
      description = {
        "Base URL of the application: its origin prefixes every path and {base} stands for it.",
        "Default: ${DEFAULT-VALUE}"
      })
  String baseUrl;

  @Option(names = "--in", paramLabel = "FILE|-", defaultValue = "-",
      description = "Where to read requests from; - (the default) is stdin.")
  String in;

  @Option(names = "--explain",
      description = "Add \"explain\": for every rule line, whether it matched and which part "
          + "failed.")
  boolean explain;

  @Option(names = "--in-format", paramLabel = "FORMAT", defaultValue = JSONL,
      description = {
        "jsonl (default): one JSON request per line, one JSON decision per line out.",
        "combined: an Apache/Tomcat access log (common or combined format), replayed on",
        "method and target alone, ending with a summary (allowed per line, denied, top",
        "denied paths, malformed lines); progress on stderr."
      })
  String inFormat;

  @Option(names = "--per-request",
      description = "With --in-format=combined: also write one JSON decision per log line to "
          + "stdout; the summary then goes to stderr.")
  boolean perRequest;

  @Option(names = "--top", paramLabel = "N",
      description = "With --in-format=combined: how many of the most denied paths the summary "
          + "lists (default: " + DEFAULT_TOP + ").")
  Integer top;

  private final InputStream stdin;
  private final InputFormat format = new JsonLinesFormat();

  /** @param stdin what {@code --in -} reads */
  public CheckCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws IOException {
    // Every file and argument is checked before anything is written.
    boolean combined = checkFormatOptions();
    String rulesText = CliFiles.readText(RULES_FILE, rulesFile);
    RuleSet.Compiler compiler = compiler(baseUrl);
    InputStream input = "-".equals(in) ? stdin : CliFiles.open(INPUT_FILE, in);
    try (LineReader reader = new LineReader(input, MAX_LINE_BYTES)) {
      RuleSet rules;
      try {
        rules = compiler.compile(rulesText);
      } catch (RuleSyntaxException e) {
        spec.commandLine().getErr().println(e.render(rulesFile));
        return ExitCode.USAGE;
      }
      if (combined) {
        PrintWriter err = spec.commandLine().getErr();
        Replay.Progress progress = new Replay.Progress(err, System.console() != null,
            PROGRESS_INTERVAL_NANOS, System::nanoTime);
        return new Replay(rules, rulesText, rulesFile, "-".equals(in) ? "stdin" : in,
            perRequest, explain, top == null ? DEFAULT_TOP : top, spec.commandLine().getOut(),
            err, progress).run(reader);
      }
      return decideAll(rules, reader);
    }
  }

  /** How often the replay progress line is refreshed. */
  static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

  /** Validates the options of the input format; whether the input is an access log. */
  private boolean checkFormatOptions() {
    boolean combined = COMBINED.equals(inFormat);
    if (!combined && !JSONL.equals(inFormat)) {
      throw new UsageException(String.format(BAD_IN_FORMAT, inFormat));
    }
    if (!combined && perRequest) {
      throw new UsageException(String.format(NEEDS_COMBINED, "--per-request"));
    }
    if (!combined && top != null) {
      throw new UsageException(String.format(NEEDS_COMBINED, "--top"));
    }
    if (combined && explain && !perRequest) {
      throw new UsageException(EXPLAIN_NEEDS_PER_REQUEST);
    }
    if (top != null && top < 0) {
      throw new UsageException(String.format(BAD_TOP, top));
    }
    return combined;
  }

  private int decideAll(RuleSet rules, LineReader reader) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    DecisionWriter writer = new DecisionWriter(out);
    long lines = 0;
    long malformed = 0;
    long firstMalformed = 0;
    try {
      while (true) {
        LineReader.Line line;
        try {
          line = reader.next();
        } catch (IOException e) {
          throw new UsageException(String.format(INPUT_FAILED, e.getMessage()));
        }
        if (line == null) {
          break;
        }
        lines++;
        InputFormat.Parsed parsed = line.error() != null
            ? new InputFormat.Malformed(line.error())
            : format.parse(line.text());
        if (parsed instanceof InputFormat.Ok ok) {
          Decision decision = rules.evaluate(ok.request());
          writer.decision(decision, explain ? rules.explain(ok.request()) : null);
        } else {
          malformed++;
          if (firstMalformed == 0) {
            firstMalformed = line.number();
          }
          String message = ((InputFormat.Malformed) parsed).message();
          writer.error(String.format(INPUT_LINE, line.number(), message));
        }
        if (!reader.hasBufferedInput()) {
          flush(writer, out);
        }
      }
    } finally {
      writer.flush();
    }
    flush(writer, out);
    if (malformed > 0) {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": "
          + String.format(MALFORMED_SUMMARY, malformed, lines, firstMalformed));
      return ExitCode.USAGE;
    }
    return ExitCode.OK;
  }

  /** PrintWriter swallows write errors; stop reading once nobody reads the answers. */
  private static void flush(DecisionWriter writer, PrintWriter out) throws IOException {
    writer.flush();
    if (out.checkError()) {
      throw new UsageException(OUTPUT_FAILED);
    }
  }

  /** A compiler for the base URL, which the engine validates (LIMIT-TO.md §4). */
  static RuleSet.Compiler compiler(String baseUrl) {
    try {
      return RuleSet.compiler().baseUrl(baseUrl);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.format(BAD_BASE_URL, e.getMessage()));
    }
  }
}
