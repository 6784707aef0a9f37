package dev.limitto.example.embedding;

import dev.limitto.engine.Decision;
import dev.limitto.engine.Limits;
import dev.limitto.engine.Request;
import dev.limitto.engine.RuleIssue;
import dev.limitto.engine.RuleSet;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.engine.lint.LintFinding;
import dev.limitto.engine.lint.RuleLinter;
import java.io.PrintStream;
import java.util.List;

/**
 * The program that docs/embedding.md shows, piece by piece: compile a rule set once, decide
 * requests with it, report a rule text that does not compile, lint a draft. Its output is the
 * page's too; {@code EmbeddingExampleTest} runs it and checks both.
 *
 * <pre>
 * ./mvnw -B -q -pl examples/embedding -am package -DskipTests
 * java -p engine-core/target/engine-core-0.1.0-SNAPSHOT.jar:examples/embedding/target/limit-to-example-embedding-0.1.0-SNAPSHOT.jar:$HOME/.m2/repository/com/google/re2j/re2j/1.8/re2j-1.8.jar \
 *     -m dev.limitto.example.embedding/dev.limitto.example.embedding.EmbeddingExample
 * </pre>
 */
public final class EmbeddingExample {

  /** The rules of a bot that works on the KANBAN project; line 1 is a comment. */
  static final String RULES = String.join("\n",
      "# the KANBAN bot",
      "[get]{base}/rest/api/2/myself",
      "[get,head]{base}/rest/api/2/issue/KANBAN-[0-9]+",
      "[post]{base}/rest/api/2/issue[JsonData::fields.project.key==KANBAN]",
      "[get]{base}/rest/api/2/search[QueryParam::jql==project = KANBAN]");

  /** A rule text with a mistake: an unclosed group on line 2. */
  static final String BROKEN = String.join("\n",
      "[get]{base}/rest/api/2/myself",
      "[get].*/rest/api/2/(unclosed");

  /** A draft that compiles but does not say what its author meant. */
  static final String DRAFT = String.join("\n",
      ".*/rest/api/2/issue/KANBAN-[0-9]+",
      "[get]{base}/rest/api/2/myself",
      "[get]{base}/rest/api/2/myself");

  private EmbeddingExample() {}

  public static void main(String[] args) {
    PrintStream out = System.out;

    RuleSet rules = RuleSet.compiler()
        .baseUrl("https://jira.example.com/jira")  // the host application's base URL
        .limits(Limits.defaults())                 // optional
        .compile(RULES);                           // throws RuleSyntaxException

    decide(rules, Request.of("GET", "/jira/rest/api/2/issue/KANBAN-12"), out);
    decide(rules, Request.builder("POST", "/jira/rest/api/2/issue")
        .header("Content-Type", "application/json")
        .body("{\"fields\":{\"project\":{\"key\":\"KANBAN\"}}}")
        .build(), out);
    decide(rules, Request.of("DELETE", "/jira/rest/api/2/issue/KANBAN-12"), out);
    decide(rules, Request.of("GET", "/jira/rest/api/2/issue/OPS-1"), out);
    decide(rules, Request.of("GET", "/jira/rest/api/2/search?jql=project+%3D+OPS"), out);
    decide(rules, Request.of("GET", "/jira/rest/api/2/issue/KANBAN-1/../../../admin"), out);

    reportErrors(BROKEN, out);
    lint(DRAFT, out);
  }

  static void decide(RuleSet rules, Request request, PrintStream out) {
    Decision d = rules.evaluate(request);
    if (d.isUnrestricted()) {
      // the rule set has no effective lines: a token that may do anything its user may
      out.println(request + " -> ALLOW (unrestricted)");
    } else if (d.isAllowed()) {
      // d.line(): the 1-based source line that allowed it
      out.println(request + " -> ALLOW by line " + d.line().getAsInt());
    } else {
      // d.reason(): why, quoting the rule set only: log it, show it to the admin
      out.println(request + " -> DENY: " + d.reason());
    }
  }

  static void reportErrors(String text, PrintStream out) {
    try {
      RuleSet.compiler().baseUrl("https://jira.example.com/jira").compile(text);
    } catch (RuleSyntaxException e) {
      for (RuleIssue issue : e.issues()) {
        // line and column are 1-based (the column in UTF-16 characters); sourceLine(): the line
        out.println(issue.line() + ":" + issue.column() + " " + issue.message());
      }
      out.println(e.render("token KANBAN-bot"));
    }
  }

  static void lint(String text, PrintStream out) {
    List<LintFinding> findings = RuleLinter.lint(text, "https://jira.example.com/jira");
    for (LintFinding f : findings) {
      out.println(f.severity() + " " + f.check() + " at " + f.line() + ":" + f.column());
      out.println(f.render("draft.rules"));
    }
  }
}
