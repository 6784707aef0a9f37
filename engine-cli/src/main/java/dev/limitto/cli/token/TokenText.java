package dev.limitto.cli.token;

import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.store.TokenControls;
import dev.limitto.jira.token.RateLimitText;
import dev.limitto.jira.token.ReadOnlyLint;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * How the token commands describe a token to a person: one wording of its rules (effective lines,
 * never text lines), expiry, allow-list and run-as permission for create, edit, list and show.
 */
final class TokenText {

  /** A token without rules. */
  static final String UNRESTRICTED = "unrestricted";
  /** A token whose stored rules do not compile under the current settings. */
  static final String RULES_BROKEN = "rules that no longer compile (the token is refused)";
  static final String RULE_LINES = "%d rule line(s)";
  static final String SECRET_NOT_STORED =
      "(not stored: secure mode; it was shown once, at creation)";

  private TokenText() {}

  /**
   * {@code unrestricted}, {@code 3 rule line(s)} or {@link #RULES_BROKEN}: the engine's effective
   * lines, so comments and blank lines never count.
   */
  static String rules(AdminSession s, StoredToken t) {
    OptionalInt lines = s.tokens.ruleLines(t);
    if (lines.isEmpty()) {
      return RULES_BROKEN;
    }
    return lines.getAsInt() == 0 ? UNRESTRICTED : String.format(RULE_LINES, lines.getAsInt());
  }

  static String owner(StoredToken t) {
    return t.isUnbound() ? "* UNBOUND (any user, Basic auth)" : t.owner();
  }

  static String expiry(Instant expiresAt) {
    return expiresAt == null ? "never" : expiresAt.toString();
  }

  static String ipAllowList(StoredToken t) {
    return t.ipAllowList().isEmpty() ? "any" : String.join(", ", t.ipAllowList());
  }

  /** {@code 5/s burst 10 (per node)} or {@code none}. */
  static String rateLimit(StoredToken t) {
    return t.controls().rateLimit() == null ? "none"
        : RateLimitText.format(t.controls().rateLimit()) + " (per node)";
  }

  /** The rotation's old secret: until when it is accepted, or {@code none}. */
  static String previous(StoredToken t) {
    TokenControls.PreviousSecret p = t.controls().previous();
    return p == null ? "none" : (p.until().isAfter(Instant.now()) ? "accepted until "
        : "refused since ") + p.until();
  }

  /** Warnings for a read-only token whose rules name or admit other methods, on stderr. */
  static void printReadOnlyWarnings(PrintWriter err, StoredToken t) {
    if (t.controls().readOnly()) {
      for (String w : ReadOnlyLint.warnings(t.restrictions())) {
        err.println("warning: " + w);
      }
    }
  }

  static String runAs(StoredToken t) {
    return t.runAsAllowed() ? "allowed (contextUser)" : "no";
  }

  /**
   * Every field of a token, one per line; the secret line only when {@code secret} is not null
   * ({@link #SECRET_NOT_STORED} when {@code secretShown} is false).
   */
  static void printFields(PrintWriter out, AdminSession s, StoredToken t, String secret,
      boolean secretLine) {
    out.println("id:         " + t.id());
    out.println("label:      " + t.label());
    out.println("owner:      " + owner(t));
    out.println("created:    " + t.createdAt() + " by " + t.createdBy());
    out.println("expires:    " + expiry(t.expiresAt()));
    out.println("revoked:    " + (t.revokedAt() == null ? "no" : t.revokedAt()));
    out.println("used:       " + t.usageCount() + " time(s), last "
        + (t.lastUsedAt() == null ? "never" : t.lastUsedAt()));
    out.println("ip allow:   " + ipAllowList(t));
    out.println("run as:     " + runAs(t));
    out.println("read-only:  " + (t.controls().readOnly() ? "yes (GET and HEAD only)" : "no"));
    out.println("rate limit: " + rateLimit(t));
    out.println("old secret: " + previous(t));
    if (secretLine) {
      out.println("token:      " + (secret == null ? SECRET_NOT_STORED : secret));
    }
    out.println("limit to:   " + rules(s, t));
    t.restrictions().lines().forEach(l -> out.println("  " + l));
  }
}
