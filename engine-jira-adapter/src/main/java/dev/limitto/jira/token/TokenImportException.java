package dev.limitto.jira.token;

import java.util.List;
import java.util.Objects;

/**
 * An import was refused and nothing was written (or, if the store failed midway, what was written
 * was revoked again). Carries every problem found, each naming the entry by its index in the JSON
 * array and, in {@link #details()}, the line of the text where that entry (or the syntax error)
 * is.
 */
public final class TokenImportException extends TokenAdminException {

  private static final long serialVersionUID = 1L;

  public static final String ERR_SUMMARY = "import refused, nothing imported: %d problem(s)";
  public static final String ERR_WRITE =
      "the store failed after %d of %d tokens; those were revoked again: %s";

  /**
   * One problem of an import.
   *
   * @param entry index of the entry in the array, or -1 for a problem of the whole text
   * @param line 1-based line of the text where the entry starts or the problem is; 0 when none
   * @param message what is wrong, starting with {@code entry [N]: } for an entry
   */
  public record Problem(int entry, int line, String message) {
    public Problem {
      Objects.requireNonNull(message, "message");
    }
  }

  private final transient List<Problem> details;

  TokenImportException(List<Problem> problems) {
    super(String.format(ERR_SUMMARY, problems.size()) + "\n"
        + String.join("\n", problems.stream().map(Problem::message).toList()));
    this.details = List.copyOf(problems);
  }

  static TokenImportException of(Problem problem) {
    return new TokenImportException(List.of(problem));
  }

  /** Every problem, one line each, in input order. */
  public List<String> problems() {
    return details.stream().map(Problem::message).toList();
  }

  /** Every problem with the entry and line it is about, in input order. */
  public List<Problem> details() {
    return details;
  }
}
