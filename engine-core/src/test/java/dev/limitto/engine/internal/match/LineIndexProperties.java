package dev.limitto.engine.internal.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The index never drops a line that matches: every matching line is a candidate. */
class LineIndexProperties {

  private static final String ORIGIN = "https://jira.example.com";
  /** An origin longer than 64 characters: a literal may span more than a word's bits of it. */
  private static final String LONG_ORIGIN =
      "https://jira-data-center-node-01.internal.example.com/atlassian/jira-software";

  @Property(tries = 500)
  void everyLineThatMatchesIsACandidate(
      @ForAll("urlRegexLists") List<String> shapes,
      @ForAll("paths") List<String> paths,
      @ForAll @IntRange(min = 0, max = LineIndex.OTHER_METHOD) int methodIndex,
      @ForAll("origins") String origin) {
    List<String> regexes = shapes.stream().map(r -> inOrigin(r, origin)).toList();
    int n = regexes.size();
    int[] masks = new int[n];
    List<String> literals = new ArrayList<>();
    List<Pattern> patterns = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      masks[i] = (i * 37) % 5 == 0 ? 0 : 1 << (i % 9); // some lines admit any method
      literals.add(TieredMatchers.requiredLiteral(regexes.get(i)));
      patterns.add(Pattern.compile(regexes.get(i)));
    }
    LineIndex index = LineIndex.build(masks, literals, origin);
    for (String path : paths) {
      long[] c = index.candidates(methodIndex, path).clone();
      int w = index.words();
      // a decoded path arrives in a reused buffer: the same candidates
      assertThat(index.candidates(methodIndex, new StringBuilder(path))).isEqualTo(c);
      for (int i = 0; i < n; i++) {
        boolean urlMatches = patterns.get(i).matcher(origin + path).matches();
        boolean urlCandidate = (index.urlWord(c, i >>> 6) & (1L << i)) != 0;
        boolean candidate = (index.methodWord(c, methodIndex, i >>> 6) & (1L << i)) != 0;
        if (urlMatches) {
          assertThat(urlCandidate).as("line %d %s on %s", i, regexes.get(i), path).isTrue();
        }
        assertThat(candidate).isEqualTo(urlCandidate && index.admits(methodIndex, i));
        assertThat(index.admits(methodIndex, i))
            .isEqualTo(masks[i] == 0 || (methodIndex < 9 && (masks[i] & (1 << methodIndex)) != 0));
      }
    }
  }

  /**
   * Below {@link LineIndex#AUTOMATON_FROM_LINES} lines (and from {@link LineIndex#SCAN_FROM_LINES})
   * the index is exact: a line is a URL candidate exactly when its literal occurs in the origin
   * followed by the path, ending past the origin, or when it has none to look for (empty, not
   * ASCII, or within the origin itself).
   */
  @Property(tries = 300)
  void aSmallIndexNamesExactlyTheLinesWhoseLiteralTheUrlHolds(
      @ForAll("smallRegexLists") List<String> shapes,
      @ForAll("paths") List<String> paths,
      @ForAll("origins") String origin) {
    List<String> regexes = shapes.stream().map(r -> inOrigin(r, origin)).toList();
    List<String> literals = regexes.stream().map(TieredMatchers::requiredLiteral).toList();
    LineIndex index = LineIndex.build(new int[regexes.size()], literals, origin);
    for (String path : paths) {
      long[] c = index.candidates(0, path);
      String url = origin + path;
      for (int i = 0; i < regexes.size(); i++) {
        String lit = literals.get(i);
        boolean nothingToFind = lit.isEmpty() || lit.chars().anyMatch(ch -> ch >= 128)
            || origin.contains(lit);
        boolean holds = url.indexOf(lit, Math.max(0, origin.length() - lit.length() + 1)) >= 0;
        assertThat((index.urlWord(c, 0) & (1L << i)) != 0)
            .as("line %d %s (literal %s) on %s%s", i, regexes.get(i), lit, origin, path)
            .isEqualTo(nothingToFind || holds);
      }
    }
  }

  /**
   * One thread's candidate array serves every rule set, large and small, one after the other:
   * whatever the last call wrote, the next one returns exactly what a fresh array would hold.
   */
  @Property(tries = 200)
  void candidatesOnASharedArrayAreThoseOfAFreshOne(
      @ForAll("urlRegexLists") List<String> small,
      @ForAll @IntRange(min = 1, max = 2500) int largeSize,
      @ForAll("paths") List<String> paths,
      @ForAll("queries") List<String> queries) throws Exception {
    LineIndex a = index(small, i -> i % 4 == 0 ? "" : i % 4 == 1 ? "jql" : "project = K" + (i % 37));
    // two large ones of other sizes, so that what one call leaves lies where the next reads
    LineIndex[] large = {large(largeSize), large(largeSize + 700)};
    for (int k = 0; k < 2 * paths.size(); k++) {
      LineIndex index = k % 3 == 0 ? a : large[k % 2];
      int method = k % (LineIndex.OTHER_METHOD + 1);
      String path = k % 2 == 0 ? paths.get(k / 2) : k % 5 == 1 ? "/rest/api/2/search"
          : "/rest/api/2/issue/Q" + (k * 7919 % largeSize) + "-1";
      String query = k % 2 == 0 ? queries.get(k % queries.size())
          : k % 4 == 1 ? "startAt=5&fields=a&expand=b&jql=project+%3D+Q" + (k * 31 % largeSize) + "%3B"
          : "jql=project+%3D+Q" + (k * 104729 % largeSize) + "%3B";
      long[] shared = index.candidates(method, path, query);
      long[][] fresh = new long[1][];
      Thread t = new Thread(() -> fresh[0] = index.candidates(method, path, query).clone());
      t.start();
      t.join();
      int size = LineIndex.scratchSize(index.words(), index.summaryWords());
      assertThat(java.util.Arrays.copyOf(shared, size)).as("%s ? %s", path, query)
          .isEqualTo(java.util.Arrays.copyOf(fresh[0], size));
    }
  }

  /**
   * A literal of its own per line, so that most words hold no candidate, but for every tenth
   * line, whose URL literal they share (a group of the path scanner once they fill enough
   * words), and a query literal that a fifth of the lines share: a group of the query scanner.
   */
  private static LineIndex large(int size) {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      many.add(i % 10 == 3 ? ".*/rest/api/2/search" : ".*/rest/api/2/issue/Q" + i + "-[0-9]+");
    }
    return index(many, i -> i % 5 == 0 ? "" : i % 5 == 1 ? "startAt" : i % 5 == 2 ? "expand"
        : i % 5 == 3 ? "fields" : "project = Q" + i + ";");
  }

  /**
   * Where the path scan reports a URL literal that many lines share as a group, its lines are in
   * every reader's words and summaries: each line whose URL literal occurs is a URL candidate,
   * a method candidate when it admits the method, a query candidate when its query literal
   * occurs or it has none, and every word holding such lines has its bit in each summary.
   */
  @Property(tries = 60)
  void linesOfAUrlGroupAreInEveryWordAndSummaryReadersRead(
      @ForAll @IntRange(min = 1030, max = 3000) int size,
      @ForAll @IntRange(min = 0, max = LineIndex.OTHER_METHOD) int method,
      @ForAll("groupQueries") String query) {
    List<String> regexes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      regexes.add(i % 10 == 3 ? ".*/rest/api/2/search" : ".*/rest/api/2/issue/Q" + i + "-[0-9]+");
    }
    java.util.function.IntFunction<String> queryLiteral =
        i -> i % 10 == 3 ? (i % 20 == 3 ? "" : "project = Q" + i + ";") : i % 5 == 1 ? "startAt" : "";
    LineIndex index = index(regexes, queryLiteral);
    String decoded = java.net.URLDecoder.decode(query, java.nio.charset.StandardCharsets.UTF_8);
    for (String path : List.of("/rest/api/2/search", "/rest/api/2/issue/Q13-1")) {
      long[] c = index.candidates(method, path, query);
      int lines = 0;
      for (int i = 0; i < size; i++) {
        int w = i >>> 6;
        long bit = 1L << i;
        String literal = TieredMatchers.requiredLiteral(regexes.get(i));
        boolean url = (index.urlWord(c, w) & bit) != 0;
        if ((ORIGIN + path).contains(literal)) {
          assertThat(url).as("line %d URL candidate on %s", i, path).isTrue();
        }
        long m = index.methodWord(c, method, w);
        assertThat((m & bit) != 0).as("line %d method candidate", i)
            .isEqualTo(url && index.admits(method, i));
        if ((m & bit) == 0) {
          continue;
        }
        String q = queryLiteral.apply(i);
        long qw = index.queryWord(c, w);
        if (q.isEmpty() || decoded.contains(q)) {
          assertThat(qw & bit).as("line %d query candidate on %s", i, query).isNotZero();
        }
        assertThat(index.urlSummaryWord(c, w >>> 6) & (1L << w)).isNotZero();
        assertThat(index.methodSummaryWord(c, method, w >>> 6) & (1L << w)).isNotZero();
        if ((qw & bit) != 0) {
          lines++;
          assertThat(index.bothSummaryWord(c, method, w >>> 6) & (1L << w))
              .as("word %d in the summary of both", w).isNotZero();
        }
      }
      net.jqwik.api.statistics.Statistics.collect(lines > 64 ? "many candidates" : "few");
    }
  }

  @Provide
  Arbitrary<String> groupQueries() {
    return Arbitraries.of("", "jql=project+%3D+Q13%3B", "jql=project+%3D+Q23%3B&startAt=5",
        "startAt=1", "maxResults=5", "jql=project%20=%20Q2003;");
  }

  @net.jqwik.api.Example
  void aQueryLiteralThatManyLinesShareIsReportedAsAGroupAndItsLinesAreQueryCandidates() {
    LineIndex index = large(2500);
    long[] c = index.candidates(0, "/rest/api/2/issue/Q36-1", "startAt=5&expand=x&fields=y");
    assertThat(c[index.groupsAt()]).as("groups reported").isEqualTo(3);
    // line 36 (GET, startAt) is a URL, method and query candidate: its query literal's bit was
    // not set by the scan, the group it is in was reported
    assertThat(index.methodWord(c, 0, 0) & (1L << 36)).isNotZero();
    assertThat(index.queryWord(c, 0) & (1L << 36)).isNotZero();
    assertThat(index.bothSummaryWord(c, 0, 0) & 1L).isNotZero();
  }

  private static LineIndex index(List<String> regexes,
      java.util.function.IntFunction<String> queryLiteral) {
    int n = regexes.size();
    int[] masks = new int[n];
    List<String> literals = new ArrayList<>();
    List<String> queryLiterals = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      masks[i] = (i * 37) % 5 == 0 ? 0 : 1 << (i % 9);
      literals.add(TieredMatchers.requiredLiteral(regexes.get(i)));
      queryLiterals.add(queryLiteral.apply(i));
    }
    return LineIndex.build(masks, literals, queryLiterals, ORIGIN);
  }

  @Provide
  Arbitrary<List<String>> queries() {
    return Arbitraries.of("", "jql=project+%3D+K3", "maxResults=5", "jql=x&jql=project%20=%20K12",
        "a=1&&b=2").list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<String> origins() {
    return Arbitraries.of(ORIGIN, LONG_ORIGIN);
  }

  /**
   * A regex of {@link #urlRegexLists} for one origin: {@code {o}} is the origin, {@code {end}}
   * its last 70 characters or fewer (a literal that begins that far inside it).
   */
  private static String inOrigin(String regex, String origin) {
    return regex.replace("{o}", quote(origin))
        .replace("{end}", quote(origin.substring(Math.max(0, origin.length() - 70))));
  }

  private static String quote(String literal) {
    return literal.replace(".", "\\.");
  }

  @Provide
  Arbitrary<List<String>> urlRegexLists() {
    return urlRegexes().list().ofMinSize(1).ofMaxSize(130);
  }

  @Provide
  Arbitrary<List<String>> smallRegexLists() {
    return urlRegexes().list().ofMinSize(LineIndex.SCAN_FROM_LINES)
        .ofMaxSize(LineIndex.AUTOMATON_FROM_LINES - 1);
  }

  private static Arbitrary<String> urlRegexes() {
    Arbitrary<String> key = Arbitraries.of("KAN", "OPS", "AB", "ABC", "K");
    Arbitrary<String> regex =
        Arbitraries.oneOf(
            key.map(k -> ".*/rest/api/2/issue/" + k + "-[0-9]+"),
            key.map(k -> ".*/issue/" + k + "-1/comment.*"),
            key.map(k -> ".*\\.com/(rest|jira)/.*" + k), // a literal across origin and path
            key.map(k -> "https://jira\\.example\\.com/rest/api/2/project/" + k),
            key.map(k -> "{o}/rest/api/2/project/" + k),
            key.map(k -> ".*{end}/rest/.*" + k), // beginning 70 characters inside the origin
            key.map(k -> ".*/(issue|project)/" + k + ".*"),
            Arbitraries.of(".*", ".*/rest/.*", "(?i).*/REST/.*", ".*/search", "https://.*"));
    return regex;
  }

  @Provide
  Arbitrary<List<String>> paths() {
    Arbitrary<String> key = Arbitraries.of("KAN", "OPS", "AB", "ABC", "K", "kan");
    return Arbitraries.oneOf(
            key.map(k -> "/rest/api/2/issue/" + k + "-1"),
            key.map(k -> "/rest/api/2/issue/" + k + "-1/comment"),
            key.map(k -> "/rest/api/2/project/" + k),
            key.map(k -> "/jira/REST/project/" + k),
            Arbitraries.strings().withChars("/abKNO-1é").ofMaxLength(20))
        .list()
        .ofMinSize(1)
        .ofMaxSize(10);
  }
}
