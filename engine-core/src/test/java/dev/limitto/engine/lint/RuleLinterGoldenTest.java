package dev.limitto.engine.lint;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: each {@code lint/NAME.rules} is linted and rendered as {@code lint} prints it;
 * the output must equal {@code lint/NAME.expected} exactly. The expected file may start with
 * {@code base: URL} (the base URL to lint with; none otherwise). A difference is reported at the
 * {@code NAME.expected:LINE} where it starts.
 */
class RuleLinterGoldenTest {

  private static final List<String> NAMES = List.of(
      "clean", "leading-wildcard", "query", "json-on-get", "methods", "shadowed", "commented",
      "errors", "no-base-url", "never-matches", "whole-api", "whole-api-no-base",
      "value-wildcard", "jira");

  private static final String BASE = "base: ";

  @TestFactory
  Stream<DynamicTest> lintOutputEqualsExpectedFile() {
    return NAMES.stream().map(name -> DynamicTest.dynamicTest(name, () -> check(name)));
  }

  private static void check(String name) throws IOException {
    String rules = resource(name + ".rules");
    List<String> expected = new ArrayList<>(List.of(resource(name + ".expected").split("\n", -1)));
    int offset = 1;
    String base = null;
    if (!expected.isEmpty() && expected.get(0).startsWith(BASE)) {
      base = expected.remove(0).substring(BASE.length());
      offset++;
    }
    if (!expected.isEmpty() && expected.get(expected.size() - 1).isEmpty()) {
      expected.remove(expected.size() - 1);
    }
    List<String> actual = new ArrayList<>();
    for (LintFinding f : RuleLinter.lint(rules, base)) {
      actual.addAll(List.of(f.render(name + ".rules").split("\n", -1)));
    }
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      String e = i < expected.size() ? expected.get(i) : "<end of file>";
      String a = i < actual.size() ? actual.get(i) : "<no more output>";
      if (!e.equals(a)) {
        fail("lint/" + name + ".expected:" + (i + offset) + ": expected\n  " + e + "\nbut got\n  "
            + a + "\nwhole output:\n" + String.join("\n", actual));
      }
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = RuleLinterGoldenTest.class.getResourceAsStream("/lint/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource lint/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
