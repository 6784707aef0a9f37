package dev.limitto.engine.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Decision;
import dev.limitto.engine.Limits;
import dev.limitto.engine.Request;
import dev.limitto.engine.internal.match.Matchers;
import dev.limitto.engine.internal.match.UrlMatcher;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For all rule sets and paths where every automaton that can tell is run (no more lines whose
 * literal the path runs past than {@link ClosestLine#MAX_MEASURED}), the sorted-literal look-up
 * names the same line as measuring every line that admits the method one by one: the line whose
 * URL regex the path got furthest into, ties to the earlier line.
 */
class ClosestLineProperties {

  private static final String ORIGIN = "https://h.example";

  @Property(tries = 400)
  void closestLineIsTheOneEveryLineMeasuredNames(
      @ForAll("ruleSets") List<String> urls, @ForAll("paths") List<String> paths)
      throws Exception {
    assertClosestIsTheOneEveryLineMeasuredNames(urls, paths);
  }

  /**
   * The same for families of lines {@code .*X...} whose literals X share long starts (the same
   * endpoint for several project keys), which a look-up rules out together when the path lacks
   * their common start.
   */
  @Property(tries = 400)
  void closestOfDotStarFamiliesIsTheOneEveryLineMeasuredNames(
      @ForAll("dotStarFamilies") List<String> urls, @ForAll("familyPaths") List<String> paths)
      throws Exception {
    assertClosestIsTheOneEveryLineMeasuredNames(urls, paths);
  }

  private static void assertClosestIsTheOneEveryLineMeasuredNames(List<String> urls,
      List<String> paths) throws Exception {
    String text = String.join("\n", urls.stream().map(u -> "[get]" + u).toList());
    CompiledRules rules = RuleCompiler.compile(text, BaseUrl.parse(ORIGIN), true, Limits.defaults());
    List<UrlMatcher> matchers = new ArrayList<>();
    for (String u : urls) {
      matchers.add(Matchers.compileUrl(u.replace("{base}", com.google.re2j.Pattern.quote(ORIGIN)),
          Limits.DEFAULT_MAX_REGEX_PROGRAM_SIZE, ORIGIN));
    }
    for (String path : paths) {
      if (!path.startsWith("/") || matchers.stream().anyMatch(m -> m.matchesPath(path))) {
        continue; // rejected or allowed: no closest line to name
      }
      long measured = matchers.stream()
          .filter(m -> m.pathPrefix() != null && path.startsWith(m.pathPrefix())).count();
      if (measured > ClosestLine.MAX_MEASURED) {
        continue; // past the cap, by design
      }
      int best = -1;
      int bestProgress = -2;
      for (int i = 0; i < matchers.size(); i++) {
        int p = progress(matchers.get(i), path);
        if (p > bestProgress) {
          bestProgress = p;
          best = i;
        }
      }
      Decision d = rules.decide(Request.of("GET", path));
      assertThat(d.reason()).as("GET %s against%n%s", path, text)
          .startsWith("line " + (best + 1) + ": URL does not match ");
      assertThat(new ReferenceRules(rules, BaseUrl.parse(ORIGIN).origin()).decide(Request.of("GET", path)))
          .isEqualTo(d);
    }
  }

  /** How far a path gets into one line, measured on its own: -1 when the line is not ranked. */
  private static int progress(UrlMatcher url, String path) {
    if (url.diesInOrigin()) {
      return -1;
    }
    String prefix = url.pathPrefix();
    if (prefix == null) {
      return 0;
    }
    return path.startsWith(prefix)
        ? url.progressAfterPrefix(path)
        : ClosestLine.commonLength(prefix, path);
  }

  @Provide
  Arbitrary<List<String>> ruleSets() {
    Arbitrary<String> literal = Arbitraries.of("/a", "/b", "/ab", "/a/b", "x", "-", "/c")
        .list().ofMinSize(0).ofMaxSize(4).map(parts -> String.join("", parts));
    Arbitrary<String> tail = Arbitraries.of("", "", "[0-9]+", "(a|b)c", ".*z", "/[a-c]+/d", "x?y");
    Arbitrary<String> url = Combinators.combine(
        Arbitraries.of("{base}", "{base}", "{base}", ".*", "https://other\\.example"), literal, tail)
        .as((head, lit, t) -> head + lit + t);
    Arbitrary<String> oddOnes = Arbitraries.of("(?i){base}/a/b", "{base}/\\p{Lu}+");
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(9, url), net.jqwik.api.Tuple.of(1, oddOnes))
        .list().ofMinSize(1).ofMaxSize(24);
  }

  @Provide
  Arbitrary<List<String>> dotStarFamilies() {
    Arbitrary<String> family = Arbitraries.of("/sd/req/", "/api/pro/", "/api/search", "/api/");
    Arbitrary<String> key = Arbitraries.of("", "A", "AB", "ABC", "B", "BA");
    Arbitrary<String> tail = Arbitraries.of("", "-[0-9]+/c", "/(v|s)", "[0-9]+", "-1", ".*z");
    Arbitrary<String> url = Combinators.combine(Arbitraries.of(".*", ".*", ".*", "{base}"),
        family, key, tail).as((head, f, k, t) -> head + f + k + t);
    return url.list().ofMinSize(1).ofMaxSize(ClosestLine.MAX_MEASURED + 2);
  }

  @Provide
  Arbitrary<List<String>> familyPaths() {
    return Arbitraries.of("/sd/req/", "/api/pro/", "/api/", "/sd/", "search", "A", "B", "C",
            "-1", "2", "/c", "/v", "z", "x")
        .list().ofMinSize(0).ofMaxSize(6).map(parts -> String.join("", parts))
        .map(p -> p.startsWith("/") ? p : "/j" + p)
        .filter(p -> !p.contains("//")) // a rejected path has no closest line
        .list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<String>> paths() {
    return Arbitraries.of("/a", "/b", "/ab", "/a/b", "x", "-", "/c", "1", "z", "/d", "y")
        .list().ofMinSize(0).ofMaxSize(6).map(parts -> String.join("", parts))
        .map(p -> p.startsWith("/") ? p : "/" + p)
        .list().ofMinSize(1).ofMaxSize(8);
  }
}
