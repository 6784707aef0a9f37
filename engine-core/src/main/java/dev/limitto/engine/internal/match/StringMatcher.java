package dev.limitto.engine.internal.match;

/**
 * A compiled, immutable, thread-safe full-match test of one regex of a rule set (URL regex or
 * predicate value). Implementations run in time linear in the input, whatever the regex.
 */
public interface StringMatcher {

  /** Whether the whole of {@code input} matches (as {@code String.matches}, RE2 syntax). */
  boolean matches(CharSequence input);
}
