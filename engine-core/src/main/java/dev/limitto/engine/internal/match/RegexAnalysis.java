package dev.limitto.engine.internal.match;

import dev.limitto.engine.internal.match.RegexNode.Assert;
import dev.limitto.engine.internal.match.RegexNode.CharSet;
import dev.limitto.engine.internal.match.RegexNode.Concat;
import dev.limitto.engine.internal.match.RegexNode.Repeat;
import java.util.ArrayList;
import java.util.List;

/** Facts about a parsed regex that pick its tier and feed the prefilter and the rule-set index. */
final class RegexAnalysis {

  private RegexAnalysis() {}

  /**
   * The literals of a {@code LIT}, {@code LIT.*}, {@code .*LIT}, {@code .*LIT.*}, {@code A.*B.*C}
   * ... shape (see {@link LiteralShapeMatcher}), or {@code null} when the regex has another shape
   * or a literal that holds a {@code \n}. A leading {@code ^} and a trailing {@code $} change
   * nothing under full-match semantics and are ignored.
   */
  static Shape literalShape(RegexNode node) {
    List<RegexNode> items = new ArrayList<>(node instanceof Concat c ? c.items() : List.of(node));
    while (!items.isEmpty() && items.get(0) instanceof Assert a && a.begin()) {
      items.remove(0);
    }
    while (!items.isEmpty() && items.get(items.size() - 1) instanceof Assert a && !a.begin()) {
      items.remove(items.size() - 1);
    }
    List<String> parts = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    boolean wildcard = false;
    boolean lastWasStar = false;
    for (RegexNode item : items) {
      if (item instanceof CharSet cs && cs.isSingle() && cs.single() != '\n') {
        run.append(cs.single());
        lastWasStar = false;
      } else if (isDotStar(item)) {
        if (!lastWasStar) {
          parts.add(run.toString());
          run.setLength(0);
        }
        wildcard = true;
        lastWasStar = true;
      } else if (!(item instanceof RegexNode.Empty)) {
        return null;
      }
    }
    parts.add(run.toString());
    return new Shape(List.copyOf(parts), wildcard);
  }

  /** Literal parts and whether {@code .*} joins them. */
  record Shape(List<String> parts, boolean wildcard) {}

  private static boolean isDotStar(RegexNode n) {
    return n instanceof Repeat r
        && r.min() == 0
        && r.max() < 0
        && r.body() instanceof CharSet cs
        && cs.isDot();
  }

  /**
   * The longest literal that every input matching the regex contains (case-sensitive, ASCII),
   * or {@code ""} when none is known.
   */
  static String requiredLiteral(RegexNode node) {
    if (node instanceof CharSet cs) {
      return cs.isSingle() ? String.valueOf(cs.single()) : "";
    }
    if (node instanceof Repeat r) {
      return r.min() >= 1 ? requiredLiteral(r.body()) : "";
    }
    if (node instanceof Concat c) {
      String best = "";
      StringBuilder run = new StringBuilder();
      for (RegexNode item : c.items()) {
        if (item instanceof CharSet cs && cs.isSingle()) {
          run.append(cs.single());
          continue;
        }
        if (item instanceof Assert) {
          continue; // zero-width: the literal run goes on
        }
        if (run.length() > best.length()) {
          best = run.toString();
        }
        run.setLength(0);
        String inner = requiredLiteral(item);
        if (inner.length() > best.length()) {
          best = inner;
        }
      }
      return run.length() > best.length() ? run.toString() : best;
    }
    return ""; // alternation, empty, assertion
  }
}
