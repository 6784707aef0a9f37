package dev.limitto.cli.diff;

import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.cli.UsageException;
import dev.limitto.cli.audit.AuditCommand;
import dev.limitto.cli.check.RequestFiles;
import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSet;
import dev.limitto.engine.analysis.RuleDiff;
import dev.limitto.engine.analysis.RuleSuggester.Suggestion;
import dev.limitto.engine.analysis.RuleSuggester;
import dev.limitto.jira.audit.AuditedTraffic;
import dev.limitto.jira.audit.JsonLinesAuditReader;
import dev.limitto.jira.audit.JsonLinesAuditWriter;
import dev.limitto.jira.token.TokenSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code limit-to suggest}: least-privilege rules from a token's audited traffic or from an
 * access log ({@link RuleSuggester}), replayed, and compared with the current rules and with
 * the traffic itself ({@link RuleDiff}).
 */
@Command(
    name = "suggest",
    description = {
      "Propose the tightest rules that allow every allowed request of a token (from the",
      "audit log) or every request of an access log, generalising only where the traffic",
      "shows a family: issue keys of one project -> KEY-[0-9]+, numeric ids -> [0-9]+, a",
      "fixed set of query values -> an alternation. Prints the rules, the replay of the",
      "traffic against them, what they allow beyond the traffic and, against the current",
      "rules (the token's, or --rules), what changes, each with example requests.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 a suggestion that allows every request; 1 some request is refused by any"
          + " rule (such as a path the engine rejects); 2 bad usage or no traffic."
    })
public final class SuggestCommand implements Callable<Integer> {

  static final String NO_TRAFFIC = "no allowed requests to learn from";
  static final String REPLAY = "# replayed %d request(s): %d allowed, %d refused";
  static final String MASKED =
      "# the audit log masks query values: the lines do not constrain query parameters";
  static final String BEYOND = "# what the suggestion allows beyond the traffic:";
  static final String AGAINST = "# against the current rules (old) the suggestion (new):";

  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  static final String ONE_SOURCE = "give exactly one of --token ID and --in FILE";

  @Option(names = "--token", paramLabel = "ID",
      description = "Learn from this token's allowed requests in the audit log.")
  String token;

  @Option(names = "--in", paramLabel = "FILE",
      description = "Learn from the requests of this file (see --in-format).")
  String in;

  @Option(names = "--since", paramLabel = "WHEN", defaultValue = "30d",
      description = "With --token: audit events at or after WHEN (as for audit). Default: 30d")
  String since;

  @Option(names = "--in-format", paramLabel = "FORMAT", defaultValue = "combined",
      description = "With --in: combined (default; an access log) or jsonl (as check reads).")
  String inFormat;

  @Option(names = "--rules", paramLabel = "FILE",
      description = "The current rules to compare with (default: the token's, or none).")
  String rules;

  @Option(names = "--base-url", paramLabel = "URL", defaultValue = TokenSettings.DEFAULT_BASE_URL,
      description = "Base URL the rules are used with. Default: ${DEFAULT-VALUE}")
  String baseUrl;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
      description = "Data directory (as for serve). Default: ${DEFAULT-VALUE}")
  String data;

  private final Clock clock;

  public SuggestCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    try {
      RuleSet.compiler().baseUrl(baseUrl);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.format(DiffCommand.BAD_BASE_URL, e.getMessage()));
    }
    if ((token == null) == (in == null)) {
      throw new UsageException(ONE_SOURCE);
    }
    List<Request> traffic;
    boolean queryValues;
    String current = null;
    if (token != null) {
      traffic = audited(token);
      queryValues = false;
      current = DiffCommand.rules(token, data);
    } else {
      traffic = RequestFiles.read(in, inFormat).requests();
      queryValues = true;
    }
    if (rules != null) {
      current = DiffCommand.rules(rules, data);
    }
    if (traffic.isEmpty()) {
      throw new UsageException(NO_TRAFFIC);
    }
    Suggestion s = RuleSuggester.suggest(traffic, baseUrl, queryValues);
    PrintWriter out = spec.commandLine().getOut();
    if (!queryValues) {
      out.println(MASKED);
    }
    out.print(s.rules());
    out.println(String.format(REPLAY, s.requests(), s.requests() - s.refusedOnReplay(),
        s.refusedOnReplay()));
    for (String refused : s.refusedExamples()) {
      out.println("#   refused: " + refused);
    }
    out.println(BEYOND);
    Suggestion literal = RuleSuggester.literal(traffic, baseUrl, queryValues);
    print(out, RuleDiff.compare(literal.rules(), s.rules(), baseUrl), "traffic", "suggestion");
    if (current != null) {
      out.println(AGAINST);
      print(out, RuleDiff.compare(current, s.rules(), baseUrl), "current", "suggestion");
    }
    out.flush();
    return s.refusedOnReplay() == 0 ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }

  private static void print(PrintWriter out, RuleDiff.Report r, String oldName, String newName) {
    java.io.StringWriter text = new java.io.StringWriter();
    DiffText.print(new PrintWriter(text), r, oldName, newName);
    for (String line : text.toString().split("\n")) {
      out.println("#   " + line);
    }
  }

  /** The token's allowed requests since {@code --since}, as method and path (values masked). */
  private List<Request> audited(String token) {
    Path dir;
    try {
      dir = Path.of(data).resolve(JsonLinesAuditWriter.DATA_SUBDIRECTORY);
    } catch (InvalidPathException e) {
      throw new UsageException("--data: invalid path '" + data + "'");
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException(NO_TRAFFIC);
    }
    try {
      return AuditedTraffic.allowed(new JsonLinesAuditReader(dir), token,
          AuditCommand.parseSince(since, clock.instant()), Integer.MAX_VALUE).requests();
    } catch (IOException e) {
      throw new UsageException("cannot read the audit log in " + dir + ": " + e.getMessage());
    }
  }
}
