package dev.limitto.engine.internal.json;

import dev.limitto.engine.internal.util.StripedPool;
import java.util.Arrays;
import java.util.List;

/**
 * One strict RFC 8259 pass over one body, deciding every predicate on the way. Per-use state
 * (like a re2j {@code Matcher}); not thread-safe. Instances are pooled ({@link #acquire}, {@link
 * #release}) and their arrays reused from body to body, so that a body whose predicates all pass
 * allocates nothing here.
 *
 * <p>The pool is a {@link StripedPool}, not a thread-local: in a servlet container or a plugin
 * framework, a thread-local value held by the container's threads would keep this class, and so
 * the whole plugin, loaded after the plugin is gone.
 *
 * <p>UTF-8 is checked on the way: outside strings only ASCII is valid JSON, and inside strings
 * every multi-byte sequence is checked (RFC 3629: no overlongs, no surrogates). When the scan
 * finds any problem, {@link JsonBodyCheck} looks for malformed UTF-8 in the whole body first, so
 * the reasons are those of a separate UTF-8 pass before parsing. The grammar is the one
 * jackson-core's parser applies with every leniency off; {@code JsonScanDifferentialProperties}
 * checks the two against each other.
 *
 * <p>Strings and numbers are delimited without being decoded. A value is decoded (into a reused
 * buffer) only when a predicate selects it; a field name is compared with the selectors' names
 * straight from the body bytes unless it has escapes or non-ASCII characters. Plain string content
 * is skipped eight and sixteen bytes at a time.
 *
 * <p>Buffers. A decoded field name lives in its {@link FieldName}'s own buffer, a decoded value
 * in {@link #chars}; each buffer is replaced (not copied) by a larger one when a name or value
 * does not fit, and dropped at {@link #release} when it grew beyond {@link #KEEP_CHARS}. What is
 * decoded is always read back from the array it was written into, so a name or value is never
 * read from a buffer that an earlier one left behind. {@code JsonScanDifferentialProperties}
 * runs sequences of bodies through one pooled scanner, with names and values around every
 * buffer size, to check this against jackson-core.
 *
 * <p>Depth {@code d} is the number of containers open around the current value; the root value
 * sits at depth 0. For each open container ("frame") the scan keeps, per predicate, the selector
 * progress that the container's children step from (see {@link JsonSelector#step}). A selected
 * array is checked element by element, recursively, until it closes: inside it only scalars and
 * arrays can pass, so a predicate never has two checks open at once.
 *
 * <p>Stopping early. A predicate is decided false at its first failing node, but true only at
 * the end of the body (a later duplicate key, a later occurrence of a name, trailing content or
 * a syntax error can still fail it). So the scan stops before the end only when every predicate
 * has failed: then no line can be allowed by this body, whatever follows. It never stops early
 * while a predicate could still pass.
 */
final class JsonScan {

  // value kinds
  private static final int OBJECT = 1;
  private static final int ARRAY = 2;
  private static final int STRING = 3;
  private static final int NUMBER = 4;
  private static final int LITERAL = 5;

  private static final int INITIAL_FRAMES = 8;
  // the initial sizes of the buffers that decoded field names and values are written into
  static final int NAME_CHARS = 32;
  static final int VALUE_CHARS = 64;
  // buffers that grew beyond these sizes for one large body are not kept for the next one
  private static final int KEEP_INTS = 4096;
  static final int KEEP_CHARS = 4096;

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  private static final long SPACES = 0x2020202020202020L;

  private static final StripedPool<JsonScan> POOL = new StripedPool<>(JsonScan::new);

  // the body and limits of the current use
  private byte[] b;
  private int n;
  private int maxDepth;
  private boolean quoteValues;
  private JsonPredicate[] predicates = new JsonPredicate[4];
  private int count;

  // per frame: progress of predicate p at frame d is progress[d * count + p]
  private int[] progress = new int[(INITIAL_FRAMES + 1) * 4];
  // per frame: whether the container is an array, and the index its next element gets
  private boolean[] isArray = new boolean[INITIAL_FRAMES + 1];
  private int[] nextIndex = new int[INITIAL_FRAMES + 1];

  // per predicate: whether a node was selected, the depth of the selected array being checked
  // (0 when none), and the first failure; live counts the predicates without a failure
  private boolean[] selected = new boolean[4];
  private int[] checkDepth = new int[4];
  private String[] failures = new String[4];
  private int live;
  // whether field names are compared at all (with no predicate, the body is only checked)
  private boolean namesNeeded;

  // the current field name: raw bytes of the body, or decoded into the name's own buffer
  private final FieldName name = new FieldName(NAME_CHARS);
  // the current scalar: bytes [valueStart, valueEnd) (string content without its quotes)
  private int valueStart;
  private int valueEnd;
  private boolean valueEscaped;
  // whether the last string scanned was all ASCII
  private boolean valueAscii;
  private int valueKind;
  // its text, decoded at most once per value and only when a predicate needs it, into chars
  // (see valueBuffer)
  private char[] chars = new char[VALUE_CHARS];
  private final CharWindow text = new CharWindow();
  private boolean textReady;

  // where the grammar was broken (set by the parse helpers that return -1)
  private int errorAt;

  private JsonScan() {}

  /** A scanner for one body, owned by the caller until it calls {@link #release}. */
  static JsonScan acquire(byte[] body, int maxDepth, List<JsonPredicate> predicates,
      boolean quoteValues) {
    JsonScan scan = POOL.take();
    scan.reset(body, maxDepth, predicates, quoteValues);
    return scan;
  }

  /**
   * Ends a use: drops the body, the predicates and oversized buffers, and gives the scanner back
   * to the pool. The caller must not use it again.
   */
  void release() {
    b = null;
    Arrays.fill(predicates, 0, count, null);
    Arrays.fill(failures, 0, count, null);
    if (progress.length > KEEP_INTS || isArray.length > KEEP_INTS) {
      progress = new int[(INITIAL_FRAMES + 1) * 4];
      isArray = new boolean[INITIAL_FRAMES + 1];
      nextIndex = new int[INITIAL_FRAMES + 1];
    }
    if (predicates.length > KEEP_INTS) {
      predicates = new JsonPredicate[4];
      selected = new boolean[4];
      checkDepth = new int[4];
      failures = new String[4];
    }
    if (chars.length > KEEP_CHARS) {
      chars = new char[VALUE_CHARS];
    }
    name.clear(KEEP_CHARS);
    text.set(chars, 0, 0);
    POOL.give(this);
  }

  private void reset(byte[] body, int maxDepth, List<JsonPredicate> list, boolean quoteValues) {
    this.b = body;
    this.n = body.length;
    this.maxDepth = maxDepth;
    this.quoteValues = quoteValues;
    int count = list.size();
    this.count = count;
    if (predicates.length < count) {
      predicates = new JsonPredicate[count];
      selected = new boolean[count];
      checkDepth = new int[count];
      failures = new String[count];
    }
    for (int p = 0; p < count; p++) {
      predicates[p] = list.get(p);
      selected[p] = false;
      checkDepth[p] = 0;
      failures[p] = null;
    }
    this.namesNeeded = count > 0;
    this.live = count;
    int frames = Math.min(INITIAL_FRAMES, maxDepth) + 1;
    if (isArray.length < frames || (long) isArray.length * count > progress.length) {
      // too few frames, or more frames kept from an earlier body than progress has room for
      // with this many predicates: start small, ensureFrames grows them as the body nests
      isArray = new boolean[frames];
      nextIndex = new int[frames];
      if (progress.length < frames * count) {
        progress = new int[frames * count];
      }
    }
  }

  /**
   * Reads the body (from its start) up to the end of the root value and checks that only white
   * space follows; stops early when every predicate has failed.
   *
   * @return a body problem, or {@code null} when the body is one strict JSON value within limits
   *     (or every predicate failed before the scan reached a problem)
   */
  String run() {
    int i = skipSpace(0);
    if (i >= n) {
      return JsonBodyCheck.BODY_EMPTY;
    }
    int depth = 0;
    valueLoop:
    while (true) {
      // a value starts at i (white space already skipped)
      if (i >= n) {
        return notJson(i);
      }
      int c = b[i];
      if (c == '{' || c == '[') {
        if (depth == maxDepth) {
          return String.format(JsonBodyCheck.BODY_TOO_DEEP, maxDepth);
        }
        ensureFrames(depth + 1);
        value(depth, c == '{' ? OBJECT : ARRAY);
        depth++;
        boolean array = c == '[';
        isArray[depth] = array;
        nextIndex[depth] = 0;
        i = skipSpace(i + 1);
        if (i >= n) {
          return notJson(i);
        }
        if (b[i] == (array ? ']' : '}')) {
          i++;
          if (array) {
            endArray(depth);
          }
          depth--;
        } else {
          if (!array) {
            i = fieldName(i);
            if (i < 0) {
              return notJson(errorAt);
            }
          }
          continue;
        }
      } else {
        int end = scalar(i, c);
        if (end < 0) {
          return notJson(errorAt);
        }
        value(depth, valueKind);
        i = end;
      }
      if (live == 0 && count > 0) {
        return null; // every predicate failed: nothing later can make one pass
      }
      // a value ended before i: a separator, the end of containers, or the end of the root
      while (true) {
        if (depth == 0) {
          return trailingContent(i);
        }
        i = skipSpace(i);
        if (i >= n) {
          return notJson(i);
        }
        c = b[i];
        boolean array = isArray[depth];
        if (c == ',') {
          i = skipSpace(i + 1);
          if (!array) {
            i = fieldName(i);
            if (i < 0) {
              return notJson(errorAt);
            }
          }
          continue valueLoop;
        }
        if (c != (array ? ']' : '}')) {
          return notJson(i);
        }
        i++;
        if (array) {
          endArray(depth);
        }
        depth--;
      }
    }
  }

  /** The per-predicate failures once {@link #run()} returned {@code null}; null when none. */
  String[] failures() {
    String[] out = null;
    for (int p = 0; p < count; p++) {
      String failure = failures[p];
      if (failure == null && !selected[p] && !predicates[p].absent()) {
        failure = predicates[p].noNode;
      }
      if (failure != null) {
        if (out == null) {
          out = new String[count];
        }
        out[p] = failure;
      }
    }
    return out;
  }

  private String trailingContent(int i) {
    int next = skipSpace(i);
    return next >= n ? null : String.format(JsonBodyCheck.BODY_TRAILING, next);
  }

  private static String notJson(int offset) {
    return String.format(JsonBodyCheck.BODY_NOT_JSON, offset);
  }

  private int skipSpace(int i) {
    while (i < n) {
      int c = b[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return i;
      }
      i++;
    }
    return i;
  }

  // ---- tokens

  /**
   * A field name at {@code i} (a string), then {@code :}; kept in {@link #name} when a
   * predicate compares names (decoded only when it has escapes or non-ASCII characters).
   *
   * @return the offset of the value after the colon (white space skipped), or -1
   */
  private int fieldName(int i) {
    if (i >= n || b[i] != '"') {
      errorAt = i;
      return -1;
    }
    int end = string(i);
    if (end < 0) {
      return -1;
    }
    if (namesNeeded) {
      int from = i + 1;
      int to = end - 1;
      if (!valueEscaped && valueAscii) {
        name.setRaw(b, from, to - from);
      } else {
        // decoded into the array the name hands out, and read from that same array
        name.setDecoded(decode(from, to, name.buffer(to - from)));
      }
    }
    int colon = skipSpace(end);
    if (colon >= n || b[colon] != ':') {
      errorAt = colon;
      return -1;
    }
    return skipSpace(colon + 1);
  }

  /**
   * A string, number or literal starting with {@code c} at {@code i}; sets {@link #valueKind}
   * and the value's range.
   *
   * @return the offset after the value, or -1
   */
  private int scalar(int i, int c) {
    int end;
    if (c == '"') {
      valueKind = STRING;
      end = string(i);
      valueStart = i + 1;
      valueEnd = end - 1;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      valueKind = NUMBER;
      valueEscaped = false;
      end = number(i);
      valueStart = i;
      valueEnd = end;
    } else {
      valueKind = LITERAL;
      valueEscaped = false;
      end = literal(i, c == 't' ? "true" : c == 'f' ? "false" : "null");
      valueStart = i;
      valueEnd = end;
    }
    return end;
  }

  private int literal(int i, String word) {
    int length = word.length();
    for (int k = 0; k < length; k++) {
      if (i + k >= n || b[i + k] != word.charAt(k)) {
        errorAt = i + k;
        return -1;
      }
    }
    return i + length;
  }

  /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}; offset after it or -1. */
  private int number(int i) {
    if (b[i] == '-') {
      i++;
    }
    if (i >= n || !digit(b[i])) {
      errorAt = i;
      return -1;
    }
    if (b[i] == '0') {
      i++;
      if (i < n && digit(b[i])) {
        errorAt = i; // no leading zeros
        return -1;
      }
    } else {
      i = digits(i);
    }
    if (i < n && b[i] == '.') {
      i++;
      if (i >= n || !digit(b[i])) {
        errorAt = i;
        return -1;
      }
      i = digits(i);
    }
    if (i < n && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < n && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      if (i >= n || !digit(b[i])) {
        errorAt = i;
        return -1;
      }
      i = digits(i);
    }
    return i;
  }

  private int digits(int i) {
    while (i < n && digit(b[i])) {
      i++;
    }
    return i;
  }

  private static boolean digit(int c) {
    return c >= '0' && c <= '9';
  }

  /**
   * A string whose opening quote is at {@code i}: finds its closing quote, checking escapes and
   * refusing raw control characters and malformed UTF-8; sets {@link #valueEscaped}.
   *
   * @return the offset after the closing quote, or -1
   */
  private int string(int i) {
    boolean escaped = false;
    boolean ascii = true;
    i++;
    while (true) {
      // Eight bytes at a time: the lowest byte special() marks is the first byte that needs a
      // look (a quote, backslash, control character or a byte beyond ASCII), so the scan jumps
      // straight to it; a long run of plain content goes sixteen bytes at a time.
      if (i + 8 <= n) {
        long marks = special((long) Utf8.LONGS.get(b, i)) & HIGHS;
        if (marks == 0) {
          i += 8;
          while (i + 16 <= n
              && ((special((long) Utf8.LONGS.get(b, i))
                  | special((long) Utf8.LONGS.get(b, i + 8))) & HIGHS) == 0) {
            i += 16;
          }
          continue;
        }
        i += Long.numberOfTrailingZeros(marks) >>> 3;
      } else if (i >= n) {
        errorAt = n; // unterminated
        return -1;
      }
      int c = b[i];
      if (c == '"') {
        valueEscaped = escaped;
        valueAscii = ascii;
        return i + 1;
      }
      if (c == '\\') {
        escaped = true;
        i++;
        if (i >= n) {
          errorAt = n;
          return -1;
        }
        switch (b[i]) {
          case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            i++;
            break;
          case 'u':
            for (int k = 1; k <= 4; k++) {
              if (i + k >= n || hex(b[i + k]) < 0) {
                errorAt = Math.min(i + k, n);
                return -1;
              }
            }
            i += 5;
            break;
          default:
            errorAt = i;
            return -1;
        }
      } else if (c >= 0x20) {
        i++;
      } else if (c >= 0) {
        errorAt = i; // a raw control character must be escaped
        return -1;
      } else {
        int length = Utf8.sequence(b, i, n);
        if (length == 0) {
          errorAt = i; // reported as malformed UTF-8 (see JsonBodyCheck#evaluate)
          return -1;
        }
        i += length;
        ascii = false;
      }
    }
  }

  /**
   * Sets the high bit of every byte of {@code word} (eight string bytes) that needs a closer look:
   * beyond ASCII, a control character, {@code "} or {@code \}. A byte below 0x20 borrows from
   * its high bit when 0x20 is subtracted, and so does a quote or backslash when 1 is subtracted
   * from it xor the quote or backslash; a byte beyond ASCII has its own high bit. A borrow can
   * also mark bytes above a marked one, never below: the lowest mark is always exact.
   */
  private static long special(long word) {
    return word | (word - SPACES) | ((word ^ QUOTES) - ONES) | ((word ^ BACKSLASHES) - ONES);
  }

  private static int hex(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * Decodes bytes {@code [from, to)} of a checked string (or the ASCII text of a number or
   * literal) into {@code out}, which the caller sized to at least {@code to - from} chars: UTF-8
   * and escapes never decode to more chars than bytes. The caller reads the result from the
   * same array it passed, never from a field that may have been replaced since.
   *
   * @return the number of chars
   */
  private int decode(int from, int to, char[] out) {
    int k = 0;
    int i = from;
    while (i < to) {
      int c = b[i];
      if (c >= 0 && c != '\\') {
        out[k++] = (char) c;
        i++;
      } else if (c == '\\') {
        int e = b[i + 1];
        switch (e) {
          case 'b': out[k++] = '\b'; i += 2; break;
          case 'f': out[k++] = '\f'; i += 2; break;
          case 'n': out[k++] = '\n'; i += 2; break;
          case 'r': out[k++] = '\r'; i += 2; break;
          case 't': out[k++] = '\t'; i += 2; break;
          case 'u':
            out[k++] = (char) ((hex(b[i + 2]) << 12) | (hex(b[i + 3]) << 8)
                | (hex(b[i + 4]) << 4) | hex(b[i + 5]));
            i += 6;
            break;
          default: // '"', '\\', '/'
            out[k++] = (char) e;
            i += 2;
            break;
        }
      } else if ((c & 0xE0) == 0xC0) {
        out[k++] = (char) (((c & 0x1F) << 6) | (b[i + 1] & 0x3F));
        i += 2;
      } else if ((c & 0xF0) == 0xE0) {
        out[k++] = (char) (((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F));
        i += 3;
      } else {
        int cp = ((c & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6)
            | (b[i + 3] & 0x3F);
        out[k++] = Character.highSurrogate(cp);
        out[k++] = Character.lowSurrogate(cp);
        i += 4;
      }
    }
    return k;
  }

  // ---- predicates

  /**
   * A value (scalar or container start) of the given kind at {@code depth}: steps every
   * undecided predicate to it and, for a container, records the progress its children step from.
   */
  private void value(int depth, int kind) {
    boolean inArray = depth > 0 && isArray[depth];
    int index = inArray ? nextIndex[depth]++ : 0;
    FieldName field = depth > 0 && !inArray ? name : null;
    boolean container = kind == OBJECT || kind == ARRAY;
    int parentBase = depth * count;
    int childBase = parentBase + count;
    textReady = false;
    for (int p = 0; p < count; p++) {
      int child = JsonSelector.DEAD;
      if (failures[p] == null) {
        if (checkDepth[p] != 0) {
          checkElement(p, kind);
        } else {
          JsonSelector selector = predicates[p].selector();
          child = depth == 0 ? 0
              : selector.step(progress[parentBase + p], field, index);
          if (child == selector.length()) {
            child = JsonSelector.DEAD;
            select(p, depth, kind);
          }
        }
      }
      if (container) {
        progress[childBase + p] = child;
      }
    }
  }

  /** Predicate {@code p} selected the value at the current token. */
  private void select(int p, int depth, int kind) {
    selected[p] = true;
    if (predicates[p].absent()) {
      fail(p, predicates[p].present); // whatever the node holds
    } else if (kind == OBJECT) {
      fail(p, predicates[p].objectSelected);
    } else if (kind == ARRAY) {
      checkDepth[p] = depth + 1;
    } else if (!predicates[p].value().matches(text())) {
      fail(p, quoteValues ? quoted(JsonBodyCheck.VALUE_MISMATCH_QUOTED, p)
          : predicates[p].valueMismatch);
    }
  }

  /** A value inside an array that predicate {@code p} selected: every leaf must match. */
  private void checkElement(int p, int kind) {
    if (kind == OBJECT) {
      fail(p, predicates[p].objectInArray);
    } else if (kind != ARRAY // its elements are checked in turn; emptiness when it closes
        && !predicates[p].value().matches(text())) {
      fail(p, quoteValues ? quoted(JsonBodyCheck.ELEMENT_MISMATCH_QUOTED, p)
          : predicates[p].elementMismatch);
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
        fail(p, checked == depth ? predicates[p].emptyArray : predicates[p].emptyArrayInArray);
      }
      if (checked == depth) {
        checkDepth[p] = 0;
      }
    }
  }

  private void fail(int p, String reason) {
    failures[p] = reason;
    live--;
  }

  private CharSequence text() {
    if (!textReady) {
      // numbers keep their text as written (1.50 stays 1.50); strings are decoded
      char[] out = valueBuffer(valueEnd - valueStart);
      text.set(out, 0, decode(valueStart, valueEnd, out));
      textReady = true;
    }
    return text;
  }

  /** A value mismatch reason that quotes the value: only when explaining, never in a decision. */
  private String quoted(String format, int p) {
    String value = valueKind == STRING ? Excerpt.quoted(text()) : Excerpt.plain(text());
    return String.format(format, value, selectorText(p), regexText(p));
  }

  private String selectorText(int p) {
    return Excerpt.plain(predicates[p].selector().toString());
  }

  private String regexText(int p) {
    return Excerpt.plain(predicates[p].regex());
  }

  /**
   * The value buffer, at least {@code capacity} chars long: replaced by a larger one (not copied)
   * when it is too small. Only {@link #text} decodes into it, and it reads from the array this
   * returned.
   */
  private char[] valueBuffer(int capacity) {
    if (chars.length < capacity) {
      chars = new char[FieldName.grown(chars.length, capacity)];
    }
    return chars;
  }

  private void ensureFrames(int depth) {
    if (depth < isArray.length) {
      return;
    }
    // long arithmetic: maxDepth may be Integer.MAX_VALUE
    int frames = (int) Math.min(Math.max(isArray.length * 2L, depth + 1L), maxDepth + 1L);
    // exact: an absurd depth limit times many predicates fails the body instead of wrapping
    progress = Arrays.copyOf(progress, Math.multiplyExact(frames, count));
    isArray = Arrays.copyOf(isArray, frames);
    nextIndex = Arrays.copyOf(nextIndex, frames);
  }
}
