package dev.limitto.engine.internal.match;

import com.google.re2j.Pattern;

/**
 * Full match on RE2J for the regexes the faster tiers do not cover, behind a cheap test that
 * rejects most inputs first: an input without the regex's required literal cannot match.
 * Immutable and thread-safe.
 */
final class PrefilteredRe2jMatcher implements StringMatcher {

  private final Pattern pattern;
  private final String required; // "" when the regex has no required literal

  PrefilteredRe2jMatcher(Pattern pattern, String required) {
    this.pattern = pattern;
    this.required = required;
  }

  @Override
  public boolean matches(CharSequence input) {
    if (!required.isEmpty()) {
      String s = input instanceof String str ? str : input.toString();
      if (!s.contains(required)) {
        return false;
      }
    }
    return pattern.matcher(input).matches();
  }

  @Override
  public String toString() {
    return "Re2j[" + pattern.pattern() + (required.isEmpty() ? "" : ", needs \"" + required + "\"") + "]";
  }
}
