package dev.limitto.cli.serve;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sample application's data, in memory: two projects, a few issues with comments, two
 * filters. Every method is synchronized; the sample is for trying things out, not for load.
 */
final class SampleData {

  record Project(String id, String key, String name, String lead) {}

  record Comment(String id, String author, String body, Instant created) {}

  static final class Issue {
    final String id;
    final String key;
    final String project;
    String summary;
    String description;
    String status = "To Do";
    final String reporter;
    final List<Comment> comments = new ArrayList<>();

    Issue(String id, String key, String project, String summary, String description,
        String reporter) {
      this.id = id;
      this.key = key;
      this.project = project;
      this.summary = summary;
      this.description = description;
      this.reporter = reporter;
    }
  }

  record Filter(String id, String name, String jql, String owner) {}

  private final Map<String, Project> projects = new LinkedHashMap<>();
  private final Map<String, Issue> issues = new LinkedHashMap<>();
  private final Map<String, Filter> filters = new LinkedHashMap<>();
  private int nextIssueId = 10_000;
  private int nextCommentId = 20_000;

  SampleData() {
    projects.put("DEMO", new Project("10000", "DEMO", "Demo project", "demo"));
    projects.put("OPS", new Project("10001", "OPS", "Operations", "admin"));
    addIssue("DEMO", "Try the Limit-to demo token", "Read this issue with the demo token.", "demo");
    addIssue("DEMO", "Comment on this issue", "The demo token may add comments here.", "demo");
    addIssue("DEMO", "A third demo issue", "", "admin");
    addIssue("OPS", "Rotate the database password", "Not for the demo token.", "admin");
    addIssue("OPS", "Renew the TLS certificate", "", "admin");
    addComment("DEMO-1", "admin", "Welcome to the sample API.");
    filters.put("10100", new Filter("10100", "Demo issues", "project = DEMO", "demo"));
    filters.put("10101", new Filter("10101", "Operations", "project = OPS", "admin"));
  }

  synchronized List<Project> projects() {
    return List.copyOf(projects.values());
  }

  synchronized Project project(String key) {
    return projects.get(key.toUpperCase(Locale.ROOT));
  }

  synchronized Issue issue(String keyOrId) {
    Issue byKey = issues.get(keyOrId.toUpperCase(Locale.ROOT));
    if (byKey != null) {
      return byKey;
    }
    for (Issue i : issues.values()) {
      if (i.id.equals(keyOrId)) {
        return i;
      }
    }
    return null;
  }

  synchronized Issue addIssue(String projectKey, String summary, String description,
      String reporter) {
    Project p = projects.get(projectKey);
    long count = issues.values().stream().filter(i -> i.project.equals(p.key())).count();
    Issue issue = new Issue(String.valueOf(nextIssueId++), p.key() + "-" + (count + 1), p.key(),
        summary, description, reporter);
    issues.put(issue.key, issue);
    return issue;
  }

  synchronized boolean deleteIssue(String key) {
    Issue i = issue(key);
    return i != null && issues.remove(i.key) != null;
  }

  synchronized Comment addComment(String issueKey, String author, String body) {
    Issue i = issue(issueKey);
    Comment c = new Comment(String.valueOf(nextCommentId++), author, body, Instant.now());
    i.comments.add(c);
    return c;
  }

  synchronized List<Comment> comments(Issue issue) {
    return List.copyOf(issue.comments);
  }

  /** Issues of one project, or all when {@code projectKey} is null. */
  synchronized List<Issue> search(String projectKey) {
    List<Issue> found = new ArrayList<>();
    for (Issue i : issues.values()) {
      if (projectKey == null || i.project.equalsIgnoreCase(projectKey)) {
        found.add(i);
      }
    }
    return found;
  }

  synchronized List<Filter> filters() {
    return List.copyOf(filters.values());
  }

  synchronized Filter filter(String id) {
    return filters.get(id);
  }
}
