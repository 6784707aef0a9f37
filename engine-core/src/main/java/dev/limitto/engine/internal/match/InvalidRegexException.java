package dev.limitto.engine.internal.match;

/**
 * Why a regex was refused by {@link Matchers#compile}: a syntax error (with RE2J's description and
 * the offending fragment), an unmatched parenthesis, nesting that is too deep, or a program larger
 * than allowed. Carries the position in the regex so the rule compiler can point at it.
 */
public final class InvalidRegexException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What kind of problem this is; the rule compiler turns each into its own message. */
  public enum Problem {
    /** RE2J rejected the syntax; {@link #description()} and {@link #fragment()} are RE2J's. */
    SYNTAX,
    /** A {@code )} without an open group (RE2J reports this only as an internal error). */
    UNMATCHED_PAREN,
    /** Groups nest deeper than {@link Matchers#MAX_NESTING}. */
    NESTING,
    /** The compiled program has {@link #size()} instructions, more than allowed. */
    PROGRAM_SIZE,
    /**
     * The program would have about {@link #size()} instructions, so far above the limit that it
     * was not compiled at all (compiling it could exhaust memory).
     */
    PROGRAM_SIZE_ESTIMATE
  }

  private final Problem problem;
  private final String description;
  private final String fragment;
  private final int index;
  private final long size;

  InvalidRegexException(Problem problem, String description, String fragment, int index, long size) {
    super(problem + ": " + description, null, false, false);
    this.problem = problem;
    this.description = description;
    this.fragment = fragment;
    this.index = index;
    this.size = size;
  }

  public Problem problem() {
    return problem;
  }

  /** RE2J's description of a syntax error, e.g. {@code missing closing )}; empty otherwise. */
  public String description() {
    return description;
  }

  /** The offending part of the regex (may be empty when RE2J names none). */
  public String fragment() {
    return fragment;
  }

  /** 0-based index into the regex of the offending text, or -1 when unknown. */
  public int index() {
    return index;
  }

  /** Program size (exact or estimated), or nesting depth, for the size and nesting problems. */
  public long size() {
    return size;
  }
}
