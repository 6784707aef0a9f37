package dev.limitto.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the shared conformance corpus ({@code conformance.jsonl}, LIMIT-TO.md §8) through
 * the Java API. The corpus lives beside the checkout. Where it is absent the test is skipped, except
 * under CI ({@code CI=true}) or with {@code -Dlimitto.require.spec=true}, where a missing corpus
 * fails the build: a run that checked nothing must not look like a run that passed.
 */
class ConformanceTest {

  /** True when a missing corpus must fail rather than skip. */
  static boolean corpusRequired() {
    return Boolean.getBoolean("limitto.require.spec") || "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static void requireOrSkip(boolean present, String why) {
    if (!present && corpusRequired()) {
      fail(why + " (required under CI=true or -Dlimitto.require.spec=true)");
    }
    Assumptions.assumeTrue(present, why + ": skipped");
  }

  @TestFactory
  Stream<DynamicNode> everyConformanceCaseDecidesAsSpecified() throws IOException {
    String dir = System.getProperty("limitto.spec.dir");
    requireOrSkip(dir != null, "system property limitto.spec.dir is not set: no conformance corpus");
    Path file = Path.of(dir, "conformance.jsonl");
    requireOrSkip(Files.isRegularFile(file), "no conformance corpus at " + file.toAbsolutePath());
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<DynamicNode> groups = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String where = "conformance.jsonl:" + (i + 1);
      @SuppressWarnings("unchecked")
      Map<String, Object> group = (Map<String, Object>) JsonLite.parse(lines.get(i));
      groups.add(DynamicContainer.dynamicContainer(where + " " + group.get("name"),
          tests(where, group)));
    }
    assertFalse(groups.isEmpty(), "conformance corpus has no groups");
    return groups.stream();
  }

  @SuppressWarnings("unchecked")
  private static Stream<DynamicNode> tests(String where, Map<String, Object> group) {
    RuleSet.Compiler compiler = RuleSet.compiler();
    if (group.get("base") != null) {
      compiler.baseUrl((String) group.get("base"));
    }
    String rules = (String) group.get("rules");
    Map<String, Object> compileError = (Map<String, Object>) group.get("compile_error");
    if (compileError != null) {
      int line = ((Number) compileError.get("line")).intValue();
      return Stream.of(DynamicTest.dynamicTest(where + " fails on line " + line, () -> {
        try {
          compiler.compile(rules);
          fail(where + ": compiled, expected an error on line " + line);
        } catch (RuleSyntaxException e) {
          assertTrue(e.issues().stream().anyMatch(issue -> issue.line() == line),
              where + ": no issue on line " + line + ": " + e.issues());
        }
      }));
    }
    RuleSet compiled = compiler.compile(rules);
    List<Map<String, Object>> cases = (List<Map<String, Object>>) group.get("cases");
    List<DynamicNode> tests = new ArrayList<>();
    for (int k = 0; k < cases.size(); k++) {
      Map<String, Object> c = cases.get(k);
      String name = where + " case " + (k + 1) + ": " + c.get("m") + " " + c.get("t");
      tests.add(DynamicTest.dynamicTest(name, () -> check(name, compiled, c)));
    }
    return tests.stream().map(t -> (DynamicNode) t);
  }

  @SuppressWarnings("unchecked")
  private static void check(String name, RuleSet rules, Map<String, Object> c) {
    Request.Builder b = Request.builder((String) c.get("m"), (String) c.get("t"));
    Map<String, Object> headers = (Map<String, Object>) c.get("h");
    if (headers != null) {
      headers.forEach((k, v) -> b.header(k, (String) v));
    }
    if (c.get("b") != null) {
      b.body((String) c.get("b"));
    }
    Decision d = rules.evaluate(b.build());
    String expect = (String) c.get("expect");
    assertEquals(expect, d.outcome().name(), name + ": " + d);
    if (c.get("line") != null) {
      assertEquals(OptionalInt.of(((Number) c.get("line")).intValue()), d.line(),
          name + ": allowing line");
    }
  }
}
