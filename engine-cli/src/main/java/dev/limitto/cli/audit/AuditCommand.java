package dev.limitto.cli.audit;

import dev.limitto.cli.HelpOption;
import dev.limitto.cli.TimeText;
import dev.limitto.cli.UsageException;
import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.audit.AuditJson;
import dev.limitto.jira.audit.AuditQuery;
import dev.limitto.jira.audit.AuditReader;
import dev.limitto.jira.audit.JsonLinesAuditReader;
import dev.limitto.jira.audit.JsonLinesAuditWriter;
import dev.limitto.jira.token.DurationText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code limit-to audit}: reads the audit log of a data directory back, oldest first, one event
 * per line: who used a token, when, and what was refused (docs/audit.md).
 */
@Command(
    name = "audit",
    description = {
      "Show the audit log of the data directory: every request made with a token (allowed or",
      "refused) and every change to a token, oldest first, one per line.",
      "",
      "  TIME  ALLOWED|REFUSED STATUS  TOKEN (LABEL)  user OWNER [as USER]",
      "        from ADDRESS  METHOD URL  line N | reason: ...  DURATION",
      "  TIME  ADMIN ACTION  TOKEN (LABEL)  by ADMIN  [changed: FIELDS]",
      "        [rules: N line(s) | rules: unrestricted]",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 the log was read (possibly empty); 2 bad usage or a data directory that"
          + " does not exist; 3 internal error."
    })
public final class AuditCommand implements Callable<Integer> {

  static final String BAD_SINCE =
      "--since: '%s' is neither a duration (e.g. 45s, 30m, 1h, 2d, 1w) nor a date (2026-03-01)"
          + " or a date and time (2026-03-01T10:00 in UTC, 2026-03-01T10:00:00Z)";
  static final String DATA_NOT_FOUND = "data directory not found: %s";
  static final String BAD_DATA = "--data: invalid path '%s'";
  static final String NO_LOG = "no audit log in %s yet";
  static final String UNREADABLE = "%d unreadable line(s) skipped (a line cut short by a crash,"
      + " or a damaged file)";
  static final String READ_FAILED = "cannot read the audit log in %s: %s";
  static final String EMPTY_TOKEN = "--token: the token id is empty";

  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
      description = {"The data directory (as for serve). Default: ${DEFAULT-VALUE}"})
  String data;

  @Option(names = "--token", paramLabel = "ID", description = "Only events of this token id.")
  String token;

  @Option(names = "--since", paramLabel = "WHEN",
      description = {"Only events at or after WHEN: a duration back from now (45s, 30m, 1h,"
          + " 2d, 1w), a date (2026-03-01, from its start in UTC), or a date and time"
          + " (2026-03-01T10:00 in UTC, 2026-03-01T10:00:00Z)."})
  String since;

  @Option(names = "--refused", description = "Only requests that were refused.")
  boolean refused;

  @Option(names = "--json",
      description = "One JSON object per line, exactly as stored, instead of text.")
  boolean json;

  private final Clock clock;

  public AuditCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    AuditQuery query = AuditQuery.all();
    if (token != null) {
      if (token.isBlank()) {
        throw new UsageException(EMPTY_TOKEN);
      }
      query = query.forToken(token);
    }
    if (since != null) {
      query = query.since(parseSince(since, clock.instant()));
    }
    if (refused) {
      query = query.onlyRefused();
    }
    Path dir;
    try {
      dir = Path.of(data);
    } catch (InvalidPathException e) {
      throw new UsageException(String.format(BAD_DATA, data));
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException(String.format(DATA_NOT_FOUND, data));
    }
    Path auditDir = dir.resolve(JsonLinesAuditWriter.DATA_SUBDIRECTORY);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(auditDir)) {
      err.println(spec.qualifiedName() + ": " + String.format(NO_LOG, dir));
      return 0;
    }
    StringBuilder line = new StringBuilder(512);
    AuditReader.ReadSummary summary;
    try {
      summary = new JsonLinesAuditReader(auditDir).read(query, e -> {
        line.setLength(0);
        if (json) {
          AuditJson.append(line, e);
        } else {
          AuditText.append(line, e);
        }
        out.println(line);
      });
    } catch (IOException e) {
      throw new UsageException(String.format(READ_FAILED, auditDir, e.getMessage()));
    }
    if (summary.unreadableLines() > 0) {
      err.println(spec.qualifiedName() + ": "
          + String.format(UNREADABLE, summary.unreadableLines()));
    }
    return 0;
  }

  /**
   * A duration back from {@code now} ({@code 45s}, {@code 30m}, {@code 1h}, {@code 2d}, {@code
   * 1w}, as {@link DurationText} reads them), a date (its start, in UTC), or a date and time.
   */
  public static Instant parseSince(String s, Instant now) {
    try {
      return now.minus(DurationText.parse(s));
    } catch (IllegalArgumentException notADuration) {
      try {
        return TimeText.parse(s, TimeText.DateMeans.START_OF_DAY);
      } catch (IllegalArgumentException notATime) {
        throw new UsageException(String.format(BAD_SINCE, oneLine(s)));
      }
    }
  }

  private static String oneLine(String s) {
    StringBuilder sb = new StringBuilder();
    AuditText.appendSafe(sb, s.length() > 64 ? s.substring(0, 64) + "..." : s);
    return sb.toString();
  }
}
