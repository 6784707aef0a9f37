package dev.limitto.engine.internal.json;

import dev.limitto.engine.internal.match.StringMatcher;
import java.util.Objects;

/**
 * One compiled {@code [JsonData::selector==regex]} predicate. Immutable and thread-safe.
 *
 * <p>Its failure reasons for decisions name only the selector and the regex (never a body
 * value), so they are made once here: a denial does not format them again.
 */
public final class JsonPredicate {

  private final JsonSelector selector;
  private final StringMatcher value;
  private final String regex;
  /** An absence predicate {@code [JsonData::!selector]}: no node may be selected. */
  private final boolean absent;

  // the decision reasons of JsonBodyCheck, with this predicate's selector and regex
  final String noNode;
  final String valueMismatch;
  final String elementMismatch;
  final String objectSelected;
  final String objectInArray;
  final String emptyArray;
  final String emptyArrayInArray;
  final String present;

  /**
   * A predicate.
   *
   * @param selector the nodes to check
   * @param value the full-match test every selected value must pass
   * @param regex the value regex as written, quoted in failure reasons
   */
  public JsonPredicate(JsonSelector selector, StringMatcher value, String regex) {
    this(selector, value, regex, false);
  }

  private JsonPredicate(JsonSelector selector, StringMatcher value, String regex,
      boolean absent) {
    this.selector = Objects.requireNonNull(selector, "selector");
    this.value = Objects.requireNonNull(value, "value");
    this.regex = Objects.requireNonNull(regex, "regex");
    this.absent = absent;
    String s = Excerpt.plain(selector.toString());
    String r = Excerpt.plain(regex);
    this.noNode = String.format(JsonBodyCheck.NO_NODE, s);
    this.valueMismatch = String.format(JsonBodyCheck.VALUE_MISMATCH, s, r);
    this.elementMismatch = String.format(JsonBodyCheck.ELEMENT_MISMATCH, s, r);
    this.objectSelected = String.format(JsonBodyCheck.OBJECT_SELECTED, s);
    this.objectInArray = String.format(JsonBodyCheck.OBJECT_IN_ARRAY, s);
    this.emptyArray = String.format(JsonBodyCheck.EMPTY_ARRAY, s);
    this.emptyArrayInArray = String.format(JsonBodyCheck.EMPTY_ARRAY_IN_ARRAY, s);
    this.present = String.format(JsonBodyCheck.NODE_PRESENT, s);
  }

  /**
   * The absence predicate {@code [JsonData::!selector]}: it holds when the body is JSON the
   * engine may read (every rule of LIMIT-TO.md §5 about headers, encoding and limits applies) and
   * {@code selector} selects no node of it, whatever the node's value.
   */
  public static JsonPredicate absent(JsonSelector selector) {
    return new JsonPredicate(selector, NO_VALUE, "", true);
  }

  /** Never asked: an absence predicate fails on the first node selected, whatever its value. */
  private static final StringMatcher NO_VALUE = input -> false;

  /** Whether this is an absence predicate: it fails when a node is selected, holds when none is. */
  public boolean absent() {
    return absent;
  }

  /**
   * A predicate whose failure reasons quote {@code value.toString()}; prefer the canonical
   * constructor with the regex as written, as matchers may print more than their regex.
   */
  public JsonPredicate(JsonSelector selector, StringMatcher value) {
    this(selector, value, String.valueOf(value));
  }

  /** The nodes to check. */
  public JsonSelector selector() {
    return selector;
  }

  /** The full-match test every selected value must pass. */
  public StringMatcher value() {
    return value;
  }

  /** The value regex as written. */
  public String regex() {
    return regex;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonPredicate p
        && p.absent == absent
        && p.selector.equals(selector) && p.value.equals(value) && p.regex.equals(regex);
  }

  @Override
  public int hashCode() {
    return Objects.hash(selector, value, regex, absent);
  }

  @Override
  public String toString() {
    return absent ? "JsonPredicate[!" + selector + "]"
        : "JsonPredicate[" + selector + "==" + regex + "]";
  }
}
