package dev.limitto.engine.internal.rules;

import dev.limitto.engine.Decision;
import dev.limitto.engine.internal.json.JsonPredicate;
import dev.limitto.engine.internal.match.StringMatcher;
import dev.limitto.engine.internal.parse.HttpMethods;
import dev.limitto.engine.internal.target.RequestTarget;
import java.util.List;

/**
 * One compiled rule line: method mask, URL matcher, query predicates and JSON predicates. Immutable.
 *
 * <p>Its parts are checked in a fixed order (method, URL, query predicates in source order, JSON
 * predicates in source order); the number of parts that passed before the first failure is the
 * line's <em>score</em>, which picks the closest line for a denial reason.
 */
final class CompiledLine {

  /** A compiled {@code QueryParam} predicate. */
  record QueryCheck(String name, StringMatcher value, String valueSource) {}

  /** A compiled {@code JsonData} predicate with its text for reasons. */
  record JsonCheck(String selectorSource, JsonPredicate predicate) {}

  final int number;
  final int methodMask; // 0: any method
  final StringMatcher url;
  final String urlSource;
  final QueryCheck[] query;
  final JsonCheck[] json;
  final Decision allow; // shared: allowing costs no allocation

  CompiledLine(int number, int methodMask, StringMatcher url, String urlSource,
      List<QueryCheck> query, List<JsonCheck> json) {
    this.number = number;
    this.methodMask = methodMask;
    this.url = url;
    this.urlSource = urlSource;
    this.query = query.toArray(new QueryCheck[0]);
    this.json = json.toArray(new JsonCheck[0]);
    this.allow = Decision.allow(number);
  }

  /** Method, URL and every query predicate: the parts checked without the body. */
  int partsBeforeJson() {
    return 2 + query.length;
  }

  /**
   * The score of the parts checked without the body: {@link #partsBeforeJson()} when all pass,
   * otherwise the number that passed before the first failure.
   */
  int scoreBeforeJson(int methodBit, String canonicalUrl, RequestTarget target) {
    if (methodMask != 0 && (methodMask & methodBit) == 0) {
      return 0;
    }
    if (!url.matches(canonicalUrl)) {
      return 1;
    }
    for (int i = 0; i < query.length; i++) {
      if (!queryMatches(query[i], target)) {
        return 2 + i;
      }
    }
    return 2 + query.length;
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
   * What failed, for a line whose score before JSON is below {@link #partsBeforeJson()}: the
   * detail of the first failing part, in the words of LIMIT-TO.md §6.
   */
  String failureBeforeJson(String method, String canonicalUrl, RequestTarget target) {
    int methodBit = HttpMethods.requestBit(method);
    if (methodMask != 0 && (methodMask & methodBit) == 0) {
      return String.format(Reasons.METHOD_NOT_IN, Reasons.echo(method),
          HttpMethods.describe(methodMask));
    }
    if (!url.matches(canonicalUrl)) {
      return String.format(Reasons.URL_NO_MATCH, Reasons.echo(canonicalUrl),
          Reasons.echo(urlSource));
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
