package dev.limitto.jira.audit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the audit files in their directory: {@code audit-YYYY-MM-DD.jsonl} is the first file
 * of a day (UTC), {@code audit-YYYY-MM-DD.N.jsonl} (N = 1, 2, ...) the N-th file started when the
 * previous one reached its size limit. Files are never renamed, so a crash cannot lose one.
 */
final class AuditFiles {

  /** One file of the log: its day and its sequence number within the day (0 for the first). */
  record Segment(Path path, LocalDate day, int sequence) {}

  static final String PREFIX = "audit-";
  static final String SUFFIX = ".jsonl";
  /** Held by the one writer of a directory. */
  static final String LOCK_FILE = ".lock";

  private static final Pattern NAME =
      Pattern.compile("audit-(\\d{4}-\\d{2}-\\d{2})(?:\\.([1-9]\\d{0,8}))?\\.jsonl");

  private AuditFiles() {}

  static Path path(Path dir, LocalDate day, int sequence) {
    return dir.resolve(PREFIX + day + (sequence == 0 ? "" : "." + sequence) + SUFFIX);
  }

  /** The audit files of a directory in write order (day, then sequence); none if it is missing. */
  static List<Segment> list(Path dir) throws IOException {
    List<Segment> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path p : files) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches() || !Files.isRegularFile(p)) {
          continue;
        }
        try {
          LocalDate day = LocalDate.parse(m.group(1));
          int seq = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
          out.add(new Segment(p, day, seq));
        } catch (DateTimeParseException e) {
          // not one of ours (e.g. audit-2026-13-40.jsonl): leave it alone
        }
      }
    }
    out.sort(Comparator.comparing(Segment::day).thenComparingInt(Segment::sequence));
    return out;
  }
}
