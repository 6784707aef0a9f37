package dev.limitto.cli.check;

import dev.limitto.cli.UsageException;
import dev.limitto.engine.Decision;
import dev.limitto.engine.HttpRequestView;
import dev.limitto.engine.LineExplanation;
import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code check --in-format=combined}: replays an access log against a rule set and ends with a
 * summary: requests allowed per rule line, denied requests (with those that only a body could
 * have allowed), the most denied paths, and the malformed log lines. A log has neither headers
 * nor bodies, so each request is decided on its method and request-target alone. Not
 * thread-safe; one instance per run.
 */
final class Replay {

  static final String HEADER = "replayed %s against %s (base URL %s)";
  static final String REQUESTS = "requests: %d";
  static final String ALLOWED = "allowed: %d";
  static final String ALLOWED_UNRESTRICTED =
      "allowed: %d (the rule set has no rule lines, so it is unrestricted)";
  static final String ALLOWED_LINE = "  line %d: %d  %s";
  static final String DENIED = "denied: %d";
  static final String NEEDS_BODY =
      "  %d of them need a body: their method, URL and query match a JsonData line, but a log"
          + " has no bodies, so they count as denied";
  static final String TOP_DENIED = "top denied paths (method and path, without query):";
  static final String TOP_DENIED_LINE = "  %d  %s %s";
  static final String TOP_DENIED_TRUNCATED =
      "  (more than %d different paths were denied; later new ones were not counted)";
  static final String MALFORMED = "malformed log lines: %d (not replayed)";
  static final String MALFORMED_LINE = "  line %d: %s";
  static final String MALFORMED_MORE = "  ... and %d more";
  static final String PROGRESS = "replay: %d lines, %d allowed, %d denied, %d malformed";

  /** Malformed lines listed in the summary; the rest are only counted. */
  static final int MALFORMED_LISTED = 5;
  /** Most different denied paths counted, so that a log of random paths cannot fill memory. */
  static final int MAX_DENIED_PATHS = 100_000;
  /** How often the clock is read for the progress line, in log lines. */
  private static final int PROGRESS_CHECK_EVERY = 1024;
  /**
   * How an explanation names a failed JsonData predicate ({@code check --explain} shows the same
   * detail): the line matched up to its body.
   */
  private static final String JSON_DETAIL = "JsonData";

  /** Writes the progress line on stderr: in place on a terminal, a line at a time otherwise. */
  static final class Progress {
    private final PrintWriter err;
    private final boolean terminal;
    private final long intervalNanos;
    private final LongSupplier clock;
    private long last;
    private boolean shown;

    Progress(PrintWriter err, boolean terminal, long intervalNanos, LongSupplier clock) {
      this.err = err;
      this.terminal = terminal;
      this.intervalNanos = intervalNanos;
      this.clock = clock;
      this.last = clock.getAsLong();
    }

    void update(String text) {
      long now = clock.getAsLong();
      if (now - last < intervalNanos) {
        return;
      }
      last = now;
      shown = true;
      if (terminal) {
        err.print("\r" + text);
        err.flush();
      } else {
        err.println(text);
      }
    }

    /** Ends an in-place line so that what follows starts on a line of its own. */
    void done() {
      if (terminal && shown) {
        err.println();
      }
    }
  }

  private final RuleSet rules;
  private final List<String> ruleSource;
  private final String header;
  private final boolean perRequest;
  private final boolean explain;
  private final int top;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Progress progress;
  private final CombinedLogFormat format = new CombinedLogFormat();

  private long lines;
  private long allowed;
  private long denied;
  private long needsBody;
  private long malformed;
  private final Map<Integer, long[]> allowedByLine = new HashMap<>();
  private final Map<String, long[]> deniedPaths = new HashMap<>();
  private boolean deniedPathsTruncated;
  private final List<String> malformedListed = new ArrayList<>();

  /**
   * @param ruleSource the rule text, for the source line of each line in the summary
   * @param perRequest write one JSON decision per log line to {@code out}, and the summary to
   *     {@code err}
   */
  Replay(RuleSet rules, String ruleSource, String rulesName, String inputName, boolean perRequest,
      boolean explain, int top, PrintWriter out, PrintWriter err, Progress progress) {
    this.rules = rules;
    this.ruleSource = List.of(ruleSource.split("\r\n|\r|\n", -1));
    this.header = String.format(HEADER, inputName, rulesName, rules.baseUrl().orElse("none"));
    this.perRequest = perRequest;
    this.explain = explain;
    this.top = top;
    this.out = out;
    this.err = err;
    this.progress = progress;
  }

  /** Replays every line, then prints the summary. */
  int run(LineReader reader) throws IOException {
    DecisionWriter writer = perRequest ? new DecisionWriter(out) : null;
    while (true) {
      LineReader.Line line;
      try {
        line = reader.next();
      } catch (IOException e) {
        throw new UsageException(String.format(CheckCommand.INPUT_FAILED, e.getMessage()));
      }
      if (line == null) {
        break;
      }
      lines++;
      InputFormat.Parsed parsed = line.error() != null
          ? new InputFormat.Malformed(line.error())
          : format.parse(line.text());
      if (parsed instanceof InputFormat.Ok ok) {
        Decision decision = decide(ok.request());
        if (writer != null) {
          writer.decision(decision, explain ? rules.explain(ok.request()) : null);
        }
      } else {
        String message = ((InputFormat.Malformed) parsed).message();
        malformed++;
        if (malformedListed.size() < MALFORMED_LISTED) {
          malformedListed.add(String.format(MALFORMED_LINE, line.number(), message));
        }
        if (writer != null) {
          writer.error(String.format(CheckCommand.INPUT_LINE, line.number(), message));
        }
      }
      if ((lines % PROGRESS_CHECK_EVERY) == 0) {
        progress.update(String.format(PROGRESS, lines, allowed, denied, malformed));
      }
    }
    progress.done();
    if (writer != null) {
      writer.flush();
    }
    PrintWriter summary = perRequest ? err : out;
    for (String s : summary()) {
      summary.println(s);
    }
    summary.flush();
    if (out.checkError()) {
      throw new UsageException(CheckCommand.OUTPUT_FAILED);
    }
    return dev.limitto.cli.ExitCode.OK;
  }

  private Decision decide(HttpRequestView request) {
    Decision decision = rules.evaluate(request);
    if (decision.isAllowed()) {
      allowed++;
      if (decision.line().isPresent()) {
        allowedByLine.computeIfAbsent(decision.line().getAsInt(), k -> new long[1])[0]++;
      }
      return decision;
    }
    denied++;
    for (LineExplanation e : rules.explain(request)) {
      if (e.detail().startsWith(JSON_DETAIL)) {
        needsBody++;
        break;
      }
    }
    String key = request.method() + " " + request.rawPath();
    long[] count = deniedPaths.get(key);
    if (count != null) {
      count[0]++;
    } else if (deniedPaths.size() < MAX_DENIED_PATHS) {
      deniedPaths.put(key, new long[] {1});
    } else {
      deniedPathsTruncated = true;
    }
    return decision;
  }

  /** The summary lines, in the order documented in docs/cli.md. */
  List<String> summary() {
    List<String> s = new ArrayList<>();
    s.add(header);
    s.add(String.format(REQUESTS, lines - malformed));
    if (rules.isUnrestricted()) {
      s.add(String.format(ALLOWED_UNRESTRICTED, allowed));
    } else {
      s.add(String.format(ALLOWED, allowed));
      // every rule line, also those that allowed nothing: unused lines are worth a look. The
      // engine's explanation lists exactly its effective lines, whatever counts as a comment.
      for (LineExplanation e : rules.explain(Request.of("GET", "/"))) {
        int number = e.line();
        String text = number <= ruleSource.size() ? ruleSource.get(number - 1).strip() : "";
        long[] count = allowedByLine.get(number);
        s.add(String.format(ALLOWED_LINE, number, count == null ? 0 : count[0], text));
      }
    }
    s.add(String.format(DENIED, denied));
    if (needsBody > 0) {
      s.add(String.format(NEEDS_BODY, needsBody));
    }
    if (denied > 0 && top > 0) {
      s.add(TOP_DENIED);
      List<Map.Entry<String, long[]>> entries = new ArrayList<>(deniedPaths.entrySet());
      // most denied first; ties in path order, so that the summary is reproducible
      entries.sort((a, b) -> a.getValue()[0] != b.getValue()[0]
          ? Long.compare(b.getValue()[0], a.getValue()[0])
          : a.getKey().compareTo(b.getKey()));
      for (Map.Entry<String, long[]> e : entries.subList(0, Math.min(top, entries.size()))) {
        int sp = e.getKey().indexOf(' ');
        s.add(String.format(TOP_DENIED_LINE, e.getValue()[0], e.getKey().substring(0, sp),
            CombinedLogFormat.quote(e.getKey().substring(sp + 1))));
      }
      if (deniedPathsTruncated) {
        s.add(String.format(TOP_DENIED_TRUNCATED, MAX_DENIED_PATHS));
      }
    }
    if (malformed > 0) {
      s.add(String.format(MALFORMED, malformed));
      s.addAll(malformedListed);
      if (malformed > malformedListed.size()) {
        s.add(String.format(MALFORMED_MORE, malformed - malformedListed.size()));
      }
    }
    return s;
  }
}
