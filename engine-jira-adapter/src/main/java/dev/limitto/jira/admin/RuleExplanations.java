package dev.limitto.jira.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.limitto.engine.lint.RuleExplainer;
import dev.limitto.engine.RuleSyntaxException;
import java.util.Set;

/**
 * The answers of {@code POST /rules/explain} and {@code GET /tokens/{id}/explain}: one plain
 * sentence per rule line, as {@code ./limit-to explain-rules} prints them.
 */
final class RuleExplanations {

  /** The fields of {@code POST /rules/explain}. */
  static final Set<String> FIELDS = Set.of("limitTo");

  private RuleExplanations() {}

  /** The body of {@code POST /rules/explain}: its {@code limitTo} is required. */
  static ObjectNode ofBody(ObjectMapper json, JsonBody body) {
    String text = body.string("limitTo");
    if (text == null) {
      throw JsonBody.invalid("limitTo", "is required");
    }
    return of(json, text);
  }

  /**
   * {@code {"sentences":[{"line":2,"sourceLine":"...","text":"may ..."}],"unrestricted":false}};
   * a rule set without effective lines has one sentence with line 0.
   *
   * @throws ApiError 400 {@code RULE_SYNTAX} with every issue when the text does not compile
   */
  static ObjectNode of(ObjectMapper json, String text) {
    java.util.List<RuleExplainer.Sentence> sentences;
    try {
      sentences = RuleExplainer.explain(text);
    } catch (RuleSyntaxException e) {
      throw AdminApi.ruleSyntax(e);
    }
    ObjectNode n = json.createObjectNode();
    ArrayNode a = n.putArray("sentences");
    for (RuleExplainer.Sentence s : sentences) {
      ObjectNode o = a.addObject();
      o.put("line", s.line());
      o.put("sourceLine", s.source());
      o.put("text", s.text());
    }
    n.put("unrestricted", sentences.size() == 1 && sentences.get(0).line() == 0);
    return n;
  }
}
