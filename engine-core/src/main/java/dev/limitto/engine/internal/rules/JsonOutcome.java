package dev.limitto.engine.internal.rules;

import dev.limitto.engine.HttpRequestView;
import dev.limitto.engine.Limits;
import dev.limitto.engine.internal.json.JsonBodyCheck;
import dev.limitto.engine.internal.json.JsonPredicate;
import dev.limitto.engine.internal.json.JsonResult;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON predicates of the candidate lines of one evaluation, decided together over one read of
 * the body. Either a problem that fails every predicate (headers, unreadable or invalid body), or
 * one result per predicate.
 */
final class JsonOutcome {

  private final String problem;
  private final JsonResult result;
  private final int[] offsets; // by line index: index of the line's first predicate in result

  private JsonOutcome(String problem, JsonResult result, int[] offsets) {
    this.problem = problem;
    this.result = result;
    this.offsets = offsets;
  }

  /**
   * Decides the JSON predicates of the given lines. Reads the body at most once, and not at all
   * when the headers already rule the body out.
   *
   * @param lines every line of the rule set
   * @param candidates indexes into {@code lines} of the candidate lines, each with JSON predicates
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
      body = new byte[0];
    }
    int[] offsets = new int[lines.length];
    List<JsonPredicate> predicates = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      CompiledLine line = lines[candidates[k]];
      offsets[candidates[k]] = predicates.size();
      for (CompiledLine.JsonCheck c : line.json) {
        predicates.add(c.predicate());
      }
    }
    JsonResult result = JsonBodyCheck.evaluate(body, limits, predicates, quoteValues);
    if (result.bodyProblem() != null) {
      return new JsonOutcome(result.bodyProblem(), null, null);
    }
    return new JsonOutcome(null, result, offsets);
  }

  /** How many JSON predicates of a candidate line passed before the first failure. */
  int passed(int lineIndex, CompiledLine line) {
    if (problem != null) {
      return 0;
    }
    int base = offsets[lineIndex];
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
      return String.format(Reasons.JSON_BODY_FAILED,
          Reasons.echo(line.json[passed].selectorSource()), problem);
    }
    String why = result.failure(offsets[lineIndex] + passed);
    // a failed predicate always has a failure text; be explicit should one ever be missing
    return String.format(Reasons.JSON_FAILED,
        why == null ? "no match for " + Reasons.echo(line.json[passed].selectorSource()) : why);
  }
}
