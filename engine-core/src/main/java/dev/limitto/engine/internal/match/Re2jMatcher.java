package dev.limitto.engine.internal.match;

import com.google.re2j.Pattern;

/**
 * The baseline {@link StringMatcher}: a compiled RE2J pattern, used as a full match. RE2J runs a
 * Pike VM, so matching is linear in the input whatever the regex.
 */
public final class Re2jMatcher implements StringMatcher {

  private final Pattern pattern;

  Re2jMatcher(Pattern pattern) {
    this.pattern = pattern;
  }

  @Override
  public boolean matches(CharSequence input) {
    // Matcher.matches anchors at both ends; Pattern.find-style calls would accept substrings
    return pattern.matcher(input).matches();
  }

  /** The number of instructions of the compiled RE2 program. */
  public int programSize() {
    return pattern.programSize();
  }

  @Override
  public String toString() {
    return "Re2jMatcher[" + pattern.pattern() + "]";
  }
}
