package dev.limitto.engine.internal.match;

import dev.limitto.engine.internal.target.RequestTarget;

/**
 * A compiled, immutable, thread-safe full-match test of one regex of a rule set (URL regex or
 * predicate value). Implementations run in time linear in the input, whatever the regex.
 */
public interface StringMatcher {

  /** Whether the whole of {@code input} matches (as {@code String.matches}, RE2 syntax). */
  boolean matches(CharSequence input);

  /**
   * Whether the decoded form of the query-string component {@code s[from, to)} matches: {@code
   * +} is a space and {@code %XX} a byte of UTF-8. The component must be well formed (as a
   * query string that {@code RequestTarget} accepted). This default decodes into a new string;
   * the DFA tier decodes as it scans, allocating nothing.
   */
  default boolean matchesQueryComponent(String s, int from, int to) {
    return matches(RequestTarget.decodeQueryComponent(s, from, to));
  }
}
