package dev.limitto.engine.internal.json;

import dev.limitto.engine.internal.match.StringMatcher;
import java.util.Objects;

/**
 * One compiled {@code [JsonData::selector==value]} predicate. Failure reasons quote the value
 * matcher by its {@code toString()}, which should be the regex as written.
 *
 * @param selector the nodes to check
 * @param value the full-match test every selected value must pass
 */
public record JsonPredicate(JsonSelector selector, StringMatcher value) {

  /** Rejects null parts. */
  public JsonPredicate {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(value, "value");
  }
}
