package dev.limitto.engine.internal;

import dev.limitto.engine.Decision;
import dev.limitto.engine.LineExplanation;
import dev.limitto.engine.RuleIssue;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.engine.lint.LintFinding;
import java.util.List;

/**
 * How the implementation makes the result objects of the API, whose constructors are not public:
 * an embedder reads decisions, explanations, issues and findings, and never makes one that the
 * engine did not produce. Each API package installs its part once, when its result class is
 * initialised (the pattern of the JDK's shared secrets); a second installation is refused.
 */
public final class ApiAccess {

  /** Makes the results of {@code dev.limitto.engine}. */
  public interface Results {
    Decision allow(int line);

    Decision unrestricted();

    Decision deny(String reason);

    LineExplanation explanation(int line, boolean matched, String detail);

    RuleIssue issue(int line, int column, String message, String sourceLine);

    RuleSyntaxException syntaxError(List<RuleIssue> issues);
  }

  /** Makes the results of {@code dev.limitto.engine.lint}. */
  public interface Findings {
    LintFinding finding(LintFinding.Check check, LintFinding.Severity severity, int line,
        int column, String message, String sourceLine);
  }

  private static volatile Results results;
  private static volatile Findings findings;

  private ApiAccess() {}

  /** The maker of {@code dev.limitto.engine}'s results. */
  public static Results results() {
    Results r = results;
    if (r == null) {
      initialise(Decision.class);
      r = results;
    }
    return r;
  }

  /** The maker of lint findings. */
  public static Findings findings() {
    Findings f = findings;
    if (f == null) {
      initialise(LintFinding.class);
      f = findings;
    }
    return f;
  }

  /** Called once, from {@link Decision}'s static initialiser. */
  public static void install(Results maker) {
    install(maker, Decision.class);
    results = maker;
  }

  /** Called once, from {@link LintFinding}'s static initialiser. */
  public static void install(Findings maker) {
    install(maker, LintFinding.class);
    findings = maker;
  }

  private static void install(Object maker, Class<?> owner) {
    Class<?> caller = maker.getClass();
    if (caller.getPackage() != owner.getPackage()
        || caller.getClassLoader() != owner.getClassLoader()
        || (owner == Decision.class ? results : findings) != null) {
      throw new IllegalStateException(
          "only " + owner.getPackageName() + " installs its result maker, once");
    }
  }

  private static void initialise(Class<?> c) {
    try {
      Class.forName(c.getName(), true, c.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
