package dev.limitto.engine.analysis;

import dev.limitto.engine.HttpRequestView;
import dev.limitto.engine.internal.analysis.Suggester;
import java.util.List;
import java.util.Objects;

/**
 * Least-privilege rules from observed traffic: the tightest "Limit to" lines that allow every
 * given request, generalising only where the requests show a family.
 *
 * <ul>
 *   <li>a path segment that is an issue key ({@code KAN-12}) is written {@code KAN-[0-9]+} when
 *       the requests use at least two keys of that project there, else literally;
 *   <li>a numeric path segment is written {@code [0-9]+} when at least two numbers occur there;
 *   <li>a query parameter present in every request of a line gets a {@code QueryParam}
 *       predicate: its issue keys or numbers generalised as above, else an alternation of the
 *       values seen (up to {@link #MAX_ALTERNATION}), else the longest common start followed by
 *       {@code .*} (the one place where a suggestion is wider than a family);
 *   <li>requests that differ in method, in the shape of their path or in the names of their
 *       query parameters get separate lines; lines that differ only in method are joined.
 * </ul>
 *
 * <p>The result is replayed: {@link Suggestion#refusedOnReplay()} counts requests the suggested
 * rules refuse (0 unless a request cannot be allowed by any rule, such as a path the engine
 * rejects outright).
 */
public final class RuleSuggester {

  /** Most distinct values of a query parameter written as an alternation. */
  public static final int MAX_ALTERNATION = 32;

  private RuleSuggester() {}

  /**
   * Suggests rules for the given requests.
   *
   * @param requests the requests to allow (their bodies are not read)
   * @param baseUrl the base URL the rules are used with: paths under its path are written
   *     {@code {base}/...}
   * @param queryValues whether the requests' query values are real (false for audited URLs,
   *     whose values are masked: then no {@code QueryParam} predicate is written)
   * @throws IllegalArgumentException when {@code baseUrl} is invalid
   */
  public static Suggestion suggest(List<? extends HttpRequestView> requests, String baseUrl,
      boolean queryValues) {
    return Suggester.suggest(List.copyOf(requests), Objects.requireNonNull(baseUrl, "baseUrl"),
        queryValues, true);
  }

  /**
   * The rules that allow exactly the combinations of path and values seen, without
   * generalising: the yardstick a suggestion is compared with to show what it allows beyond
   * the traffic.
   */
  public static Suggestion literal(List<? extends HttpRequestView> requests, String baseUrl,
      boolean queryValues) {
    return Suggester.suggest(List.copyOf(requests), Objects.requireNonNull(baseUrl, "baseUrl"),
        queryValues, false);
  }

  /**
   * A suggested rule set.
   *
   * @param rules the rule text, one line per line, ending in a line break (empty when no
   *     request was given)
   * @param requests how many requests it was made from
   * @param refusedOnReplay how many of them the suggested rules refuse
   * @param refusedExamples up to five of those, as {@code METHOD target}
   */
  public record Suggestion(String rules, int requests, int refusedOnReplay,
      List<String> refusedExamples) {
    public Suggestion {
      refusedExamples = List.copyOf(refusedExamples);
    }
  }
}
