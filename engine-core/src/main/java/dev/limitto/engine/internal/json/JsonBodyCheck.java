package dev.limitto.engine.internal.json;

import dev.limitto.engine.HttpRequestView;
import dev.limitto.engine.Limits;
import java.util.List;

/**
 * Checks {@code JsonData} predicates (LIMIT-TO.md §5) against a request: its headers with {@link
 * #headerProblem}, its body with {@link #evaluate}, in one pass ({@link JsonScan}) for all
 * predicates.
 *
 * <p>Fail-closed throughout: the engine must read exactly the JSON the server behind it reads, so
 * anything that is not strict UTF-8 JSON (RFC 8259) within the limits fails every predicate with a
 * reason. All reasons are the constants below; those with {@code %s}/{@code %d} are formatted with
 * a bounded, escaped excerpt of the rules or a number. Header problems name the header and the
 * problem only, never the header's value: reasons go into 403 bodies and audit logs, which hold no
 * header values.
 */
public final class JsonBodyCheck {

  // ---- header problems
  /** No {@code Content-Type} header. */
  public static final String CONTENT_TYPE_MISSING =
      "Content-Type header is missing (a JSON body needs application/json)";
  /** A media type other than {@code application/json}. */
  public static final String CONTENT_TYPE_NOT_JSON = "Content-Type is not application/json";
  /** A parameter other than one {@code charset=utf-8}. */
  public static final String CONTENT_TYPE_PARAMETER =
      "Content-Type has a parameter other than charset=utf-8";
  /** A {@code Content-Encoding} other than {@code identity}. */
  public static final String CONTENT_ENCODING_NOT_IDENTITY =
      "Content-Encoding other than identity is not allowed for a JSON body";

  // ---- body problems
  /** No body, or only white space. */
  public static final String BODY_EMPTY = "body is empty (no JSON value)";
  /** {@code %d} is {@link Limits#maxBodyBytes()}. */
  public static final String BODY_TOO_LARGE =
      "body is larger than the limit of %d bytes (Limits.maxBodyBytes)";
  /** A UTF-8, UTF-16 or UTF-32 byte order mark at the start. */
  public static final String BODY_BOM =
      "body starts with a byte order mark (JSON must be UTF-8 without one)";
  /** {@code %d} is the byte offset of a NUL byte. */
  public static final String BODY_NUL =
      "body has a NUL byte at byte offset %d (JSON must be UTF-8; UTF-16 and UTF-32 are refused)";
  /** {@code %d} is the byte offset where the malformed UTF-8 sequence starts. */
  public static final String BODY_NOT_UTF8 = "body is not valid UTF-8 at byte offset %d";
  /** {@code %d} is the byte offset of the first byte that cannot continue strict JSON there. */
  public static final String BODY_NOT_JSON =
      "body is not valid JSON (the parser stopped at byte offset %d)";
  /** {@code %d} is the byte offset of what follows the root value. */
  public static final String BODY_TRAILING =
      "body has content after the JSON value at byte offset %d";
  /** {@code %d} is {@link Limits#maxJsonDepth()}. */
  public static final String BODY_TOO_DEEP =
      "body nests deeper than the limit of %d (Limits.maxJsonDepth)";
  /** The scan failed unexpectedly (a defect, not a property of the body); refused all the same. */
  public static final String BODY_UNREADABLE = "body could not be read as JSON";

  // ---- predicate failures (%s: selector text, regex text, and in explanations a value excerpt)
  /** Nothing in the body is selected by the selector. */
  public static final String NO_NODE = "no node selected by %s";
  /**
   * A selected scalar does not match: selector, regex. The reason of a decision never quotes the
   * value: it goes into 403 bodies and audit logs, which must not hold request body content.
   */
  public static final String VALUE_MISMATCH = "value of %s does not match %s";
  /** An element (at any depth) of a selected array does not match: selector, regex. */
  public static final String ELEMENT_MISMATCH = "array element of %s does not match %s";
  /**
   * {@link #VALUE_MISMATCH} with an excerpt of the value first: value, selector, regex. Only for
   * explanations an admin asks for at the terminal, never for a decision.
   */
  public static final String VALUE_MISMATCH_QUOTED = "value %s of %s does not match %s";
  /** {@link #ELEMENT_MISMATCH} with an excerpt of the element first; explanations only. */
  public static final String ELEMENT_MISMATCH_QUOTED = "array element %s of %s does not match %s";
  /** The selector selected an object. */
  public static final String OBJECT_SELECTED = "%s selects an object, which never matches";
  /** A selected array holds an object (at any depth). */
  public static final String OBJECT_IN_ARRAY =
      "%s selects an array holding an object, which never matches";
  /** The selector selected an empty array: "every element of nothing" is refused. */
  public static final String EMPTY_ARRAY = "%s selects an empty array, which never matches";
  /** A selected array holds an empty array (at any depth). */
  public static final String EMPTY_ARRAY_IN_ARRAY =
      "%s selects an array holding an empty array, which never matches";

  /** An absence predicate ({@code [JsonData::!selector]}) found a node: selector. */
  public static final String NODE_PRESENT = "%s is present, which the rule forbids";

  private JsonBodyCheck() {}

  /**
   * Whether the request's headers announce a body that {@code JsonData} may read: {@code
   * Content-Type: application/json} (type case-insensitive; the only parameter allowed is {@code
   * charset=utf-8}, any case, quoted or not) and no {@code Content-Encoding} other than {@code
   * identity}.
   *
   * @return {@code null} when acceptable, else the reason
   */
  public static String headerProblem(HttpRequestView request) {
    String contentType = request.header("Content-Type");
    if (contentType == null) {
      return CONTENT_TYPE_MISSING;
    }
    String problem = contentTypeProblem(contentType);
    if (problem != null) {
      return problem;
    }
    String encoding = request.header("Content-Encoding");
    if (encoding != null && !trimOws(encoding).equalsIgnoreCase("identity")) {
      return CONTENT_ENCODING_NOT_IDENTITY;
    }
    return null;
  }

  private static String contentTypeProblem(String value) {
    int semicolon = value.indexOf(';');
    String mediaType = trimOws(semicolon < 0 ? value : value.substring(0, semicolon));
    if (!mediaType.equalsIgnoreCase("application/json")) {
      return CONTENT_TYPE_NOT_JSON;
    }
    if (semicolon < 0) {
      return null;
    }
    String parameter = trimOws(value.substring(semicolon + 1));
    // exactly one parameter: "charset", no space around '=', value utf-8 bare or quoted
    int equals = parameter.indexOf('=');
    if (parameter.indexOf(';') < 0
        && equals > 0
        && parameter.substring(0, equals).equalsIgnoreCase("charset")) {
      String charset = parameter.substring(equals + 1);
      if (charset.length() >= 2 && charset.startsWith("\"") && charset.endsWith("\"")) {
        charset = charset.substring(1, charset.length() - 1);
      }
      if (charset.equalsIgnoreCase("utf-8")) {
        return null;
      }
    }
    return CONTENT_TYPE_PARAMETER;
  }

  /** Strips HTTP optional white space (SP, HTAB) at both ends. */
  private static String trimOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }

  /**
   * Checks the body for a decision: failure reasons name the selector and regex, never a value
   * of the body. Same as {@code evaluate(body, limits, predicates, false)}.
   */
  public static JsonResult evaluate(byte[] body, Limits limits, List<JsonPredicate> predicates) {
    return evaluate(body, limits, predicates, false);
  }

  /**
   * Checks the body against every predicate in one pass, which stops early only once every
   * predicate has failed (see {@link JsonScan}). Never throws for any bytes.
   *
   * @param body the bytes read by {@code request.body(limits.maxBodyBytes())}: longer than {@link
   *     Limits#maxBodyBytes()} means the body is too large; {@code null} is treated as empty
   * @param limits the body size and nesting limits
   * @param predicates the predicates to decide; result index {@code i} answers for element {@code i}
   * @param quoteValues whether a value mismatch quotes an excerpt of the value ({@link
   *     #VALUE_MISMATCH_QUOTED}); only for explanations shown to an admin, never for decisions
   * @return a body problem or a verdict per predicate
   */
  public static JsonResult evaluate(byte[] body, Limits limits, List<JsonPredicate> predicates,
      boolean quoteValues) {
    int count = predicates.size();
    String problem = bytesProblem(body, limits);
    if (problem != null) {
      return JsonResult.ofBodyProblem(problem, count);
    }
    JsonScan scan = JsonScan.acquire(body, limits.maxJsonDepth(), predicates, quoteValues);
    try {
      problem = scan.run();
      if (problem == null) {
        return JsonResult.ofFailures(count, scan.failures());
      }
      String encoding = encodingProblem(body);
      return JsonResult.ofBodyProblem(encoding != null ? encoding : problem, count);
    } catch (RuntimeException e) {
      // "never throws for any bytes": whatever went wrong, the body is refused, not the request
      return JsonResult.ofBodyProblem(BODY_UNREADABLE, count);
    } finally {
      scan.release();
    }
  }

  /** The problems visible without parsing: size, emptiness, BOM. */
  private static String bytesProblem(byte[] body, Limits limits) {
    if (body == null || body.length == 0) {
      return BODY_EMPTY;
    }
    if (body.length > limits.maxBodyBytes()) {
      return String.format(BODY_TOO_LARGE, limits.maxBodyBytes());
    }
    if (startsWithBom(body)) {
      return BODY_BOM;
    }
    return null;
  }

  /**
   * Malformed UTF-8 or a NUL byte anywhere in the body, or null. Looked for only once the scan
   * found a problem (it checks UTF-8 as it goes): an encoding problem is named before any
   * grammar problem, wherever it is, as the body is then not JSON text at all.
   */
  private static String encodingProblem(byte[] body) {
    int invalid = Utf8.firstInvalid(body);
    if (invalid < 0) {
      return null;
    }
    return String.format(body[invalid] == 0 ? BODY_NUL : BODY_NOT_UTF8, invalid);
  }

  private static boolean startsWithBom(byte[] b) {
    int b0 = b[0] & 0xFF;
    int b1 = b.length > 1 ? b[1] & 0xFF : -1;
    int b2 = b.length > 2 ? b[2] & 0xFF : -1;
    int b3 = b.length > 3 ? b[3] & 0xFF : -1;
    return (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) // UTF-8
        || (b0 == 0xFE && b1 == 0xFF) // UTF-16BE
        || (b0 == 0xFF && b1 == 0xFE) // UTF-16LE, UTF-32LE
        || (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF); // UTF-32BE
  }
}
