package dev.limitto.engine.internal.rules;

import dev.limitto.engine.Decision;
import dev.limitto.engine.HttpRequestView;
import dev.limitto.engine.Limits;
import dev.limitto.engine.internal.ApiAccess;
import dev.limitto.engine.internal.match.LineIndex;
import dev.limitto.engine.internal.parse.HttpMethods;
import dev.limitto.engine.internal.target.Rejections;
import dev.limitto.engine.internal.target.RequestTarget;

/**
 * The engine's former general path, kept as the reference of the differential properties: it
 * parses the target into a {@code RequestTarget} and tries every line in source order, with no
 * index, then scores every line for a denial. Slow and simple; the one evaluator of {@link
 * CompiledRules} must decide exactly as it does.
 */
final class ReferenceRules {

  private static final Decision NO_METHOD =
      ApiAccess.results().deny(String.format(Reasons.REJECTED, Reasons.NO_METHOD));

  private final CompiledLine[] lines;
  private final String origin;
  private final Limits limits;
  private final ClosestLine closestLine;
  private final LineIndex index; // URL literals only: what the closest line measures first

  ReferenceRules(CompiledRules rules, String origin) {
    this.lines = new CompiledLine[rules.lineCount()];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = rules.line(i);
    }
    this.origin = origin;
    this.limits = rules.limits();
    this.closestLine = new ClosestLine(lines);
    int[] masks = new int[lines.length];
    java.util.List<String> literals = new java.util.ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      masks[i] = lines[i].methodMask;
      literals.add(lines[i].url.requiredLiteral());
    }
    this.index = LineIndex.build(masks, literals, origin);
  }

  Decision decide(HttpRequestView request) {
    if (lines.length == 0) {
      return ApiAccess.results().unrestricted();
    }
    String method = request.method();
    if (method == null || method.isEmpty()) {
      return NO_METHOD;
    }
    RequestTarget target = RequestTarget.parse(request, origin, limits);
    if (target.isRejected()) {
      return rejection(target);
    }
    String override = RequestTarget.methodOverrideRejection(request, target);
    if (override != null) {
      return rejection(override);
    }
    int methodBit = HttpMethods.requestBit(method);
    String url = target.canonicalUrl();
    int[] candidates = null;
    int candidateCount = 0;
    for (int i = 0; i < lines.length; i++) {
      CompiledLine line = lines[i];
      if (line.matchesBeforeJson(methodBit, url, target)) {
        if (line.json.length == 0) {
          if (candidateCount == 0) {
            return line.allow;
          }
          // an earlier candidate may still come first; this line allows if none does
          return decideJson(request, candidates, candidateCount, line.allow, method, url, target);
        }
        if (candidates == null) {
          candidates = new int[lines.length - i];
        }
        candidates[candidateCount++] = i;
      }
    }
    if (candidateCount == 0) {
      return deny(method, methodBit, url, target, null, null, 0);
    }
    return decideJson(request, candidates, candidateCount, null, method, url, target);
  }

  private Decision decideJson(HttpRequestView request, int[] candidates, int count,
      Decision fallback, String method, String url, RequestTarget target) {
    JsonOutcome json = JsonOutcome.evaluate(request, limits, lines, candidates, count, false);
    for (int k = 0; k < count; k++) {
      CompiledLine line = lines[candidates[k]];
      if (json.passed(candidates[k], line) == line.json.length) {
        return line.allow;
      }
    }
    if (fallback != null) {
      return fallback;
    }
    return deny(method, HttpMethods.requestBit(method), url, target, json, candidates, count);
  }

  /** Denies with the reason of the closest line; ties go to the earlier line. */
  private Decision deny(String method, int methodBit, String url, RequestTarget target,
      JsonOutcome json, int[] candidates, int count) {
    int best = -1;
    int bestScore = -1;
    int k = 0;
    for (int i = 0; i < lines.length; i++) {
      CompiledLine line = lines[i];
      int score;
      if (k < count && candidates[k] == i) {
        score = line.closenessBeforeJson() + json.passed(i, line);
        k++;
      } else {
        score = closeness(line, methodBit, url, target);
      }
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    if (bestScore == 1) {
      // every line that admits the method fails on its URL (closeness 1): the closest of them
      int methodIndex = LineIndex.methodIndex(methodBit);
      String path = target.canonicalPath();
      int ranked = closestLine.closest(methodIndex, path, index.candidates(methodIndex, path),
          index);
      if (ranked < 0) {
        ranked = index.firstAdmitting(methodIndex);
      }
      best = ranked < 0 ? 0 : ranked;
    }
    CompiledLine closest = lines[best];
    Decision denial = denialBeforeJson(closest, method, url, target);
    if (denial != null) {
      return denial;
    }
    return ApiAccess.results().deny(Reasons.line(closest.number, json.failure(best, closest)));
  }

  /**
   * The denial of a rejected target: its rule, without the excerpt of the request that {@link
   * RequestTarget#rejection()} quotes (a query string may carry values that must not reach logs
   * or the audit), shared per rule.
   */
  private static int closeness(CompiledLine line, int methodBit, String canonicalUrl,
      RequestTarget target) {
    boolean methodOk = line.methodMask == 0 || (line.methodMask & methodBit) != 0;
    if (!line.url.matches(canonicalUrl)) {
      return methodOk ? 1 : 0;
    }
    if (!methodOk) {
      return 2;
    }
    return CompiledLine.closenessOfQuery(line.failingQuery(target), line.query.length);
  }

  private static Decision denialBeforeJson(CompiledLine line, String method,
      String canonicalUrl, RequestTarget target) {
    if (!line.url.matches(canonicalUrl)) {
      return line.urlDenial;
    }
    int methodBit = HttpMethods.requestBit(method);
    if (line.methodMask != 0 && (line.methodMask & methodBit) == 0) {
      return line.methodDenial(LineIndex.methodIndex(methodBit), method);
    }
    int failing = line.failingQuery(target);
    return failing < 0 ? null : line.queryDenial(failing);
  }

  private static Decision rejection(RequestTarget target) {
    String rule = target.rejectionRule();
    return isLengthRule(rule)
        ? ApiAccess.results().deny(String.format(Reasons.REJECTED, target.rejection()))
        : rejection(rule);
  }

  /**
   * The two length rules are formats: their text names the request's length and the limit (no
   * input), so it is made per request.
   */
  private static boolean isLengthRule(String rule) {
    return rule.equals(Rejections.PATH_TOO_LONG) || rule.equals(Rejections.QUERY_TOO_LONG);
  }

  private static Decision rejection(String text) {
    return ApiAccess.results().deny(String.format(Reasons.REJECTED, text));
  }

}
