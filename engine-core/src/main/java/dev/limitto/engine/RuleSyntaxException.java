package dev.limitto.engine;

import java.util.List;

/**
 * Thrown when rule text does not compile. Carries every issue of the rule set, in source order,
 * not just the first.
 */
public final class RuleSyntaxException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<RuleIssue> issues;

  RuleSyntaxException(List<RuleIssue> issues) {
    super(summary(issues));
    this.issues = List.copyOf(issues);
  }

  /** Every issue, in source order; never empty. */
  public List<RuleIssue> issues() {
    return issues;
  }

  /** Every issue rendered as {@link RuleIssue#render(String)}, separated by new lines. */
  public String render(String fileName) {
    StringBuilder sb = new StringBuilder();
    for (RuleIssue i : issues) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(i.render(fileName));
    }
    return sb.toString();
  }

  private static String summary(List<RuleIssue> issues) {
    if (issues.isEmpty()) {
      throw new IllegalArgumentException("a syntax exception needs at least one issue");
    }
    RuleIssue first = issues.get(0);
    String more = issues.size() == 1 ? "" : " (and " + (issues.size() - 1) + " more)";
    return "line " + first.line() + ":" + first.column() + ": " + first.message() + more;
  }
}
