package dev.limitto.engine.internal.lint;

import dev.limitto.engine.internal.parse.HttpMethods;
import dev.limitto.engine.internal.parse.SyntaxLine;
import dev.limitto.engine.internal.parse.SyntaxPredicate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One plain sentence per rule line: what the line lets a token do, in Jira's words where the
 * URL is one of Jira's common REST resources, else a precise generic description that quotes the
 * regexes. A sentence never claims less than the line allows: what it cannot name it quotes.
 *
 * <p>Only the text of the regexes is read (this is a description, not a decision); the java.util
 * patterns below run on rule text an admin wrote, bounded by the line length limit, and are
 * simple enough to run in linear time.
 */
public final class Explainer {

  private static final int GET = HttpMethods.requestBit("GET");
  private static final int HEAD = HttpMethods.requestBit("HEAD");
  private static final int POST = HttpMethods.requestBit("POST");
  private static final int PUT = HttpMethods.requestBit("PUT");
  private static final int DELETE = HttpMethods.requestBit("DELETE");
  private static final int PATCH = HttpMethods.requestBit("PATCH");

  /** The REST API prefixes of Jira as lines write them. */
  private static final Pattern API = Pattern.compile(
      "^/rest/api/(?:2|3|latest|\\(2\\|latest\\)|\\(latest\\|2\\)|\\(2\\|3\\)|\\[23\\])(?=/|$)");
  private static final Pattern AGILE = Pattern.compile("^/rest/agile/(?:1\\\\?\\.0|latest)(?=/|$)");
  /** A numeric id segment. */
  private static final Pattern ID = Pattern.compile("\\[0-9\\]\\+|\\\\d\\+|\\[0-9\\]\\{1,[0-9]+\\}");
  /** An issue key family: {@code KANBAN-[0-9]+} or {@code (A|B)-[0-9]+}. */
  private static final Pattern KEY_FAMILY = Pattern.compile(
      "(\\(?[A-Z][A-Z0-9_]*(?:\\|[A-Z][A-Z0-9_]*)*\\)?)-(?:\\[0-9\\]\\+|\\\\d\\+)");

  private Explainer() {}

  /** The sentence for a rule set without effective lines. */
  public static final String UNRESTRICTED =
      "no restrictions: the token may do everything its user may do";

  /** The sentence of one line, starting with "may". */
  public static String sentence(SyntaxLine line) {
    String url = line.urlRegex();
    if ((url.equals(".*") || url.equals(".+")) && line.predicates().isEmpty()) {
      return line.methodMask() == 0 ? "may do anything: this line allows every request"
          : "may send " + methods(line.methodMask()) + " requests to any URL";
    }
    String note = "";
    String path = null;
    if (url.startsWith("{base}")) {
      path = url.substring("{base}".length());
    } else if (url.startsWith(".*") || url.startsWith(".+")) {
      path = url.substring(2);
      note = " (under any path prefix: the URL regex starts with `" + url.substring(0, 2) + "`)";
    }
    String described = path == null ? null : jira(line, path);
    if (described == null) {
      described = generic(line);
    }
    return described + note;
  }

  // --- Jira resources --------------------------------------------------------------------------

  private static String jira(SyntaxLine line, String path) {
    boolean under = false;
    if (path.endsWith(".*") && !path.endsWith("\\.*")) {
      path = path.substring(0, path.length() - 2);
      under = true;
    }
    Matcher api = API.matcher(path);
    Matcher agile = AGILE.matcher(path);
    List<String> segments;
    boolean isAgile;
    if (api.find()) {
      segments = segments(path.substring(api.end()));
      isAgile = false;
    } else if (agile.find()) {
      segments = segments(path.substring(agile.end()));
      isAgile = true;
    } else {
      return null;
    }
    if (segments == null || segments.isEmpty()) {
      return null;
    }
    int mask = line.methodMask();
    String first = literal(segments.get(0));
    if (first == null) {
      return null;
    }
    String qualifiers = qualifiers(line);
    String tail = under ? ", and every path under " + (segments.size() == 1 ? "it" : "them") : "";
    if (isAgile) {
      return agile(mask, first, segments, qualifiers, tail);
    }
    switch (first) {
      case "issue": {
        if (segments.size() == 1) {
          return verbs(mask, "create") + " issues" + tail + qualifiers;
        }
        String issues = issues(segments.get(1), under && segments.size() == 2);
        if (issues == null) {
          return null;
        }
        if (segments.size() == 2) {
          return verbs(mask, "send POST requests to") + " " + issues + tail + qualifiers;
        }
        String sub = literal(segments.get(2));
        String noun = sub == null ? null : switch (sub) {
          case "comment" -> "comments";
          case "worklog" -> "worklogs";
          case "attachments" -> "attachments";
          case "transitions" -> "transitions";
          case "remotelink" -> "remote links";
          case "watchers" -> "watchers";
          default -> null;
        };
        if (noun == null) {
          return null;
        }
        String which = "";
        if (segments.size() == 4) {
          if (!ID.matcher(segments.get(3)).matches()) {
            return null;
          }
          which = " (one by id)";
        } else if (segments.size() > 4) {
          return null;
        }
        if (sub.equals("transitions")) {
          return (mask == POST ? "may move " + issues + " through their workflow transitions"
              : verbs(mask, "do") + " the transitions of " + issues) + tail + qualifiers;
        }
        return verbs(mask, "add") + " " + noun + which + (mask == POST ? " to " : " of ") + issues
            + tail + qualifiers;
      }
      case "search":
        if (segments.size() != 1) {
          return null;
        }
        return "may search for issues" + (mask == 0 ? " (with any method)" : "") + tail
            + qualifiers;
      case "project":
        return simple(mask, segments, "projects", "project", tail, qualifiers);
      case "user":
        if (segments.size() == 2 && "search".equals(literal(segments.get(1)))) {
          return verbs(mask, "create") + " the user search" + tail + qualifiers;
        }
        return segments.size() == 1 ? verbs(mask, "create") + " users" + tail + qualifiers : null;
      case "myself":
        return segments.size() == 1 ? verbs(mask, "create") + " their own user profile" + tail
            + qualifiers : null;
      case "attachment":
        return simple(mask, segments, "attachments", "attachment", tail, qualifiers);
      case "filter":
        return simple(mask, segments, "filters", "filter", tail, qualifiers);
      default:
        return null;
    }
  }

  private static String agile(int mask, String first, List<String> segments, String qualifiers,
      String tail) {
    String noun = switch (first) {
      case "board" -> "board";
      case "sprint" -> "sprint";
      default -> null;
    };
    if (noun == null) {
      return null;
    }
    if (segments.size() == 1) {
      return verbs(mask, "create") + " " + noun + "s" + tail + qualifiers;
    }
    String which = one(segments.get(1), noun);
    if (which == null) {
      return null;
    }
    if (segments.size() == 2) {
      return verbs(mask, "create") + " " + which + tail + qualifiers;
    }
    String sub = segments.size() == 3 ? literal(segments.get(2)) : null;
    if (sub == null || !(sub.equals("issue") || sub.equals("sprint") || sub.equals("backlog"))) {
      return null;
    }
    String subNoun = switch (sub) {
      case "issue" -> "the issues";
      case "sprint" -> "the sprints";
      default -> "the backlog";
    };
    return verbs(mask, mask == POST && sub.equals("issue") ? "move issues into" : "create") + " "
        + (mask == POST && sub.equals("issue") ? which : subNoun + " of " + which) + tail
        + qualifiers;
  }

  /** {@code NOUNS} or {@code NOUN X} for a resource that is a collection with ids or keys. */
  private static String simple(int mask, List<String> segments, String plural, String singular,
      String tail, String qualifiers) {
    if (segments.size() == 1) {
      return verbs(mask, "create") + " " + plural + tail + qualifiers;
    }
    if (segments.size() != 2) {
      return null;
    }
    String which = one(segments.get(1), singular);
    return which == null ? null : verbs(mask, "create") + " " + which + tail + qualifiers;
  }

  /** {@code board 12}, {@code any board by id}, {@code project KANBAN}; null when unknown. */
  private static String one(String segment, String noun) {
    String lit = literal(segment);
    if (lit != null) {
      return noun + " " + lit;
    }
    if (ID.matcher(segment).matches()) {
      return "any " + noun + " by numeric id";
    }
    if (segment.equals("[A-Z][A-Z0-9]+") || segment.equals("[A-Z][A-Z0-9_]+")
        || segment.equals("[A-Z]+")) {
      return "any " + noun + " by key";
    }
    return noun + "s whose id or key matches `" + segment + "`";
  }

  /** How the issues of an issue segment are named; null when the segment is not read. */
  private static String issues(String segment, boolean prefixOnly) {
    if (prefixOnly) {
      String lit = literal(segment);
      return lit == null ? null : "issues whose key starts with " + lit;
    }
    String lit = literal(segment);
    if (lit != null) {
      return "issue " + lit;
    }
    Matcher family = KEY_FAMILY.matcher(segment);
    if (family.matches()) {
      String keys = family.group(1);
      if (keys.startsWith("(") != keys.endsWith(")")) {
        return null;
      }
      String[] projects = keys.replace("(", "").replace(")", "").split("\\|");
      return projects.length == 1 ? "issues of project " + projects[0]
          : "issues of projects " + String.join(" or ", projects);
    }
    if (ID.matcher(segment).matches()) {
      return "any issue by numeric id";
    }
    return "issues whose key matches `" + segment + "`";
  }

  // --- predicates ------------------------------------------------------------------------------

  private static String qualifiers(SyntaxLine line) {
    List<String> parts = new ArrayList<>();
    boolean keyOnly = false;
    for (SyntaxPredicate p : line.predicates()) {
      if (p.absent() && JiraLint.path(p.name()).equals(List.of("fields", "project", "id"))) {
        keyOnly = true;
      }
    }
    for (SyntaxPredicate p : line.predicates()) {
      parts.add(qualifier(p, keyOnly));
    }
    parts.removeIf(String::isEmpty);
    return parts.isEmpty() ? "" : ", " + String.join(", ", parts);
  }

  private static String qualifier(SyntaxPredicate p, boolean keyOnly) {
    String value = p.value();
    String lit = literal(value);
    if (p.kind() == SyntaxPredicate.Kind.QUERY_PARAM) {
      if (p.name().equals("jql")) {
        return jql(value);
      }
      return lit != null ? "with query parameter `" + p.name() + "` = `" + lit + "`"
          : "with query parameter `" + p.name() + "` matching `" + value + "`";
    }
    List<String> path = JiraLint.path(p.name());
    if (p.absent()) {
      if (List.of("update").equals(path)) {
        return "without an `update` section";
      }
      if (List.of("fields", "project", "id").equals(path)) {
        return "";
      }
      return "with no `" + p.name() + "` in the JSON body";
    }
    if (List.of("fields", "project", "key").equals(path) && lit != null) {
      return "in project " + lit + " only" + (keyOnly ? " (named by its key, never by id)" : "");
    }
    if (List.of("fields", "issuetype", "name").equals(path) && lit != null) {
      return "of type " + lit + " only";
    }
    if (p.name().endsWith("jql") && path.get(path.size() - 1).equals("jql")) {
      return jql(value);
    }
    String where = "JSON `" + p.name() + "`";
    return lit != null ? "with " + where + " = `" + lit + "`"
        : "with " + where + " matching `" + value + "`";
  }

  private static String jql(String value) {
    String lit = literal(value);
    if (lit != null) {
      return "with exactly the JQL `" + lit + "`";
    }
    if (value.endsWith(".*") && !value.endsWith("\\.*")) {
      String start = literal(value.substring(0, value.length() - 2));
      if (start != null && !start.isEmpty()) {
        return "with a JQL that starts with `" + start + "`";
      }
    }
    return "with a JQL matching `" + value + "`";
  }

  // --- generic ---------------------------------------------------------------------------------

  private static String generic(SyntaxLine line) {
    int mask = line.methodMask();
    String verbs = mask == 0 ? "may use any method on" : "may send " + methods(mask) + " requests to";
    return verbs + " URLs matching `" + line.urlRegex() + "`" + qualifiers(line);
  }

  /** {@code GET or HEAD}. */
  private static String methods(int mask) {
    String described = HttpMethods.describe(mask);
    return described.substring(1, described.length() - 1).replace(", ", " or ");
  }

  /**
   * "may read and edit", from the method set; {@code post} is the verb POST stands for here.
   * Without a method set: "may use, with any method,".
   */
  private static String verbs(int mask, String post) {
    if (mask == 0) {
      return "may use (with any method)";
    }
    List<String> verbs = new ArrayList<>();
    if ((mask & (GET | HEAD)) != 0) {
      verbs.add("read");
    }
    if ((mask & POST) != 0) {
      verbs.add(post);
    }
    if ((mask & PUT) != 0) {
      verbs.add("edit");
    }
    if ((mask & PATCH) != 0) {
      verbs.add("change");
    }
    if ((mask & DELETE) != 0) {
      verbs.add("delete");
    }
    int other = mask & ~(GET | HEAD | POST | PUT | PATCH | DELETE);
    if (other != 0) {
      verbs.add("send " + methods(other) + " requests to");
    }
    StringBuilder sb = new StringBuilder("may ");
    for (int i = 0; i < verbs.size(); i++) {
      if (i > 0) {
        sb.append(i == verbs.size() - 1 ? " and " : ", ");
      }
      sb.append(verbs.get(i));
    }
    return sb.toString();
  }

  // --- regex text ------------------------------------------------------------------------------

  /** The segments of a path regex split at top-level {@code /}; null when a group spans one. */
  private static List<String> segments(String path) {
    if (path.isEmpty()) {
      return List.of();
    }
    if (!path.startsWith("/")) {
      return null;
    }
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean inClass = false;
    int start = 1;
    for (int i = 1; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        return null; // a top-level alternation: not one resource
      } else if (c == '/' && depth == 0) {
        out.add(path.substring(start, i));
        start = i + 1;
      }
    }
    if (depth != 0) {
      return null;
    }
    out.add(path.substring(start));
    for (String s : out) {
      if (s.isEmpty() || s.contains("/")) {
        return null; // an empty segment, or a group holding a slash
      }
    }
    return out;
  }

  /**
   * The text a regex matches when it matches exactly one string made of letters, digits and
   * {@code - _ . ~ = space} (with {@code .} escaped), else null.
   */
  static String literal(String re) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\' && i + 1 < re.length()) {
        char next = re.charAt(i + 1);
        if (".-_~= ".indexOf(next) >= 0) {
          sb.append(next);
          i++;
          continue;
        }
        return null;
      }
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-_~= ,:'\"".indexOf(c) >= 0) {
        sb.append(c);
        continue;
      }
      return null;
    }
    return sb.toString();
  }
}
