package dev.limitto.engine;

import dev.limitto.engine.internal.util.CompilerStyle;
import java.util.Objects;

/**
 * One error found in rule text: where it is (1-based line and column), what is wrong, and the
 * source line it is on, so that it can be shown as a compiler would show it. Made by the compiler
 * (see {@link RuleSyntaxException#issues()}); immutable.
 */
public final class RuleIssue {

  private final int line;
  private final int column;
  private final String message;
  private final String sourceLine;

  /**
   * @param line 1-based line number
   * @param column 1-based column (in characters) of the offending text
   * @param message what is wrong, naming the offending text or the limit
   * @param sourceLine the whole source line, without its line terminator
   */
  RuleIssue(int line, int column, String message, String sourceLine) {
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
    }
    this.line = line;
    this.column = column;
    this.message = Objects.requireNonNull(message, "message");
    this.sourceLine = Objects.requireNonNull(sourceLine, "sourceLine");
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
   * Renders the issue as {@code FILE:LINE:COL: error: MESSAGE}, then the source line, then a caret
   * under the column (tabs in the source line are kept in the caret line so it stays aligned).
   */
  public String render(String fileName) {
    return CompilerStyle.render(fileName, line, column, "error", message, sourceLine);
  }


  @Override
  public boolean equals(Object o) {
    return o instanceof RuleIssue i
        && i.line == line
        && i.column == column
        && i.message.equals(message)
        && i.sourceLine.equals(sourceLine);
  }

  @Override
  public int hashCode() {
    return Objects.hash(line, column, message, sourceLine);
  }

  @Override
  public String toString() {
    return line + ":" + column + ": " + message;
  }
}
