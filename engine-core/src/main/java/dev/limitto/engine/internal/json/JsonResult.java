package dev.limitto.engine.internal.json;

/**
 * The outcome of checking one body against a list of predicates: a body problem that fails them
 * all, or a verdict per predicate (same order as the list given to {@link
 * JsonBodyCheck#evaluate}). Immutable.
 */
public final class JsonResult {

  // shared results for small predicate counts whose predicates all matched: allowing allocates
  // no result
  private static final JsonResult[] ALL_MATCHED = new JsonResult[64];

  static {
    for (int i = 0; i < ALL_MATCHED.length; i++) {
      ALL_MATCHED[i] = new JsonResult(null, i, null);
    }
  }

  private final String bodyProblem;
  private final int size;
  // per predicate: null when matched, else the reason; the array is null when all matched
  private final String[] failures;

  private JsonResult(String bodyProblem, int size, String[] failures) {
    this.bodyProblem = bodyProblem;
    this.size = size;
    this.failures = failures;
  }

  static JsonResult ofBodyProblem(String problem, int predicates) {
    return new JsonResult(problem, predicates, null);
  }

  /**
   * Takes ownership of {@code failures}, which has one entry per predicate; {@code null} when
   * every predicate matched.
   */
  static JsonResult ofFailures(int predicates, String[] failures) {
    if (failures == null && predicates < ALL_MATCHED.length) {
      return ALL_MATCHED[predicates];
    }
    return new JsonResult(null, predicates, failures);
  }

  /** Whether the body is acceptable and every predicate matched. */
  public boolean allMatched() {
    return bodyProblem == null && failures == null;
  }

  /**
   * Why the body as a whole is unacceptable (not UTF-8, not strict JSON, too large, too deep...),
   * or {@code null} when it is acceptable. A body problem fails every predicate.
   */
  public String bodyProblem() {
    return bodyProblem;
  }

  /**
   * Whether predicate {@code i} holds: the body is acceptable, at least one node was selected and
   * every selected value matched.
   */
  public boolean matched(int i) {
    java.util.Objects.checkIndex(i, size);
    return bodyProblem == null && (failures == null || failures[i] == null);
  }

  /**
   * Why predicate {@code i} failed ({@link #bodyProblem()} when there is one), or {@code null}
   * when it matched. The text quotes at most a short excerpt of the body.
   */
  public String failure(int i) {
    java.util.Objects.checkIndex(i, size);
    return bodyProblem != null ? bodyProblem : failures == null ? null : failures[i];
  }

  /** The number of predicates this result answers for. */
  public int size() {
    return size;
  }

  @Override
  public String toString() {
    if (bodyProblem != null) {
      return "JsonResult[" + bodyProblem + "]";
    }
    StringBuilder sb = new StringBuilder("JsonResult[");
    for (int i = 0; i < size; i++) {
      String failure = failure(i);
      sb.append(i == 0 ? "" : ", ").append(failure == null ? "matched" : failure);
    }
    return sb.append(']').toString();
  }
}
