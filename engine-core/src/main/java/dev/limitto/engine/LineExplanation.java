package dev.limitto.engine;

import java.util.Objects;

/**
 * How one rule line fared against one request, for {@code check --explain} and for people
 * debugging a rule set: the 1-based source line, whether every part matched, and a detail that
 * names the part that failed (in the same words as a denial reason, without the {@code "line N: "}
 * prefix) or says that all parts matched.
 */
public record LineExplanation(int line, boolean matched, String detail) {

  public LineExplanation {
    if (line < 1) {
      throw new IllegalArgumentException("line must be 1-based, was " + line);
    }
    Objects.requireNonNull(detail, "detail");
  }
}
