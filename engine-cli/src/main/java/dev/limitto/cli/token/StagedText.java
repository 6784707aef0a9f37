package dev.limitto.cli.token;

import dev.limitto.engine.RuleSet;
import dev.limitto.jira.audit.StagedSummary;
import dev.limitto.jira.store.StagedRules;
import java.io.PrintWriter;
import java.util.List;

/** How the staging commands describe staged rules and their summary to a person. */
final class StagedText {

  /** Staged rules that do not compile under the current settings. */
  static final String STAGED_BROKEN = "rules that no longer compile (they are not evaluated)";

  private StagedText() {}

  /** {@code 2 rule line(s)}: the engine's effective lines under the current settings. */
  static String lines(AdminSession s, StagedRules r) {
    try {
      int n = RuleSet.compiler().baseUrl(s.settings.baseUrl()).limits(s.settings.limits())
          .compile(r.restrictions()).lineCount();
      return String.format(TokenText.RULE_LINES, n);
    } catch (RuntimeException e) {
      return STAGED_BROKEN;
    }
  }

  /** The counts and the examples of a summary, as {@code token staged} prints them. */
  static void printSummary(PrintWriter out, StagedSummary m) {
    out.println("Since then: " + m.requests() + " request(s), " + m.checked()
        + " checked against the staged rules; they would change " + m.changed() + ":");
    out.println("  would refuse " + m.wouldRefuse() + " request(s) that were allowed");
    examples(out, m.wouldRefuseExamples());
    out.println("  would allow " + m.wouldAllow() + " request(s) that were refused");
    examples(out, m.wouldAllowExamples());
  }

  private static void examples(PrintWriter out, List<StagedSummary.Example> examples) {
    for (StagedSummary.Example e : examples) {
      StringBuilder sb = new StringBuilder("    ").append(e.count()).append("x ");
      safe(sb, e.method());
      sb.append(' ');
      safe(sb, e.url());
      sb.append("\n      now: ");
      safe(sb, e.enforced());
      sb.append("\n      staged: ");
      safe(sb, e.staged());
      sb.append("\n      last: ").append(e.last());
      out.println(sb);
    }
  }

  /** Appends audited text with control characters escaped, as the audit command shows it. */
  private static void safe(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
  }
}
