package dev.limitto.jira.audit;

import java.util.Objects;

/**
 * What a token's staged (report-only) rules would have decided for a request, beside the
 * decision its enforced rules made: the same, or the other way round with the staged line that
 * would have allowed it or the staged reason it would have been refused for. Never holds a
 * secret: the reason is masked like every audited field.
 *
 * @param verdict how the staged decision compares with the enforced one
 * @param line the 1-based staged line that allows the request, 0 when the staged rules refuse it
 *     (or are unrestricted)
 * @param reason why the staged rules refuse the request, or {@code null} when they allow it
 */
public record StagedOutcome(Verdict verdict, int line, String reason) {

  /** How the staged rules' decision compares with the enforced one. */
  public enum Verdict {
    /** The staged rules decide as the enforced ones did. */
    SAME,
    /** The enforced rules allowed the request; the staged rules would refuse it. */
    WOULD_REFUSE,
    /** The enforced rules refused the request; the staged rules would allow it. */
    WOULD_ALLOW;

    /** The verdict stored under this name, or {@code null} for none or an unknown name. */
    public static Verdict parse(String name) {
      if (name == null) {
        return null;
      }
      for (Verdict v : values()) {
        if (v.name().equals(name)) {
          return v;
        }
      }
      return null;
    }
  }

  public StagedOutcome {
    Objects.requireNonNull(verdict, "verdict");
    if (line < 0) {
      throw new IllegalArgumentException("line must not be negative, was " + line);
    }
  }

  /** Whether the staged rules would have decided otherwise. */
  public boolean differs() {
    return verdict != Verdict.SAME;
  }
}
