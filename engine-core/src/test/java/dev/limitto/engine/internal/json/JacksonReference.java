package dev.limitto.engine.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.limitto.engine.Limits;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The reference for the differential tests of {@link JsonScan}: the jackson-core streaming
 * implementation of LIMIT-TO.md §5 that the engine used before it had its own scanner, kept
 * verbatim (jackson-core, strict features, with the same UTF-8 pre-check). It reads the whole
 * body: it never stops early.
 */
final class JacksonReference {

  private static final int INITIAL_FRAMES = 8;

  private static final JsonFactory FACTORY = buildFactory();

  private static JsonFactory buildFactory() {
    JsonFactoryBuilder builder = new JsonFactoryBuilder();
    for (JsonReadFeature feature : JsonReadFeature.values()) {
      builder.disable(feature); // every one of them is a leniency
    }
    return builder
        .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .disable(JsonFactory.Feature.CHARSET_DETECTION)
        .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(Integer.MAX_VALUE) // JsonScan enforces Limits.maxJsonDepth first
                .maxStringLength(Integer.MAX_VALUE)
                .maxNameLength(Integer.MAX_VALUE)
                // numbers are only ever read as text, never converted, so length costs nothing
                .maxNumberLength(Integer.MAX_VALUE)
                .build())
        .build();
  }

  /**
   * The first byte that does not start a well-formed UTF-8 sequence, or the first NUL, or -1: the
   * plain byte-at-a-time check, the reference for {@link Utf8#firstInvalid}.
   */
  static int firstInvalidUtf8(byte[] b) {
    int n = b.length;
    int i = 0;
    while (i < n) {
      int c = b[i];
      if (c > 0) {
        i++;
        continue;
      }
      if (c == 0) {
        return i;
      }
      c &= 0xFF;
      int len;
      int lo = 0x80;
      int hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
      } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) {
          lo = 0xA0;
        } else if (c == 0xED) {
          hi = 0x9F;
        }
      } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) {
          lo = 0x90;
        } else if (c == 0xF4) {
          hi = 0x8F;
        }
      } else {
        return i;
      }
      if (i + len > n) {
        return i;
      }
      int second = b[i + 1] & 0xFF;
      if (second < lo || second > hi) {
        return i;
      }
      for (int k = 2; k < len; k++) {
        if ((b[i + k] & 0xC0) != 0x80) {
          return i;
        }
      }
      i += len;
    }
    return -1;
  }

  /** What the jackson-based implementation decided for this body. */
  static JsonResult evaluate(byte[] body, Limits limits, List<JsonPredicate> predicates,
      boolean quoteValues) {
    int count = predicates.size();
    if (body == null || body.length == 0) {
      return JsonResult.ofBodyProblem(JsonBodyCheck.BODY_EMPTY, count);
    }
    if (body.length > limits.maxBodyBytes()) {
      return JsonResult.ofBodyProblem(
          String.format(JsonBodyCheck.BODY_TOO_LARGE, limits.maxBodyBytes()), count);
    }
    int b0 = body[0] & 0xFF;
    int b1 = body.length > 1 ? body[1] & 0xFF : -1;
    int b2 = body.length > 2 ? body[2] & 0xFF : -1;
    int b3 = body.length > 3 ? body[3] & 0xFF : -1;
    if ((b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) || (b0 == 0xFE && b1 == 0xFF)
        || (b0 == 0xFF && b1 == 0xFE) || (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF)) {
      return JsonResult.ofBodyProblem(JsonBodyCheck.BODY_BOM, count);
    }
    int invalid = firstInvalidUtf8(body);
    if (invalid >= 0) {
      return JsonResult.ofBodyProblem(String.format(
          body[invalid] == 0 ? JsonBodyCheck.BODY_NUL : JsonBodyCheck.BODY_NOT_UTF8, invalid),
          count);
    }
    try (JsonParser parser = FACTORY.createParser(body)) {
      JacksonReference scan =
          new JacksonReference(parser, limits.maxJsonDepth(), predicates, quoteValues);
      String problem = scan.run();
      return problem != null
          ? JsonResult.ofBodyProblem(problem, count)
          : JsonResult.ofFailures(count, scan.failures());
    } catch (JsonProcessingException e) {
      long offset = offset(e.getLocation());
      return JsonResult.ofBodyProblem(offset < 0 ? JsonBodyCheck.BODY_UNREADABLE
          : String.format(JsonBodyCheck.BODY_NOT_JSON, offset), count);
    } catch (IOException | RuntimeException e) {
      return JsonResult.ofBodyProblem(JsonBodyCheck.BODY_UNREADABLE, count);
    }
  }


  private final JsonParser parser;
  private final int maxDepth;
  private final List<JsonPredicate> predicates;
  private final int count;
  private final boolean quoteValues;

  // per frame: progress of predicate p at frame d is progress[d * count + p]
  private int[] progress;
  // per frame: whether the container is an array, and the index its next element gets
  private boolean[] isArray;
  private int[] nextIndex;

  // per predicate: whether a node was selected, the depth of the selected array being checked
  // (0 when none), and the first failure
  private final boolean[] selected;
  private final int[] checkDepth;
  private final String[] failures;

  // the current scalar's text, filled at most once per token and only when a predicate needs it
  private final CharWindow text = new CharWindow();
  private boolean textReady;

  private JacksonReference(JsonParser parser, int maxDepth, List<JsonPredicate> predicates, boolean quoteValues) {
    this.quoteValues = quoteValues;
    this.parser = parser;
    this.maxDepth = maxDepth;
    this.predicates = predicates;
    this.count = predicates.size();
    int frames = Math.min(INITIAL_FRAMES, maxDepth) + 1;
    this.progress = new int[frames * count];
    this.isArray = new boolean[frames];
    this.nextIndex = new int[frames];
    this.selected = new boolean[count];
    this.checkDepth = new int[count];
    this.failures = new String[count];
  }

  /**
   * Reads the whole body.
   *
   * @return a body problem, or {@code null} when the body is one strict JSON value within limits
   * @throws IOException when the parser rejects the body (before or within the root value)
   */
  String run() throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      return JsonBodyCheck.BODY_EMPTY;
    }
    int depth = 0;
    while (true) {
      switch (token) {
        case FIELD_NAME:
          break; // the name is read from the parser when its value arrives
        case START_OBJECT:
        case START_ARRAY:
          if (depth == maxDepth) {
            return String.format(JsonBodyCheck.BODY_TOO_DEEP, maxDepth);
          }
          ensureFrames(depth + 1);
          value(depth, token);
          depth++;
          isArray[depth] = token == JsonToken.START_ARRAY;
          nextIndex[depth] = 0;
          break;
        case END_ARRAY:
          endArray(depth);
          depth--;
          break;
        case END_OBJECT:
          depth--;
          break;
        default:
          value(depth, token);
          break;
      }
      if (depth == 0 && token != JsonToken.FIELD_NAME) {
        break; // the root value is complete
      }
      token = parser.nextToken();
      if (token == null) {
        // the parser reports end-of-input inside a container itself; this is a safety net
        return String.format(JsonBodyCheck.BODY_NOT_JSON, offset(parser.currentLocation()));
      }
    }
    return trailingContent();
  }

  /** The per-predicate failures once {@link #run()} returned {@code null}. */
  String[] failures() {
    for (int p = 0; p < count; p++) {
      if (failures[p] == null && !selected[p]) {
        failures[p] = String.format(JsonBodyCheck.NO_NODE, selectorText(p));
      }
    }
    return failures;
  }

  private String trailingContent() throws IOException {
    try {
      if (parser.nextToken() == null) {
        return null;
      }
      return String.format(JsonBodyCheck.BODY_TRAILING, offset(parser.currentTokenLocation()));
    } catch (JsonProcessingException e) {
      return String.format(JsonBodyCheck.BODY_TRAILING, offset(e.getLocation()));
    }
  }

  /**
   * A value token (scalar or container start) at {@code depth}: steps every undecided predicate
   * to it and, for a container, records the progress its children step from.
   */
  private void value(int depth, JsonToken token) throws IOException {
    boolean inArray = depth > 0 && isArray[depth];
    int index = inArray ? nextIndex[depth]++ : 0;
    String field = depth > 0 && !inArray ? parser.currentName() : null;
    boolean container = token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY;
    int parentBase = depth * count;
    int childBase = parentBase + count;
    textReady = false;
    for (int p = 0; p < count; p++) {
      int child = JsonSelector.DEAD;
      if (failures[p] == null) {
        if (checkDepth[p] != 0) {
          checkElement(p, token);
        } else {
          JsonSelector selector = predicates.get(p).selector();
          child = depth == 0 ? 0 : selector.step(progress[parentBase + p],
              field == null ? null : FieldName.of(field), index);
          if (child == selector.length()) {
            child = JsonSelector.DEAD;
            select(p, depth, token);
          }
        }
      }
      if (container) {
        progress[childBase + p] = child;
      }
    }
  }

  /** Predicate {@code p} selected the value at the current token. */
  private void select(int p, int depth, JsonToken token) throws IOException {
    selected[p] = true;
    switch (token) {
      case START_OBJECT:
        failures[p] = String.format(JsonBodyCheck.OBJECT_SELECTED, selectorText(p));
        break;
      case START_ARRAY:
        checkDepth[p] = depth + 1;
        break;
      default:
        if (!predicates.get(p).value().matches(text())) {
          failures[p] = mismatch(JsonBodyCheck.VALUE_MISMATCH_QUOTED, JsonBodyCheck.VALUE_MISMATCH,
              p, token);
        }
        break;
    }
  }

  /** A value inside an array that predicate {@code p} selected: every leaf must match. */
  private void checkElement(int p, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        failures[p] = String.format(JsonBodyCheck.OBJECT_IN_ARRAY, selectorText(p));
        break;
      case START_ARRAY:
        break; // its elements are checked in turn; emptiness when it closes
      default:
        if (!predicates.get(p).value().matches(text())) {
          failures[p] = mismatch(JsonBodyCheck.ELEMENT_MISMATCH_QUOTED,
              JsonBodyCheck.ELEMENT_MISMATCH, p, token);
        }
        break;
    }
  }

  /** The array at {@code depth} closes: an empty one fails the checks it belongs to. */
  private void endArray(int depth) {
    boolean empty = nextIndex[depth] == 0;
    for (int p = 0; p < count; p++) {
      int checked = checkDepth[p];
      if (checked == 0 || checked > depth) {
        continue;
      }
      if (empty && failures[p] == null) {
        failures[p] = String.format(
            checked == depth ? JsonBodyCheck.EMPTY_ARRAY : JsonBodyCheck.EMPTY_ARRAY_IN_ARRAY,
            selectorText(p));
      }
      if (checked == depth) {
        checkDepth[p] = 0;
      }
    }
  }

  private CharSequence text() throws IOException {
    if (!textReady) {
      // numbers keep their text as written (1.50 stays 1.50); strings are decoded
      text.set(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
      textReady = true;
    }
    return text;
  }

  /** A value mismatch reason; the value is quoted only when explaining, never in a decision. */
  private String mismatch(String quoted, String plain, int p, JsonToken token) throws IOException {
    return quoteValues
        ? String.format(quoted, valueExcerpt(token), selectorText(p), regexText(p))
        : String.format(plain, selectorText(p), regexText(p));
  }

  private String valueExcerpt(JsonToken token) throws IOException {
    return token == JsonToken.VALUE_STRING ? Excerpt.quoted(text()) : Excerpt.plain(text());
  }

  private String selectorText(int p) {
    return Excerpt.plain(predicates.get(p).selector().toString());
  }

  private String regexText(int p) {
    return Excerpt.plain(predicates.get(p).regex());
  }

  private void ensureFrames(int depth) {
    if (depth < isArray.length) {
      return;
    }
    // long arithmetic: maxDepth may be Integer.MAX_VALUE
    int frames = (int) Math.min(Math.max(isArray.length * 2L, depth + 1L), maxDepth + 1L);
    progress = Arrays.copyOf(progress, frames * count);
    isArray = Arrays.copyOf(isArray, frames);
    nextIndex = Arrays.copyOf(nextIndex, frames);
  }

  static long offset(JsonLocation location) {
    return location == null ? -1 : location.getByteOffset();
  }
}
