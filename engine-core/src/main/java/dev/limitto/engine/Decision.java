package dev.limitto.engine;

import dev.limitto.engine.internal.ApiAccess;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The answer of {@link RuleSet#evaluate}, in one of three kinds:
 *
 * <ul>
 *   <li><b>allowed by a line</b>: {@link #isAllowed()}, and {@link #line()} holds the 1-based
 *       source line of the first line that matched;
 *   <li><b>allowed because the rule set is unrestricted</b> (it has no effective lines):
 *       {@link #isAllowed()} and {@link #isUnrestricted()}, and {@link #line()} is empty;
 *   <li><b>denied</b>: not {@link #isAllowed()}, {@link #line()} is empty, and {@link #reason()}
 *       says why in words a person can act on.
 * </ul>
 *
 * <p>Only the engine makes decisions. They are immutable, and the engine hands out shared
 * instances (one per rule line, one per rejection rule) so that a decision costs no allocation;
 * compare with {@link #isAllowed()}, never with {@code ==}.
 */
public final class Decision {

  /** Whether the request may proceed. */
  public enum Outcome {
    ALLOW,
    DENY
  }

  static {
    ApiAccess.install(new Results());
  }

  private static final Decision UNRESTRICTED = new Decision(Outcome.ALLOW, 0, null);

  private final Outcome outcome;
  private final OptionalInt line;
  private final String reason;

  private Decision(Outcome outcome, int line, String reason) {
    this.outcome = outcome;
    this.line = line == 0 ? OptionalInt.empty() : OptionalInt.of(line);
    this.reason = reason;
  }

  public Outcome outcome() {
    return outcome;
  }

  public boolean isAllowed() {
    return outcome == Outcome.ALLOW;
  }

  /** Whether the request was allowed because the rule set has no effective lines. */
  public boolean isUnrestricted() {
    return outcome == Outcome.ALLOW && line.isEmpty();
  }

  /**
   * The 1-based source line that allowed the request; empty when it was denied, or allowed
   * because the rule set is unrestricted ({@link #isUnrestricted()} tells which).
   */
  public OptionalInt line() {
    return line;
  }

  /** Why the request was denied, or {@code null} when it was allowed. */
  public String reason() {
    return reason;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Decision d
        && d.outcome == outcome
        && d.line.equals(line)
        && Objects.equals(d.reason, reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(outcome, line, reason);
  }

  @Override
  public String toString() {
    if (outcome == Outcome.DENY) {
      return "DENY (" + reason + ")";
    }
    return line.isEmpty() ? "ALLOW (unrestricted)" : "ALLOW (line " + line.getAsInt() + ")";
  }

  /** The engine's maker of this package's results. */
  private static final class Results implements ApiAccess.Results {

    @Override
    public Decision allow(int line) {
      if (line < 1) {
        throw new IllegalArgumentException("line must be 1-based, was " + line);
      }
      return new Decision(Outcome.ALLOW, line, null);
    }

    @Override
    public Decision unrestricted() {
      return UNRESTRICTED;
    }

    @Override
    public Decision deny(String reason) {
      if (reason == null || reason.isEmpty()) {
        throw new IllegalArgumentException("a denial needs a reason");
      }
      return new Decision(Outcome.DENY, 0, reason);
    }

    @Override
    public LineExplanation explanation(int line, boolean matched, String detail) {
      return new LineExplanation(line, matched, detail);
    }

    @Override
    public RuleIssue issue(int line, int column, String message, String sourceLine) {
      return new RuleIssue(line, column, message, sourceLine);
    }

    @Override
    public RuleSyntaxException syntaxError(List<RuleIssue> issues) {
      return new RuleSyntaxException(issues);
    }
  }
}
