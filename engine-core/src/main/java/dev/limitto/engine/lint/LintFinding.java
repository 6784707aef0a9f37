package dev.limitto.engine.lint;

import dev.limitto.engine.RuleIssue;
import dev.limitto.engine.RuleSet;
import dev.limitto.engine.internal.ApiAccess;
import dev.limitto.engine.internal.util.CompilerStyle;
import java.util.Objects;

/**
 * One finding of {@link RuleLinter}: an error (the rule set does not compile) or a warning (it
 * compiles but probably does not do what its author meant), with its place, so that it can be
 * shown as a compiler would show it. Made by the linter; immutable.
 */
public final class LintFinding {

  static {
    ApiAccess.install(LintFinding::new);
  }

  /** How bad a finding is. */
  public enum Severity {
    /** The rule set does not compile; it cannot be saved. */
    ERROR,
    /** The rule set compiles but a line probably does not do what was meant. */
    WARNING
  }

  /** What was found; docs/admin-guide.md explains each check with an example. */
  public enum Check {
    /** A syntax or compile error, as {@link RuleSet.Compiler#compile} reports it. */
    COMPILE_ERROR,
    /** The URL regex starts with {@code .*} or {@code .+}: any path prefix gets through. */
    LEADING_WILDCARD,
    /** The line is {@code .*} alone: it allows every request, so nothing is restricted. */
    ALLOWS_EVERYTHING,
    /** The URL regex contains a query string, which the URL regex never sees. */
    QUERY_IN_URL,
    /** A {@code JsonData} predicate on a line that only allows GET and/or HEAD. */
    JSON_ON_BODYLESS_METHOD,
    /** The line is identical to an earlier line. */
    DUPLICATE_LINE,
    /** Every request the line allows is allowed by an earlier line. */
    SHADOWED_LINE,
    /** A leading {@code [...]} that looks like a misspelt method set but is a character class. */
    MISSPELT_METHOD,
    /** The URL regex can match no canonical URL, which always starts with the origin. */
    URL_NEVER_MATCHES,
    /** Every rule line is commented out, so the rule set is empty and unrestricted. */
    ALL_LINES_COMMENTED,
    /**
     * The URL regex provably admits every path under the base URL, or under its {@code /rest/}:
     * the line lets its methods reach the whole API.
     */
    WHOLE_API,
    /**
     * A {@code QueryParam} or {@code JsonData} value regex ends in an unbounded wildcard
     * ({@code project = KANBAN.*}), so a value that only starts as meant matches too; the
     * message shows one such value, checked against the compiled regex.
     */
    UNBOUNDED_VALUE,
    /**
     * A line for POST or PUT constrains {@code fields.X} but not the {@code update} section, with
     * which Jira changes the same fields; the fix is {@code [JsonData::!/update]}.
     */
    JIRA_UPDATE_SECTION,
    /**
     * A line constrains {@code fields.project.key} but not {@code fields.project.id}, by which
     * Jira may name the project too; the fix is {@code [JsonData::!fields.project.id]}.
     */
    JIRA_PROJECT_BY_ID,
    /** A JQL value regex accepts a longer JQL ({@code ... OR project = X}); with that witness. */
    JIRA_JQL_EXTENDABLE,
    /**
     * A {@code JsonData} value regex matches {@code null}, {@code true} or {@code false} (JSON
     * literals match as their text) on a field that is a string in Jira; with the body.
     */
    JIRA_JSON_LITERAL
  }

  private final Check check;
  private final Severity severity;
  private final int line;
  private final int column;
  private final String message;
  private final String sourceLine;

  /**
   * @param check what was found
   * @param severity {@link Severity#ERROR} for {@link Check#COMPILE_ERROR}, else a warning
   * @param line 1-based line number
   * @param column 1-based column (in characters) of the offending text
   * @param message what is wrong and what to do
   * @param sourceLine the whole source line, without its line terminator
   */
  private LintFinding(Check check, Severity severity, int line, int column, String message,
      String sourceLine) {
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
    }
    this.check = Objects.requireNonNull(check, "check");
    this.severity = Objects.requireNonNull(severity, "severity");
    this.line = line;
    this.column = column;
    this.message = Objects.requireNonNull(message, "message");
    this.sourceLine = Objects.requireNonNull(sourceLine, "sourceLine");
  }

  public Check check() {
    return check;
  }

  public Severity severity() {
    return severity;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String message() {
    return message;
  }

  public String sourceLine() {
    return sourceLine;
  }

  /**
   * Renders the finding as {@code FILE:LINE:COL: error|warning: MESSAGE}, then the source line,
   * then a caret under the column, exactly as {@link RuleIssue#render(String)} does.
   */
  public String render(String fileName) {
    String word = severity == Severity.ERROR ? "error" : "warning";
    return CompilerStyle.render(fileName, line, column, word, message, sourceLine);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LintFinding f
        && f.check == check
        && f.severity == severity
        && f.line == line
        && f.column == column
        && f.message.equals(message)
        && f.sourceLine.equals(sourceLine);
  }

  @Override
  public int hashCode() {
    return Objects.hash(check, severity, line, column, message, sourceLine);
  }

  @Override
  public String toString() {
    return line + ":" + column + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": "
        + message;
  }
}
