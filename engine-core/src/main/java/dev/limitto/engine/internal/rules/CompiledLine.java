package dev.limitto.engine.internal.rules;

import dev.limitto.engine.Decision;
import dev.limitto.engine.internal.json.JsonPredicate;
import dev.limitto.engine.internal.match.StringMatcher;
import dev.limitto.engine.internal.match.UrlMatcher;
import dev.limitto.engine.internal.parse.HttpMethods;
import dev.limitto.engine.internal.target.RequestTarget;
import java.util.List;

/**
 * One compiled rule line: method mask, URL matcher, query predicates and JSON predicates. Immutable.
 *
 * <p>Evaluation checks the method first (a bit test), then the URL, the query predicates and
 * last the JSON predicates. A denial explains the closest line ({@link #closeness}).
 */
final class CompiledLine {

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
    this.allow = Decision.allow(number);
  }

  /** Whether method, URL and every query predicate pass: all but the JSON predicates. */
  boolean matchesBeforeJson(int methodBit, String canonicalUrl, RequestTarget target) {
    if (methodMask != 0 && (methodMask & methodBit) == 0) {
      return false; // the cheap test first
    }
    if (!url.matches(canonicalUrl)) {
      return false;
    }
    for (QueryCheck q : query) {
      if (!queryMatches(q, target)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the line has predicates (query or JSON) beyond method and URL. */
  boolean hasPredicates() {
    return query.length > 0 || json.length > 0;
  }

  /**
   * The denial of this line when its URL matched and the known method of index {@code
   * methodIndex} (0..8, in {@link HttpMethods} bit order) is not in its method set: the same
   * decision {@link #failureBeforeJson} leads to, shared.
   */
  Decision methodDenial(int methodIndex, String method) {
    Decision d = methodDenials[methodIndex];
    if (d == null) {
      d = Decision.deny(String.format(Reasons.LINE, number, String.format(Reasons.METHOD_NOT_IN,
          Reasons.echo(method), HttpMethods.describe(methodMask))));
      methodDenials[methodIndex] = d;
    }
    return d;
  }

  /** The closeness of a line that passes everything but its JSON predicates. */
  int closenessBeforeJson() {
    return 3 + query.length;
  }

  /**
   * How close this line came to matching, without its JSON predicates: 0 neither URL nor method,
   * 1 method only, 2 URL only, 3 + the number of query predicates passed before the first failure
   * when URL and method pass. A URL that matches says more about what the admin meant than a
   * method that does (a line without a method set admits every method).
   */
  int closeness(int methodBit, String canonicalUrl, RequestTarget target) {
    boolean methodOk = methodMask == 0 || (methodMask & methodBit) != 0;
    if (!url.matches(canonicalUrl)) {
      return methodOk ? 1 : 0;
    }
    if (!methodOk) {
      return 2;
    }
    for (int i = 0; i < query.length; i++) {
      if (!queryMatches(query[i], target)) {
        return 3 + i;
      }
    }
    return 3 + query.length;
  }

  private static boolean queryMatches(QueryCheck q, RequestTarget target) {
    if (!target.hasQueryParam(q.name())) {
      return false;
    }
    for (String v : target.queryValues(q.name())) {
      if (!q.value().matches(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * What failed before the JSON predicates, in the words of LIMIT-TO.md §6: the URL when it does
   * not match, else the method, else the first failing query predicate; null when all passed.
   */
  String failureBeforeJson(String method, String canonicalUrl, RequestTarget target) {
    if (!url.matches(canonicalUrl)) {
      return Reasons.urlNoMatch(canonicalUrl, urlSource);
    }
    int methodBit = HttpMethods.requestBit(method);
    if (methodMask != 0 && (methodMask & methodBit) == 0) {
      return String.format(Reasons.METHOD_NOT_IN, Reasons.echo(method),
          HttpMethods.describe(methodMask));
    }
    for (QueryCheck q : query) {
      if (!target.hasQueryParam(q.name())) {
        return String.format(Reasons.QUERY_MISSING, Reasons.echo(q.name()));
      }
      for (String v : target.queryValues(q.name())) {
        if (!q.value().matches(v)) {
          return String.format(Reasons.QUERY_NO_MATCH, Reasons.echo(q.name()), Reasons.echo(v),
              Reasons.echo(q.valueSource()));
        }
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "line " + number + ": " + (methodMask == 0 ? "" : HttpMethods.describe(methodMask))
        + urlSource + " (" + query.length + " QueryParam, " + json.length + " JsonData)";
  }
}
