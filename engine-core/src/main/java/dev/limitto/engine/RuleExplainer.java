package dev.limitto.engine;

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

  /**
   * The sentence of one line.
   *
   * @param line 1-based source line
   * @param source the line as written
   * @param text what the line lets a token do, starting with "may"
   */
  public record Sentence(int line, String source, String text) {
    public Sentence {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * One sentence per effective line, in source order; for a rule set without effective lines, one
   * sentence at line 0 that says the token is unrestricted.
   *
   * @throws RuleSyntaxException when the text does not compile (with the default base URL: {@code
   *     {base}} is allowed), with every issue
   */
  public static List<Sentence> explain(String text) {
    Objects.requireNonNull(text, "text");
    Limits limits = Limits.defaults();
    RuleCompiler.compile(text, BaseUrl.parse(RuleSet.DEFAULT_BASE_URL), true, limits);
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
