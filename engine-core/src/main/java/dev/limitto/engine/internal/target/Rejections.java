package dev.limitto.engine.internal.target;

/**
 * The rules of LIMIT-TO.md §4 that deny a request before any line is matched, one constant per
 * rule. {@link RequestTarget#rejectionRule()} returns exactly one of these; {@link
 * RequestTarget#rejection()} adds where it happened (position and a bounded, escaped excerpt of
 * the input) or, for the two length limits, the numbers.
 *
 * <p>The texts are part of what an admin reads in a denial and in the audit log, so they name the
 * rule in plain words; tests assert them exactly.
 */
public final class Rejections {

  // --- raw path ---

  /** The request has no path at all (a view that returned {@code null}). */
  public static final String PATH_MISSING = "request has no path";
  /** Origin-form only: {@code *}, absolute-form and relative paths are not matched. */
  public static final String PATH_NOT_ABSOLUTE = "path does not start with '/'";
  /** Format: actual length, limit. */
  public static final String PATH_TOO_LONG =
      "path has %d characters, more than the limit of %d (Limits.maxPathLength)";
  public static final String PATH_DOUBLE_SLASH = "path contains '//' (an empty segment)";
  public static final String PATH_DOT_SEGMENT = "path contains a dot segment ('.' or '..')";
  public static final String PATH_SEMICOLON = "path contains ';' (path parameters are not allowed)";
  public static final String PATH_BACKSLASH = "path contains '\\'";
  public static final String PATH_HASH = "path contains '#'";
  /** Only a custom request view can produce this: a raw path ends at the first '?'. */
  public static final String PATH_QUESTION_MARK = "path contains '?'";
  public static final String PATH_SPACE = "path contains a space";
  public static final String PATH_NUL = "path contains NUL";
  public static final String PATH_CONTROL = "path contains a control character";
  /**
   * A raw character above U+007F. A request line carries bytes; whether a container hands them
   * over as ISO-8859-1 or UTF-8 is not knowable here, so the only safe reading is none.
   */
  public static final String PATH_NON_ASCII =
      "path contains a raw non-ASCII character (percent-encode it as UTF-8)";

  // --- percent-encoding in the path ---

  public static final String PATH_MALFORMED_PERCENT =
      "path contains malformed percent-encoding ('%' not followed by two hex digits)";
  public static final String PATH_ENCODED_SLASH = "path contains an encoded '/' (%2F)";
  public static final String PATH_ENCODED_BACKSLASH = "path contains an encoded '\\' (%5C)";
  public static final String PATH_ENCODED_DOT = "path contains an encoded '.' (%2E)";
  public static final String PATH_ENCODED_PERCENT = "path contains an encoded '%' (%25)";
  public static final String PATH_ENCODED_SEMICOLON = "path contains an encoded ';' (%3B)";
  /** Decoded '?' would make the canonical URL look as if it had a query string. */
  public static final String PATH_ENCODED_QUESTION_MARK = "path contains an encoded '?' (%3F)";
  /** Decoded '#' would make the canonical URL look as if it had a fragment. */
  public static final String PATH_ENCODED_HASH = "path contains an encoded '#' (%23)";
  /** C0 controls and DEL as %00-%1F, %7F, and C1 controls (U+0080-U+009F) as UTF-8. */
  public static final String PATH_ENCODED_CONTROL =
      "path contains an encoded control character (%00-%1F, %7F or U+0080-U+009F)";
  public static final String PATH_INVALID_UTF8 =
      "path is not valid UTF-8 after percent-decoding";

  // --- percent-decoded characters (v1.1; raw ones are PATH_NON_ASCII already) ---

  /**
   * A character that Unicode compatibility normalization (NFKC) turns into one of these, such as
   * U+FF0F fullwidth solidus or U+2024 one-dot leader, or a slash drawn without one (U+2044,
   * U+2215, U+29F8, U+29F9). See {@link LookAlikes}.
   */
  public static final String PATH_LOOK_ALIKE =
      "path contains a character that looks like or normalizes to '/', '\\', '.', ';', '%', '?'"
          + " or '#'";
  /**
   * Unicode general category Cf, such as U+200B zero-width space, U+202E right-to-left override
   * or U+FEFF byte order mark.
   */
  public static final String PATH_FORMAT_CHARACTER =
      "path contains an invisible format character (zero-width, bidi control or BOM)";

  // --- query string ---

  /** Format: actual length, limit. */
  public static final String QUERY_TOO_LONG =
      "query string has %d characters, more than the limit of %d (Limits.maxQueryLength)";
  public static final String QUERY_MALFORMED_PERCENT =
      "query string contains malformed percent-encoding ('%' not followed by two hex digits)";
  public static final String QUERY_INVALID_UTF8 =
      "query string is not valid UTF-8 after percent-decoding";
  public static final String QUERY_SPACE = "query string contains a raw space";
  public static final String QUERY_HASH = "query string contains '#'";
  public static final String QUERY_CONTROL = "query string contains a raw control character";
  public static final String QUERY_NON_ASCII =
      "query string contains a raw non-ASCII character (percent-encode it as UTF-8)";

  // --- method override (applied by the caller to restricted rule sets only) ---

  /** Followed by ": " and the header name. */
  public static final String METHOD_OVERRIDE_HEADER =
      "method-override header is not allowed for a restricted token";
  public static final String METHOD_OVERRIDE_PARAMETER =
      "_method query parameter is not allowed for a restricted token";

  private Rejections() {}
}
