package dev.limitto.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Runs the data-driven cases of {@code src/test/resources/cases/*.cases} through the Java API. */
class RuleCasesTest {

  static final List<String> FILES = List.of(
      "methods.cases", "url.cases", "query.cases", "json.cases", "target.cases",
      "decisions.cases", "syntax.cases", "limits.cases");

  @TestFactory
  Stream<DynamicNode> everyCaseFileDecidesAsWritten() throws IOException {
    List<DynamicNode> nodes = new ArrayList<>();
    for (String file : FILES) {
      for (CaseFile.Group g : CaseFile.read(file)) {
        nodes.add(DynamicContainer.dynamicContainer(g.where() + " " + g.name, tests(g)));
      }
    }
    return nodes.stream();
  }

  @Test
  void caseFilesHoldAtLeast150Cases() throws IOException {
    int count = 0;
    for (String file : FILES) {
      for (CaseFile.Group g : CaseFile.read(file)) {
        count += g.cases.size() + (g.errors.isEmpty() ? 0 : 1);
      }
    }
    assertTrue(count >= 150, "only " + count + " cases");
  }

  private static Stream<DynamicNode> tests(CaseFile.Group g) {
    if (!g.errors.isEmpty()) {
      return Stream.of(DynamicTest.dynamicTest(g.where() + " does not compile", () -> {
        try {
          g.compile();
          fail(g.where() + ": compiled, expected " + g.errors);
        } catch (RuleSyntaxException e) {
          List<RuleIssue> issues = e.issues();
          assertEquals(g.errors.size(), issues.size(),
              g.where() + ": issues " + issues);
          for (int i = 0; i < issues.size(); i++) {
            CaseFile.Expected x = g.errors.get(i);
            RuleIssue got = issues.get(i);
            String where = g.file + ":" + x.fileLine();
            assertEquals(x.line() + ":" + x.column(), got.line() + ":" + got.column(),
                where + ": position of " + got);
            if (x.message() != null) {
              assertEquals(x.message(), got.message(), where + ": message");
            }
          }
        }
      }));
    }
    RuleSet rules;
    try {
      rules = g.compile();
    } catch (RuleSyntaxException e) {
      return Stream.of(DynamicTest.dynamicTest(g.where() + " compiles",
          () -> fail(g.where() + ": does not compile: " + e.render(g.file))));
    }
    return g.cases.stream().map(c -> DynamicTest.dynamicTest(
        g.file + ":" + c.line + " " + c.display, () -> check(g, rules, c)));
  }

  private static void check(CaseFile.Group g, RuleSet rules, CaseFile.Case c) {
    String where = g.file + ":" + c.line;
    if (c.expect == null) {
      fail(where + ": case has no 'expect:'");
    }
    Decision d = rules.evaluate(c.request.build());
    String e = c.expect;
    if (e.startsWith("ALLOW")) {
      String rest = e.substring(5).strip();
      assertTrue(d.isAllowed(), where + ": expected " + e + ", got " + d);
      if (rest.equals("unrestricted")) {
        assertTrue(d.isUnrestricted() && d.line().isEmpty(), where + ": unrestricted, got " + d);
      } else {
        assertEquals(OptionalInt.of(Integer.parseInt(rest)), d.line(),
            where + ": allowing line of " + d);
        assertTrue(!d.isUnrestricted(), where + ": allowed by a line, not unrestricted");
      }
    } else if (e.startsWith("DENY")) {
      assertTrue(!d.isAllowed(), where + ": expected " + e + ", got " + d);
      String rest = e.substring(4).strip();
      if (rest.startsWith("~")) {
        String part = rest.substring(1).strip();
        assertTrue(d.reason().contains(part),
            where + ": reason \"" + d.reason() + "\" lacks \"" + part + "\"");
      } else if (!rest.isEmpty()) {
        assertEquals(rest, d.reason(), where + ": reason");
      }
    } else {
      fail(where + ": expect must start with ALLOW or DENY: " + e);
    }
  }
}
