package dev.limitto.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code .cases} file: groups of rule text, requests and expected decisions, or expected
 * compile errors. Every case remembers its {@code file:line} so a failure points at the text.
 *
 * <pre>
 * ## group name            starts a group
 * base: https://x/jira     base URL ("base: none" for an unconfigured one; default https://jira.example.com)
 * limit: maxBodyBytes=10   a Limits setting
 * rule: [get].*&#47;x         one rule line, verbatim after "rule: " ("rule:" alone is a blank line)
 * rulex: a\tb              the same with \t \r \n \\ \\uXXXX escapes
 * error: 2:5 message       the rule text must not compile: this issue (exact message; may be omitted)
 * req: GET /path?q         a request: method, one space, raw target verbatim (reqx: with escapes)
 * header: Name: value      a header of the current request
 * body: text               its body as UTF-8 (bodyx: with escapes)
 * expect: ALLOW 2 | ALLOW unrestricted | DENY | DENY exact reason | DENY ~ substring
 * </pre>
 */
final class CaseFile {

  static final String DEFAULT_BASE = "https://jira.example.com";

  /** One group: rule text and its configuration. */
  static final class Group {
    final String file;
    final int line;
    final String name;
    String base = DEFAULT_BASE;
    final Limits.Builder limits = Limits.builder();
    final StringBuilder rules = new StringBuilder();
    int ruleLines;
    final List<Expected> errors = new ArrayList<>();
    final List<Case> cases = new ArrayList<>();

    Group(String file, int line, String name) {
      this.file = file;
      this.line = line;
      this.name = name;
    }

    String where() {
      return file + ":" + line;
    }

    RuleSet compile() {
      RuleSet.Compiler c = RuleSet.compiler().limits(limits.build());
      if (!base.equals("none")) {
        c.baseUrl(base);
      }
      return c.compile(rules.toString());
    }
  }

  /** An expected compile error. */
  record Expected(int fileLine, int line, int column, String message) {}

  /** One request and what it must get. */
  static final class Case {
    final int line;
    final Request.Builder request;
    final String display;
    String expect;

    Case(int line, String method, String target) {
      this.line = line;
      this.request = Request.builder(method, target);
      this.display = method + " " + target;
    }
  }

  static List<Group> read(String resource) throws IOException {
    String text;
    try (InputStream in = CaseFile.class.getResourceAsStream("/cases/" + resource)) {
      if (in == null) {
        throw new IOException("missing test resource cases/" + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Group> groups = new ArrayList<>();
    Group g = null;
    Case c = null;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String raw = lines[i];
      int no = i + 1;
      String where = resource + ":" + no;
      if (raw.isBlank() || (raw.startsWith("#") && !raw.startsWith("##"))) {
        continue;
      }
      if (raw.startsWith("## ")) {
        g = new Group(resource, no, raw.substring(3).strip());
        groups.add(g);
        c = null;
        continue;
      }
      if (g == null) {
        throw new IllegalStateException(where + ": statement before the first '## group'");
      }
      int colon = raw.indexOf(':');
      if (colon < 0) {
        throw new IllegalStateException(where + ": expected 'key: value'");
      }
      String key = raw.substring(0, colon);
      String value = raw.length() > colon + 1 ? raw.substring(colon + 2) : "";
      switch (key) {
        case "base" -> g.base = value;
        case "limit" -> limit(g.limits, value, where);
        case "rule", "rulex" -> {
          g.rules.append(key.equals("rulex") ? unescape(value) : value).append('\n');
          g.ruleLines++;
        }
        case "error" -> {
          int sp = value.indexOf(' ');
          String pos = sp < 0 ? value : value.substring(0, sp);
          String[] lc = pos.split(":");
          g.errors.add(new Expected(no, Integer.parseInt(lc[0]), Integer.parseInt(lc[1]),
              sp < 0 ? null : value.substring(sp + 1)));
        }
        case "req", "reqx" -> {
          String v = key.equals("reqx") ? unescape(value) : value;
          int sp = v.indexOf(' ');
          if (sp < 0) {
            throw new IllegalStateException(where + ": req needs a method and a target");
          }
          c = new Case(no, v.substring(0, sp), v.substring(sp + 1));
          g.cases.add(c);
        }
        case "header" -> {
          int hc = value.indexOf(':');
          requireCase(c, where).request.header(value.substring(0, hc),
              value.substring(hc + 1).strip());
        }
        case "body" -> requireCase(c, where).request.body(value);
        case "bodyx" -> requireCase(c, where).request.body(unescape(value));
        case "expect" -> requireCase(c, where).expect = value;
        default -> throw new IllegalStateException(where + ": unknown key " + key);
      }
    }
    return groups;
  }

  private static Case requireCase(Case c, String where) {
    if (c == null) {
      throw new IllegalStateException(where + ": no 'req:' before this line");
    }
    return c;
  }

  private static void limit(Limits.Builder b, String value, String where) {
    String[] kv = value.split("=");
    int v = Integer.parseInt(kv[1].strip());
    switch (kv[0].strip()) {
      case "maxLines" -> b.maxLines(v);
      case "maxLineLength" -> b.maxLineLength(v);
      case "maxRegexProgramSize" -> b.maxRegexProgramSize(v);
      case "maxPathLength" -> b.maxPathLength(v);
      case "maxQueryLength" -> b.maxQueryLength(v);
      case "maxBodyBytes" -> b.maxBodyBytes(v);
      case "maxJsonDepth" -> b.maxJsonDepth(v);
      default -> throw new IllegalStateException(where + ": unknown limit " + kv[0]);
    }
  }

  static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch != '\\' || i + 1 >= s.length()) {
        sb.append(ch);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'n' -> sb.append('\n');
        case '\\' -> sb.append('\\');
        case 'u' -> {
          sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> sb.append('\\').append(e);
      }
    }
    return sb.toString();
  }
}
