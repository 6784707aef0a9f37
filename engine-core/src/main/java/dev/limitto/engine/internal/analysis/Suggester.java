package dev.limitto.engine.internal.analysis;

import dev.limitto.engine.HttpRequestView;
import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSet;
import dev.limitto.engine.analysis.RuleSuggester;
import dev.limitto.engine.analysis.RuleSuggester.Suggestion;
import dev.limitto.engine.internal.rules.BaseUrl;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The work behind {@link RuleSuggester}. */
public final class Suggester {

  private static final Pattern ISSUE_KEY = Pattern.compile("([A-Z][A-Z0-9_]+)-[0-9]+");
  private static final Pattern NUMBER = Pattern.compile("[0-9]+");
  private static final String META = "\\.+*?()|[]{}^$";

  private Suggester() {}

  /** One request, decoded. */
  private record Seen(String method, List<String> segments, Map<String, List<String>> query) {}

  /** Requests of one line: same method, same path shape, same query names. */
  private static final class Group {
    final List<Seen> members = new ArrayList<>();
  }

  public static Suggestion suggest(List<HttpRequestView> requests, String baseUrl,
      boolean queryValues, boolean generalise) {
    BaseUrl base = BaseUrl.parse(baseUrl);
    String basePath = base.literal().substring(base.origin().length());
    Map<String, Group> groups = new LinkedHashMap<>();
    for (HttpRequestView r : requests) {
      String path = decode(r.rawPath(), false);
      if (path == null || !METHODS.contains(r.method())) {
        continue; // bad encoding: refused whatever the rules (counted on replay)
      }
      List<String> segments = List.of(path.split("/", -1));
      Map<String, List<String>> query = new TreeMap<>();
      if (queryValues && r.rawQuery() != null && !r.rawQuery().isEmpty()) {
        for (String part : r.rawQuery().split("&", -1)) {
          int eq = part.indexOf('=');
          String name = decode(eq < 0 ? part : part.substring(0, eq), true);
          String value = decode(eq < 0 ? "" : part.substring(eq + 1), true);
          if (name != null && value != null && !name.isEmpty()) {
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
          }
        }
      }
      Seen s = new Seen(r.method(), segments, query);
      StringBuilder key = new StringBuilder(s.method()).append(' ');
      for (String seg : segments) {
        key.append(generalise ? shape(seg) : seg).append('/');
      }
      key.append(' ').append(query.keySet());
      groups.computeIfAbsent(key.toString(), k -> new Group()).members.add(s);
    }
    // the line text without its method set, and the methods that share it
    Map<String, TreeSet<Integer>> lines = new LinkedHashMap<>();
    for (Group g : groups.values()) {
      String text = line(g, basePath, base, generalise);
      lines.computeIfAbsent(text, k -> new TreeSet<>()).add(methodOrder(g.members.get(0).method()));
    }
    StringBuilder rules = new StringBuilder();
    for (Map.Entry<String, TreeSet<Integer>> e : lines.entrySet()) {
      StringBuilder methods = new StringBuilder("[");
      for (int m : e.getValue()) {
        methods.append(methods.length() > 1 ? "," : "").append(
            METHODS.get(m).toLowerCase(Locale.ROOT));
      }
      rules.append(methods).append(']').append(e.getKey()).append('\n');
    }
    // replay: every request must be allowed by what is suggested
    int refused = 0;
    List<String> examples = new ArrayList<>();
    if (!requests.isEmpty()) {
      RuleSet set = RuleSet.compiler().baseUrl(baseUrl)
          .limits(dev.limitto.engine.Limits.defaults().toBuilder()
              .maxLines(Math.max(dev.limitto.engine.Limits.DEFAULT_MAX_LINES, lines.size()))
              .build())
          .compile(rules.toString());
      for (HttpRequestView r : requests) {
        HttpRequestView replay = queryValues ? r : Request.of(r.method(), r.rawPath());
        if (!set.evaluate(replay).isAllowed()) {
          refused++;
          if (examples.size() < 5) {
            examples.add(r.method() + " " + r.rawPath()
                + (r.rawQuery() == null ? "" : "?" + r.rawQuery()));
          }
        }
      }
    }
    return new Suggestion(rules.toString(), requests.size(), refused, examples);
  }

  private static final List<String> METHODS = List.of(
      "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT");

  /** A method's place in bit order; unknown methods (no method set admits them) go last. */
  private static int methodOrder(String method) {
    int i = METHODS.indexOf(method);
    return i < 0 ? METHODS.size() : i;
  }

  /** The class of a path segment: an issue key of a project, a number, or itself. */
  private static String shape(String seg) {
    var m = ISSUE_KEY.matcher(seg);
    if (m.matches()) {
      return "\u0000key:" + m.group(1);
    }
    return NUMBER.matcher(seg).matches() ? "\u0000number" : seg;
  }

  private static String line(Group g, String basePath, BaseUrl base, boolean generalise) {
    Seen first = g.members.get(0);
    int n = first.segments().size();
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TreeSet<String> values = new TreeSet<>();
      for (Seen s : g.members) {
        values.add(s.segments().get(i));
      }
      parts.add(generalise ? family(values, true) : alternation(values));
    }
    String path = String.join("/", parts);
    String literalBase = quote(basePath);
    String url;
    if (!basePath.isEmpty() && path.startsWith(literalBase + "/")) {
      url = "{base}" + path.substring(literalBase.length());
    } else if (basePath.isEmpty()) {
      url = "{base}" + path;
    } else {
      url = quote(base.origin()) + path;
    }
    StringBuilder sb = new StringBuilder(url);
    for (String name : first.query().keySet()) {
      TreeSet<String> values = new TreeSet<>();
      for (Seen s : g.members) {
        values.addAll(s.query().get(name));
      }
      String regex = generalise ? family(values, false) : alternation(values);
      sb.append("[QueryParam::").append(name).append("==").append(regex).append(']');
    }
    return sb.toString();
  }

  /**
   * The tightest regex for the values seen at one place that generalises a family: keys of one
   * project or numbers, when at least two occur; otherwise the values themselves.
   */
  private static String family(TreeSet<String> values, boolean pathSegment) {
    if (values.size() >= 2) {
      String project = null;
      boolean keys = true;
      for (String v : values) {
        var m = ISSUE_KEY.matcher(v);
        if (!m.matches() || (project != null && !project.equals(m.group(1)))) {
          keys = false;
          break;
        }
        project = m.group(1);
      }
      if (keys) {
        return quote(project) + "-[0-9]+";
      }
      if (values.stream().allMatch(v -> NUMBER.matcher(v).matches())) {
        return "[0-9]+";
      }
    }
    if (pathSegment || values.size() <= RuleSuggester.MAX_ALTERNATION) {
      return alternation(values);
    }
    String prefix = values.first();
    for (String v : values) {
      int i = 0;
      while (i < prefix.length() && i < v.length() && prefix.charAt(i) == v.charAt(i)) {
        i++;
      }
      prefix = prefix.substring(0, i);
    }
    return quote(prefix) + ".*";
  }

  private static String alternation(TreeSet<String> values) {
    if (values.size() == 1) {
      return quote(values.first());
    }
    List<String> quoted = new ArrayList<>();
    for (String v : values) {
      quoted.add(quote(v));
    }
    return "(" + String.join("|", quoted) + ")";
  }

  /** Text as a regex that matches exactly it. */
  static String quote(String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (META.indexOf(c) >= 0) {
        sb.append('\\');
      }
      if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Percent-decodes UTF-8 ({@code +} as a space in a query); null when malformed. */
  static String decode(String s, boolean query) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else if (c == '+' && query) {
        out.write(' ');
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    var decoder = StandardCharsets.UTF_8.newDecoder();
    try {
      return decoder.decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }
}
