package dev.limitto.engine.internal.lint;

/**
 * Every warning text of {@code lint}, as format strings; tests assert them exactly. Each says what
 * the line does as written and what to write instead.
 */
public final class LintMessages {

  private LintMessages() {}

  /** The wildcard as written ({@code .*} or {@code .+}). */
  public static final String LEADING_WILDCARD =
      "URL regex starts with `%s`, which lets any path prefix through"
          + " (`/any/other/path/rest/...` matches too);"
          + " start it with `{base}` so that only URLs under the base URL match";

  /** No argument. */
  public static final String ALLOWS_EVERYTHING =
      "this line allows every request, so the rule set restricts nothing";

  /** The query part as written, the parameter name (or {@code NAME}). */
  public static final String QUERY_IN_URL =
      "URL regex contains a query string `%s`, but URL regexes are matched against the path only,"
          + " never the query string; test parameters with `[QueryParam::%s==REGEX]`";

  /** The method set of the line. */
  public static final String JSON_ON_BODYLESS_METHOD =
      "`JsonData` on a line that only allows %s: such requests carry no JSON body,"
          + " so this line denies them all";

  /** The earlier line. */
  public static final String DUPLICATE_LINE =
      "this line is identical to line %d, so it is never used";

  /** The earlier line. */
  public static final String SHADOWED_LINE =
      "every request this line allows is already allowed by line %d, so this line is never used";

  /** The bracket text as written, the word that is not a method, the suggested method set. */
  public static final String MISSPELT_METHOD =
      "`%s` is a character class, not a method set: `%s` is not a method (did you mean `%s`?);"
          + " as written the line admits every method";

  /** What every canonical URL starts with. */
  public static final String URL_NEVER_MATCHES =
      "URL regex can never match: the URL it is matched against always starts with %s;"
          + " start the regex with `{base}`";

  /** Used in {@link #URL_NEVER_MATCHES} when the base URL is known: the origin. */
  public static final String ORIGIN = "the origin `%s/`";

  /** Used in {@link #URL_NEVER_MATCHES} when the base URL is not known. */
  public static final String ANY_ORIGIN = "`http://` or `https://`, a host and `/`";

  /** No argument. */
  public static final String ALL_LINES_COMMENTED =
      "every rule line is commented out: an empty rule set is unrestricted,"
          + " so the token may do anything";

  /**
   * What the URL regex admits ({@link #WHOLE_API_SCOPE} or {@link #WHOLE_REST_SCOPE}), the method
   * set of the line ({@code [GET, POST]}, or {@link #EVERY_METHOD}).
   */
  public static final String WHOLE_API =
      "this line admits every path under %s for %s; name the endpoints it is for";

  /** Used in {@link #WHOLE_API}: every path under the base URL. */
  public static final String WHOLE_API_SCOPE = "`{base}/` (the whole API)";

  /** Used in {@link #WHOLE_API}: every path under {@code /rest/}. */
  public static final String WHOLE_REST_SCOPE = "`{base}/rest/` (every REST API)";

  /** Used in {@link #WHOLE_API} for a line without a method set. */
  public static final String EVERY_METHOD = "every method";

  /**
   * The predicate ({@code QueryParam::jql}), the unbounded repeat as written, a string of what
   * comes before it, the witness the value regex accepts, then {@link #TIGHT_FORM} or
   * {@link #SPELL_OUT}.
   */
  public static final String UNBOUNDED_VALUE =
      "`%s` value regex ends in the unbounded `%s`, so more may follow `%s`:"
          + " `%s` matches too; %s";

  /** Used in {@link #UNBOUNDED_VALUE}: the value regex without the wildcard (or tightened). */
  public static final String TIGHT_FORM = "write the tight form `%s`";

  /** Used in {@link #UNBOUNDED_VALUE} when no tight form can be given: the text before it. */
  public static final String SPELL_OUT = "spell out what may follow `%s`";

  /** The fields predicate's selector, a body that passes the line with an update, the field. */
  public static final String JIRA_UPDATE_SECTION =
      "`%s` constrains `fields`, but Jira applies the `update` section to the same fields:"
          + " `%s` passes this line and Jira sets `%s` from `update`;"
          + " add `[JsonData::!/update]` so that a body with an `update` section is refused";

  /** The key predicate's selector, a body that passes the line and names a project by id. */
  public static final String JIRA_PROJECT_BY_ID =
      "`%s` constrains the project's key, but Jira also reads `fields.project.id`:"
          + " `%s` passes this line and may name another project;"
          + " add `[JsonData::!fields.project.id]` so that the project is named only by its key";

  /** The predicate ({@code QueryParam::jql}), a longer JQL the value regex accepts. */
  public static final String JIRA_JQL_EXTENDABLE =
      "`%s` value regex accepts a longer JQL that widens the search: `%s` matches;"
          + " end the regex where the query must end: no `.*` and no free `AND ...` tail"
          + " (a tail of one word, such as `( AND status = [A-Za-z]+)?`, cannot hold an OR)";

  /** The predicate, the JSON literal, the Jira field, a body that shows it. */
  public static final String JIRA_JSON_LITERAL =
      "`%s` value regex also matches the JSON literal `%s`, which JsonData matches as its text,"
          + " where Jira's `%s` is a string: `%s` passes; write a regex that cannot spell"
          + " `null`, `true` or `false` (an array of matching strings passes as well)";
}
