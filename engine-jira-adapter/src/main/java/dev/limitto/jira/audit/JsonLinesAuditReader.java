package dev.limitto.jira.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads the JSON Lines audit files of a directory back, in write order. Takes no lock: it can
 * read while the server writes (it then sees the entries written so far). Files of days that end
 * before {@link AuditQuery#since()} are not opened at all.
 *
 * <p>Entries in the subdirectory {@link JsonLinesAuditWriter#ADMIN_SUBDIRECTORY} (token
 * administration written by another process than the server) are merged in by time: each is
 * delivered before the first main entry that is later than it, so the result is in time order
 * wherever the main log is.
 */
public final class JsonLinesAuditReader implements AuditReader {

  /** Longest line read; written lines are far shorter (the gate bounds URL and reason). */
  static final int MAX_LINE_BYTES = 1 << 20;

  private final Path dir;

  public JsonLinesAuditReader(Path directory) {
    this.dir = Objects.requireNonNull(directory, "directory");
  }

  @Override
  public ReadSummary read(AuditQuery query, Consumer<AuditEntry> sink) throws IOException {
    // The side log holds administration only (a few lines per change), so it fits in memory.
    List<AuditEntry> side = new ArrayList<>();
    ReadSummary sideSummary =
        readDirectory(dir.resolve(JsonLinesAuditWriter.ADMIN_SUBDIRECTORY), query, side::add);
    side.sort(Comparator.comparing(AuditEntry::time)); // stable: equal times keep write order
    int[] next = {0};
    ReadSummary main = readDirectory(dir, query, e -> {
      while (next[0] < side.size() && side.get(next[0]).time().isBefore(e.time())) {
        sink.accept(side.get(next[0]++));
      }
      sink.accept(e);
    });
    while (next[0] < side.size()) {
      sink.accept(side.get(next[0]++));
    }
    return new ReadSummary(main.matched() + sideSummary.matched(),
        main.unreadableLines() + sideSummary.unreadableLines());
  }

  private static ReadSummary readDirectory(Path dir, AuditQuery query, Consumer<AuditEntry> sink)
      throws IOException {
    long matched = 0;
    long unreadable = 0;
    for (AuditFiles.Segment s : AuditFiles.list(dir)) {
      // A file's day is the day its lines were written, never before the entries' own time.
      if (query.since() != null
          && s.day().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)
              .isBefore(query.since())) {
        continue;
      }
      try (InputStream in = Files.newInputStream(s.path())) {
        byte[] buf = new byte[64 * 1024];
        byte[] line = new byte[1024];
        int len = 0;
        int n;
        // Split on '\n' bytes only (UTF-8 never has that byte inside a character): a last line
        // without it was cut short by a crash, or is being written right now.
        while ((n = in.read(buf)) > 0) {
          int start = 0;
          for (int i = 0; i < n; i++) {
            if (buf[i] != '\n') {
              continue;
            }
            line = append(line, len, buf, start, i - start);
            len += i - start;
            start = i + 1;
            AuditEntry e = len > MAX_LINE_BYTES ? null : parse(line, len);
            len = 0;
            if (e == null) {
              unreadable++;
            } else if (query.matches(e)) {
              matched++;
              sink.accept(e);
            }
          }
          line = append(line, len, buf, start, n - start);
          len += n - start;
        }
        if (len > 0) {
          unreadable++;
        }
      }
    }
    return new ReadSummary(matched, unreadable);
  }

  /**
   * Appends to the line being read. Past {@link #MAX_LINE_BYTES} only the length keeps growing,
   * so a damaged file without line breaks cannot exhaust memory; such a line is unreadable.
   */
  private static byte[] append(byte[] line, int len, byte[] src, int from, int count) {
    if (len + count > MAX_LINE_BYTES) {
      return line;
    }
    if (len + count > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, len + count));
    }
    System.arraycopy(src, from, line, len, count);
    return line;
  }

  /** The entry on a line, or {@code null} when the line is not one. */
  private static AuditEntry parse(byte[] line, int len) {
    // malformed UTF-8 becomes U+FFFD and then fails or survives the JSON check on its own
    String text = new String(line, 0, len, StandardCharsets.UTF_8);
    try {
      return AuditJson.parse(text);
    } catch (IllegalArgumentException bad) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "JsonLinesAuditReader{" + dir + "}";
  }
}
