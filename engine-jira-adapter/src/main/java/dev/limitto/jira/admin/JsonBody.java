package dev.limitto.jira.admin;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.limitto.jira.gate.TokenMask;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request body read strictly: one JSON object, no duplicate field, no trailing content, no
 * field the route does not know, bounded depth; each error names the field. Messages never echo
 * the body (it may hold anything, a secret included).
 */
final class JsonBody {

  private final ObjectNode node;

  private JsonBody(ObjectNode node) {
    this.node = node;
  }

  static ObjectMapper mapper(AdminLimits limits) {
    return JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth())
                .maxStringLength(limits.maxBodyBytes())
                .build())
            .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /** Parses a body and checks its field names against {@code known}. */
  static JsonBody parse(ObjectMapper mapper, byte[] body, AdminLimits limits, Set<String> known) {
    if (body.length == 0) {
      throw new ApiError(400, AdminErrors.MALFORMED_JSON, AdminErrors.MSG_EMPTY_BODY);
    }
    JsonNode n;
    try {
      n = mapper.readTree(body);
    } catch (StreamConstraintsException e) {
      throw new ApiError(400, AdminErrors.MALFORMED_JSON,
          String.format(AdminErrors.MSG_TOO_DEEP, limits.maxJsonDepth()));
    } catch (JsonParseException e) {
      if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
        String name = duplicateName(e);
        throw new ApiError(400, AdminErrors.MALFORMED_JSON,
            String.format(AdminErrors.MSG_DUPLICATE_FIELD, name));
      }
      throw malformed(e.getLocation());
    } catch (JsonProcessingException e) {
      throw malformed(e.getLocation());
    } catch (IOException e) {
      throw malformed(null);
    }
    if (n == null || !n.isObject()) {
      throw new ApiError(400, AdminErrors.MALFORMED_JSON, AdminErrors.MSG_NOT_OBJECT);
    }
    ObjectNode o = (ObjectNode) n;
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new ApiError(400, AdminErrors.UNKNOWN_FIELD,
            String.format(AdminErrors.MSG_UNKNOWN_FIELD, printable(name), new TreeSet<>(known)),
            x -> x.put("field", printable(name)));
      }
    }
    return new JsonBody(o);
  }

  private static String duplicateName(JsonParseException e) {
    // "Duplicate field 'name'": the name is the caller's own field name, bounded below
    String m = e.getOriginalMessage();
    int a = m.indexOf('\'');
    int b = m.lastIndexOf('\'');
    return a >= 0 && b > a ? printable(m.substring(a + 1, b)) : "?";
  }

  /** A field name as it may be echoed: at most 64 characters, control characters replaced. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().limit(64).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    if (s.codePointCount(0, s.length()) > 64) {
      sb.append("...");
    }
    // never echo something shaped like a token, even as a field name
    return TokenMask.mask(sb.toString());
  }

  private static ApiError malformed(JsonLocation at) {
    int line = at == null ? 0 : at.getLineNr();
    int column = at == null ? 0 : at.getColumnNr();
    return new ApiError(400, AdminErrors.MALFORMED_JSON,
        String.format(AdminErrors.MSG_MALFORMED_JSON, line, column));
  }

  static ApiError invalid(String field, String what) {
    return new ApiError(400, AdminErrors.INVALID_FIELD, "Field '" + field + "' " + what + ".",
        x -> x.put("field", field));
  }

  boolean has(String field) {
    return node.has(field);
  }

  boolean isNull(String field) {
    return node.has(field) && node.get(field).isNull();
  }

  /** A string field; {@code null} when absent or JSON null. */
  String string(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw invalid(field, "must be a string");
    }
    return v.textValue();
  }

  Boolean bool(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw invalid(field, "must be true or false");
    }
    return v.booleanValue();
  }

  Integer integer(String field, int min, int max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
      throw invalid(field, "must be a whole number from " + min + " to " + max);
    }
    return v.intValue();
  }

  /** An instant as ISO-8601 text ({@code 2026-03-01T10:00:00Z}) or epoch milliseconds. */
  Instant instant(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      try {
        return Instant.ofEpochMilli(v.longValue());
      } catch (java.time.DateTimeException e) {
        throw invalid(field, "is out of range");
      }
    }
    if (v.isTextual()) {
      try {
        return Instant.parse(v.textValue());
      } catch (DateTimeParseException e) {
        // fall through
      }
    }
    throw invalid(field, "must be an ISO-8601 instant (2026-03-01T10:00:00Z) or epoch milliseconds");
  }

  /** A list of strings, given as an array or as one string separated by commas or spaces. */
  List<String> stringList(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    if (v.isTextual()) {
      for (String s : v.textValue().split("[,\\s]+")) {
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
      return out;
    }
    if (!v.isArray()) {
      throw invalid(field, "must be an array of strings or one string separated by commas");
    }
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw invalid(field, "must be an array of strings or one string separated by commas");
      }
      out.add(e.textValue());
    }
    return out;
  }

  /** A nested object field, read with its own known field names. */
  JsonBody object(String field, Set<String> known) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw invalid(field, "must be an object");
    }
    for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        String full = field + "." + printable(name);
        throw new ApiError(400, AdminErrors.UNKNOWN_FIELD,
            String.format(AdminErrors.MSG_UNKNOWN_FIELD, full, new TreeSet<>(known)),
            x -> x.put("field", full));
      }
    }
    return new JsonBody((ObjectNode) v);
  }

  /** A JSON object of string values (e.g. headers). */
  List<String[]> stringMap(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isObject()) {
      throw invalid(field, "must be an object of strings");
    }
    List<String[]> out = new ArrayList<>();
    for (Iterator<java.util.Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      java.util.Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw invalid(field + "." + printable(e.getKey()), "must be a string");
      }
      out.add(new String[] {e.getKey(), e.getValue().textValue()});
    }
    return out;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
