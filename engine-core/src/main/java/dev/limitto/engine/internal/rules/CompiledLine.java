package dev.limitto.engine.internal.rules;

import dev.limitto.engine.Decision;
import dev.limitto.engine.internal.ApiAccess;
import dev.limitto.engine.internal.json.JsonPredicate;
import dev.limitto.engine.internal.match.LineIndex;
import dev.limitto.engine.internal.match.StringMatcher;
import dev.limitto.engine.internal.match.TieredMatchers;
import dev.limitto.engine.internal.match.UrlMatcher;
import dev.limitto.engine.internal.parse.HttpMethods;
import dev.limitto.engine.internal.target.RequestTarget;
import java.util.List;

/**
 * One compiled rule line: method mask, URL matcher, query predicates and JSON predicates. Immutable.
 *
 * <p>Evaluation checks the method first (a bit test), then the URL, the query predicates and
 * last the JSON predicates. A denial explains the closest line ({@link #closenessOfQuery}).
 */
final class CompiledLine {

  private static final ApiAccess.Results RESULTS = ApiAccess.results();

  /** A compiled {@code QueryParam} predicate. */
  record QueryCheck(String name, StringMatcher value, String valueSource) {}

  /** A compiled {@code JsonData} predicate with its text for reasons. */
  record JsonCheck(String selectorSource, JsonPredicate predicate) {}

  final int number;
  final int methodMask; // 0: any method
  final UrlMatcher url;
  final String urlSource;
  final QueryCheck[] query;
  final JsonCheck[] json;
  final Decision allow; // shared: allowing costs no allocation
  // For the index: a literal that the decoded query string of every request this line matches
  // contains ("" when none is known), taken from predicate queryLiteralPredicate (-1: none).
  final String queryLiteral;
  final int queryLiteralPredicate;
  // Denials that quote only rule text, made once: a denial on them costs no allocation. The
  // detail of each (what explain shows) is its reason without the "line N: " prefix.
  final Decision urlDenial;
  private final Decision[] queryDenials; // per predicate: [2i] missing, [2i + 1] value mismatch
  // "method X not in [...]" denials by method index, made on first use: a denial for a known
  // method costs no allocation afterwards. Racy but safe: a Decision is immutable with final
  // fields, so a thread sees either null or a complete instance.
  private final Decision[] methodDenials = new Decision[9];

  CompiledLine(int number, int methodMask, UrlMatcher url, String urlSource,
      List<QueryCheck> query, List<JsonCheck> json) {
    this.number = number;
    this.methodMask = methodMask;
    this.url = url;
    this.urlSource = urlSource;
    this.query = query.toArray(new QueryCheck[0]);
    this.json = json.toArray(new JsonCheck[0]);
    this.allow = RESULTS.allow(number);
    String literal = "";
    int from = -1;
    for (int i = 0; i < this.query.length; i++) {
      // the decoded name is in every matching query; so is a literal every value contains
      QueryCheck q = this.query[i];
      String value = TieredMatchers.requiredLiteral(q.valueSource());
      String best = value.length() > q.name().length() ? value : q.name();
      if (best.length() > literal.length()) {
        literal = best;
        from = i;
      }
    }
    this.queryLiteral = literal;
    this.queryLiteralPredicate = from;
    this.urlDenial = RESULTS.deny(
        Reasons.line(number, Reasons.URL_NO_MATCH.replace("%s", Reasons.echo(urlSource))));
    this.queryDenials = new Decision[2 * this.query.length];
    for (int i = 0; i < this.query.length; i++) {
      QueryCheck q = this.query[i];
      String name = Reasons.echo(q.name());
      queryDenials[2 * i] =
          RESULTS.deny(Reasons.line(number, Reasons.QUERY_MISSING.replace("%s", name)));
      queryDenials[2 * i + 1] = RESULTS.deny(Reasons.line(number, String.format(
          Reasons.QUERY_NO_MATCH, name, Reasons.echo(q.valueSource()))));
    }
  }

  /** The detail of one of this line's shared denials: its reason without "line N: ". */
  private String detail(Decision denial) {
    return denial.reason().substring(Reasons.line(number, "").length());
  }

  /** Whether method, URL and every query predicate pass: all but the JSON predicates. */
  boolean matchesBeforeJson(int methodBit, String canonicalUrl, RequestTarget target) {
    if (methodMask != 0 && (methodMask & methodBit) == 0) {
      return false; // the cheap test first
    }
    return url.matches(canonicalUrl) && failingQuery(target) < 0;
  }

  /**
   * The query predicates on the raw query string of an accepted target ({@link
   * RequestTarget#canonicalTarget}), allocating nothing where the value matchers decode as they
   * scan; names that need decoding are compared decoded, without a copy.
   *
   * @param query the raw query string, {@code null} or empty when there is none
   * @return -1 when every predicate passes, else for the first failing predicate {@code i}:
   *     {@code 2 * i} when its parameter is missing, {@code 2 * i + 1} when a value does not match
   */
  int firstFailingQuery(String query) {
    for (int i = 0; i < this.query.length; i++) {
      int outcome = plainQueryOutcome(this.query[i], query);
      if (outcome >= 0) {
        return 2 * i + outcome;
      }
    }
    return -1;
  }

  /** -1: present and every value matches; 0: missing; 1: a value does not match. */
  private static int plainQueryOutcome(QueryCheck q, String query) {
    if (query == null) {
      return 0;
    }
    String name = q.name();
    boolean found = false;
    int n = query.length();
    int start = 0;
    while (start < n) {
      // one pass per parameter: its end and its first '=' (-1: none)
      int end = start;
      int eq = -1;
      for (char c; end < n && (c = query.charAt(end)) != '&'; end++) {
        if (c == '=' && eq < 0) {
          eq = end;
        }
      }
      int nameEnd = eq < 0 ? end : eq;
      // an empty parameter ("a=1&&b=2") is no parameter, as for RequestTarget
      if (end > start && RequestTarget.queryNameEquals(query, start, nameEnd, name)) {
        found = true;
        boolean ok = eq < 0 ? q.value().matches("") : q.value().matchesQueryComponent(query, eq + 1, end);
        if (!ok) {
          return 1;
        }
      }
      start = end + 1;
    }
    return found ? -1 : 0;
  }

  /** The shared denial for a {@link #firstFailingQuery} result other than -1. */
  Decision queryDenial(int failing) {
    return queryDenials[failing];
  }

  /**
   * The closeness of a line whose method and URL pass, given the index of its first failing
   * query predicate ({@link #firstFailingQuery}). Closeness: 0 neither URL nor method, 1 method
   * only, 2 URL only, 3 + the number of query predicates passed before the first failure when
   * URL and method pass (+ the JSON predicates passed, when every query predicate did). A URL
   * that matches says more about what the admin meant than a method that does (a line without a
   * method set admits every method). Lines that score 1 are ranked further by how far the path
   * got into their URL regex ({@link ClosestLine}).
   */
  static int closenessOfQuery(int failing, int queryCount) {
    return 3 + (failing < 0 ? queryCount : failing >> 1);
  }

  /**
   * The denial of this line when its URL matched and the method of index {@code methodIndex}
   * ({@link LineIndex#methodIndex}) is not in its method set: the same decision {@link
   * #failureBeforeJson} leads to, shared for the nine methods {@link HttpMethods} knows.
   */
  Decision methodDenial(int methodIndex, String method) {
    if (methodIndex == LineIndex.OTHER_METHOD) {
      // an extension method: not worth a cache that a client could fill
      return RESULTS.deny(String.format(Reasons.LINE, number, String.format(
          Reasons.METHOD_NOT_IN, Reasons.echo(method), HttpMethods.describe(methodMask))));
    }
    Decision d = methodDenials[methodIndex];
    if (d == null) {
      d = RESULTS.deny(String.format(Reasons.LINE, number, String.format(Reasons.METHOD_NOT_IN,
          Reasons.echo(method), HttpMethods.describe(methodMask))));
      methodDenials[methodIndex] = d;
    }
    return d;
  }

  /**
   * The greatest closeness this line can have when the index rules it out on its query literal:
   * the predicate that gave the literal fails, so at most the ones before it pass.
   */
  int closenessBoundWithoutQueryLiteral() {
    return 3 + queryLiteralPredicate;
  }

  /** The closeness of a line that passes everything but its JSON predicates. */
  int closenessBeforeJson() {
    return 3 + query.length;
  }

  /**
   * What failed before the JSON predicates, in the words of LIMIT-TO.md §6: the URL when it does
   * not match, else the method, else the first failing query predicate; null when all passed.
   */
  String failureBeforeJson(String method, String canonicalUrl, RequestTarget target) {
    if (!url.matches(canonicalUrl)) {
      return detail(urlDenial);
    }
    int methodBit = HttpMethods.requestBit(method);
    if (methodMask != 0 && (methodMask & methodBit) == 0) {
      return String.format(Reasons.METHOD_NOT_IN, Reasons.echo(method),
          HttpMethods.describe(methodMask));
    }
    int failing = failingQuery(target);
    return failing < 0 ? null : detail(queryDenials[failing]);
  }

  /** As {@link #firstFailingQuery}, on a parsed target. */
  int failingQuery(RequestTarget target) {
    for (int i = 0; i < query.length; i++) {
      QueryCheck q = query[i];
      if (!target.hasQueryParam(q.name())) {
        return 2 * i;
      }
      for (String v : target.queryValues(q.name())) {
        if (!q.value().matches(v)) {
          return 2 * i + 1;
        }
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return "line " + number + ": " + (methodMask == 0 ? "" : HttpMethods.describe(methodMask))
        + urlSource + " (" + query.length + " QueryParam, " + json.length + " JsonData)";
  }
}
