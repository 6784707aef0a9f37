package dev.limitto.engine;

import dev.limitto.engine.internal.rules.BaseUrl;
import dev.limitto.engine.internal.rules.CompiledRules;
import dev.limitto.engine.internal.rules.RuleCompiler;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A compiled "Limit to" rule set: immutable, thread-safe, shared by every request of a token.
 *
 * <pre>{@code
 * RuleSet rules = RuleSet.compiler()
 *     .baseUrl("https://jira.example.com/jira")
 *     .compile("[post].*&#47;rest/api/2/issue/KANBAN-100/comment.*");
 * Decision d = rules.evaluate(Request.of("POST", "/jira/rest/api/2/issue/KANBAN-100/comment"));
 * }</pre>
 *
 * <p>A request is allowed when at least one line matches it; the first matching line in source
 * order is reported. A rule set with no effective lines is unrestricted. See LIMIT-TO.md.
 */
public final class RuleSet {

  private final CompiledRules rules;

  private RuleSet(CompiledRules rules) {
    this.rules = rules;
  }

  /**
   * Compiles rule text with no base URL and {@link Limits#defaults()}: canonical URLs then start
   * with the origin {@code http://localhost}, and lines that use {@code {base}} do not compile.
   * Rules meant for a host should be compiled with its base URL ({@link Compiler#baseUrl}).
   *
   * @throws RuleSyntaxException with every issue of the text, when it does not compile
   */
  public static RuleSet compile(String text) {
    return compiler().compile(text);
  }

  /** A compiler to configure (base URL, limits) before compiling. */
  public static Compiler compiler() {
    return new Compiler();
  }

  /**
   * Decides a request. Never throws for any request, however malformed: a request the engine
   * cannot read safely is denied with the reason.
   */
  public Decision evaluate(HttpRequestView request) {
    return rules.decide(Objects.requireNonNull(request, "request"));
  }

  /** For every effective line in source order, whether it matched the request and which part failed. */
  public List<LineExplanation> explain(HttpRequestView request) {
    return rules.explain(Objects.requireNonNull(request, "request"));
  }

  /** Whether the rule set has no effective lines, so that every request is allowed. */
  public boolean isUnrestricted() {
    return rules.isUnrestricted();
  }

  /** The number of effective lines (not counting blank lines and comments). */
  public int lineCount() {
    return rules.lineCount();
  }

  /** The base URL this rule set was compiled with; empty when none was configured. */
  public Optional<String> baseUrl() {
    return Optional.ofNullable(rules.baseUrl());
  }

  /** The limits this rule set was compiled with and evaluates under. */
  public Limits limits() {
    return rules.limits();
  }

  @Override
  public String toString() {
    return rules.toString();
  }

  /** Compiles rule text. Not thread-safe; cheap to create. */
  public static final class Compiler {
    private BaseUrl base = BaseUrl.UNCONFIGURED;
    private boolean baseUrlConfigured;
    private Limits limits = Limits.defaults();

    private Compiler() {}

    /**
     * The base URL of the host application ({@code https://jira.example.com/jira}): its origin
     * prefixes every canonical path, and {@code {base}} stands for it, quoted literally. Without
     * this call, lines that use {@code {base}} do not compile and the origin of canonical URLs
     * is {@code http://localhost}.
     *
     * @throws IllegalArgumentException when {@code baseUrl} is not an absolute http or https URL
     *     with a host, or has a query, a fragment or user information
     */
    public Compiler baseUrl(String baseUrl) {
      this.base = BaseUrl.shared(Objects.requireNonNull(baseUrl, "baseUrl"));
      this.baseUrlConfigured = true;
      return this;
    }

    public Compiler limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Compiles rule text.
     *
     * @throws RuleSyntaxException with every issue of the text, when it does not compile
     */
    public RuleSet compile(String text) {
      Objects.requireNonNull(text, "text");
      return new RuleSet(RuleCompiler.compile(text, base, baseUrlConfigured, limits));
    }
  }
}
