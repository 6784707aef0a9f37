package dev.limitto.engine.internal.parse;

import java.util.List;

/**
 * One effective rule line as written: its method set, URL regex and predicates, with 1-based
 * columns so that later stages (regex compilation, JSON selectors) can point at their errors.
 *
 * @param number 1-based source line
 * @param source the whole source line, for {@link dev.limitto.engine.RuleIssue}
 * @param methodMask bits of {@link HttpMethods}; 0 when the line has no method set (any method)
 * @param urlRegex the URL regex as written, {@code {base}} not yet expanded
 * @param urlColumn column of the first character of the URL regex
 * @param baseOffsets 0-based offsets into {@code urlRegex} of each {@code {base}}
 * @param predicates the predicates in source order
 */
public record SyntaxLine(
    int number,
    String source,
    int methodMask,
    String urlRegex,
    int urlColumn,
    List<Integer> baseOffsets,
    List<SyntaxPredicate> predicates) {

  /** What stands for the configured base URL in a URL regex. */
  public static final String BASE = "{base}";

  public SyntaxLine {
    baseOffsets = List.copyOf(baseOffsets);
    predicates = List.copyOf(predicates);
  }

  /**
   * The URL regex with every {@code {base}} replaced by {@code literal} (a regex of the base URL):
   * the URL regex itself when it has none; null when it has one and {@code literal} is null.
   */
  public String urlRegexWith(String literal) {
    if (baseOffsets.isEmpty()) {
      return urlRegex;
    }
    if (literal == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    int from = 0;
    for (int offset : baseOffsets) {
      sb.append(urlRegex, from, offset).append(literal);
      from = offset + BASE.length();
    }
    return sb.append(urlRegex, from, urlRegex.length()).toString();
  }
}
