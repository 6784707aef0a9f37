package dev.limitto.engine;

/**
 * The answer of {@link RuleSet#evaluate}: {@code ALLOW} with the 1-based source line of the first
 * line that matched (or no line, for an unrestricted rule set), or {@code DENY} with a reason a
 * person can act on.
 *
 * <p>Decisions are immutable. The engine may hand out shared instances (one per rule line, one
 * per rejection rule) so that a decision costs no allocation; compare with {@link #isAllowed()},
 * never with {@code ==}.
 */
public final class Decision {

  /** Whether the request may proceed. */
  public enum Outcome {
    ALLOW,
    DENY
  }

  private static final Decision UNRESTRICTED = new Decision(Outcome.ALLOW, 0, null);

  private final Outcome outcome;
  private final int line;
  private final String reason;

  private Decision(Outcome outcome, int line, String reason) {
    this.outcome = outcome;
    this.line = line;
    this.reason = reason;
  }

  /** {@code ALLOW} by the given 1-based source line. */
  public static Decision allow(int line) {
    if (line < 1) {
      throw new IllegalArgumentException("line must be 1-based, was " + line);
    }
    return new Decision(Outcome.ALLOW, line, null);
  }

  /** {@code ALLOW} because the rule set has no effective lines. */
  public static Decision allowUnrestricted() {
    return UNRESTRICTED;
  }

  /** {@code DENY} with a reason a person can act on. */
  public static Decision deny(String reason) {
    if (reason == null || reason.isEmpty()) {
      throw new IllegalArgumentException("a denial needs a reason");
    }
    return new Decision(Outcome.DENY, 0, reason);
  }

  public Outcome outcome() {
    return outcome;
  }

  public boolean isAllowed() {
    return outcome == Outcome.ALLOW;
  }

  /** The 1-based source line that allowed the request, or 0 when none (unrestricted, or denied). */
  public int line() {
    return line;
  }

  /** Why the request was denied, or {@code null} when allowed. */
  public String reason() {
    return reason;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Decision d
        && d.outcome == outcome
        && d.line == line
        && java.util.Objects.equals(d.reason, reason);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(outcome, line, reason);
  }

  @Override
  public String toString() {
    if (outcome == Outcome.DENY) {
      return "DENY (" + reason + ")";
    }
    return line == 0 ? "ALLOW (unrestricted)" : "ALLOW (line " + line + ")";
  }
}
