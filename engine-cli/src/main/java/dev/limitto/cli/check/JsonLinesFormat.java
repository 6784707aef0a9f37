package dev.limitto.cli.check;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.limitto.engine.Request;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One request per line as a JSON object:
 * {@code {"method":"POST","target":"/rest/api/2/issue?x=1","headers":{"Content-Type":"application/json"},"body":"{}"}}.
 *
 * <p>Parsing is strict, because a request that is silently read differently from what the user
 * meant gives a decision for the wrong request: unknown fields (a misspelt {@code "bdy"}),
 * duplicate fields and trailing content are errors. {@code headers} and {@code body} may be
 * absent or {@code null}. A header value may be an array of strings, for a header sent several
 * times. Stateless and thread-safe.
 */
final class JsonLinesFormat implements InputFormat {

  static final String EMPTY_LINE = "empty line, expected a JSON object";
  static final String INVALID_JSON = "invalid JSON at column %d: %s";
  static final String NOT_AN_OBJECT = "expected a JSON object, found %s";
  static final String UNKNOWN_FIELD =
      "unknown field \"%s\" (expected method, target, headers, body)";
  static final String MISSING_FIELD = "missing \"%s\"";
  static final String NOT_A_STRING = "\"%s\" must be a string";
  static final String HEADERS_NOT_OBJECT =
      "\"headers\" must be an object of header names to strings";
  static final String HEADER_NOT_STRING = "header \"%s\" must be a string or an array of strings";

  private static final String METHOD = "method";
  private static final String TARGET = "target";
  private static final String HEADERS = "headers";
  private static final String BODY = "body";
  private static final Set<String> FIELDS = Set.of(METHOD, TARGET, HEADERS, BODY);

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  @Override
  public Parsed parse(String line) {
    if (line.isBlank()) {
      return new Malformed(EMPTY_LINE);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int column = at == null ? 0 : at.getColumnNr();
      return new Malformed(String.format(INVALID_JSON, column, e.getOriginalMessage()));
    }
    if (!root.isObject()) {
      return new Malformed(
          String.format(NOT_AN_OBJECT, root.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (!FIELDS.contains(field.getKey())) {
        return new Malformed(String.format(UNKNOWN_FIELD, field.getKey()));
      }
    }
    String problem = requiredString(root, METHOD);
    if (problem == null) {
      problem = requiredString(root, TARGET);
    }
    if (problem != null) {
      return new Malformed(problem);
    }
    Request.Builder request = Request.builder(root.get(METHOD).asText(), root.get(TARGET).asText());

    JsonNode headers = root.get(HEADERS);
    if (headers != null && !headers.isNull()) {
      if (!headers.isObject()) {
        return new Malformed(HEADERS_NOT_OBJECT);
      }
      for (Map.Entry<String, JsonNode> header : headers.properties()) {
        JsonNode value = header.getValue();
        if (value.isTextual()) {
          request.header(header.getKey(), value.asText());
        } else if (value.isArray() && allTextual(value)) {
          for (JsonNode v : value) {
            request.header(header.getKey(), v.asText());
          }
        } else {
          return new Malformed(String.format(HEADER_NOT_STRING, header.getKey()));
        }
      }
    }

    JsonNode body = root.get(BODY);
    if (body != null && !body.isNull()) {
      if (!body.isTextual()) {
        return new Malformed(String.format(NOT_A_STRING, BODY));
      }
      request.body(body.asText());
    }
    return new Ok(request.build());
  }

  private static String requiredString(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null) {
      return String.format(MISSING_FIELD, field);
    }
    return value.isTextual() ? null : String.format(NOT_A_STRING, field);
  }

  private static boolean allTextual(JsonNode array) {
    if (array.isEmpty()) {
      return false;
    }
    for (JsonNode v : array) {
      if (!v.isTextual()) {
        return false;
      }
    }
    return true;
  }
}
