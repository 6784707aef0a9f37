package dev.limitto.engine.internal.parse;

/**
 * One {@code [Kind::name==value]} predicate as written, with 1-based columns into its line.
 *
 * @param kind which part of the request it tests
 * @param name the parameter name or JSON selector, exactly as written
 * @param nameColumn column of the first character of the name
 * @param value the value regex, exactly as written
 * @param valueColumn column of the first character of the value (just after {@code ==})
 * @param text the whole predicate as written, brackets included, for messages
 * @param absent whether this is an absence predicate {@code [JsonData::!name]}: the body must be
 *     JSON that {@code name} selects no node of; {@code name} is then the selector without the
 *     {@code !}, {@code value} is empty and {@code valueColumn} is the column of the closing
 *     {@code ]}
 */
public record SyntaxPredicate(
    Kind kind, String name, int nameColumn, String value, int valueColumn, String text,
    boolean absent) {

  /** A {@code [Kind::name==value]} predicate (not an absence predicate). */
  public SyntaxPredicate(
      Kind kind, String name, int nameColumn, String value, int valueColumn, String text) {
    this(kind, name, nameColumn, value, valueColumn, text, false);
  }

  /** The two predicate kinds. */
  public enum Kind {
    QUERY_PARAM("QueryParam"),
    JSON_DATA("JsonData");

    private final String spelling;

    Kind(String spelling) {
      this.spelling = spelling;
    }

    /** The canonical spelling, as in {@code QueryParam}. */
    public String spelling() {
      return spelling;
    }
  }
}
