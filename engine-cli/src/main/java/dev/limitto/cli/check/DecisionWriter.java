package dev.limitto.cli.check;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.limitto.engine.Decision;
import dev.limitto.engine.LineExplanation;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes the output of {@code check}: one JSON object and a line break per input line, streamed
 * (no tree is built). Not thread-safe.
 */
final class DecisionWriter implements Flushable {

  private static final JsonFactory FACTORY = new JsonFactoryBuilder()
      // JSON Lines: objects are separated by our own line break, not by Jackson's space
      .rootValueSeparator((String) null)
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      // flush() pushes to the writer; the caller decides when the writer itself is flushed
      .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
      .build();

  private final JsonGenerator json;
  private final Writer out;

  DecisionWriter(Writer out) throws IOException {
    this.out = out;
    this.json = FACTORY.createGenerator(out);
  }

  /**
   * {@code {"decision":"ALLOW","line":2}}, {@code {"decision":"ALLOW"}} (unrestricted) or
   * {@code {"decision":"DENY","reason":"..."}}, with {@code "explain":[...]} when given.
   */
  void decision(Decision decision, List<LineExplanation> explanation) throws IOException {
    json.writeStartObject();
    json.writeStringField("decision", decision.outcome().name());
    if (decision.isAllowed()) {
      if (decision.line().isPresent()) {
        json.writeNumberField("line", decision.line().getAsInt());
      }
    } else {
      json.writeStringField("reason", decision.reason());
    }
    if (explanation != null) {
      json.writeArrayFieldStart("explain");
      for (LineExplanation e : explanation) {
        json.writeStartObject();
        json.writeNumberField("line", e.line());
        json.writeBooleanField("matched", e.matched());
        json.writeStringField("detail", e.detail());
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    json.writeEndObject();
    endLine();
  }

  /** {@code {"error":"..."}} for an input line that is not a request. */
  void error(String message) throws IOException {
    json.writeStartObject();
    json.writeStringField("error", message);
    json.writeEndObject();
    endLine();
  }

  private void endLine() throws IOException {
    json.writeRaw('\n');
  }

  /** Pushes everything written so far to the underlying writer and flushes it. */
  @Override
  public void flush() throws IOException {
    json.flush();
    out.flush();
  }
}
