package dev.limitto.engine.internal.rules;

import dev.limitto.engine.HttpRequestView;
import dev.limitto.engine.Limits;
import dev.limitto.engine.internal.json.JsonBodyCheck;
import dev.limitto.engine.internal.json.JsonPredicate;
import dev.limitto.engine.internal.json.JsonResult;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The JSON predicates of the candidate lines of one evaluation, decided together over one read of
 * the body. Either a problem that fails every predicate (headers, unreadable or invalid body), or
 * one result per predicate.
 */
final class JsonOutcome {

  private static final byte[] NO_BODY = new byte[0];
  // every predicate of every candidate passed: shared, so that allowing allocates no outcome
  private static final JsonOutcome ALL_PASSED = new JsonOutcome(null, null, null);

  private final String problem;
  private final JsonResult result;
  private final Candidates candidates;

  private JsonOutcome(String problem, JsonResult result, Candidates candidates) {
    this.problem = problem;
    this.result = result;
    this.candidates = candidates;
  }

  /**
   * Decides the JSON predicates of the given lines. Reads the body at most once, and not at all
   * when the headers already rule the body out.
   *
   * @param lines every line of the rule set
   * @param candidates indexes into {@code lines} of the candidate lines, each with JSON
   *     predicates, in ascending order
   * @param count how many entries of {@code candidates} are used
   * @param quoteValues whether failure reasons may quote excerpts of body values: only for an
   *     explanation shown to an admin ({@link CompiledRules#explain}); a decision's reason goes
   *     into 403 bodies and audit logs, which must never hold body content
   */
  static JsonOutcome evaluate(HttpRequestView request, Limits limits, CompiledLine[] lines,
      int[] candidates, int count, boolean quoteValues) {
    String header = JsonBodyCheck.headerProblem(request);
    if (header != null) {
      return new JsonOutcome(header, null, null);
    }
    byte[] body;
    try {
      body = request.body(limits.maxBodyBytes());
    } catch (UncheckedIOException e) {
      // an adapter reports a failed read this way; the request cannot be judged, so it fails
      return new JsonOutcome(Reasons.BODY_UNREADABLE, null, null);
    }
    if (body == null) {
      body = NO_BODY;
    }
    Candidates predicates = new Candidates(lines, candidates, count);
    JsonResult result = JsonBodyCheck.evaluate(body, limits, predicates, quoteValues);
    if (result.bodyProblem() != null) {
      return new JsonOutcome(result.bodyProblem(), null, null);
    }
    return result.allMatched() ? ALL_PASSED : new JsonOutcome(null, result, predicates);
  }

  /** How many JSON predicates of a candidate line passed before the first failure. */
  int passed(int lineIndex, CompiledLine line) {
    if (problem != null) {
      return 0;
    }
    if (this == ALL_PASSED) {
      return line.json.length;
    }
    int base = candidates.firstPredicate(lineIndex);
    for (int i = 0; i < line.json.length; i++) {
      if (!result.matched(base + i)) {
        return i;
      }
    }
    return line.json.length;
  }

  /** The detail of the first failing JSON predicate of a candidate line; null when all passed. */
  String failure(int lineIndex, CompiledLine line) {
    int passed = passed(lineIndex, line);
    if (passed == line.json.length) {
      return null;
    }
    if (problem != null) {
      return Reasons.jsonBodyFailed(Reasons.echo(line.json[passed].selectorSource()), problem);
    }
    String why = result.failure(candidates.firstPredicate(lineIndex) + passed);
    // a failed predicate always has a failure text; be explicit should one ever be missing
    return Reasons.jsonFailed(
        why == null ? "no match for " + Reasons.echo(line.json[passed].selectorSource()) : why);
  }

  /**
   * The JSON predicates of the candidate lines, in candidate order, as a list view: nothing is
   * copied. With one candidate (the usual case) element {@code i} is that line's predicate
   * {@code i}; with several, {@code starts[k]} is the index of candidate {@code k}'s first one.
   */
  private static final class Candidates extends AbstractList<JsonPredicate>
      implements RandomAccess {

    private final CompiledLine[] lines;
    private final int[] candidates;
    private final int count;
    private final int[] starts; // null with one candidate
    private final int size;

    Candidates(CompiledLine[] lines, int[] candidates, int count) {
      this.lines = lines;
      this.candidates = candidates;
      this.count = count;
      if (count == 1) {
        this.starts = null;
        this.size = lines[candidates[0]].json.length;
      } else {
        this.starts = new int[count + 1];
        for (int k = 0; k < count; k++) {
          starts[k + 1] = starts[k] + lines[candidates[k]].json.length;
        }
        this.size = starts[count];
      }
    }

    /** The index in this list of the first predicate of candidate line {@code lineIndex}. */
    int firstPredicate(int lineIndex) {
      if (starts == null) {
        return 0;
      }
      int k = Arrays.binarySearch(candidates, 0, count, lineIndex);
      if (k < 0) {
        throw new IllegalArgumentException("line index " + lineIndex + " is not a candidate");
      }
      return starts[k];
    }

    @Override
    public JsonPredicate get(int index) {
      if (starts == null) {
        return lines[candidates[0]].json[index].predicate();
      }
      java.util.Objects.checkIndex(index, size);
      // the candidate whose range holds index: the last start at or below it
      int k = Arrays.binarySearch(starts, 0, count, index);
      if (k < 0) {
        k = -k - 2;
      } else {
        // an empty range would share its start with the next; candidates have predicates
        while (k + 1 < count && starts[k + 1] == index) {
          k++;
        }
      }
      return lines[candidates[k]].json[index - starts[k]].predicate();
    }

    @Override
    public int size() {
      return size;
    }
  }
}
