package dev.limitto.engine.internal.util;

/** The compiler-style rendering of an issue or a finding: place, severity, message, caret. */
public final class CompilerStyle {

  private CompilerStyle() {}

  /**
   * {@code FILE:LINE:COL: SEVERITY: MESSAGE}, then the source line, then a caret under the column
   * (tabs in the source line are kept in the caret line so it stays aligned).
   */
  public static String render(String fileName, int line, int column, String severity,
      String message, String sourceLine) {
    StringBuilder caret = new StringBuilder();
    for (int i = 0; i < column - 1 && i < sourceLine.length(); i++) {
      caret.append(sourceLine.charAt(i) == '\t' ? '\t' : ' ');
    }
    for (int i = sourceLine.length(); i < column - 1; i++) {
      caret.append(' ');
    }
    caret.append('^');
    return fileName + ":" + line + ":" + column + ": " + severity + ": " + message + "\n"
        + sourceLine + "\n"
        + caret;
  }
}
