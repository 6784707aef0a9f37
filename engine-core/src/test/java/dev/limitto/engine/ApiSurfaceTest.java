package dev.limitto.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.analysis.RuleDiff;
import dev.limitto.engine.analysis.RuleSuggester;
import dev.limitto.engine.lint.LintFinding;
import dev.limitto.engine.lint.RuleExplainer;
import dev.limitto.engine.lint.RuleLinter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The exported API is what an embedder needs and no more: its public types are listed here, the
 * results of the engine have no public way to be made outside it, and no default of a tool (the
 * command line's base URL) is part of it. A new public type or factory fails this test until it
 * is added here on purpose.
 */
class ApiSurfaceTest {

  /** Every public top-level and nested type of the exported packages. */
  private static final Set<String> API = Set.of(
      "dev.limitto.engine.Decision",
      "dev.limitto.engine.Decision$Outcome",
      "dev.limitto.engine.HttpRequestView",
      "dev.limitto.engine.Limits",
      "dev.limitto.engine.Limits$Builder",
      "dev.limitto.engine.LineExplanation",
      "dev.limitto.engine.Request",
      "dev.limitto.engine.Request$Builder",
      "dev.limitto.engine.RuleIssue",
      "dev.limitto.engine.RuleSet",
      "dev.limitto.engine.RuleSet$Compiler",
      "dev.limitto.engine.RuleSyntaxException",
      "dev.limitto.engine.analysis.RuleDiff",
      "dev.limitto.engine.analysis.RuleDiff$Example",
      "dev.limitto.engine.analysis.RuleDiff$MethodGroup",
      "dev.limitto.engine.analysis.RuleDiff$Report",
      "dev.limitto.engine.analysis.RuleDiff$Result",
      "dev.limitto.engine.analysis.RuleDiff$Side",
      "dev.limitto.engine.analysis.RuleSuggester",
      "dev.limitto.engine.analysis.RuleSuggester$Suggestion",
      "dev.limitto.engine.lint.LintFinding",
      "dev.limitto.engine.lint.LintFinding$Check",
      "dev.limitto.engine.lint.LintFinding$Severity",
      "dev.limitto.engine.lint.RuleExplainer",
      "dev.limitto.engine.lint.RuleExplainer$Sentence",
      "dev.limitto.engine.lint.RuleLinter");

  /**
   * What only the engine makes: read by an embedder, never made by one. (The reports of
   * {@code analysis} are plain records of data, which an embedder may build to compare with.)
   */
  private static final List<Class<?>> RESULTS = List.of(Decision.class, LineExplanation.class,
      RuleIssue.class, RuleSyntaxException.class, LintFinding.class,
      RuleExplainer.Sentence.class);

  @Test
  void exportedPackagesHoldOnlyTheListedPublicTypes() {
    Set<String> found = new TreeSet<>();
    for (Class<?> top : List.of(Decision.class, HttpRequestView.class, Limits.class,
        LineExplanation.class, Request.class, RuleIssue.class, RuleSet.class,
        RuleSyntaxException.class, LintFinding.class, RuleLinter.class, RuleExplainer.class,
        RuleDiff.class, RuleSuggester.class)) {
      collectPublic(top, found);
    }
    assertThat(found).containsExactlyInAnyOrderElementsOf(API);
    // the listed classes are all the package holds: a class compiled into it but not listed fails
    assertThat(publicTopLevelClassesIn("dev/limitto/engine"))
        .containsExactlyInAnyOrderElementsOf(topLevel("dev.limitto.engine."));
    assertThat(publicTopLevelClassesIn("dev/limitto/engine/lint"))
        .containsExactlyInAnyOrderElementsOf(topLevel("dev.limitto.engine.lint."));
    assertThat(publicTopLevelClassesIn("dev/limitto/engine/analysis"))
        .containsExactlyInAnyOrderElementsOf(topLevel("dev.limitto.engine.analysis."));
  }

  @Test
  void resultsHaveNoPublicConstructorOrFactory() {
    List<String> open = new ArrayList<>();
    for (Class<?> c : RESULTS) {
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (!Modifier.isPrivate(k.getModifiers()) && !isPackagePrivate(k.getModifiers())) {
          open.add(k.toString());
        }
      }
      for (Method m : c.getMethods()) {
        if (Modifier.isStatic(m.getModifiers()) && m.getReturnType() == c) {
          open.add(m.toString());
        }
      }
    }
    assertThat(open).isEmpty();
  }

  @Test
  void apiHoldsNoToolDefaultsAsConstants() {
    List<String> constants = new ArrayList<>();
    for (Class<?> c : List.of(RuleSet.class, RuleSet.Compiler.class, Decision.class,
        RuleLinter.class, LintFinding.class)) {
      for (Field f : c.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && !f.isEnumConstant()) {
          constants.add(f.toString());
        }
      }
    }
    assertThat(constants).isEmpty();
  }

  private static void collectPublic(Class<?> c, Set<String> out) {
    if (Modifier.isPublic(c.getModifiers())) {
      out.add(c.getName());
      for (Class<?> nested : c.getDeclaredClasses()) {
        collectPublic(nested, out);
      }
    }
  }

  private static boolean isPackagePrivate(int modifiers) {
    return !Modifier.isPublic(modifiers) && !Modifier.isProtected(modifiers)
        && !Modifier.isPrivate(modifiers);
  }

  private static Set<String> topLevel(String packagePrefix) {
    Set<String> out = new TreeSet<>();
    for (String name : API) {
      if (name.startsWith(packagePrefix) && name.indexOf('$') < 0
          && name.lastIndexOf('.') == packagePrefix.length() - 1) {
        out.add(name);
      }
    }
    return out;
  }

  /** The public top-level classes compiled into a package of the main output. */
  private static Set<String> publicTopLevelClassesIn(String packagePath) {
    Set<String> out = new TreeSet<>();
    java.nio.file.Path dir = java.nio.file.Path.of(
        RuleSet.class.getProtectionDomain().getCodeSource().getLocation().getPath(), packagePath);
    try (var files = java.nio.file.Files.list(dir)) {
      for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
        String file = f.getFileName().toString();
        if (file.endsWith(".class") && !file.contains("$") && !file.equals("package-info.class")
            && !file.equals("module-info.class")) {
          String name = packagePath.replace('/', '.') + "." + file.replace(".class", "");
          if (Modifier.isPublic(Class.forName(name).getModifiers())) {
            out.add(name);
          }
        }
      }
    } catch (java.io.IOException | ClassNotFoundException e) {
      throw new AssertionError("cannot list " + dir, e);
    }
    return out;
  }
}
