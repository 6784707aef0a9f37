package dev.limitto.cli.audit;

import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.audit.StagedOutcome;

/**
 * The one-line text form of an audit entry for a person at a terminal. Every value comes from a
 * request or an admin and is shown with control characters escaped, so a label or URL cannot
 * move the cursor, clear the screen or forge another line.
 */
final class AuditText {

  private AuditText() {}

  static void append(StringBuilder sb, AuditEntry e) {
    sb.append(e.time()).append("  ");
    if (e.type() == AuditEntry.Type.ADMIN) {
      sb.append("ADMIN ").append(e.action()).append("  ");
      token(sb, e);
      sb.append("  by ");
      appendSafe(sb, e.actor());
      if (!e.changedFields().isEmpty()) {
        sb.append("  changed: ");
        appendSafe(sb, String.join(",", e.changedFields()));
      }
      if (e.ruleLines() == 0) {
        sb.append("  rules: unrestricted");
      } else if (e.ruleLines() > 0) {
        sb.append("  rules: ").append(e.ruleLines()).append(" line(s)");
      }
      return;
    }
    appendSafe(sb, e.decision());
    sb.append(' ').append(e.status()).append("  ");
    token(sb, e);
    if (e.owner() != null) {
      sb.append("  user ");
      appendSafe(sb, e.owner());
      if (e.effectiveUser() != null && !e.effectiveUser().equals(e.owner())) {
        sb.append(" as ");
        appendSafe(sb, e.effectiveUser());
      }
    }
    sb.append("  from ");
    appendSafe(sb, e.clientAddress());
    sb.append("  ");
    appendSafe(sb, e.method());
    sb.append(' ');
    appendSafe(sb, e.url());
    sb.append("  ");
    if (e.reason() != null) {
      sb.append("reason: ");
      appendSafe(sb, e.reason());
    } else if (e.matchedLine() > 0) {
      sb.append("line ").append(e.matchedLine());
    } else {
      sb.append("unrestricted");
    }
    long micros = e.durationMicros();
    sb.append("  ").append(micros / 1000).append('.').append((micros % 1000) / 100).append(" ms");
    if (e.staged() != null && e.staged().differs()) {
      sb.append("  staged: ").append(e.staged().verdict() == StagedOutcome.Verdict.WOULD_REFUSE
          ? "would refuse: " : "would allow: ");
      if (e.staged().reason() != null) {
        appendSafe(sb, e.staged().reason());
      } else {
        sb.append(e.staged().line() > 0 ? "line " + e.staged().line() : "unrestricted");
      }
    }
  }

  private static void token(StringBuilder sb, AuditEntry e) {
    if (e.tokenId() == null) {
      sb.append("(unknown token)");
      return;
    }
    appendSafe(sb, e.tokenId());
    if (e.tokenLabel() != null) {
      sb.append(" (");
      appendSafe(sb, e.tokenLabel());
      sb.append(')');
    }
  }

  /** Appends {@code s} with C0, DEL and C1 control characters as {@code \\uXXXX}. */
  static void appendSafe(StringBuilder sb, String s) {
    if (s == null) {
      sb.append('-');
      return;
    }
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
