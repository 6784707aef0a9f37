package dev.limitto.cli.check;

import dev.limitto.cli.CliFiles;
import dev.limitto.cli.UsageException;
import dev.limitto.engine.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every request of a file as {@code check --in} does ({@code jsonl} or {@code combined}),
 * for commands that need them all at once ({@code suggest}).
 */
public final class RequestFiles {

  /** The requests read and the lines that were not requests. */
  public record Read(List<Request> requests, long malformed) {}

  private RequestFiles() {}

  /**
   * @param format {@code jsonl} or {@code combined}
   * @throws UsageException when the format is unknown or the file cannot be read
   */
  public static Read read(String file, String format) {
    InputFormat parser = switch (format) {
      case CheckCommand.JSONL -> new JsonLinesFormat();
      case CheckCommand.COMBINED -> new CombinedLogFormat();
      default -> throw new UsageException(String.format(CheckCommand.BAD_IN_FORMAT, format));
    };
    List<Request> out = new ArrayList<>();
    long malformed = 0;
    try (InputStream in = CliFiles.open("input file", file);
        LineReader reader = new LineReader(in, CheckCommand.MAX_LINE_BYTES)) {
      for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
        if (line.error() != null) {
          malformed++;
          continue;
        }
        if (parser.parse(line.text()) instanceof InputFormat.Ok ok) {
          out.add(ok.request());
        } else {
          malformed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Read(out, malformed);
  }
}
