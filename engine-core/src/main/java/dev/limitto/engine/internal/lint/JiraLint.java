package dev.limitto.engine.internal.lint;

import dev.limitto.engine.Limits;
import dev.limitto.engine.internal.json.JsonBodyCheck;
import dev.limitto.engine.internal.json.JsonPredicate;
import dev.limitto.engine.internal.json.JsonResult;
import dev.limitto.engine.internal.json.JsonSelector;
import dev.limitto.engine.internal.json.JsonSelectorException;
import dev.limitto.engine.internal.match.InvalidRegexException;
import dev.limitto.engine.internal.match.Matchers;
import dev.limitto.engine.internal.match.RegexLanguages.Language;
import dev.limitto.engine.internal.match.RegexLanguages;
import dev.limitto.engine.internal.match.StringMatcher;
import dev.limitto.engine.internal.parse.HttpMethods;
import dev.limitto.engine.internal.parse.SyntaxLine;
import dev.limitto.engine.internal.parse.SyntaxPredicate;
import dev.limitto.engine.internal.util.CompactJson;
import dev.limitto.engine.lint.LintFinding.Check;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The warnings that come from Jira's REST semantics rather than from the language: what Jira
 * reads in a body beside what a line constrains ({@code update} beside {@code fields}, a project
 * {@code id} beside its {@code key}), JQL that a longer query extends, and JSON literals that a
 * value regex matches as text where Jira expects a string. Each warning shows a request that
 * proves it, checked against the line's own compiled predicates, and the fix.
 */
final class JiraLint {

  /** Where the warnings go. */
  interface Sink {
    void warn(Check check, SyntaxLine line, int column, String message);
  }

  /**
   * Jira fields whose REST value is a string, by the last name of a selector: a JSON literal
   * there is never what the admin meant.
   */
  static final Set<String> STRING_FIELDS = Set.of(
      "summary", "description", "environment", "body", "key", "name", "jql", "value");

  /** The JSON literals that {@code JsonData} matches as their text (LIMIT-TO.md §5). */
  private static final List<String> LITERALS = List.of("null", "true", "false");

  /** Extensions tried, in order, to show that a JQL value lets a longer query through. */
  private static final List<String> JQL_EXTENSIONS = List.of(
      " OR project = SECRET", " AND status = Done OR project = SECRET",
      ") OR (project = SECRET", " || project = SECRET");

  /** JQL that ends by adding a project with OR (any case) or {@code ||}: the automaton check. */
  private static final Language JQL_OR_TAIL =
      RegexLanguages.of(".*([ ()][Oo][Rr][ (]|[ ()]?\\|\\|[ (]?)project = SECRET\\)?");

  private static final int BODY_METHODS = HttpMethods.requestBit("POST")
      | HttpMethods.requestBit("PUT");

  private final Limits limits;
  private final RegexLanguages.Budget pairs;
  private final Sink sink;

  JiraLint(Limits limits, RegexLanguages.Budget pairs, Sink sink) {
    this.limits = limits;
    this.pairs = pairs;
    this.sink = sink;
  }

  /**
   * Runs the checks of one line.
   *
   * @param reported predicates that already have an {@code UNBOUNDED_VALUE} warning whose witness
   *     extends the query, so that the JQL warning does not repeat it
   */
  void check(SyntaxLine line, Set<SyntaxPredicate> reported) {
    // a line for GET or HEAD only has its JsonData warning already: it never reads a body
    boolean body = line.methodMask() == 0 || (line.methodMask() & BODY_METHODS) != 0;
    if (body) {
      updateSection(line);
      projectById(line);
    }
    for (SyntaxPredicate p : line.predicates()) {
      if (p.absent()) {
        continue;
      }
      if (Linter.isJql(p) && !reported.contains(p)) {
        extendableJql(line, p);
      }
      if (body && p.kind() == SyntaxPredicate.Kind.JSON_DATA) {
        jsonLiteral(line, p);
      }
    }
  }

  /**
   * Fields that name what an issue is created in rather than what it says: Jira's {@code update}
   * section does not move an issue between projects or types, so constraining them alone is no
   * reason for the {@code update} warning.
   */
  private static final Set<String> IDENTITY_FIELDS = Set.of("project", "issuetype");

  // --- fields beside update --------------------------------------------------------------------

  private void updateSection(SyntaxLine line) {
    SyntaxPredicate first = null;
    for (SyntaxPredicate p : line.predicates()) {
      if (p.kind() != SyntaxPredicate.Kind.JSON_DATA) {
        continue;
      }
      List<String> path = path(p.name());
      if (p.absent() && path != null && path.size() == 1 && path.get(0).equals("update")) {
        return; // [JsonData::!update] or [JsonData::!/update]: no update section
      }
      if (first == null && !p.absent() && path != null && path.size() >= 2
          && path.get(0).equals("fields") && !IDENTITY_FIELDS.contains(path.get(1))
          && isPath(p.name())) {
        first = p;
      }
    }
    if (first == null) {
      return;
    }
    String field = path(first.name()).get(1);
    Map<String, Object> body = exampleBody(line);
    if (body == null) {
      return;
    }
    Map<String, Object> update = new LinkedHashMap<>();
    update.put(field, List.of(Map.of("set", "anything")));
    body.put("update", update);
    String json = CompactJson.write(body);
    if (!passes(line, json)) {
      return; // the line's own predicates refuse it: nothing proven
    }
    sink.warn(Check.JIRA_UPDATE_SECTION, line, predicateColumn(first), String.format(
        LintMessages.JIRA_UPDATE_SECTION, first.name(), json, field));
  }

  // --- project by id ---------------------------------------------------------------------------

  private void projectById(SyntaxLine line) {
    SyntaxPredicate key = null;
    for (SyntaxPredicate p : line.predicates()) {
      if (p.kind() != SyntaxPredicate.Kind.JSON_DATA) {
        continue;
      }
      List<String> path = isPath(p.name()) ? path(p.name()) : null;
      if (path == null || path.size() != 3 || !path.get(0).equals("fields")
          || !path.get(1).equals("project")) {
        continue;
      }
      if (path.get(2).equals("id")) {
        return; // the id is constrained (or, with !, excluded)
      }
      if (path.get(2).equals("key") && !p.absent() && key == null) {
        key = p;
      }
    }
    if (key == null) {
      return;
    }
    Map<String, Object> body = exampleBody(line);
    if (body == null) {
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> project = (Map<String, Object>) ((Map<String, Object>) body
        .get("fields")).get("project");
    project.put("id", "10001");
    String json = CompactJson.write(body);
    if (!passes(line, json)) {
      return;
    }
    sink.warn(Check.JIRA_PROJECT_BY_ID, line, predicateColumn(key), String.format(
        LintMessages.JIRA_PROJECT_BY_ID, key.name(), json));
  }

  // --- JQL that a longer query extends ---------------------------------------------------------

  private void extendableJql(SyntaxLine line, SyntaxPredicate p) {
    StringMatcher matcher = compiled(p.value());
    Language language = RegexLanguages.of(p.value());
    if (matcher == null) {
      return;
    }
    String witness = null;
    String start = language == null ? null : language.example();
    if (start != null) {
      for (String extension : JQL_EXTENSIONS) {
        if (matcher.matches(start + extension)) {
          witness = start + extension;
          break;
        }
      }
    }
    if (witness == null && language != null && JQL_OR_TAIL != null) {
      String found = language.exampleAlsoIn(JQL_OR_TAIL, pairs);
      if (found != null && matcher.matches(found)) {
        witness = found;
      }
    }
    if (witness == null) {
      return;
    }
    sink.warn(Check.JIRA_JQL_EXTENDABLE, line, p.valueColumn(), String.format(
        LintMessages.JIRA_JQL_EXTENDABLE, p.kind().spelling() + "::" + p.name(), witness));
  }

  // --- JSON literals where Jira has a string ---------------------------------------------------

  private void jsonLiteral(SyntaxLine line, SyntaxPredicate p) {
    List<String> path = path(p.name());
    if (path == null || path.isEmpty() || !STRING_FIELDS.contains(path.get(path.size() - 1))) {
      return;
    }
    StringMatcher matcher = compiled(p.value());
    if (matcher == null) {
      return;
    }
    for (String literal : LITERALS) {
      if (matcher.matches(literal)) {
        Map<String, Object> body = exampleBody(line, p, new CompactJson.Raw(literal));
        if (body == null || !passes(line, CompactJson.write(body))) {
          return; // another predicate of the line refuses it: nothing proven
        }
        sink.warn(Check.JIRA_JSON_LITERAL, line, p.valueColumn(), String.format(
            LintMessages.JIRA_JSON_LITERAL, p.kind().spelling() + "::" + p.name(), literal,
            path.get(path.size() - 1), CompactJson.write(body)));
        return;
      }
    }
  }

  // --- bodies ----------------------------------------------------------------------------------

  /** A JSON literal written as is. */
  /**
   * A body with one example value for each value predicate of the line, at its path (a bare
   * name at the root); null when a value regex has no example or two predicates collide.
   */
  private static Map<String, Object> exampleBody(SyntaxLine line) {
    return exampleBody(line, null, null);
  }

  /** {@link #exampleBody(SyntaxLine)} with {@code value} for predicate {@code chosen}. */
  private static Map<String, Object> exampleBody(SyntaxLine line, SyntaxPredicate chosen,
      Object value) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (SyntaxPredicate p : line.predicates()) {
      if (p.kind() != SyntaxPredicate.Kind.JSON_DATA || p.absent()) {
        continue;
      }
      List<String> path = path(p.name());
      Object example;
      if (p == chosen) {
        example = value;
      } else {
        Language language = RegexLanguages.of(p.value());
        example = language == null ? null : language.example();
      }
      if (path == null || example == null || !put(body, path, example)) {
        return null;
      }
    }
    return body;
  }

  @SuppressWarnings("unchecked")
  private static boolean put(Map<String, Object> root, List<String> path, Object value) {
    Map<String, Object> node = root;
    for (int i = 0; i < path.size() - 1; i++) {
      Object child = node.computeIfAbsent(path.get(i), k -> new LinkedHashMap<String, Object>());
      if (!(child instanceof Map)) {
        return false;
      }
      node = (Map<String, Object>) child;
    }
    String last = path.get(path.size() - 1);
    Object old = node.get(last);
    if (old != null && !old.equals(value)) {
      return false;
    }
    node.put(last, value);
    return true;
  }

  /** Whether the body passes every JsonData predicate of the line, as the engine decides it. */
  private boolean passes(SyntaxLine line, String json) {
    List<JsonPredicate> predicates = new ArrayList<>();
    for (SyntaxPredicate p : line.predicates()) {
      if (p.kind() != SyntaxPredicate.Kind.JSON_DATA) {
        continue;
      }
      JsonSelector selector;
      try {
        selector = JsonSelector.parse(p.name());
      } catch (JsonSelectorException e) {
        return false;
      }
      if (p.absent()) {
        predicates.add(JsonPredicate.absent(selector));
      } else {
        StringMatcher value = compiled(p.value());
        if (value == null) {
          return false;
        }
        predicates.add(new JsonPredicate(selector, value, p.value()));
      }
    }
    JsonResult result = JsonBodyCheck.evaluate(json.getBytes(StandardCharsets.UTF_8), limits,
        predicates);
    return result.allMatched();
  }

  /** The names of a dotted path or a JSON Pointer, a bare name as itself; null when odd. */
  static List<String> path(String selector) {
    if (selector.startsWith("/")) {
      List<String> out = new ArrayList<>();
      for (String token : selector.substring(1).split("/", -1)) {
        out.add(token.replace("~1", "/").replace("~0", "~"));
      }
      return out;
    }
    if (selector.isEmpty()) {
      return null;
    }
    return List.of(selector.split("\\.", -1));
  }

  /** Whether the selector starts at the root (a dotted path or a pointer), not a bare name. */
  private static boolean isPath(String selector) {
    return selector.startsWith("/") || selector.indexOf('.') >= 0;
  }

  private StringMatcher compiled(String regex) {
    try {
      return Matchers.compile(regex, limits.maxRegexProgramSize());
    } catch (InvalidRegexException e) {
      return null;
    }
  }

  private static int predicateColumn(SyntaxPredicate p) {
    return p.nameColumn() - p.kind().spelling().length() - "[::".length() - (p.absent() ? 1 : 0);
  }

}
