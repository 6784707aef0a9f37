package dev.limitto.engine.internal.rules;

import dev.limitto.engine.Decision;
import dev.limitto.engine.HttpRequestView;
import dev.limitto.engine.LineExplanation;
import dev.limitto.engine.Limits;
import dev.limitto.engine.internal.parse.HttpMethods;
import dev.limitto.engine.internal.target.RequestTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * The compiled form of a rule set and its evaluation (LIMIT-TO.md §3, §6). Immutable and
 * thread-safe: an evaluation keeps its state on the stack.
 *
 * <p>Evaluation order: the request target is canonicalised (a rejection denies at once), a
 * method-override attempt is denied, then the lines are tried in source order on method, URL and
 * query predicates. The first line that passes them and has no JSON predicate allows the request,
 * unless an earlier line that passed them waits for its JSON predicates; those of all such
 * candidate lines are decided together over one read of the body, and the first candidate whose
 * JSON predicates pass allows. Lines after the first body-free match are never candidates: they
 * cannot come first.
 *
 * <p>A denial names the <em>closest</em> line: the one with the highest score (parts passed in
 * the order method, URL, query predicates, JSON predicates, before the first failure); on a tie,
 * the earliest line. Its reason is the first part that failed.
 */
public final class CompiledRules {

  private final CompiledLine[] lines;
  private final BaseUrl base;
  private final String baseUrl;
  private final Limits limits;

  CompiledRules(List<CompiledLine> lines, BaseUrl base, String baseUrl, Limits limits) {
    this.lines = lines.toArray(new CompiledLine[0]);
    this.base = base;
    this.baseUrl = baseUrl;
    this.limits = limits;
  }

  public boolean isUnrestricted() {
    return lines.length == 0;
  }

  public int lineCount() {
    return lines.length;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public Limits limits() {
    return limits;
  }

  /** Decides a request; total for any request view that honours its contract. */
  public Decision decide(HttpRequestView request) {
    if (lines.length == 0) {
      return Decision.allowUnrestricted();
    }
    String method = request.method();
    if (method == null || method.isEmpty()) {
      return Decision.deny(String.format(Reasons.REJECTED, Reasons.NO_METHOD));
    }
    RequestTarget target = RequestTarget.parse(request, base.origin(), limits);
    if (target.isRejected()) {
      return Decision.deny(String.format(Reasons.REJECTED, target.rejection()));
    }
    String override = RequestTarget.methodOverrideRejection(request, target);
    if (override != null) {
      return Decision.deny(String.format(Reasons.REJECTED, override));
    }
    int methodBit = HttpMethods.requestBit(method);
    String url = target.canonicalUrl();
    int best = -1;
    int bestScore = -1;
    int[] candidates = null;
    int candidateCount = 0;
    int fallback = -1; // first body-free match after a candidate
    for (int i = 0; i < lines.length; i++) {
      CompiledLine line = lines[i];
      int score = line.scoreBeforeJson(methodBit, url, target);
      if (score == line.partsBeforeJson()) {
        if (line.json.length == 0) {
          if (candidateCount == 0) {
            return line.allow;
          }
          fallback = i;
          break;
        }
        if (candidates == null) {
          candidates = new int[lines.length - i];
        }
        candidates[candidateCount++] = i;
      } else if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    JsonOutcome json = null;
    if (candidateCount > 0) {
      json = JsonOutcome.evaluate(request, limits, lines, candidates, candidateCount);
      for (int k = 0; k < candidateCount; k++) {
        int i = candidates[k];
        CompiledLine line = lines[i];
        int passed = json.passed(i, line);
        if (passed == line.json.length) {
          return line.allow;
        }
        int score = line.partsBeforeJson() + passed;
        if (score > bestScore || (score == bestScore && i < best)) {
          bestScore = score;
          best = i;
        }
      }
      if (fallback >= 0) {
        return lines[fallback].allow;
      }
    }
    CompiledLine closest = lines[best];
    String detail = closest.failureBeforeJson(method, url, target);
    if (detail == null) {
      detail = json.failure(best, closest);
    }
    return Decision.deny(String.format(Reasons.LINE, closest.number, detail));
  }

  /** For every line in source order, whether it matched and what failed. */
  public List<LineExplanation> explain(HttpRequestView request) {
    if (lines.length == 0) {
      return List.of();
    }
    List<LineExplanation> out = new ArrayList<>(lines.length);
    String method = request.method();
    String rejection = null;
    RequestTarget target = null;
    if (method == null || method.isEmpty()) {
      rejection = String.format(Reasons.REJECTED, Reasons.NO_METHOD);
    } else {
      target = RequestTarget.parse(request, base.origin(), limits);
      if (target.isRejected()) {
        rejection = String.format(Reasons.REJECTED, target.rejection());
      } else {
        String override = RequestTarget.methodOverrideRejection(request, target);
        if (override != null) {
          rejection = String.format(Reasons.REJECTED, override);
        }
      }
    }
    if (rejection != null) {
      for (CompiledLine line : lines) {
        out.add(new LineExplanation(line.number, false, rejection));
      }
      return List.copyOf(out);
    }
    int methodBit = HttpMethods.requestBit(method);
    String url = target.canonicalUrl();
    int[] candidates = new int[lines.length];
    int count = 0;
    String[] details = new String[lines.length];
    for (int i = 0; i < lines.length; i++) {
      CompiledLine line = lines[i];
      if (line.scoreBeforeJson(methodBit, url, target) < line.partsBeforeJson()) {
        details[i] = line.failureBeforeJson(method, url, target);
      } else if (line.json.length > 0) {
        candidates[count++] = i;
      }
    }
    JsonOutcome json =
        count == 0 ? null : JsonOutcome.evaluate(request, limits, lines, candidates, count);
    for (int k = 0; k < count; k++) {
      details[candidates[k]] = json.failure(candidates[k], lines[candidates[k]]);
    }
    for (int i = 0; i < lines.length; i++) {
      boolean matched = details[i] == null;
      out.add(new LineExplanation(lines[i].number, matched, matched ? Reasons.MATCHED : details[i]));
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return "RuleSet[" + lines.length + " lines, base " + baseUrl + "]";
  }
}
