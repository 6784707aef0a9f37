package dev.limitto.engine.internal.parse;

import dev.limitto.engine.RuleIssue;
import java.util.List;

/**
 * What the parser found: the effective lines that parsed, and every syntax issue. Lines with an
 * issue are left out of {@code lines}; a rule set with any issue does not compile.
 *
 * @param lines effective lines without syntax errors, in source order
 * @param issues syntax issues in source order
 * @param commentedLines comment lines with text after {@code #}: lets {@code lint} tell a rule
 *     set emptied by commenting out from one that was always empty
 */
public record ParseResult(List<SyntaxLine> lines, List<RuleIssue> issues, int commentedLines) {

  public ParseResult {
    lines = List.copyOf(lines);
    issues = List.copyOf(issues);
  }
}
