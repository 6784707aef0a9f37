package dev.limitto.engine.lint;

import dev.limitto.engine.Limits;
import dev.limitto.engine.internal.lint.Linter;
import java.util.List;
import java.util.Objects;

/**
 * Reviews rule text before it is saved: every compile error, plus warnings about lines that
 * compile but probably do not do what their author meant (a leading {@code .*}, a line that
 * admits the whole API, a value regex ending in {@code .*}, a query string in a URL regex, a line
 * shadowed by an earlier one, a misspelt method set, ...). The checks are listed in {@link
 * LintFinding.Check} and explained in docs/admin-guide.md.
 *
 * <p>Warnings never claim more than is proven: a line is reported as shadowed only when every
 * request it allows is provably allowed by an earlier line.
 */
public final class RuleLinter {

  private RuleLinter() {}

  /**
   * Lints rule text with {@link Limits#defaults()}.
   *
   * @param text the rule text
   * @param baseUrl the base URL the rules will be used with, or {@code null} when it is not
   *     known: {@code {base}} then stands for whatever base URL is configured where the rules are
   *     used (it is not an error), and checks that depend on the origin only assume an http or
   *     https URL
   * @return every finding, in source order (line, then column); empty when the text is clean
   * @throws IllegalArgumentException when {@code baseUrl} is not an absolute http or https URL
   *     with a host, or has a query, a fragment or user information
   */
  public static List<LintFinding> lint(String text, String baseUrl) {
    return Linter.lint(Objects.requireNonNull(text, "text"), baseUrl, Limits.defaults());
  }
}
