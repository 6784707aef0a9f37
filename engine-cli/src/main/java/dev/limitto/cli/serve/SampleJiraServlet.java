package dev.limitto.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.limitto.cli.data.SampleUsers;
import dev.limitto.jira.admin.AdminCaller;
import dev.limitto.jira.admin.AdminRequest;
import dev.limitto.jira.admin.BasicPasswordAuthenticator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small Jira-like REST API ({@code /rest/api/2/...}: issues, comments, search, projects,
 * filters, {@code myself}) over {@link SampleData}, for trying tokens out. It authenticates on
 * its own: a request the Limit-to filter let through with a token arrives with the token's user
 * as remote user; anything else must carry Basic auth of the {@code admin} user and the password
 * in the data directory (the filter passes such requests through untouched, as Jira's own
 * password login).
 *
 * <p>Every response it writes carries {@value #SERVED_HEADER}{@code : METHOD PATH}, naming what
 * it served: a request the filter refused never gets that far, so the header's absence shows
 * from outside that the request did not reach the application.
 */
final class SampleJiraServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Header naming the request the sample application served. */
  static final String SERVED_HEADER = "X-Sample-Served";
  static final String REALM = "Limit-to sample";
  static final int MAX_BODY_BYTES = 1024 * 1024;
  static final String API = "/rest/api/2";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern JQL_PROJECT =
      Pattern.compile("(?i)\\bproject\\s*=\\s*\"?([A-Za-z][A-Za-z0-9_]*)\"?");

  private final transient SampleData data;
  private final transient BasicPasswordAuthenticator admin;
  private final String baseUrl;

  /** @param admin the admin's login, shared with the admin API */
  SampleJiraServlet(SampleData data, BasicPasswordAuthenticator admin, String baseUrl) {
    this.data = data;
    this.admin = admin;
    this.baseUrl = baseUrl;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setHeader(SERVED_HEADER, req.getMethod() + " " + req.getRequestURI());
    resp.setHeader("Cache-Control", "no-store");
    String user = user(req);
    if (user == null) {
      resp.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
      error(resp, 401, "You are not authenticated. Use an API token, or Basic auth as "
          + SampleUsers.ADMIN + " with the password in the data directory.");
      return;
    }
    String route = req.getRequestURI().substring(req.getContextPath().length());
    if (!route.startsWith(API + "/")) {
      error(resp, 404, "No such resource: " + route);
      return;
    }
    String[] p = route.substring(API.length() + 1).split("/", -1);
    String method = req.getMethod();
    JsonNode body = null;
    if (method.equals("POST") || method.equals("PUT")) {
      body = readJson(req, resp);
      if (body == null) {
        return;
      }
    }
    route(method, p, req, resp, user, body);
  }

  private void route(String method, String[] p, HttpServletRequest req, HttpServletResponse resp,
      String user, JsonNode body) throws IOException {
    switch (p[0]) {
      case "myself" -> {
        if (p.length == 1 && method.equals("GET")) {
          SampleUsers.User u = SampleUsers.find(user);
          ObjectNode n = JSON.createObjectNode();
          n.put("self", baseUrl + API + "/user?username=" + user);
          n.put("name", user);
          n.put("emailAddress", u == null ? null : u.email());
          n.put("displayName", u == null ? user : u.displayName());
          n.put("active", true);
          ok(resp, 200, n);
          return;
        }
      }
      case "project" -> {
        if (p.length == 1 && method.equals("GET")) {
          ArrayNode a = JSON.createArrayNode();
          data.projects().forEach(pr -> a.add(project(pr)));
          ok(resp, 200, a);
          return;
        }
        if (p.length == 2 && method.equals("GET")) {
          SampleData.Project pr = data.project(p[1]);
          if (pr == null) {
            error(resp, 404, "No project could be found with key '" + p[1] + "'.");
          } else {
            ok(resp, 200, project(pr));
          }
          return;
        }
      }
      case "issue" -> {
        issue(method, p, resp, user, body);
        return;
      }
      case "search" -> {
        if (p.length == 1 && (method.equals("GET") || method.equals("POST"))) {
          String jql = method.equals("GET") ? req.getParameter("jql")
              : body.path("jql").asText(null);
          ok(resp, 200, search(jql));
          return;
        }
      }
      case "filter" -> {
        if (p.length == 2 && method.equals("GET")) {
          if (p[1].equals("favourite")) {
            ArrayNode a = JSON.createArrayNode();
            data.filters().forEach(f -> a.add(filter(f)));
            ok(resp, 200, a);
            return;
          }
          SampleData.Filter f = data.filter(p[1]);
          if (f == null) {
            error(resp, 404, "The selected filter is not available to you.");
          } else {
            ok(resp, 200, filter(f));
          }
          return;
        }
      }
      default -> { }
    }
    error(resp, 404, "No such resource: " + method + " " + API + "/" + String.join("/", p));
  }

  private void issue(String method, String[] p, HttpServletResponse resp, String user,
      JsonNode body) throws IOException {
    if (p.length == 1 && method.equals("POST")) {
      String projectKey = body.path("fields").path("project").path("key").asText("");
      String summary = body.path("fields").path("summary").asText("");
      if (data.project(projectKey) == null || summary.isBlank()) {
        error(resp, 400, "fields.project.key must name a project and fields.summary is required.");
        return;
      }
      SampleData.Issue i = data.addIssue(data.project(projectKey).key(), summary,
          body.path("fields").path("description").asText(""), user);
      ObjectNode n = JSON.createObjectNode();
      n.put("id", i.id);
      n.put("key", i.key);
      n.put("self", baseUrl + API + "/issue/" + i.id);
      ok(resp, 201, n);
      return;
    }
    if (p.length < 2) {
      error(resp, 404, "No such resource: " + method + " " + API + "/issue");
      return;
    }
    SampleData.Issue issue = data.issue(p[1]);
    if (issue == null) {
      error(resp, 404, "Issue does not exist or you do not have permission to see it.");
      return;
    }
    if (p.length == 2) {
      switch (method) {
        case "GET" -> ok(resp, 200, issue(issue));
        case "PUT" -> {
          JsonNode fields = body.path("fields");
          synchronized (data) {
            if (fields.hasNonNull("summary")) {
              issue.summary = fields.get("summary").asText();
            }
            if (fields.hasNonNull("description")) {
              issue.description = fields.get("description").asText();
            }
          }
          resp.setStatus(204);
        }
        case "DELETE" -> {
          data.deleteIssue(issue.key);
          resp.setStatus(204);
        }
        default -> error(resp, 405, "Method " + method + " is not supported here.");
      }
      return;
    }
    if (p.length == 3 && p[2].equals("comment")) {
      if (method.equals("GET")) {
        ok(resp, 200, comments(issue));
      } else if (method.equals("POST")) {
        String text = body.path("body").asText("");
        if (text.isBlank()) {
          error(resp, 400, "Comment body can not be empty!");
          return;
        }
        ok(resp, 201, comment(data.addComment(issue.key, user, text)));
      } else {
        error(resp, 405, "Method " + method + " is not supported here.");
      }
      return;
    }
    error(resp, 404, "No such resource: " + method + " " + API + "/" + String.join("/", p));
  }

  private String user(HttpServletRequest req) {
    if (req.getRemoteUser() != null) {
      return req.getRemoteUser();
    }
    String h = req.getHeader("Authorization");
    if (h == null) {
      return null;
    }
    AdminCaller caller = admin.identify(
        AdminRequest.builder(req.getMethod(), req.getRequestURI()).header("Authorization", h).build());
    return caller.kind() == AdminCaller.Kind.ADMIN ? SampleUsers.ADMIN : null;
  }

  private static JsonNode readJson(HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    byte[] bytes;
    try (InputStream in = req.getInputStream()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (bytes.length > MAX_BODY_BYTES) {
      error(resp, 413, "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
      return null;
    }
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode n = JSON.readTree(bytes);
      return n == null ? JSON.createObjectNode() : n;
    } catch (IOException e) {
      error(resp, 400, "The request body is not valid JSON.");
      return null;
    }
  }

  private ObjectNode project(SampleData.Project pr) {
    ObjectNode n = JSON.createObjectNode();
    n.put("self", baseUrl + API + "/project/" + pr.id());
    n.put("id", pr.id());
    n.put("key", pr.key());
    n.put("name", pr.name());
    n.putObject("lead").put("name", pr.lead());
    return n;
  }

  private ObjectNode issue(SampleData.Issue i) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", i.id);
    n.put("key", i.key);
    n.put("self", baseUrl + API + "/issue/" + i.id);
    ObjectNode f = n.putObject("fields");
    synchronized (data) {
      f.put("summary", i.summary);
      f.put("description", i.description);
    }
    f.putObject("project").put("key", i.project);
    f.putObject("status").put("name", i.status);
    f.putObject("reporter").put("name", i.reporter);
    f.set("comment", comments(i));
    return n;
  }

  private ObjectNode comments(SampleData.Issue i) {
    List<SampleData.Comment> list = data.comments(i);
    ObjectNode n = JSON.createObjectNode();
    n.put("startAt", 0);
    n.put("maxResults", list.size());
    n.put("total", list.size());
    ArrayNode a = n.putArray("comments");
    list.forEach(c -> a.add(comment(c)));
    return n;
  }

  private ObjectNode comment(SampleData.Comment c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", c.id());
    n.putObject("author").put("name", c.author());
    n.put("body", c.body());
    n.put("created", c.created().toString());
    return n;
  }

  private ObjectNode search(String jql) {
    String projectKey = null;
    if (jql != null) {
      Matcher m = JQL_PROJECT.matcher(jql);
      if (m.find()) {
        projectKey = m.group(1);
      }
    }
    List<SampleData.Issue> found = data.search(projectKey);
    ObjectNode n = JSON.createObjectNode();
    n.put("startAt", 0);
    n.put("maxResults", 50);
    n.put("total", found.size());
    ArrayNode a = n.putArray("issues");
    found.forEach(i -> a.add(issue(i)));
    return n;
  }

  private ObjectNode filter(SampleData.Filter f) {
    ObjectNode n = JSON.createObjectNode();
    n.put("self", baseUrl + API + "/filter/" + f.id());
    n.put("id", f.id());
    n.put("name", f.name());
    n.put("jql", f.jql());
    n.putObject("owner").put("name", f.owner());
    return n;
  }

  private static void ok(HttpServletResponse resp, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    resp.setStatus(status);
    resp.setContentType("application/json;charset=UTF-8");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }

  /** A Jira-style error: {@code {"errorMessages":["..."],"errors":{}}}. */
  private static void error(HttpServletResponse resp, int status, String message)
      throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("errorMessages").add(message);
    n.putObject("errors");
    ok(resp, status, n);
  }
}
