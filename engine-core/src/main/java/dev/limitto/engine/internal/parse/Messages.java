package dev.limitto.engine.internal.parse;

/**
 * Every error text of the rule compiler, as format strings. Each quotes the offending text or
 * names the limit and the setting that raises it; tests assert them exactly.
 */
public final class Messages {

  private Messages() {}

  /** Characters in the line, the limit. */
  public static final String LINE_TOO_LONG =
      "line has %d characters, more than the limit of %d (Limits.maxLineLength)";

  /** Lines in the rule set, the limit. */
  public static final String TOO_MANY_LINES =
      "rule set has %d lines, more than the limit of %d (Limits.maxLines)";

  /** The unknown item, the method set as written. */
  public static final String UNKNOWN_METHOD =
      "unknown method `%s` in method set `%s`; known methods are GET, POST, PUT, DELETE, PATCH,"
          + " HEAD, OPTIONS, TRACE, CONNECT";

  /** The method set as written. */
  public static final String METHODS_WITHOUT_SEPARATOR =
      "methods in method set `%s` must be separated by `,` or `|`";

  /** The method set as written. */
  public static final String URL_REGEX_MISSING_AFTER_METHODS =
      "missing URL regex after method set `%s`";

  /** The predicate as written. */
  public static final String URL_REGEX_MISSING_BEFORE_PREDICATE =
      "missing URL regex before predicate `%s`";

  /** The kind as written, the predicate as written. */
  public static final String UNKNOWN_PREDICATE_KIND =
      "unknown predicate kind `%s` in `%s`; expected QueryParam or JsonData";

  /** The predicate as written. */
  public static final String EMPTY_PREDICATE_KIND =
      "missing predicate kind before `::` in `%s`; expected QueryParam or JsonData";

  /** The kind as written, the predicate as written. */
  public static final String MISSING_KIND_SEPARATOR = "missing `::` after `%s` in `%s`";

  /** The predicate as written. */
  public static final String MISSING_EQUALS =
      "missing `==` between name and value in predicate `%s`";

  /** The predicate as written ({@code [QueryParam::!p]}). */
  public static final String ABSENCE_NOT_JSON =
      "`!` (absence) is only for JsonData selectors, in predicate `%s`;"
          + " a QueryParam value is tested with `==REGEX`";

  /** The predicate as written. */
  public static final String EMPTY_PREDICATE_NAME = "empty name in predicate `%s`";

  /** The predicate as written (to the end of the line). */
  public static final String UNCLOSED_PREDICATE = "unclosed predicate `%s`: missing `]`";

  /** The text found after the predicates. */
  public static final String TEXT_AFTER_PREDICATES =
      "unexpected text `%s` after a predicate; only further predicates may follow";

  /** RE2J's description, the offending fragment. */
  public static final String REGEX_SYNTAX = "invalid regex: %s: `%s`";

  /** RE2J's description (it names no fragment). */
  public static final String REGEX_SYNTAX_NO_FRAGMENT = "invalid regex: %s";

  /** The regex, as far as the unmatched parenthesis. */
  public static final String REGEX_UNMATCHED_PAREN = "invalid regex: unmatched `)` in `%s`";

  /** The depth, the fixed bound. */
  public static final String REGEX_NESTING =
      "invalid regex: groups nest %d deep, more than the limit of %d";

  /** The regex, its program size, the limit. */
  public static final String REGEX_TOO_LARGE =
      "regex `%s` compiles to %d RE2 instructions, more than the limit of %d"
          + " (Limits.maxRegexProgramSize)";

  /** The regex, its estimated program size, the limit. */
  public static final String REGEX_FAR_TOO_LARGE =
      "regex `%s` would compile to about %d RE2 instructions, more than the limit of %d"
          + " (Limits.maxRegexProgramSize)";

  /** The selector, the JSON module's explanation. */
  public static final String INVALID_JSON_SELECTOR = "invalid JSON selector `%s`: %s";

  /** No argument. */
  public static final String BASE_WITHOUT_BASE_URL =
      "`{base}` needs a configured base URL (RuleSet.Compiler.baseUrl)";

  /** The base URL as given. */
  public static final String BASE_URL_INVALID =
      "base URL `%s` is not an absolute http or https URL with a host";

  /** The base URL as given. */
  public static final String BASE_URL_HAS_QUERY =
      "base URL `%s` must not have a query, a fragment or user information";

  /** Longest quotation of rule text inside a message, in characters. */
  public static final int MAX_QUOTE = 80;

  /**
   * Quotes rule text for a message: at most {@link #MAX_QUOTE} characters, then an ellipsis, so
   * that one long regex does not bury the error.
   */
  public static String quote(String text) {
    if (text.length() <= MAX_QUOTE) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(MAX_QUOTE - 1)) ? MAX_QUOTE - 1 : MAX_QUOTE;
    return text.substring(0, end) + "...";
  }

  /** Like {@link #quote} but keeps the end of the text, where the offending part is. */
  public static String quoteTail(String text) {
    if (text.length() <= MAX_QUOTE) {
      return text;
    }
    int start = text.length() - MAX_QUOTE;
    if (Character.isLowSurrogate(text.charAt(start))) {
      start++;
    }
    return "..." + text.substring(start);
  }
}
