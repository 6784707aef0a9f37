package dev.limitto.engine.internal.rules;

import dev.limitto.engine.Decision;
import dev.limitto.engine.HttpRequestView;
import dev.limitto.engine.Limits;
import dev.limitto.engine.LineExplanation;
import dev.limitto.engine.internal.ApiAccess;
import dev.limitto.engine.internal.match.LineIndex;
import dev.limitto.engine.internal.parse.HttpMethods;
import dev.limitto.engine.internal.target.Rejections;
import dev.limitto.engine.internal.target.RequestTarget;
import dev.limitto.engine.internal.util.StripedPool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled form of a rule set and its evaluation (LIMIT-TO.md §3, §6). Immutable and
 * thread-safe: an evaluation keeps its state on the stack and in per-thread scratch.
 *
 * <p>One evaluator decides every request. The target is canonicalised in one pass without
 * building a {@code RequestTarget} ({@link RequestTarget#canonicalTarget}: a path that needs
 * percent-decoding is decoded into a pooled buffer; query names that need decoding are compared
 * decoded): a rejection denies at once, then a method-override header, then a {@code _method}
 * parameter. The {@link LineIndex} then gives the candidate lines: those that admit the
 * method, whose URL literal occurs in the path and whose query literal occurs in the decoded
 * query string. Only candidates are confirmed, in source order, on the path (the origin was run
 * through each URL automaton at compile time) and on the raw query string. The first confirmed
 * line without {@code JsonData} allows, unless earlier confirmed lines wait for their JSON
 * predicates; those of all such lines are decided together over one read of the body, and the
 * first whose JSON predicates pass allows, else the first body-free line. No line outside the
 * candidates can match, so the first matching line in source order is the one reported.
 *
 * <p>A denial names the <em>closest</em> line: URL and method matched, then most predicates passed
 * (query predicates, then JSON predicates, in source order, up to the first failure); URL matched
 * but not the method; method matched but not the URL; neither. On a tie, the earliest line,
 * except among lines where only the method matched: there the line whose URL regex the path got
 * furthest into ({@link ClosestLine}, bounded work), ties to the earliest. The reason is the part
 * of that line that failed: the URL, else the method, else the first failing predicate. The
 * closest line is found from the same candidate sets ({@link #deny}): lines that
 * the index ruled out on their query literal are confirmed only while they could still come
 * closer than the best line so far.
 *
 * <p>Allocation. Denial reasons quote only the rule set ({@link Reasons}), so every decision of a
 * line is made at compile time and shared, and so is the denial of each rejection rule. A
 * decision therefore allocates nothing, allowed or denied, except where RE2J decides (a URL or
 * query value outside the DFA tier, with a non-ASCII character, or beyond a full automaton
 * cache), for a method outside the nine standard ones, for a target over a length limit (the
 * reason names the length) and for {@code JsonData}.
 */
public final class CompiledRules {

  private static final ApiAccess.Results RESULTS = ApiAccess.results();

  private static final Decision NO_METHOD =
      RESULTS.deny(String.format(Reasons.REJECTED, Reasons.NO_METHOD));
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
  private volatile ClosestLine closest; // made by the first URL-miss denial that needs it
  // the greatest closeness a line ruled out by its query literal can have (-1: none can be)
  private final int queryBound;

  /** Over {@code lines}, in source order; the array is the rule set's from now on. */
  CompiledRules(CompiledLine[] lines, BaseUrl base, String baseUrl, Limits limits) {
    this.lines = lines;
    this.base = base;
    this.baseUrl = baseUrl;
    this.limits = limits;
    int[] masks = new int[lines.length];
    String[] literals = new String[lines.length];
    String[] queryLiterals = new String[lines.length];
    int bound = -1;
    for (int i = 0; i < masks.length; i++) {
      CompiledLine line = lines[i];
      masks[i] = line.methodMask;
      literals[i] = line.url.requiredLiteral();
      queryLiterals[i] = line.queryLiteral;
      if (!line.queryLiteral.isEmpty()) {
        bound = Math.max(bound, line.closenessBoundWithoutQueryLiteral());
      }
    }
    this.index = LineIndex.build(masks, Arrays.asList(literals), Arrays.asList(queryLiterals),
        base.origin());
    this.queryBound = index.indexesQueries() ? bound : -1;
  }

  /** The compiled line at index {@code i} (0-based among effective lines), for tests. */
  CompiledLine line(int i) {
    return lines[i];
  }

  public boolean isUnrestricted() {
    return lines.length == 0;
  }

  public int lineCount() {
    return lines.length;
  }

  /** The configured base URL, or {@code null} when none was. */
  public String baseUrl() {
    return baseUrl;
  }

  public Limits limits() {
    return limits;
  }

  /** Decides a request; total for any request view that honours its contract. */
  public Decision decide(HttpRequestView request) {
    if (lines.length == 0) {
      return RESULTS.unrestricted();
    }
    String method = request.method();
    if (method == null || method.isEmpty()) {
      return NO_METHOD;
    }
    String raw = request.rawPath();
    // a pooled buffer only for a path to percent-decode: most paths are their own canonical form
    StringBuilder decoded = raw != null && raw.indexOf('%') >= 0 ? DECODED_PATHS.take() : null;
    try {
      String rule = RequestTarget.canonicalTarget(request, limits, decoded);
      if (rule != null && rule != Rejections.METHOD_OVERRIDE_PARAMETER) {
        return isLengthRule(rule) ? lengthRejection(request, rule) : rejection(rule);
      }
      String header = RequestTarget.methodOverrideHeader(request);
      if (header != null) {
        return rejection(header);
      }
      if (rule != null) {
        return rejection(rule);
      }
      CharSequence path = decoded != null && decoded.length() > 0 ? decoded : raw;
      return evaluate(request, method, path, request.rawQuery());
    } finally {
      if (decoded != null) {
        DECODED_PATHS.give(decoded); // decisions never hold the path
      }
    }
  }

  /**
   * The decision for an accepted, override-free target: candidates from the index, confirmed
   * in order, JSON predicates of the confirmed lines decided together.
   */
  private Decision evaluate(HttpRequestView request, String method, CharSequence path,
      String query) {
    int methodIndex = LineIndex.methodIndex(HttpMethods.requestBit(method));
    long[] c = index.candidates(methodIndex, path, query);
    long closest = Closest.NONE; // the closest line so far among those whose URL and method matched
    int[] json = null; // confirmed lines with JSON predicates, in order
    int jsonCount = 0;
    Decision fallback = null; // the first confirmed body-free line after JSON ones
    boolean byQuery = queryBound >= 0; // else every line is a query candidate
    LineIndex index = this.index;
    scan: // the words holding a method and query candidate
    for (int k = 0, summaries = index.summaryWords(); k < summaries; k++) {
      for (long nonZero = index.bothSummaryWord(c, methodIndex, k); nonZero != 0;
          nonZero &= nonZero - 1) {
        int w = (k << 6) + Long.numberOfTrailingZeros(nonZero);
        long bits = byQuery ? index.methodWord(c, methodIndex, w) & index.queryWord(c, w)
            : index.methodWord(c, methodIndex, w);
        while (bits != 0) {
          int i = (w << 6) + Long.numberOfTrailingZeros(bits);
          bits &= bits - 1;
          CompiledLine line = lines[i];
          if (!line.url.matchesPath(path)) {
            continue;
          }
          int failing = line.firstFailingQuery(query);
          if (failing >= 0) {
            closest = Closest.better(closest, i,
                CompiledLine.closenessOfQuery(failing, line.query.length), failing);
            continue;
          }
          if (line.json.length == 0) {
            if (jsonCount == 0) {
              return line.allow;
            }
            fallback = line.allow; // an earlier JSON line may still come first
            break scan;
          }
          if (json == null) {
            json = new int[Math.min(lines.length, 16)];
          } else if (jsonCount == json.length) {
            json = java.util.Arrays.copyOf(json, Math.min(lines.length, 2 * jsonCount));
          }
          json[jsonCount++] = i;
        }
      }
    }
    JsonOutcome outcome = null;
    if (jsonCount > 0) {
      outcome = JsonOutcome.evaluate(request, limits, lines, json, jsonCount, false);
      for (int k = 0; k < jsonCount; k++) {
        CompiledLine line = lines[json[k]];
        int passed = outcome.passed(json[k], line);
        if (passed == line.json.length) {
          return line.allow;
        }
        closest = Closest.better(closest, json[k], line.closenessBeforeJson() + passed, -1);
      }
      if (fallback != null) {
        return fallback;
      }
    }
    return deny(method, methodIndex, path, query, c, closest, outcome);
  }

  /**
   * The closest line's denial (see the class comment), once no line matched. Lines whose URL
   * and method matched score 3 or more: the best of the confirmed candidates is in {@code
   * closest}, and the lines the index ruled out on their query literal alone are confirmed here,
   * in order, while they could still beat it. Otherwise closeness is 2 for a line whose URL
   * matches but not its method, 1 for a line that admits the method (its URL does not match: it
   * would have been confirmed), 0 otherwise. Only URL candidates can score 2, so the best line
   * is then the first URL candidate outside the method's candidates whose URL matches; else,
   * among the lines that admit the method, the one the path got furthest into ({@link
   * ClosestLine}); else the first line.
   */
  private Decision deny(String method, int methodIndex, CharSequence path, String query,
      long[] c, long closest, JsonOutcome json) {
    LineIndex index = this.index;
    if (queryBound >= 0) {
      ruledOut:
      for (int k = 0, summaries = index.summaryWords(); k < summaries; k++) {
        for (long nonZero = index.methodSummaryWord(c, methodIndex, k); nonZero != 0;
            nonZero &= nonZero - 1) {
          int w = (k << 6) + Long.numberOfTrailingZeros(nonZero);
          long bits = index.methodWord(c, methodIndex, w) & ~index.queryWord(c, w);
          while (bits != 0) {
            int i = (w << 6) + Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            int bestLine = Closest.line(closest);
            int bestScore = Closest.score(closest);
            if (closest != Closest.NONE && i > bestLine && bestScore >= queryBound) {
              break ruledOut; // no later line can come closer
            }
            CompiledLine line = lines[i];
            int bound = line.closenessBoundWithoutQueryLiteral();
            if (closest != Closest.NONE
                && (bound < bestScore || (bound == bestScore && i > bestLine))) {
              continue;
            }
            if (line.url.matchesPath(path)) {
              int failing = line.firstFailingQuery(query);
              closest = Closest.better(closest, i,
                  CompiledLine.closenessOfQuery(failing, line.query.length), failing);
            }
          }
        }
      }
    }
    if (closest != Closest.NONE) {
      int best = Closest.line(closest);
      CompiledLine line = lines[best];
      int failing = Closest.failing(closest);
      if (failing >= 0) {
        return line.queryDenial(failing);
      }
      return RESULTS.deny(Reasons.line(line.number, json.failure(best, line)));
    }
    for (int k = 0, summaries = index.summaryWords(); k < summaries; k++) {
      for (long nonZero = index.urlSummaryWord(c, k); nonZero != 0; nonZero &= nonZero - 1) {
        int w = (k << 6) + Long.numberOfTrailingZeros(nonZero);
        long bits = index.urlWord(c, w) & ~index.methodWord(c, methodIndex, w);
        while (bits != 0) {
          int i = (w << 6) + Long.numberOfTrailingZeros(bits);
          bits &= bits - 1;
          if (lines[i].url.matchesPath(path)) {
            return lines[i].methodDenial(methodIndex, method);
          }
        }
      }
    }
    // every line that admits the method fails on its URL: the one that came closest
    return lines[closestOnUrl(methodIndex, path, c)].urlDenial;
  }

  /**
   * Among the lines that admit the method, all of whose URLs failed, the one whose URL the path
   * got furthest into ({@link ClosestLine}); the first line admitting the method when none can
   * be ranked; line 0 when none admits it.
   */
  private int closestOnUrl(int methodIndex, CharSequence path, long[] c) {
    ClosestLine ranking = closest;
    if (ranking == null) {
      ranking = new ClosestLine(lines); // immutable: a racy second one is harmless
      closest = ranking;
    }
    int best = ranking.closest(methodIndex, path, c, index);
    if (best < 0) {
      best = index.firstAdmitting(methodIndex);
    }
    return best < 0 ? 0 : best;
  }

  /**
   * The best line so far whose URL and method matched, packed into a {@code long} so that a
   * denial allocates nothing: its closeness, its index and its first failing query predicate as
   * {@link CompiledLine#firstFailingQuery} gives it (-1: a JSON predicate failed).
   */
  static final class Closest {
    static final long NONE = -1;

    private Closest() {}

    /** The better of {@code best} and the given line; ties go to the earlier line. */
    static long better(long best, int line, int score, int failing) {
      if (best == NONE || score > score(best) || (score == score(best) && line < line(best))) {
        return ((long) score << 48) | ((long) line << 24) | (failing + 1);
      }
      return best;
    }

    static int score(long packed) {
      return (int) (packed >>> 48);
    }

    static int line(long packed) {
      return (int) ((packed >>> 24) & 0xFFFFFF);
    }

    static int failing(long packed) {
      return (int) (packed & 0xFFFFFF) - 1;
    }
  }

  /** The two length rules: their text names the request's length and the limit. */
  private static boolean isLengthRule(String rule) {
    return rule.equals(Rejections.PATH_TOO_LONG) || rule.equals(Rejections.QUERY_TOO_LONG);
  }

  /** The denial of a length rule, made per request: it names the length and the limit. */
  private Decision lengthRejection(HttpRequestView request, String rule) {
    String text = rule.equals(Rejections.PATH_TOO_LONG)
        ? String.format(Locale.ROOT, rule, request.rawPath().length(), limits.maxPathLength())
        : String.format(Locale.ROOT, rule, request.rawQuery().length(), limits.maxQueryLength());
    return RESULTS.deny(String.format(Reasons.REJECTED, text));
  }

  private static Decision rejection(String text) {
    Decision d = REJECTIONS.get(text);
    if (d == null) {
      d = RESULTS.deny(String.format(Reasons.REJECTED, text));
      REJECTIONS.putIfAbsent(text, d);
    }
    return d;
  }

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
        out.add(RESULTS.explanation(line.number, false, rejection));
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
      out.add(RESULTS.explanation(lines[i].number, matched, matched ? Reasons.MATCHED : details[i]));
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return "RuleSet[" + lines.length + " lines, base "
        + (baseUrl == null ? "not configured" : baseUrl) + "]";
  }
}
