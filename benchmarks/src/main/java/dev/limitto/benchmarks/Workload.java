package dev.limitto.benchmarks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic Jira-like workload: a rule set of {@code n} method + URL lines (issues,
 * comments, projects, transitions, boards, watchers; literal shapes and real regexes) and
 * {@value #REQUESTS} requests that rotate through hits on random lines and misses (wrong method,
 * unknown project, other endpoints, some with query strings).
 *
 * <p>Lines carry no {@code QueryParam}/{@code JsonData} predicates so that every peer, jcasbin's
 * RESTful model included, answers the same question; predicates have their own benchmarks.
 */
public final class Workload {

  /** Requests per workload: a power of two, so that rotation is a mask. */
  public static final int REQUESTS = 1024;

  public static final String BASE_URL = "https://jira.example.com/jira";
  static final String CONTEXT = "/jira";

  /** One rule line in parts, as the peers need them; {@code predicates} is rule text or "". */
  record Line(List<String> methods, String urlRegex, String predicates) {
    Line(List<String> methods, String urlRegex) {
      this(methods, urlRegex, "");
    }

    String text() {
      return (methods.isEmpty() ? "" : "[" + String.join(",", methods).toLowerCase(java.util.Locale.ROOT) + "]")
          + urlRegex + predicates;
    }
  }

  final List<Line> lines;
  final List<BenchRequest> requests;

  Workload(List<Line> lines, List<BenchRequest> requests) {
    this.lines = List.copyOf(lines);
    this.requests = List.copyOf(requests);
  }

  /**
   * The rule text, one line per rule (line {@code i + 1} is {@code lines.get(i)}), with {@code
   * {base}} where a line uses it. No comment line: the line limit counts every line.
   */
  public String ruleText() {
    StringBuilder b = new StringBuilder();
    for (Line l : lines) {
      b.append(l.text()).append('\n');
    }
    return b.toString();
  }

  /**
   * The workload named {@code name}: {@code jira} ({@link #jira}), {@code independent} ({@link
   * IndependentWorkload}, with {@code QueryParam} lines) or {@code independent-nopred} (the same
   * lines without their predicates).
   */
  public static Workload named(String name, int n) {
    return switch (name) {
      case "jira" -> jira(n);
      case "independent" -> IndependentWorkload.build(n, true);
      case "independent-nopred" -> IndependentWorkload.build(n, false);
      default -> throw new IllegalArgumentException(
          "workload must be jira, independent or independent-nopred: " + name);
    };
  }

  /** Whether a line of the workload carries predicates (jcasbin cannot answer those). */
  boolean hasPredicates() {
    return lines.stream().anyMatch(l -> !l.predicates().isEmpty());
  }

  public static Workload jira(int n) {
    Random rnd = new Random(20_261_128L + n);
    List<String> keys = projectKeys(n, 2, rnd);
    List<Line> lines = new ArrayList<>();
    List<int[]> facts = new ArrayList<>(); // per line: template, issue number
    for (int i = 0; i < n; i++) {
      String k = keys.get(i);
      int issue = 1 + rnd.nextInt(999);
      int template = i % 7;
      Line line =
          switch (template) {
            case 0 -> new Line(List.of("GET"), ".*/rest/api/2/issue/" + k + "-[0-9]+");
            case 1 -> new Line(List.of("POST"), ".*/rest/api/2/issue/" + k + "-" + issue + "/comment.*");
            case 2 -> new Line(List.of("GET", "HEAD"), "{base}/rest/api/2/project/" + k);
            case 3 -> new Line(List.of("PUT"), ".*/rest/api/2/issue/" + k + "-[0-9]+/(assignee|labels)");
            case 4 -> new Line(List.of("GET"), ".*/rest/agile/1\\.0/board/" + (100 + i) + "/sprint.*");
            case 5 -> new Line(List.of("DELETE"), ".*/rest/api/2/issue/" + k + "-" + issue + "/watchers.*");
            default -> new Line(List.of("GET", "POST"), ".*/rest/api/2/issue/" + k + "-[0-9]+/(transitions|worklog)");
          };
      lines.add(line);
      facts.add(new int[] {template, issue});
    }
    List<BenchRequest> requests = new ArrayList<>(REQUESTS);
    for (int r = 0; r < REQUESTS; r++) {
      int i = rnd.nextInt(n);
      String k = keys.get(i);
      int template = facts.get(i)[0];
      int issue = facts.get(i)[1];
      int any = 1 + rnd.nextInt(9999);
      String api = CONTEXT + "/rest/api/2";
      if (rnd.nextInt(100) < 60) { // a hit on line i (or an earlier line that also matches)
        requests.add(
            switch (template) {
              case 0 -> BenchRequest.of("GET", api + "/issue/" + k + "-" + any + (rnd.nextBoolean() ? "" : "?fields=summary,status&expand=names"));
              case 1 -> BenchRequest.of("POST", api + "/issue/" + k + "-" + issue + "/comment");
              case 2 -> BenchRequest.of(rnd.nextBoolean() ? "GET" : "HEAD", api + "/project/" + k);
              case 3 -> BenchRequest.of("PUT", api + "/issue/" + k + "-" + any + (rnd.nextBoolean() ? "/assignee" : "/labels"));
              case 4 -> BenchRequest.of("GET", CONTEXT + "/rest/agile/1.0/board/" + (100 + i) + "/sprint?state=active");
              case 5 -> BenchRequest.of("DELETE", api + "/issue/" + k + "-" + issue + "/watchers?username=bot");
              default -> BenchRequest.of(rnd.nextBoolean() ? "GET" : "POST", api + "/issue/" + k + "-" + any + "/transitions");
            });
      } else { // a miss
        requests.add(
            switch (rnd.nextInt(5)) {
              case 0 -> BenchRequest.of("DELETE", api + "/issue/" + k + "-" + any); // wrong method
              case 1 -> BenchRequest.of("GET", api + "/issue/ZZ" + k + "-" + any); // unknown project
              case 2 -> BenchRequest.of("GET", api + "/myself");
              case 3 -> BenchRequest.of("POST", api + "/issue/" + k + "-" + any + "/attachments");
              default -> BenchRequest.of("GET", api + "/user/search?username=" + k.toLowerCase(java.util.Locale.ROOT) + "&maxResults=50");
            });
      }
    }
    return new Workload(lines, requests);
  }

  /**
   * {@code n} distinct random project keys of {@code minLength} to {@code minLength + 3} capital
   * letters, none starting with {@code ZZ} (kept for keys no line names).
   */
  static List<String> projectKeys(int n, int minLength, Random rnd) {
    Set<String> seen = new HashSet<>();
    List<String> keys = new ArrayList<>(n);
    while (keys.size() < n) {
      int len = minLength + rnd.nextInt(4);
      StringBuilder b = new StringBuilder(len);
      for (int i = 0; i < len; i++) {
        b.append((char) ('A' + rnd.nextInt(26)));
      }
      String k = b.toString();
      if (!k.startsWith("ZZ") && seen.add(k)) {
        keys.add(k);
      }
    }
    return keys;
  }
}
