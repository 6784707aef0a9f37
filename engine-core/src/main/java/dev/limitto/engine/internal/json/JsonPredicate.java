package dev.limitto.engine.internal.json;

import dev.limitto.engine.internal.match.StringMatcher;
import java.util.Objects;

/**
 * One compiled {@code [JsonData::selector==regex]} predicate.
 *
 * @param selector the nodes to check
 * @param value the full-match test every selected value must pass
 * @param regex the value regex as written, quoted in failure reasons
 */
public record JsonPredicate(JsonSelector selector, StringMatcher value, String regex) {

  /** Rejects null parts. */
  public JsonPredicate {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(regex, "regex");
  }

  /**
   * A predicate whose failure reasons quote {@code value.toString()}; prefer the canonical
   * constructor with the regex as written, as matchers may print more than their regex.
   */
  public JsonPredicate(JsonSelector selector, StringMatcher value) {
    this(selector, value, String.valueOf(value));
  }
}
