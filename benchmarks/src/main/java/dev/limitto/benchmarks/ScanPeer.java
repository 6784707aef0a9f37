package dev.limitto.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The simple peer of the engine, as a careful developer would write it without an engine: each
 * line's regexes precompiled ({@code java.util.regex} or RE2J), lines scanned in order, the URL
 * as origin + raw path, query parameters split and {@code URLDecoder}-decoded, the body parsed
 * with Jackson {@code readTree} when a {@code JsonData} line is reached. It skips the engine's
 * canonical-path checks, which only flatters it.
 */
final class ScanPeer {

  /** Compiles one regex to a full-match test. */
  interface RegexFactory {
    Predicate<String> fullMatch(String regex);
  }

  static final RegexFactory JDK =
      regex -> {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
        return s -> p.matcher(s).matches();
      };

  static final RegexFactory RE2J =
      regex -> {
        com.google.re2j.Pattern p = com.google.re2j.Pattern.compile(regex);
        return p::matches;
      };

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT");

  private record Pred(boolean json, String name, Predicate<String> value) {}

  private record Rule(int line, Set<String> methods, Predicate<String> url, List<Pred> preds) {}

  private final String origin;
  private final List<Rule> rules = new ArrayList<>();

  ScanPeer(String ruleText, String baseUrl, RegexFactory regexes) {
    this.origin = origin(baseUrl);
    String quotedBase = baseUrl.replaceAll("([.\\\\+*?\\[^\\]$(){}=!<>|:-])", "\\\\$1");
    String[] lines = ruleText.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String text = lines[i].strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      Set<String> methods = Set.of();
      if (text.startsWith("[")) {
        int close = text.indexOf(']');
        String[] items = text.substring(1, close).split("[,|]");
        boolean all = true;
        for (String m : items) {
          all &= METHODS.contains(m.strip().toUpperCase(Locale.ROOT));
        }
        if (all) {
          List<String> ms = new ArrayList<>();
          for (String m : items) {
            ms.add(m.strip().toUpperCase(Locale.ROOT));
          }
          methods = Set.copyOf(ms);
          text = text.substring(close + 1);
        }
      }
      int predStart = predicateStart(text);
      String url = (predStart < 0 ? text : text.substring(0, predStart)).replace("{base}", quotedBase);
      List<Pred> preds = new ArrayList<>();
      int at = predStart;
      while (at >= 0 && at < text.length()) {
        if (text.charAt(at) == ' ') {
          at++;
          continue;
        }
        int sep = text.indexOf("::", at);
        int eq = text.indexOf("==", sep);
        int end = valueEnd(text, eq + 2);
        String kind = text.substring(at + 1, sep);
        preds.add(
            new Pred(
                kind.equalsIgnoreCase("JsonData"),
                text.substring(sep + 2, eq),
                regexes.fullMatch(text.substring(eq + 2, end).replace("\\]", "]"))));
        at = end + 1;
      }
      rules.add(new Rule(i + 1, methods, regexes.fullMatch(url), List.copyOf(preds)));
    }
  }

  /** The 1-based line that allows the request, or 0 when denied. */
  int decide(BenchRequest r) {
    String url = origin + r.rawPath;
    JsonNode[] json = null;
    for (Rule rule : rules) {
      if (!rule.methods.isEmpty() && !rule.methods.contains(r.method)) {
        continue;
      }
      if (!rule.url.test(url)) {
        continue;
      }
      boolean all = true;
      for (Pred p : rule.preds) {
        if (p.json) {
          if (json == null) {
            json = new JsonNode[] {readTree(r)};
          }
          all = json[0] != null && jsonMatches(json[0], p);
        } else {
          all = queryMatches(r.rawQuery, p);
        }
        if (!all) {
          break;
        }
      }
      if (all) {
        return rule.line;
      }
    }
    return 0;
  }

  private static JsonNode readTree(BenchRequest r) {
    String type = r.header("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      return null;
    }
    try {
      return MAPPER.readTree(r.body);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static boolean jsonMatches(JsonNode root, Pred p) {
    List<JsonNode> selected = new ArrayList<>();
    if (p.name.contains(".")) {
      List<JsonNode> level = List.of(root);
      for (String part : p.name.split("\\.")) {
        List<JsonNode> nextLevel = new ArrayList<>();
        for (JsonNode n : level) {
          for (JsonNode e : n.isArray() ? iterable(n) : List.of(n)) {
            JsonNode child = e.get(part);
            if (child != null) {
              nextLevel.add(child);
            }
          }
        }
        level = nextLevel;
      }
      selected.addAll(level);
    } else {
      selected.addAll(root.findValues(p.name));
    }
    if (selected.isEmpty()) {
      return false;
    }
    for (JsonNode n : selected) {
      if (!valueMatches(n, p.value)) {
        return false;
      }
    }
    return true;
  }

  private static boolean valueMatches(JsonNode n, Predicate<String> re) {
    if (n.isObject()) {
      return false;
    }
    if (n.isArray()) {
      for (JsonNode e : n) {
        if (!valueMatches(e, re)) {
          return false;
        }
      }
      return true;
    }
    return re.test(n.isTextual() ? n.textValue() : n.toString());
  }

  private static List<JsonNode> iterable(JsonNode array) {
    List<JsonNode> l = new ArrayList<>();
    array.forEach(l::add);
    return l;
  }

  private static boolean queryMatches(String query, Pred p) {
    if (query == null) {
      return false;
    }
    boolean seen = false;
    for (String param : query.split("&")) {
      if (param.isEmpty()) {
        continue;
      }
      int eq = param.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? param : param.substring(0, eq), StandardCharsets.UTF_8);
      if (name.equals(p.name)) {
        seen = true;
        String value = eq < 0 ? "" : URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
        if (!p.value.test(value)) {
          return false;
        }
      }
    }
    return seen;
  }

  /** Index of the '[' that starts the first predicate, or -1. */
  private static int predicateStart(String text) {
    boolean inClass = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        String rest = text.substring(i + 1).toLowerCase(Locale.ROOT);
        if (rest.startsWith("queryparam::") || rest.startsWith("jsondata::")) {
          return i;
        }
        inClass = true;
      }
    }
    return -1;
  }

  /** Index of the ']' that closes a predicate value starting at {@code from}. */
  private static int valueEnd(String text, int from) {
    boolean inClass = false;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == ']') {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed predicate: " + text);
  }

  static String origin(String baseUrl) {
    java.net.URI u = java.net.URI.create(baseUrl);
    return u.getScheme() + "://" + u.getRawAuthority();
  }
}
