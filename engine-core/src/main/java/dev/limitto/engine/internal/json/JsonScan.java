package dev.limitto.engine.internal.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * One pass of the streaming parser over one body, deciding every predicate on the way. Per-use
 * state (like a re2j {@code Matcher}); not thread-safe, never shared.
 *
 * <p>Depth {@code d} is the number of containers open around the current token; the root value
 * sits at depth 0. For each open container ("frame") the scan keeps, per predicate, the selector
 * progress that the container's children step from (see {@link JsonSelector#step}). A selected
 * array is checked element by element, recursively, until it closes: inside it only scalars and
 * arrays can pass, so a predicate never has two checks open at once.
 */
final class JsonScan {

  private static final int INITIAL_FRAMES = 8;

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

  JsonScan(JsonParser parser, int maxDepth, List<JsonPredicate> predicates, boolean quoteValues) {
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
          child = depth == 0 ? 0 : selector.step(progress[parentBase + p], field, index);
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
