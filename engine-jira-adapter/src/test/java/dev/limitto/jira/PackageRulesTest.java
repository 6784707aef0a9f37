package dev.limitto.jira;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, checked on the adapter's compiled main classes: no
 * package cycle, every package depends only on the adapter packages listed for it, and servlet
 * types stay in the servlet bindings. A new dependency between packages is a change to the table
 * below and to the page, made on purpose.
 */
class PackageRulesTest {

  private static final String ROOT = "dev.limitto.jira";

  /**
   * Each adapter package (relative to {@value #ROOT}) and the adapter packages it may use. A
   * package not listed here fails {@link #everyPackageIsListed()}.
   */
  static final Map<String, Set<String>> ALLOWED = new TreeMap<>(Map.ofEntries(
      Map.entry("db", Set.of()),
      Map.entry("user", Set.of()),
      Map.entry("token.crypto", Set.of()),
      Map.entry("store", Set.of("db")),
      Map.entry("token", Set.of("db", "store", "token.crypto", "user")),
      Map.entry("audit", Set.of("db", "token")),
      Map.entry("snippet", Set.of("token")),
      Map.entry("notify", Set.of("db", "store", "token")),
      Map.entry("upstream", Set.of("db", "token.crypto")),
      Map.entry("gate", Set.of("audit", "token", "user")),
      Map.entry("admin", Set.of("audit", "db", "gate", "snippet", "store", "token", "upstream", "user")),
      Map.entry("servlet.javax", Set.of("admin", "gate")),
      Map.entry("servlet.jakarta", Set.of("admin", "gate"))));

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
  }

  @Test
  void adapterPackagesAreFreeOfCycles() {
    ArchRule rule = slices().matching(ROOT + ".(**)").should().beFreeOfCycles();
    rule.check(classes);
  }

  @Test
  void everyPackageIsListed() {
    Set<String> found = new TreeSet<>();
    for (JavaClass c : classes) {
      found.add(relative(c.getPackageName()));
    }
    assertThat(found).isNotEmpty().isSubsetOf(ALLOWED.keySet());
  }

  @Test
  void everyPackageDependsOnlyOnTheAdapterPackagesListedForIt() {
    List<String> violations = new ArrayList<>();
    for (JavaClass c : classes) {
      String from = relative(c.getPackageName());
      Set<String> allowed = ALLOWED.getOrDefault(from, Set.of());
      c.getDirectDependenciesFromSelf().forEach(d -> {
        String target = d.getTargetClass().getPackageName();
        if (!target.startsWith(ROOT + ".")) {
          return;
        }
        String to = relative(target);
        if (!to.equals(from) && !allowed.contains(to)) {
          violations.add(from + " -> " + to + ": " + d.getDescription());
        }
      });
    }
    assertThat(violations).as("dependencies not in PackageRulesTest.ALLOWED").isEmpty();
  }

  @Test
  void servletTypesStayInTheServletBindings() {
    ArchRule rule = noClasses().that().resideOutsideOfPackage(ROOT + ".servlet..")
        .should().dependOnClassesThat().resideInAnyPackage("javax.servlet..", "jakarta.servlet..")
        .because("the gate and everything behind it are servlet-neutral; bindings only convert");
    rule.check(classes);
  }

  @Test
  void theBindingsNeverUseEachOther() {
    EvaluationResult javax = noClasses().that().resideInAPackage(ROOT + ".servlet.javax..")
        .should().dependOnClassesThat().resideInAPackage("jakarta.servlet..")
        .evaluate(classes);
    EvaluationResult jakarta = noClasses().that().resideInAPackage(ROOT + ".servlet.jakarta..")
        .should().dependOnClassesThat().resideInAPackage("javax.servlet..")
        .evaluate(classes);
    assertThat(javax.getFailureReport().getDetails()).isEmpty();
    assertThat(jakarta.getFailureReport().getDetails()).isEmpty();
  }

  @Test
  void noAdapterClassUsesEngineInternals() {
    ArchRule rule = noClasses().should().dependOnClassesThat()
        .resideInAPackage("dev.limitto.engine.internal..")
        .because("the adapter embeds engine-core through its exported API only");
    rule.check(classes);
  }

  private static String relative(String pkg) {
    return pkg.equals(ROOT) ? "" : pkg.substring(ROOT.length() + 1);
  }
}
