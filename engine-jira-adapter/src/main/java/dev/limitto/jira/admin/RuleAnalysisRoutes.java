package dev.limitto.jira.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.engine.analysis.RuleDiff;
import dev.limitto.engine.analysis.RuleSuggester;
import dev.limitto.jira.audit.AuditedTraffic;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The answers of {@code POST /rules/diff} (what changes between two rule sets, with example
 * requests) and {@code GET /tokens/{id}/suggest} (least-privilege rules from a token's audited
 * traffic), as {@code ./limit-to diff} and {@code ./limit-to suggest --token} compute them.
 */
final class RuleAnalysisRoutes {

  /** The fields of {@code POST /rules/diff}. */
  static final Set<String> DIFF_FIELDS = Set.of("oldLimitTo", "oldToken", "newLimitTo", "baseUrl");
  /** The parameters of {@code GET /tokens/{id}/suggest}. */
  static final Set<String> SUGGEST_PARAMETERS = Set.of("since");
  /** How far back a suggestion looks when {@code since} is not given. */
  static final String DEFAULT_SINCE = "30d";

  private final ObjectMapper json;

  RuleAnalysisRoutes(ObjectMapper json) {
    this.json = json;
  }

  /**
   * The diff of the old rules (given, or a token's) and the new ones.
   *
   * @param oldRules the old rule text, already read from the body or the token
   * @throws ApiError 400 {@code RULE_SYNTAX} when a side does not compile, naming the side
   */
  ObjectNode diff(String oldRules, String newRules, String baseUrl) {
    RuleDiff.Report report;
    try {
      report = RuleDiff.compare(oldRules, newRules, baseUrl);
    } catch (RuleSyntaxException e) {
      throw AdminApi.ruleSyntax(e);
    }
    return report(report);
  }

  /** {@code oldLimitTo} or {@code oldToken}, exactly one; {@code newLimitTo} required. */
  static void checkDiffBody(JsonBody b) {
    if (b.has("oldLimitTo") == b.has("oldToken")) {
      throw JsonBody.invalid("oldLimitTo", "give exactly one of oldLimitTo and oldToken");
    }
    if (b.string("newLimitTo") == null) {
      throw JsonBody.invalid("newLimitTo", "is required");
    }
  }

  /**
   * The suggestion for a token's traffic, what it allows beyond the traffic, and how it differs
   * from the token's rules.
   */
  ObjectNode suggest(AuditedTraffic.Traffic traffic, String currentRules, String baseUrl) {
    RuleSuggester.Suggestion s = RuleSuggester.suggest(traffic.requests(), baseUrl, false);
    RuleSuggester.Suggestion literal =
        RuleSuggester.literal(traffic.requests(), baseUrl, false);
    ObjectNode n = json.createObjectNode();
    n.put("limitTo", s.rules());
    n.put("requests", s.requests());
    n.put("allowedInAudit", traffic.allowedInAudit());
    n.put("truncated", traffic.truncated());
    // the audit masks query values: the suggestion does not constrain query parameters
    n.put("queryValuesMasked", true);
    n.put("refusedOnReplay", s.refusedOnReplay());
    ArrayNode refused = n.putArray("refusedExamples");
    s.refusedExamples().forEach(refused::add);
    n.set("beyondTraffic", report(RuleDiff.compare(literal.rules(), s.rules(), baseUrl)));
    try {
      n.set("againstCurrent", report(RuleDiff.compare(currentRules, s.rules(), baseUrl)));
    } catch (RuleSyntaxException e) {
      // the token's rules no longer compile under the current settings: nothing to compare
      n.putNull("againstCurrent");
    }
    return n;
  }

  private ObjectNode report(RuleDiff.Report r) {
    ObjectNode root = json.createObjectNode();
    root.put("result", word(r.result()));
    root.put("baseUrl", r.baseUrl());
    ArrayNode groups = root.putArray("methods");
    for (RuleDiff.MethodGroup g : r.groups()) {
      ObjectNode o = groups.addObject();
      ArrayNode m = o.putArray("methods");
      g.methods().forEach(m::add);
      o.put("result", word(g.result()));
      examples(o.putArray("newAllows"), g.newAllows());
      examples(o.putArray("oldAllows"), g.oldAllows());
      ArrayNode u = o.putArray("undecided");
      g.undecided().forEach(u::add);
    }
    return root;
  }

  private static void examples(ArrayNode into, java.util.List<RuleDiff.Example> examples) {
    for (RuleDiff.Example e : examples) {
      ObjectNode o = into.addObject();
      o.put("method", e.method());
      o.put("target", e.target());
      ObjectNode h = o.putObject("headers");
      for (Map.Entry<String, String> x : e.headers().entrySet()) {
        h.put(x.getKey(), x.getValue());
      }
      o.put("body", e.body());
      o.put("url", e.url());
      o.put("allowedBy", e.allowedBy() == RuleDiff.Side.NEW ? "new" : "old");
      if (e.line() == 0) {
        o.putNull("line");
      } else {
        o.put("line", e.line());
      }
      o.put("refusal", e.refusal());
      o.put("foundBy", e.foundBySearch() ? "search" : "automata");
    }
  }

  private static String word(RuleDiff.Result result) {
    return result.name().toLowerCase(Locale.ROOT);
  }
}
