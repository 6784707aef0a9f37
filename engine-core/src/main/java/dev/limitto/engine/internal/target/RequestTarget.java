package dev.limitto.engine.internal.target;

import dev.limitto.engine.HttpRequestView;
import dev.limitto.engine.Limits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The canonical request target of LIMIT-TO.md §4: the checked, once-decoded path and the parsed
 * query string of one request, or the rule that rejected it.
 *
 * <p>Built per request by {@link #parse}, which never throws for any path or query text: every
 * problem becomes a rejection naming its rule (a constant of {@link Rejections}). The path is
 * validated and decoded in one pass over its characters and is not copied when it holds no
 * {@code %}; the query string is validated in one pass that records where each parameter lies,
 * and names and values are decoded only when asked for.
 *
 * <p>Immutable. Not meant to be shared between requests, though nothing stops it.
 */
public final class RequestTarget {

  /** Headers that make some servers dispatch on another method than the request line's. */
  private static final String[] METHOD_OVERRIDE_HEADERS = {
    "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"
  };

  private static final String METHOD_OVERRIDE_PARAM = "_method";

  /** Characters shown on each side of the offending position in a rejection excerpt. */
  private static final int EXCERPT_RADIUS = 20;

  private static final int[] NO_PARAMS = new int[0];
  /** What a validating {@code canonicalPath} answers for a path that needs decoding. */
  private static final String NEEDS_DECODING = new String("needs decoding");

  private final String rejectionRule; // a Rejections constant; null when accepted
  private final String rejection;
  private final String canonicalPath;
  private final String canonicalUrl;
  private final String query; // raw query string; null when none or rejected
  // Per parameter three ints: start of the name, index of the first '=' (-1: none), end.
  private final int[] params;
  private final int paramCount;

  private RequestTarget(
      String rejectionRule,
      String rejection,
      String canonicalPath,
      String canonicalUrl,
      String query,
      int[] params,
      int paramCount) {
    this.rejectionRule = rejectionRule;
    this.rejection = rejection;
    this.canonicalPath = canonicalPath;
    this.canonicalUrl = canonicalUrl;
    this.query = query;
    this.params = params;
    this.paramCount = paramCount;
  }

  /**
   * Checks and canonicalizes the request target of {@code request}.
   *
   * @param request the request; its {@link HttpRequestView#rawPath()} and {@link
   *     HttpRequestView#rawQuery()} must be undecoded
   * @param origin scheme, host and port of the configured base URL, no trailing slash
   * @param limits the path and query length limits in force
   * @return the canonical target, or a rejected one; never {@code null}
   * @throws NullPointerException if an argument is {@code null}: a programming error, never a
   *     property of the request
   */
  public static RequestTarget parse(HttpRequestView request, String origin, Limits limits) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(limits, "limits");
    String path = request.rawPath();
    if (path == null) {
      return rejected(Rejections.PATH_MISSING, Rejections.PATH_MISSING);
    }
    if (path.length() > limits.maxPathLength()) {
      return rejected(
          Rejections.PATH_TOO_LONG,
          String.format(
              Locale.ROOT, Rejections.PATH_TOO_LONG, path.length(), limits.maxPathLength()));
    }
    Object pathResult = canonicalPath(path, true, null);
    if (pathResult instanceof Rejected r) {
      return r.toTarget(path);
    }
    String canonical = (String) pathResult;

    String query = request.rawQuery();
    int[] params = NO_PARAMS;
    int paramCount = 0;
    if (query != null && !query.isEmpty()) {
      if (query.length() > limits.maxQueryLength()) {
        return rejected(
            Rejections.QUERY_TOO_LONG,
            String.format(
                Locale.ROOT, Rejections.QUERY_TOO_LONG, query.length(), limits.maxQueryLength()));
      }
      QueryScan scan = new QueryScan();
      Rejected r = QueryScan.run(query, scan);
      if (r != null) {
        return r.toTarget(query);
      }
      params = scan.params;
      paramCount = scan.count;
    }
    return new RequestTarget(
        null, null, canonical, origin + canonical, query, params, paramCount);
  }

  /**
   * The canonical target of {@code request} in one pass, allocating nothing, for deciding it
   * without building a {@code RequestTarget}. Returns the {@link Rejections} rule that {@link
   * #parse} would reject the target for (the constant alone; {@link #parse} adds the position
   * and an excerpt for a person), or {@link Rejections#METHOD_OVERRIDE_PARAMETER} when the
   * target is acceptable but has a {@code _method} parameter (decoded name, any case), or
   * {@code null} when it is acceptable. When not rejected, {@code into} holds the canonical path
   * if the raw path needed percent-decoding, and is empty when the raw path is its own canonical
   * form. Query parameter names may need decoding: {@link #queryNameEquals} compares them.
   * Header overrides are not looked at here ({@link #methodOverrideHeader}).
   *
   * @param into the buffer for a decoded path; may be null when the raw path holds no {@code %}
   */
  public static String canonicalTarget(HttpRequestView request, Limits limits, StringBuilder into) {
    if (into != null) {
      into.setLength(0);
    }
    String path = request.rawPath();
    if (path == null) {
      return Rejections.PATH_MISSING;
    }
    if (path.length() > limits.maxPathLength()) {
      return Rejections.PATH_TOO_LONG;
    }
    // without a buffer, validate only: a path without '%' is returned as it is
    Object canonical =
        into == null ? canonicalPath(path, false, null) : canonicalPath(path, true, into);
    if (into != null && canonical != into) {
      into.setLength(0); // rejected part-way through, or a path without '%'
    }
    if (canonical instanceof Rejected r) {
      return r.rule();
    }
    if (canonical == NEEDS_DECODING) {
      throw new IllegalArgumentException("a path with '%' needs a buffer");
    }
    String query = request.rawQuery();
    if (query == null || query.isEmpty()) {
      return null;
    }
    if (query.length() > limits.maxQueryLength()) {
      if (into != null) {
        into.setLength(0);
      }
      return Rejections.QUERY_TOO_LONG;
    }
    Rejected q = QueryScan.validate(query);
    if (q != null && q != QueryScan.METHOD_PARAMETER) {
      if (into != null) {
        into.setLength(0);
      }
      return q.rule();
    }
    return q == null ? null : Rejections.METHOD_OVERRIDE_PARAMETER;
  }

  /** The texts of {@link #methodOverrideRejection} for the headers, made once. */
  private static final String[] METHOD_OVERRIDE_HEADER_REJECTIONS =
      java.util.Arrays.stream(METHOD_OVERRIDE_HEADERS)
          .map(h -> Rejections.METHOD_OVERRIDE_HEADER + ": " + h)
          .toArray(String[]::new);

  /**
   * The rejection text of {@link #methodOverrideRejection} for an override header of {@code
   * request} (a shared constant), or {@code null} when it carries none. Allocates nothing.
   */
  public static String methodOverrideHeader(HttpRequestView request) {
    for (int i = 0; i < METHOD_OVERRIDE_HEADERS.length; i++) {
      if (request.header(METHOD_OVERRIDE_HEADERS[i]) != null) {
        return METHOD_OVERRIDE_HEADER_REJECTIONS[i];
      }
    }
    return null;
  }

  /**
   * Whether the name {@code q[from, to)} of a query string that this class accepted decodes to
   * exactly {@code name} ({@code +} a space, {@code %XX} a byte of UTF-8), allocating nothing.
   */
  public static boolean queryNameEquals(String q, int from, int to, String name) {
    if (!needsDecoding(q, from, to)) {
      return to - from == name.length() && q.startsWith(name, from);
    }
    return decodedEquals(q, from, to, name, false);
  }

  /**
   * Whether {@code s[from, to)}, well-formed query text, decodes to {@code expected}, comparing
   * UTF-16 units as {@code String.equals} or, with {@code ignoreCase}, as {@code
   * String.equalsIgnoreCase} does.
   */
  private static boolean decodedEquals(String s, int from, int to, String expected,
      boolean ignoreCase) {
    int k = 0;
    int n = expected.length();
    int i = from;
    while (i < to) {
      int cp;
      char c = s.charAt(i);
      if (c == '%') {
        int b = hexByte(s, i);
        i += 3;
        if (b < 0x80) {
          cp = b;
        } else {
          int need = utf8Continuations(b);
          cp = b & (0x3F >> need);
          for (int m = 0; m < need; m++) {
            cp = (cp << 6) | (hexByte(s, i) & 0x3F);
            i += 3;
          }
        }
      } else {
        cp = c == '+' ? ' ' : c;
        i++;
      }
      if (cp >= Character.MIN_SUPPLEMENTARY_CODE_POINT) {
        if (k + 2 > n || !sameUnit(Character.highSurrogate(cp), expected.charAt(k), ignoreCase)
            || !sameUnit(Character.lowSurrogate(cp), expected.charAt(k + 1), ignoreCase)) {
          return false;
        }
        k += 2;
      } else {
        if (k >= n || !sameUnit((char) cp, expected.charAt(k), ignoreCase)) {
          return false;
        }
        k++;
      }
    }
    return k == n;
  }

  /** One UTF-16 unit compared as {@code String.regionMatches} compares them. */
  private static boolean sameUnit(char a, char b, boolean ignoreCase) {
    if (a == b) {
      return true;
    }
    if (!ignoreCase) {
      return false;
    }
    char ua = Character.toUpperCase(a);
    char ub = Character.toUpperCase(b);
    return ua == ub || Character.toLowerCase(ua) == Character.toLowerCase(ub);
  }

  /**
   * Whether {@code request} asks for another method than its request line says, through one of
   * the headers {@code X-HTTP-Method-Override}, {@code X-HTTP-Method}, {@code X-Method-Override}
   * (any case, any value, even empty) or a {@code _method} query parameter (decoded name, any
   * case). The caller applies this to restricted rule sets only.
   *
   * @param target the request's target; a rejected target is not looked at (it denies anyway)
   * @return the rejection text, or {@code null} when the request carries no override
   */
  public static String methodOverrideRejection(HttpRequestView request, RequestTarget target) {
    for (String header : METHOD_OVERRIDE_HEADERS) {
      if (request.header(header) != null) {
        return Rejections.METHOD_OVERRIDE_HEADER + ": " + header;
      }
    }
    if (target != null && !target.isRejected()) {
      for (int p = 0; p < target.paramCount; p++) {
        if (target.nameEqualsIgnoreCase(p, METHOD_OVERRIDE_PARAM)) {
          return Rejections.METHOD_OVERRIDE_PARAMETER;
        }
      }
    }
    return null;
  }

  /** Whether the request is denied by a rule of §4 before any line is matched. */
  public boolean isRejected() {
    return rejectionRule != null;
  }

  /**
   * The rejection for a person: the rule, where it happened and an excerpt (escaped, bounded) of
   * the input; {@code null} when not rejected.
   */
  public String rejection() {
    return rejection;
  }

  /** The {@link Rejections} constant of the rule that rejected; {@code null} when not rejected. */
  public String rejectionRule() {
    return rejectionRule;
  }

  /** Origin followed by the canonical path; {@code null} when rejected. */
  public String canonicalUrl() {
    return canonicalUrl;
  }

  /** The raw path, checked and percent-decoded once; {@code null} when rejected. */
  public String canonicalPath() {
    return canonicalPath;
  }

  /** Whether the query string has a parameter whose decoded name is exactly {@code name}. */
  public boolean hasQueryParam(String name) {
    for (int p = 0; p < paramCount; p++) {
      if (nameEquals(p, name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The decoded values of every parameter whose decoded name is exactly {@code name}, in order of
   * appearance ({@code ""} for a parameter without {@code =}); an empty list when there is none.
   */
  public List<String> queryValues(String name) {
    List<String> values = null;
    for (int p = 0; p < paramCount; p++) {
      if (nameEquals(p, name)) {
        if (values == null) {
          values = new ArrayList<>(2);
        }
        values.add(value(p));
      }
    }
    return values == null ? List.of() : Collections.unmodifiableList(values);
  }

  @Override
  public String toString() {
    return isRejected()
        ? "RequestTarget[rejected: " + rejection + "]"
        : "RequestTarget[" + canonicalUrl + (query == null ? "" : "?" + query) + "]";
  }

  // --- query parameters, decoded on demand ---

  private boolean nameEquals(int p, String name) {
    int start = params[3 * p];
    int eq = params[3 * p + 1];
    int end = eq < 0 ? params[3 * p + 2] : eq;
    if (!needsDecoding(query, start, end)) {
      return end - start == name.length() && query.startsWith(name, start);
    }
    return decodeComponent(query, start, end).equals(name);
  }

  private boolean nameEqualsIgnoreCase(int p, String name) {
    int start = params[3 * p];
    int eq = params[3 * p + 1];
    int end = eq < 0 ? params[3 * p + 2] : eq;
    if (!needsDecoding(query, start, end)) {
      return end - start == name.length() && query.regionMatches(true, start, name, 0, end - start);
    }
    return decodeComponent(query, start, end).equalsIgnoreCase(name);
  }

  private String value(int p) {
    int eq = params[3 * p + 1];
    return eq < 0 ? "" : decodeComponent(query, eq + 1, params[3 * p + 2]);
  }

  private static boolean needsDecoding(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%' || c == '+') {
        return true;
      }
    }
    return false;
  }

  /**
   * The decoded form of the name or value {@code s[from, to)} of a query string that this class
   * accepted ({@link #parse} or {@link #canonicalTarget}): {@code +} is a space, {@code %XX} a
   * byte of well-formed UTF-8. Returns a new string only when there is something to decode.
   */
  public static String decodeQueryComponent(String s, int from, int to) {
    return decodeComponent(s, from, to);
  }

  /**
   * Decodes a name or value that {@link QueryScan} accepted: '+' is a space, %XX a byte of
   * UTF-8 that is known to be well formed.
   */
  private static String decodeComponent(String s, int from, int to) {
    if (!needsDecoding(s, from, to)) {
      return s.substring(from, to);
    }
    StringBuilder out = new StringBuilder(to - from);
    int cp = 0;
    int need = 0;
    for (int i = from; i < to; ) {
      char c = s.charAt(i);
      if (c == '%') {
        int b = hexByte(s, i);
        i += 3;
        if (b < 0x80) {
          out.append((char) b);
        } else if (need == 0) {
          need = utf8Continuations(b);
          cp = b & (0x3F >> need);
        } else {
          cp = (cp << 6) | (b & 0x3F);
          if (--need == 0) {
            out.appendCodePoint(cp);
          }
        }
      } else {
        out.append(c == '+' ? ' ' : c);
        i++;
      }
    }
    return out.toString();
  }

  // --- path ---

  /**
   * Returns the canonical path (a String: {@code path} itself when it holds no '%') or the
   * {@link Rejected} rule at the first offending position. With {@code build} false it only
   * validates, allocating nothing: a path that needs decoding gives {@link #NEEDS_DECODING}, a
   * rejection the shared {@link Rejected} of its rule (no position). With {@code into}, a path
   * that needs decoding is decoded into it (cleared first) and {@code into} is returned, and a
   * rejection is the shared one too.
   */
  private static Object canonicalPath(String path, boolean build, StringBuilder into) {
    boolean positions = build && into == null; // only parse reports where a rule was broken
    int n = path.length();
    if (n == 0 || path.charAt(0) != '/') {
      return Rejected.at(Rejections.PATH_NOT_ABSOLUTE, 0, positions);
    }
    StringBuilder out = null; // created at the first '%'; until then the path is its own form
    boolean decoded = false; // whether a '%' was seen
    int segmentStart = 0; // index of the '/' that opened the current segment
    int cp = 0; // UTF-8 decoding state: code point so far, continuation bytes still needed,
    int need = 0; // bounds of the next continuation byte (excluding overlong forms and
    int lower = 0x80; // surrogates), and where the sequence began
    int upper = 0xBF;
    int sequenceStart = 0;
    int i = 1;
    while (i < n) {
      char c = path.charAt(i);
      if (c == '%') {
        int b = hexByte(path, i);
        if (b < 0) {
          return Rejected.at(Rejections.PATH_MALFORMED_PERCENT, i, positions);
        }
        if (out == null && build) {
          if (into != null) {
            into.setLength(0);
            out = into.append(path, 0, i);
          } else {
            out = new StringBuilder(n).append(path, 0, i);
          }
        }
        decoded = true;
        if (b < 0x80) {
          if (need != 0) {
            return Rejected.at(Rejections.PATH_INVALID_UTF8, sequenceStart, positions);
          }
          String rule = encodedAsciiRule(b);
          if (rule != null) {
            return Rejected.at(rule, i, positions);
          }
          if (out != null) {
            out.append((char) b);
          }
        } else if (need == 0) {
          need = utf8Continuations(b);
          if (need == 0) {
            return Rejected.at(Rejections.PATH_INVALID_UTF8, i, positions);
          }
          cp = b & (0x3F >> need);
          lower = utf8SecondLower(b);
          upper = utf8SecondUpper(b);
          sequenceStart = i;
        } else {
          if (b < lower || b > upper) {
            return Rejected.at(Rejections.PATH_INVALID_UTF8, sequenceStart, positions);
          }
          lower = 0x80;
          upper = 0xBF;
          cp = (cp << 6) | (b & 0x3F);
          if (--need == 0) {
            if (cp <= 0x9F) {
              return Rejected.at(Rejections.PATH_ENCODED_CONTROL, sequenceStart, positions);
            }
            String rule = LookAlikes.rule(cp);
            if (rule != null) {
              return Rejected.at(rule, sequenceStart, positions);
            }
            if (out != null) {
              out.appendCodePoint(cp);
            }
          }
        }
        i += 3;
        continue;
      }
      if (need != 0) {
        return Rejected.at(Rejections.PATH_INVALID_UTF8, sequenceStart, positions);
      }
      if (c == '/') {
        if (i - segmentStart == 1) {
          return Rejected.at(Rejections.PATH_DOUBLE_SLASH, segmentStart, positions);
        }
        if (isDotSegment(path, segmentStart, i)) {
          return Rejected.at(Rejections.PATH_DOT_SEGMENT, segmentStart + 1, positions);
        }
        segmentStart = i;
      } else if (c >= 0x80 || !PLAIN_PATH_CHAR[c]) {
        String rule = rawPathCharRule(c);
        if (rule != null) {
          return Rejected.at(rule, i, positions);
        }
      }
      if (out != null) {
        out.append(c);
      }
      i++;
    }
    if (need != 0) {
      return Rejected.at(Rejections.PATH_INVALID_UTF8, sequenceStart, positions);
    }
    if (isDotSegment(path, segmentStart, n)) {
      return Rejected.at(Rejections.PATH_DOT_SEGMENT, segmentStart + 1, positions);
    }
    if (!decoded) {
      return path;
    }
    if (!build) {
      return NEEDS_DECODING;
    }
    return into != null ? into : out.toString();
  }

  /** Whether the segment after the '/' at {@code slash}, up to {@code end}, is "." or "..". */
  private static boolean isDotSegment(String path, int slash, int end) {
    int len = end - slash - 1;
    return (len == 1 && path.charAt(slash + 1) == '.')
        || (len == 2 && path.charAt(slash + 1) == '.' && path.charAt(slash + 2) == '.');
  }

  /**
   * ASCII characters that break no rule of {@link #rawPathCharRule}, derived from it: one load
   * per character on the request path instead of a switch.
   */
  private static final boolean[] PLAIN_PATH_CHAR = new boolean[0x80];

  static {
    for (char c = 0; c < 0x80; c++) {
      PLAIN_PATH_CHAR[c] = rawPathCharRule(c) == null;
    }
  }

  /** The rule a raw path character other than '/' and '%' breaks, or {@code null}. */
  private static String rawPathCharRule(char c) {
    if (c >= 0x80) {
      return Rejections.PATH_NON_ASCII;
    }
    if (c == 0) {
      return Rejections.PATH_NUL;
    }
    if (c < 0x20 || c == 0x7F) {
      return Rejections.PATH_CONTROL;
    }
    switch (c) {
      case ' ':
        return Rejections.PATH_SPACE;
      case ';':
        return Rejections.PATH_SEMICOLON;
      case '\\':
        return Rejections.PATH_BACKSLASH;
      case '#':
        return Rejections.PATH_HASH;
      case '?':
        return Rejections.PATH_QUESTION_MARK;
      default:
        return null;
    }
  }

  /** The rule a percent-encoded ASCII byte in the path breaks, or {@code null}. */
  private static String encodedAsciiRule(int b) {
    if (b < 0x20 || b == 0x7F) {
      return Rejections.PATH_ENCODED_CONTROL;
    }
    switch (b) {
      case '/':
        return Rejections.PATH_ENCODED_SLASH;
      case '\\':
        return Rejections.PATH_ENCODED_BACKSLASH;
      case '.':
        return Rejections.PATH_ENCODED_DOT;
      case '%':
        return Rejections.PATH_ENCODED_PERCENT;
      case ';':
        return Rejections.PATH_ENCODED_SEMICOLON;
      case '?':
        return Rejections.PATH_ENCODED_QUESTION_MARK;
      case '#':
        return Rejections.PATH_ENCODED_HASH;
      default:
        return null;
    }
  }

  // --- query string ---

  /** One validating pass over a query string, recording where each parameter lies. */
  private static final class QueryScan {
    int[] params = new int[3 * 4];
    int count;

    /** Marks a query string that a validating pass accepts but that has a {@code _method}. */
    static final Rejected METHOD_PARAMETER =
        new Rejected(Rejections.METHOD_OVERRIDE_PARAMETER, -1);

    /**
     * Validates a query string, allocating nothing: the shared {@link Rejected} of the rule it
     * breaks, {@link #METHOD_PARAMETER} when it is acceptable but a parameter's decoded name is
     * {@code _method} in any case, {@code null} when it is acceptable.
     */
    static Rejected validate(String q) {
      return run(q, null);
    }

    /**
     * Returns {@code null} when the query string is acceptable, recording its parameters into
     * {@code into}; with {@code into == null} only validates, allocating nothing (see {@link
     * #validate}).
     */
    static Rejected run(String q, QueryScan into) {
      boolean method = false; // a validating pass saw _method
      int n = q.length();
      int start = 0; // first index of the current parameter
      int eq = -1; // its first '=', -1 while none
      int need = 0; // UTF-8 state as in canonicalPath
      int lower = 0x80;
      int upper = 0xBF;
      int sequenceStart = 0;
      int i = 0;
      while (i < n) {
        char c = q.charAt(i);
        if (c == '%') {
          int b = hexByte(q, i);
          if (b < 0) {
            return Rejected.at(Rejections.QUERY_MALFORMED_PERCENT, i, into != null);
          }
          if (b < 0x80) {
            if (need != 0) {
              return Rejected.at(Rejections.QUERY_INVALID_UTF8, sequenceStart, into != null);
            }
          } else if (need == 0) {
            need = utf8Continuations(b);
            if (need == 0) {
              return Rejected.at(Rejections.QUERY_INVALID_UTF8, i, into != null);
            }
            lower = utf8SecondLower(b);
            upper = utf8SecondUpper(b);
            sequenceStart = i;
          } else {
            if (b < lower || b > upper) {
              return Rejected.at(Rejections.QUERY_INVALID_UTF8, sequenceStart, into != null);
            }
            lower = 0x80;
            upper = 0xBF;
            need--;
          }
          i += 3;
          continue;
        }
        // a sequence cut by '&', '=', '+' or any raw character is truncated
        if (need != 0) {
          return Rejected.at(Rejections.QUERY_INVALID_UTF8, sequenceStart, into != null);
        }
        if (c >= 0x80) {
          return Rejected.at(Rejections.QUERY_NON_ASCII, i, into != null);
        }
        if (c < 0x20 || c == 0x7F) {
          return Rejected.at(Rejections.QUERY_CONTROL, i, into != null);
        }
        if (c == ' ') {
          return Rejected.at(Rejections.QUERY_SPACE, i, into != null);
        }
        if (c == '#') {
          return Rejected.at(Rejections.QUERY_HASH, i, into != null);
        }
        if (c == '&') {
          Rejected r = add(q, into, start, eq, i);
          if (r == METHOD_PARAMETER) {
            method = true;
          } else if (r != null) {
            return r;
          }
          start = i + 1;
          eq = -1;
        } else if (c == '=' && eq < 0) {
          eq = i;
        }
        i++;
      }
      if (need != 0) {
        return Rejected.at(Rejections.QUERY_INVALID_UTF8, sequenceStart, into != null);
      }
      Rejected last = add(q, into, start, eq, n);
      return last == null && method ? METHOD_PARAMETER : last;
    }

    /**
     * Records a parameter into {@code into}; without a recorder (a validating pass only), answers
     * {@link #METHOD_PARAMETER} for a parameter whose decoded name is {@code _method}, any case.
     */
    private static Rejected add(String q, QueryScan into, int start, int eq, int end) {
      if (end == start) {
        return null; // empty parameter, as in "a=1&&b=2" or a trailing '&'
      }
      if (into != null) {
        into.record(start, eq, end);
        return null;
      }
      int nameEnd = eq < 0 ? end : eq;
      boolean method = needsDecoding(q, start, nameEnd)
          ? decodedEquals(q, start, nameEnd, METHOD_OVERRIDE_PARAM, true)
          : nameEnd - start == METHOD_OVERRIDE_PARAM.length()
              && q.regionMatches(true, start, METHOD_OVERRIDE_PARAM, 0, nameEnd - start);
      return method ? METHOD_PARAMETER : null;
    }

    private void record(int start, int eq, int end) {
      if (3 * count == params.length) {
        params = Arrays.copyOf(params, params.length * 2);
      }
      params[3 * count] = start;
      params[3 * count + 1] = eq;
      params[3 * count + 2] = end;
      count++;
    }
  }

  // --- shared helpers ---

  /** The byte of "%XX" at {@code i}, or -1 when not followed by two hex digits. */
  private static int hexByte(String s, int i) {
    if (i + 2 >= s.length()) {
      return -1;
    }
    int hi = hexDigit(s.charAt(i + 1));
    int lo = hexDigit(s.charAt(i + 2));
    return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  /**
   * Continuation bytes that follow the UTF-8 lead byte {@code b} (1 to 3), or 0 when {@code b}
   * cannot start a well-formed sequence: a continuation byte, the overlong leads C0 and C1, or
   * F5 and above (beyond U+10FFFF).
   */
  private static int utf8Continuations(int b) {
    if (b >= 0xC2 && b <= 0xDF) {
      return 1;
    }
    if (b >= 0xE0 && b <= 0xEF) {
      return 2;
    }
    if (b >= 0xF0 && b <= 0xF4) {
      return 3;
    }
    return 0;
  }

  /** Lowest second byte after lead {@code b}: E0 and F0 exclude overlong forms. */
  private static int utf8SecondLower(int b) {
    return b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80;
  }

  /** Highest second byte after lead {@code b}: ED excludes surrogates, F4 beyond U+10FFFF. */
  private static int utf8SecondUpper(int b) {
    return b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
  }

  // --- rejections ---

  private static RequestTarget rejected(String rule, String text) {
    return new RequestTarget(rule, text, null, null, null, NO_PARAMS, 0);
  }

  /** A rule broken at a position of the path or query string. */
  private record Rejected(String rule, int at) {

    // by rule: the rejections of a validating pass, which needs no position
    private static final Map<String, Rejected> SHARED = new ConcurrentHashMap<>();

    /** The rule at {@code at}; without {@code position}, the rule's shared instance. */
    static Rejected at(String rule, int at, boolean position) {
      return position
          ? new Rejected(rule, at)
          : SHARED.computeIfAbsent(rule, r -> new Rejected(r, -1));
    }

    RequestTarget toTarget(String input) {
      return rejected(rule, rule + " at character " + (at + 1) + ": " + excerpt(input, at));
    }
  }

  /**
   * Up to {@link #EXCERPT_RADIUS} characters on each side of {@code at}, quoted, with everything
   * outside printable ASCII escaped so that a rejection can be logged as is.
   */
  static String excerpt(String s, int at) {
    int from = Math.max(0, at - EXCERPT_RADIUS);
    int to = Math.min(s.length(), at + EXCERPT_RADIUS + 1);
    StringBuilder b = new StringBuilder(2 * (to - from) + 8).append('"');
    if (from > 0) {
      b.append("...");
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c >= 0x20 && c < 0x7F) {
        b.append(c);
      } else {
        b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      }
    }
    if (to < s.length()) {
      b.append("...");
    }
    return b.append('"').toString();
  }
}
