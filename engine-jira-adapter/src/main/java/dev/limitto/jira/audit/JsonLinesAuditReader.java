package dev.limitto.jira.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads the JSON Lines audit files of a directory back, in write order. Takes no lock: it can
 * read while the server writes (it then sees the entries written so far). Files of days that end
 * before {@link AuditQuery#since()} are not opened at all.
 */
public final class JsonLinesAuditReader implements AuditReader {

  private final Path dir;

  public JsonLinesAuditReader(Path directory) {
    this.dir = Objects.requireNonNull(directory, "directory");
  }

  @Override
  public ReadSummary read(AuditQuery query, Consumer<AuditEntry> sink) throws IOException {
    long matched = 0;
    long unreadable = 0;
    for (AuditFiles.Segment s : AuditFiles.list(dir)) {
      // A file's day is the day its lines were written, never before the entries' own time.
      if (query.since() != null
          && s.day().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)
              .isBefore(query.since())) {
        continue;
      }
      CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(Files.newInputStream(s.path()), utf8), 64 * 1024)) {
        StringBuilder line = new StringBuilder(512);
        int c;
        // Hand-split on '\n' only: a last line without it was cut short by a crash.
        while (true) {
          line.setLength(0);
          boolean terminated = false;
          while ((c = in.read()) >= 0) {
            if (c == '\n') {
              terminated = true;
              break;
            }
            line.append((char) c);
          }
          if (!terminated) {
            if (line.length() > 0) {
              unreadable++;
            }
            break;
          }
          AuditEntry e;
          try {
            e = AuditJson.parse(line.toString());
          } catch (IllegalArgumentException bad) {
            unreadable++;
            continue;
          }
          if (query.matches(e)) {
            matched++;
            sink.accept(e);
          }
        }
      }
    }
    return new ReadSummary(matched, unreadable);
  }

  @Override
  public String toString() {
    return "JsonLinesAuditReader{" + dir + "}";
  }
}
