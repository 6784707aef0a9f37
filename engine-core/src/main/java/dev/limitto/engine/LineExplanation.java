package dev.limitto.engine;

import java.util.Objects;

/**
 * How one rule line fared against one request, for {@code check --explain} and for people
 * debugging a rule set: the 1-based source line, whether every part matched, and a detail that
 * names the part that failed (in the same words as a denial reason, without the {@code "line N: "}
 * prefix) or says that all parts matched. Made by {@link RuleSet#explain}; immutable.
 */
public final class LineExplanation {

  private final int line;
  private final boolean matched;
  private final String detail;

  LineExplanation(int line, boolean matched, String detail) {
    if (line < 1) {
      throw new IllegalArgumentException("line must be 1-based, was " + line);
    }
    this.line = line;
    this.matched = matched;
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /** The 1-based source line. */
  public int line() {
    return line;
  }

  /** Whether every part of the line matched the request. */
  public boolean matched() {
    return matched;
  }

  /** The part that failed, or that every part matched. */
  public String detail() {
    return detail;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LineExplanation e
        && e.line == line
        && e.matched == matched
        && e.detail.equals(detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(line, matched, detail);
  }

  @Override
  public String toString() {
    return "line " + line + (matched ? " matched: " : " failed: ") + detail;
  }
}
