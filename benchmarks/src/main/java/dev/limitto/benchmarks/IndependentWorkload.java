package dev.limitto.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A second, independent Jira-like workload, written apart from {@link Workload} and its
 * templates: ten kinds of line over other endpoints (search, worklogs, versions, remote links,
 * boards, filters, properties, service-desk requests, dashboards), where every tenth line is
 * {@code [get].*&#47;rest/api/2/search} with a {@code QueryParam::jql} value for its own project:
 * about a tenth of the lines share their URL regex and differ only in {@code QueryParam}
 * values. Two more kinds carry a {@code QueryParam} on their own URL. Requests ({@value
 * Workload#REQUESTS}) rotate through about 60 % hits on random lines, with form-encoded query
 * values, and 40 % misses (another project's search, a missing parameter, a wrong method, an
 * unknown endpoint, an identifier that no line names).
 *
 * <p>With {@code predicates == false} every line loses its {@code QueryParam} predicates (the
 * search lines then all read {@code [get].*&#47;rest/api/2/search}): the same URLs without
 * predicates, for the method + URL comparison and for jcasbin, which has no query predicates.
 */
final class IndependentWorkload {

  private IndependentWorkload() {}

  static Workload build(int n, boolean predicates) {
    Random rnd = new Random(7_919L * n + (predicates ? 1 : 0));
    List<String> keys = Workload.projectKeys(n, 3, rnd);
    List<Workload.Line> lines = new ArrayList<>(n);
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      String k = keys.get(i);
      int id = 10_000 + i;
      ids[i] = id;
      String q;
      Workload.Line line =
          switch (i % 10) {
            case 0 -> new Workload.Line(List.of("GET"), ".*/rest/api/2/search",
                predicates ? "[QueryParam::jql==project = " + k + "( ORDER BY [a-z]+)?]" : "");
            case 1 -> new Workload.Line(List.of("GET"),
                "{base}/rest/api/2/issue/" + k + "-[0-9]+/worklog/[0-9]+", "");
            case 2 -> new Workload.Line(List.of("GET", "HEAD"),
                ".*/rest/api/2/project/" + k + "/(versions|components|statuses)", "");
            case 3 -> new Workload.Line(List.of("POST"),
                "{base}/rest/api/2/issue/" + k + "-[0-9]+/remotelink", "");
            case 4 -> new Workload.Line(List.of("GET"), ".*/rest/agile/1\\.0/board/" + id + "/issue",
                predicates ? "[QueryParam::startAt==[0-9]{1,4}]" : "");
            case 5 -> new Workload.Line(List.of("GET"), ".*/rest/api/2/filter/" + id, "");
            case 6 -> new Workload.Line(List.of("PUT"),
                ".*/rest/api/2/issue/" + k + "-" + (1 + i % 97) + "/properties/[a-z.]+", "");
            case 7 -> new Workload.Line(List.of(),
                ".*/rest/servicedeskapi/request/" + k + "-[0-9]+/comment", "");
            case 8 -> new Workload.Line(List.of("GET"), "{base}/rest/api/2/dashboard/" + id
                + "(/items/[0-9]+)?",
                predicates ? "[QueryParam::expand==(gadgets|owner)]" : "");
            default -> new Workload.Line(List.of("DELETE"),
                "{base}/rest/api/2/issue/" + k + "-[0-9]+/worklog/[0-9]+", "");
          };
      lines.add(line);
    }
    List<BenchRequest> requests = new ArrayList<>(Workload.REQUESTS);
    String api = Workload.CONTEXT + "/rest/api/2";
    for (int r = 0; r < Workload.REQUESTS; r++) {
      int i = rnd.nextInt(n);
      String k = keys.get(i);
      int id = ids[i];
      int any = 1 + rnd.nextInt(99_999);
      if (rnd.nextInt(100) < 60) {
        requests.add(
            switch (i % 10) {
              case 0 -> BenchRequest.of("GET", api + "/search?jql=project+%3D+" + k
                  + (rnd.nextBoolean() ? "" : "+ORDER+BY+rank") + "&maxResults=50");
              case 1 -> BenchRequest.of("GET", api + "/issue/" + k + "-" + any + "/worklog/" + any);
              case 2 -> BenchRequest.of(rnd.nextBoolean() ? "GET" : "HEAD", api + "/project/" + k
                  + (rnd.nextBoolean() ? "/versions" : "/statuses"));
              case 3 -> BenchRequest.of("POST", api + "/issue/" + k + "-" + any + "/remotelink");
              case 4 -> BenchRequest.of("GET", Workload.CONTEXT + "/rest/agile/1.0/board/" + id
                  + "/issue?startAt=" + rnd.nextInt(500) + "&maxResults=50");
              case 5 -> BenchRequest.of("GET", api + "/filter/" + id);
              case 6 -> BenchRequest.of("PUT", api + "/issue/" + k + "-" + (1 + i % 97)
                  + "/properties/sync.state");
              case 7 -> BenchRequest.of(rnd.nextBoolean() ? "GET" : "POST",
                  Workload.CONTEXT + "/rest/servicedeskapi/request/" + k + "-" + any + "/comment");
              case 8 -> BenchRequest.of("GET", api + "/dashboard/" + id
                  + (rnd.nextBoolean() ? "?expand=gadgets" : "/items/3?expand=owner"));
              default -> BenchRequest.of("DELETE", api + "/issue/" + k + "-" + any + "/worklog/" + any);
            });
      } else {
        requests.add(
            switch (rnd.nextInt(6)) {
              case 0 -> BenchRequest.of("GET", api + "/search?jql=project+%3D+ZZ" + k + "&maxResults=50");
              case 1 -> BenchRequest.of("GET", api + "/search?maxResults=50&fields=summary");
              case 2 -> BenchRequest.of("DELETE", api + "/project/" + k + "/versions");
              case 3 -> BenchRequest.of("GET", api + "/serverInfo");
              case 4 -> BenchRequest.of("GET", api + "/filter/" + (id + n + 1) + "?expand=jql");
              default -> BenchRequest.of("POST", api + "/issue/" + k + "-" + any + "/watchers");
            });
      }
    }
    return new Workload(lines, requests);
  }


  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
