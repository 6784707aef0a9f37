package dev.limitto.engine.analysis;

import dev.limitto.engine.Limits;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.engine.internal.analysis.Differ;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changes between two rule sets: per method, the requests the new rules allow and the old
 * ones refuse, and the reverse, each shown by a concrete request that the two rule sets really
 * decide differently.
 *
 * <pre>{@code
 * RuleDiff.Report r = RuleDiff.compare(oldText, newText, "https://jira.example.com/jira");
 * if (r.result() == RuleDiff.Result.EQUIVALENT) { ... } // proven: no request is decided otherwise
 * }</pre>
 *
 * <p>The answer comes from the rule lines' automata: the product of every URL automaton with
 * the language of canonical URLs gives each kind of URL the lines can tell apart, and the
 * predicate languages decide, for each kind, whether a line of one side allows a request that
 * no line of the other side allows. {@link Result#EQUIVALENT} is a proof. A line whose regexes
 * lie outside the subset the automata decide (flags such as {@code (?i)}, word boundaries,
 * Unicode classes), {@code JsonData} selectors that can select the same value, and analyses
 * past the work bound make a method group {@link Result#UNDECIDED} unless a difference is found;
 * examples then come from a search and say so ({@link Example#foundBySearch()}). Every example
 * is checked by deciding it with both compiled rule sets before it is reported.
 */
public final class RuleDiff {

  private RuleDiff() {}

  /** How two rule sets compare, for all requests or for one group of methods. */
  public enum Result {
    /** Proven: every request is decided alike. */
    EQUIVALENT,
    /** At least one request is decided differently; examples show it. */
    DIFFERS,
    /** No difference was found, but equivalence could not be proven (see the reasons). */
    UNDECIDED
  }

  /** The two rule sets compared. */
  public enum Side {
    OLD,
    NEW
  }

  /**
   * Compares two rule texts with {@link Limits#defaults()}.
   *
   * @param baseUrl the base URL both are used with (its origin prefixes canonical URLs, and
   *     {@code {base}} stands for it)
   * @throws RuleSyntaxException when one of them does not compile ({@link
   *     RuleSyntaxException#getMessage()} does not say which: compile each first to tell)
   * @throws IllegalArgumentException when {@code baseUrl} is invalid
   */
  public static Report compare(String oldRules, String newRules, String baseUrl) {
    return compare(oldRules, newRules, baseUrl, Limits.defaults());
  }

  /** {@link #compare(String, String, String)} under the given limits. */
  public static Report compare(String oldRules, String newRules, String baseUrl, Limits limits) {
    return Differ.compare(Objects.requireNonNull(oldRules, "oldRules"),
        Objects.requireNonNull(newRules, "newRules"), Objects.requireNonNull(baseUrl, "baseUrl"),
        Objects.requireNonNull(limits, "limits"));
  }

  /**
   * The whole comparison.
   *
   * @param result {@link Result#DIFFERS} when any group differs, else {@link Result#UNDECIDED}
   *     when any group is undecided, else {@link Result#EQUIVALENT}
   * @param baseUrl the base URL the examples are written for
   * @param groups one entry per group of methods that the lines of both sides treat alike, in
   *     method order ({@code GET} first)
   */
  public record Report(Result result, String baseUrl, List<MethodGroup> groups) {
    public Report {
      groups = List.copyOf(groups);
    }
  }

  /**
   * The comparison for a group of methods.
   *
   * @param methods upper-case method names, in bit order (GET, POST, PUT, DELETE, PATCH, HEAD,
   *     OPTIONS, TRACE, CONNECT)
   * @param newAllows requests the new rules allow and the old ones refuse
   * @param oldAllows requests the old rules allow and the new ones refuse
   * @param undecided why equivalence could not be proven (empty unless {@code result} is not
   *     {@link Result#EQUIVALENT} for such a reason)
   */
  public record MethodGroup(List<String> methods, Result result, List<Example> newAllows,
      List<Example> oldAllows, List<String> undecided) {
    public MethodGroup {
      methods = List.copyOf(methods);
      newAllows = List.copyOf(newAllows);
      oldAllows = List.copyOf(oldAllows);
      undecided = List.copyOf(undecided);
    }
  }

  /**
   * One request that the two rule sets decide differently.
   *
   * @param method the request method
   * @param target the raw request-target (path and query, percent-encoded)
   * @param headers request headers the example needs ({@code Content-Type} with a body)
   * @param body the JSON body, or null
   * @param url the canonical URL the URL regexes see
   * @param allowedBy the side that allows it
   * @param line the 1-based line of that side that allows it, or 0 when that side is
   *     unrestricted
   * @param refusal the other side's reason for refusing it
   * @param foundBySearch whether it was found by searching requests rather than on the automata
   *     (for lines outside the decidable subset)
   */
  public record Example(String method, String target, Map<String, String> headers, String body,
      String url, Side allowedBy, int line, String refusal, boolean foundBySearch) {
    public Example {
      headers = Map.copyOf(headers);
    }
  }
}
