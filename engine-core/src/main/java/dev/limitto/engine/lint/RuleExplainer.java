package dev.limitto.engine.lint;

import dev.limitto.engine.Limits;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.engine.internal.lint.Explainer;
import dev.limitto.engine.internal.parse.ParseResult;
import dev.limitto.engine.internal.parse.RuleParser;
import dev.limitto.engine.internal.parse.SyntaxLine;
import dev.limitto.engine.internal.rules.BaseUrl;
import dev.limitto.engine.internal.rules.RuleCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Says in plain words what a rule set lets a token do: one sentence per effective line ("may add
 * comments to issue KANBAN-100", "may search for issues, with a JQL that starts with `project =
 * KANBAN`"). Jira's common REST resources (issue, comment, search, project, user, board, sprint,
 * worklog, attachment, transitions) are named; any other line is described precisely, quoting its
 * regexes. docs/admin-guide.md shows the sentences.
 */
public final class RuleExplainer {

  private RuleExplainer() {}

  /** The sentence of one line (or of a whole unrestricted rule set); made by the explainer. */
  public static final class Sentence {
    private final int line;
    private final String source;
    private final String text;

    private Sentence(int line, String source, String text) {
      this.line = line;
      this.source = Objects.requireNonNull(source, "source");
      this.text = Objects.requireNonNull(text, "text");
    }

    /** The 1-based source line; 0 for the one sentence of a rule set without effective lines. */
    public int line() {
      return line;
    }

    /** The line as written; empty for the sentence of an unrestricted rule set. */
    public String source() {
      return source;
    }

    /** What the line lets a token do, starting with "may". */
    public String text() {
      return text;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Sentence s
          && s.line == line
          && s.source.equals(source)
          && s.text.equals(text);
    }

    @Override
    public int hashCode() {
      return Objects.hash(line, source, text);
    }

    @Override
    public String toString() {
      return line + ": " + text;
    }
  }

  /**
   * One sentence per effective line, in source order; for a rule set without effective lines, one
   * sentence at line 0 that says the token is unrestricted.
   *
   * @throws RuleSyntaxException when the text does not compile ({@code {base}} stands for whatever
   *     base URL is configured where the rules are used), with every issue
   */
  public static List<Sentence> explain(String text) {
    Objects.requireNonNull(text, "text");
    Limits limits = Limits.defaults();
    RuleCompiler.compile(text, BaseUrl.UNCONFIGURED, true, limits);
    ParseResult parsed = RuleParser.parse(text, limits);
    List<Sentence> out = new ArrayList<>();
    for (SyntaxLine line : parsed.lines()) {
      out.add(new Sentence(line.number(), line.source(), Explainer.sentence(line)));
    }
    if (out.isEmpty()) {
      out.add(new Sentence(0, "", Explainer.UNRESTRICTED));
    }
    return List.copyOf(out);
  }
}
