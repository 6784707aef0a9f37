package dev.limitto.jira.token;

import java.util.List;

/**
 * An import was refused and nothing was written (or, if the store failed midway, what was written
 * was revoked again). Carries every problem found, each naming the entry by its index in the JSON
 * array.
 */
public final class TokenImportException extends TokenAdminException {

  private static final long serialVersionUID = 1L;

  public static final String ERR_SUMMARY = "import refused, nothing imported: %d problem(s)";
  public static final String ERR_WRITE =
      "the store failed after %d of %d tokens; those were revoked again: %s";

  private final transient List<String> problems;

  TokenImportException(List<String> problems) {
    super(String.format(ERR_SUMMARY, problems.size()) + "\n" + String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, one line each, in input order. */
  public List<String> problems() {
    return problems;
  }
}
