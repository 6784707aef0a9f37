package dev.limitto.engine.internal.rules;

import dev.limitto.engine.Decision;
import dev.limitto.engine.HttpRequestView;
import dev.limitto.engine.LineExplanation;
import dev.limitto.engine.Limits;
import dev.limitto.engine.internal.match.LineIndex;
import dev.limitto.engine.internal.parse.HttpMethods;
import dev.limitto.engine.internal.target.Rejections;
import dev.limitto.engine.internal.target.RequestTarget;
import dev.limitto.engine.internal.util.StripedPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * <p>A denial names the <em>closest</em> line: URL and method matched, then most predicates passed
 * (query predicates, then JSON predicates, in source order, up to the first failure); URL matched
 * but not the method; method matched but not the URL; neither. On a tie, the earliest line,
 * except among lines where only the method matched: there the line whose URL regex the path got
 * furthest into ({@link ClosestLine}, bounded work), ties to the earliest. The reason is the part
 * of that line that failed: the URL, else the method, else the first failing predicate.
 *
 * <p>Fast path. A request whose target needs no decoding ({@link
 * RequestTarget#plainCanonicalPath}) and carries no override header is first put through the
 * {@link LineIndex}: only lines that admit its method and whose URL regex's required literal
 * occurs in the URL can match, so only those are confirmed, in source order, on the path alone
 * (the origin was run through each URL automaton at compile time) and on the raw query string
 * for their query predicates. The first confirmed line allows, and is the first matching line,
 * since no line outside the candidates can match. A denial's closest line is found from the
 * index too (see {@link #denyFromIndex}). As soon as a candidate has JSON predicates, the request
 * takes the general path above, which decides it anew: the fast path returns only decisions the
 * general path would return.
 *
 * <p>Allocation. Denial reasons quote only the rule set ({@link Reasons}), so every decision of a
 * line is made at compile time and shared, and so is the denial of each rejection rule (found by a
 * validating pass, {@link RequestTarget#rejectionOrDecodedPath}). The fast path therefore allocates
 * nothing, allowed or denied, except where RE2J decides (a URL or query value outside the DFA
 * tier, or with a non-ASCII character) and for a method outside the nine standard ones. The
 * general path (a path that needs percent-decoding, a method-override attempt, a JSON body, a
 * length rejection) builds a {@link RequestTarget}.
 */
public final class CompiledRules {

  private static final Decision NO_METHOD =
      Decision.deny(String.format(Reasons.REJECTED, Reasons.NO_METHOD));
  // by rejection text (a constant of a finite set): a rejection costs no new decision
  private static final Map<String, Decision> REJECTIONS = new ConcurrentHashMap<>();
  // buffers for decoded paths; a path is at most Limits.maxPathLength characters
  private static final StripedPool<StringBuilder> DECODED_PATHS =
      new StripedPool<>(() -> new StringBuilder(128));

  private final CompiledLine[] lines;
  private final BaseUrl base;
  private final String baseUrl;
  private final Limits limits;
  private final LineIndex index;
  private final ClosestLine closest;

  CompiledRules(List<CompiledLine> lines, BaseUrl base, String baseUrl, Limits limits) {
    this.lines = lines.toArray(new CompiledLine[0]);
    this.base = base;
    this.baseUrl = baseUrl;
    this.limits = limits;
    int[] masks = new int[this.lines.length];
    List<String> literals = new ArrayList<>(this.lines.length);
    for (int i = 0; i < masks.length; i++) {
      masks[i] = this.lines[i].methodMask;
      literals.add(this.lines[i].url.requiredLiteral());
    }
    this.index = LineIndex.build(masks, literals, base.origin());
    this.closest = new ClosestLine(this.lines);
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
    if (method != null && !method.isEmpty()) {
      String path = RequestTarget.plainCanonicalPath(request, limits);
      if (path != null) {
        if (RequestTarget.methodOverrideRejection(request, null) == null) {
          Decision fast = decideFromIndex(method, path, request.rawQuery());
          if (fast != null) {
            return fast;
          }
        }
      } else {
        Decision second = decideSecondLook(request, method);
        if (second != null) {
          return second;
        }
      }
    }
    return decideGenerally(request);
  }

  /**
   * The decision for a target that is not plain, where it needs no {@code RequestTarget}: a
   * rejection by its rule, as the general path would decide it, or a path that needs
   * percent-decoding, decoded into a pooled buffer and decided from the index. Null when the
   * general path must decide (a length rejection, whose reason names the length, a method
   * override, a query name to decode, a JSON candidate).
   */
  private Decision decideSecondLook(HttpRequestView request, String method) {
    StringBuilder path = DECODED_PATHS.take();
    try {
      String rule = RequestTarget.rejectionOrDecodedPath(request, limits, path);
      if (rule != null) {
        return isLengthRule(rule) ? null : rejection(rule);
      }
      if (path.length() == 0 || RequestTarget.methodOverrideRejection(request, null) != null) {
        return null;
      }
      return decideFromIndex(method, path, request.rawQuery());
    } finally {
      DECODED_PATHS.give(path); // decisions never hold the path
    }
  }

  /**
   * The decision for a plain, override-free request from the index, or null when a candidate
   * line has JSON predicates and the general path must decide. Query predicates are decided on
   * the raw query string ({@link CompiledLine#firstFailingQuery}). A candidate whose method and
   * URL pass but a query predicate fails scores 3 or more in closeness, more than any line whose
   * URL or method fails: the first such line with the highest score is the closest line.
   */
  private Decision decideFromIndex(String method, CharSequence path, String query) {
    int methodBit = HttpMethods.requestBit(method);
    int methodIndex = LineIndex.methodIndex(methodBit);
    long[] c = index.candidates(methodIndex, path);
    int words = index.words();
    Decision closestQueryDenial = null;
    int closestQueryScore = -1;
    for (int w = 0; w < words; w++) {
      long bits = c[words + w];
      while (bits != 0) {
        int i = (w << 6) + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        CompiledLine line = lines[i];
        if (line.json.length > 0) {
          return null;
        }
        if (line.url.matchesPath(path)) {
          if (line.query.length == 0) {
            return line.allow;
          }
          int failing = line.firstFailingQuery(query);
          if (failing < 0) {
            return line.allow;
          }
          int score = CompiledLine.closenessOfQuery(failing, line.query.length);
          if (score > closestQueryScore) {
            closestQueryScore = score;
            closestQueryDenial = line.queryDenial(failing);
          }
        }
      }
    }
    if (closestQueryDenial != null) {
      return closestQueryDenial;
    }
    return denyFromIndex(method, methodIndex, path, c, words);
  }

  /**
   * The general path's denial when no line matched and no candidate had predicates. Closeness
   * (see {@link CompiledLine#closeness}) is then 2 for a line whose URL matches but not its
   * method, 1 for a line that admits the method (its URL does not match: it would have allowed),
   * 0 otherwise. Only URL candidates can score 2, so the best line is the first URL candidate
   * outside the method's candidates whose URL matches; else, among the lines that admit the
   * method, the one the path got furthest into ({@link ClosestLine}); else the first line.
   */
  private Decision denyFromIndex(String method, int methodIndex, CharSequence path, long[] c,
      int words) {
    for (int w = 0; w < words; w++) {
      long bits = c[w] & ~c[words + w];
      while (bits != 0) {
        int i = (w << 6) + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        if (lines[i].url.matchesPath(path)) {
          return lines[i].methodDenial(methodIndex, method);
        }
      }
    }
    // every line that admits the method fails on its URL: the one that came closest
    return lines[closestOnUrl(methodIndex, path, c, words)].urlDenial;
  }

  /**
   * Among the lines that admit the method, all of whose URLs failed, the one whose URL the path
   * got furthest into ({@link ClosestLine}); the first line admitting the method when none can
   * be ranked; line 0 when none admits it.
   */
  private int closestOnUrl(int methodIndex, CharSequence path, long[] c, int words) {
    int best = closest.closest(methodIndex, path, c, words);
    if (best < 0) {
      best = index.firstAdmitting(methodIndex);
    }
    return best < 0 ? 0 : best;
  }

  /**
   * The general path: every part of LIMIT-TO.md §3-§6, for any request. Package-private so that
   * tests can check the fast path against it.
   */
  Decision decideGenerally(HttpRequestView request) {
    String method = request.method();
    if (method == null || method.isEmpty()) {
      return NO_METHOD;
    }
    RequestTarget target = RequestTarget.parse(request, base.origin(), limits);
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
        score = line.closeness(methodBit, url, target);
      }
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    if (bestScore == 1) {
      // every line that admits the method fails on its URL (closeness 1), as in denyFromIndex
      int methodIndex = LineIndex.methodIndex(methodBit);
      String path = target.canonicalPath();
      best = closestOnUrl(methodIndex, path, index.candidates(methodIndex, path), index.words());
    }
    CompiledLine closest = lines[best];
    Decision denial = closest.denialBeforeJson(method, url, target);
    if (denial != null) {
      return denial;
    }
    return Decision.deny(Reasons.line(closest.number, json.failure(best, closest)));
  }

  /**
   * The denial of a rejected target: its rule, without the excerpt of the request that {@link
   * RequestTarget#rejection()} quotes (a query string may carry values that must not reach logs
   * or the audit), shared per rule.
   */
  private static Decision rejection(RequestTarget target) {
    String rule = target.rejectionRule();
    return isLengthRule(rule)
        ? Decision.deny(String.format(Reasons.REJECTED, target.rejection()))
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
    Decision d = REJECTIONS.get(text);
    if (d == null) {
      d = Decision.deny(String.format(Reasons.REJECTED, text));
      REJECTIONS.putIfAbsent(text, d);
    }
    return d;
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
      if (!line.matchesBeforeJson(methodBit, url, target)) {
        details[i] = line.failureBeforeJson(method, url, target);
      } else if (line.json.length > 0) {
        candidates[count++] = i;
      }
    }
    JsonOutcome json =
        count == 0 ? null : JsonOutcome.evaluate(request, limits, lines, candidates, count, true);
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
