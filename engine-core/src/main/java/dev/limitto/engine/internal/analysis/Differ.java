package dev.limitto.engine.internal.analysis;

import dev.limitto.engine.Decision;
import dev.limitto.engine.Limits;
import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSet;
import dev.limitto.engine.analysis.RuleDiff.Example;
import dev.limitto.engine.analysis.RuleDiff.MethodGroup;
import dev.limitto.engine.analysis.RuleDiff.Report;
import dev.limitto.engine.analysis.RuleDiff.Result;
import dev.limitto.engine.analysis.RuleDiff.Side;
import dev.limitto.engine.analysis.RuleDiff;
import dev.limitto.engine.internal.analysis.Search.Budget;
import dev.limitto.engine.internal.analysis.Search.OutOfBudget;
import dev.limitto.engine.internal.match.DfaTable;
import dev.limitto.engine.internal.parse.RuleParser;
import dev.limitto.engine.internal.parse.SyntaxLine;
import dev.limitto.engine.internal.parse.SyntaxPredicate;
import dev.limitto.engine.internal.rules.BaseUrl;
import dev.limitto.engine.internal.match.RegexLanguages;
import dev.limitto.engine.internal.util.CompactJson;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The comparison behind {@link RuleDiff}. A request is modelled as a method, a canonical URL and,
 * for every predicate key (a query parameter, a JSON selector), either nothing or a non-empty set
 * of values. A line holds when its method and URL match and, for each of its keys, the key is
 * present and every value is in the intersection of the line's value languages on that key.
 *
 * <p>For one method and one kind of URL (the set of URL automata that accept it, found on the
 * product of every URL automaton with the language of canonical URLs), a line N of one side
 * allows a request that no line of the other side allows exactly when no other-side line O
 * covers N: O covers N when every key of O is a key of N and N's language on it is included in
 * O's. (Take every key N does not name absent and, for every O, one value of N's language that
 * O refuses: each O fails and N holds. Conversely if some O covers N, every request N allows, O
 * allows.) So the question is one of language inclusion, decided on the automata, and the
 * witness is built from the counter-examples.
 *
 * <p>The model is exact for query parameters (distinct names are independent). For {@code
 * JsonData} it is exact when no two selectors can select the same value or one inside the
 * other (no selector's last name is a name on another's path); otherwise those lines are left
 * undecided. Every example is decided with both compiled rule sets before it is reported.
 */
public final class Differ {

  /** Automaton steps (product states times their width) one comparison may take. */
  static final long MAX_STEPS = 40_000_000L;
  /** Most states of the URL product. */
  static final int MAX_URL_STATES = 200_000;
  /** Examples reported per method group and direction. */
  static final int MAX_EXAMPLES = 5;
  /** Requests tried by the search for lines the automata cannot decide. */
  static final int MAX_SEARCH = 4_000;

  static final String URL_OUTSIDE =
      "%s line %d: its URL regex is outside the subset the automata decide";
  static final String VALUE_OUTSIDE =
      "%s line %d: the value regex of %s is outside the subset the automata decide";
  static final String JSON_OVERLAP =
      "%s line %d: JsonData selectors '%s' and '%s' can select the same value";
  static final String PAST_BOUND =
      "the comparison went past its work bound (" + MAX_STEPS + " automaton steps)";
  static final String UNCONFIRMED =
      "a difference found on the automata is decided alike by the rules themselves (a line"
          + " outside the analysis decides it): not every difference may be shown";

  private static final String[] METHODS = {
    "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT"
  };
  /** Characters of a decoded path segment as the canonical URL can hold them (a superset). */
  private static final String P = "[^/\\\\;#?%\\a\\t\\n\\v\\f\\r]";
  private static final String Q = "[^./\\\\;#?%\\a\\t\\n\\v\\f\\r]";
  private static final String SEGMENT = "(?:" + Q + P + "*|\\." + Q + P + "*|\\.\\." + P + "+)";
  private static final String PATH = "(?:/|(?:/" + SEGMENT + ")+/?)";

  private final BaseUrl base;
  /** The base URL as a regex the automata read, for {@code {base}}; null when it has none. */
  private final String baseLiteral;
  private final RuleSet oldSet;
  private final RuleSet newSet;
  private final Budget budget = new Budget(MAX_STEPS);
  private final List<Line> lines = new ArrayList<>();
  private final List<DfaTable> components = new ArrayList<>();
  private final Map<String, Integer> componentOf = new HashMap<>();
  private final Map<Long, Verdict> verdicts = new HashMap<>();
  /** The kinds of URL: which components accept, with the shortest URL of each. */
  private final Map<BitSet, String> urlKinds = new LinkedHashMap<>();
  private boolean incomplete;

  private Differ(BaseUrl base, RuleSet oldSet, RuleSet newSet) {
    this.base = base;
    this.baseLiteral = RegexLanguages.asciiLiteral(base.literal());
    this.oldSet = oldSet;
    this.newSet = newSet;
  }

  /** See {@link RuleDiff#compare(String, String, String, Limits)}. */
  public static Report compare(String oldText, String newText, String baseUrl, Limits limits) {
    RuleSet oldSet = RuleSet.compiler().baseUrl(baseUrl).limits(limits).compile(oldText);
    RuleSet newSet = RuleSet.compiler().baseUrl(baseUrl).limits(limits).compile(newText);
    Differ d = new Differ(BaseUrl.parse(baseUrl), oldSet, newSet);
    return d.run(oldText, newText, limits);
  }

  /** One line of either side, as the analysis sees it. */
  private static final class Line {
    final int id;
    final Side side;
    final int number; // 0: the stand-in line of an unrestricted rule set
    final int mask; // 0: every method
    final String signature;
    int component = -1; // -1: every URL (the unrestricted stand-in)
    /** Per key, the value automata; a key is "Q\0name" or "J\0selector". */
    final Map<String, List<DfaTable>> keys = new LinkedHashMap<>();
    final Map<String, String> keyText = new LinkedHashMap<>();
    /** Per key, one value of the key's language; empty map until computed, null if never. */
    Map<String, String> examples;
    String undecidable; // why the automata cannot decide this line, or null
    boolean common; // an undecidable line written the same on both sides: left out

    Line(int id, Side side, int number, int mask, String signature) {
      this.id = id;
      this.side = side;
      this.number = number;
      this.mask = mask;
      this.signature = signature;
    }

    boolean applies(int methodBit) {
      return mask == 0 || (mask & methodBit) != 0;
    }

    boolean inModel() {
      return undecidable == null && !common;
    }
  }

  /** Whether line {@code o} covers line {@code n}, and if not, how a request makes o fail. */
  private record Verdict(boolean covers, String key, String value, boolean unknown) {}

  private Report run(String oldText, String newText, Limits limits) {
    this.oldText = oldText;
    this.newText = newText;
    String origin = RegexLanguages.asciiLiteral(base.origin());
    DfaTable canonical = origin == null ? null : DfaTable.of(origin + PATH);
    addLines(Side.OLD, oldText, oldSet, limits, canonical != null);
    addLines(Side.NEW, newText, newSet, limits, canonical != null);
    markCommon();
    checkJsonSelectors();
    if (canonical == null) {
      incomplete = true;
    } else {
      exploreUrls(canonical);
    }
    // methods that every line treats alike form one group
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int m = 0; m < METHODS.length; m++) {
      StringBuilder sig = new StringBuilder();
      for (Line l : lines) {
        if (l.applies(1 << m)) {
          sig.append(l.id).append(',');
        }
      }
      groups.computeIfAbsent(sig.toString(), k -> new ArrayList<>()).add(m);
    }
    List<MethodGroup> out = new ArrayList<>();
    boolean differs = false;
    boolean undecided = false;
    for (List<Integer> methods : groups.values()) {
      MethodGroup g = group(methods);
      out.add(g);
      differs |= g.result() == Result.DIFFERS;
      undecided |= g.result() == Result.UNDECIDED;
    }
    Result result = differs ? Result.DIFFERS : undecided ? Result.UNDECIDED : Result.EQUIVALENT;
    return new Report(result, base.given(), out);
  }

  // --- the lines --------------------------------------------------------------------------------

  private void addLines(Side side, String text, RuleSet set, Limits limits, boolean canDecide) {
    if (set.isUnrestricted()) {
      lines.add(new Line(lines.size(), side, 0, 0, "\u0000unrestricted"));
      return;
    }
    for (SyntaxLine s : RuleParser.parse(text, limits).lines()) {
      List<String> preds = new ArrayList<>();
      for (SyntaxPredicate p : s.predicates()) {
        preds.add(p.kind() + "\u0000" + p.name() + "\u0000" + p.value());
      }
      preds.sort(null);
      Line l = new Line(lines.size(), side, s.number(), s.methodMask(),
          s.methodMask() + "\u0000" + s.urlRegex() + "\u0000" + preds);
      lines.add(l);
      String url = s.urlRegexWith(baseLiteral);
      DfaTable urlTable = url == null || !canDecide ? null : DfaTable.of(url);
      if (urlTable == null) {
        l.undecidable = String.format(URL_OUTSIDE, name(side), s.number());
      } else {
        l.component = componentOf.computeIfAbsent(url, k -> {
          components.add(urlTable);
          return components.size(); // 0 is the language of canonical URLs
        });
      }
      for (SyntaxPredicate p : s.predicates()) {
        String key = (p.kind() == SyntaxPredicate.Kind.QUERY_PARAM ? "Q" : "J") + "\u0000"
            + p.name();
        l.keyText.putIfAbsent(key, p.kind().spelling() + "::" + p.name());
        DfaTable value = DfaTable.of(p.value());
        if (value == null) {
          if (l.undecidable == null) {
            l.undecidable = String.format(VALUE_OUTSIDE, name(side), s.number(),
                p.kind().spelling() + "::" + p.name());
          }
        } else {
          l.keys.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
      }
    }
  }

  /**
   * An undecidable line written the same on both sides decides the same requests on both: it
   * cannot make them differ, so the comparison of the other lines is exact without it (its
   * examples are still checked against it).
   */
  private void markCommon() {
    for (Line a : lines) {
      if (a.undecidable == null || a.side != Side.OLD) {
        continue;
      }
      for (Line b : lines) {
        if (b.side == Side.NEW && b.signature.equals(a.signature)) {
          a.common = true;
          b.common = true;
        }
      }
    }
  }

  /** Leaves undecided the JsonData lines whose selectors can select the same value. */
  private void checkJsonSelectors() {
    Map<String, Line> firstUse = new LinkedHashMap<>();
    for (Line l : lines) {
      if (!l.inModel()) {
        continue;
      }
      for (String key : l.keys.keySet()) {
        if (key.startsWith("J")) {
          firstUse.putIfAbsent(key.substring(2), l);
        }
      }
    }
    List<String> selectors = new ArrayList<>(firstUse.keySet());
    Set<String> overlapping = new LinkedHashSet<>();
    Map<String, String> partner = new HashMap<>();
    for (int i = 0; i < selectors.size(); i++) {
      for (int j = i + 1; j < selectors.size(); j++) {
        List<String> a = segments(selectors.get(i));
        List<String> b = segments(selectors.get(j));
        if (b.contains(a.get(a.size() - 1)) || a.contains(b.get(b.size() - 1))) {
          overlapping.add(selectors.get(i));
          overlapping.add(selectors.get(j));
          partner.putIfAbsent(selectors.get(i), selectors.get(j));
          partner.putIfAbsent(selectors.get(j), selectors.get(i));
        }
      }
    }
    for (Line l : lines) {
      if (!l.inModel()) {
        continue;
      }
      for (String key : l.keys.keySet()) {
        String sel = key.substring(2);
        if (key.startsWith("J") && overlapping.contains(sel)) {
          l.undecidable = String.format(JSON_OVERLAP, name(l.side), l.number, sel,
              partner.get(sel));
          break;
        }
      }
    }
  }

  /** The names on a selector's path: {@code a.b.c}, {@code /a/b} (RFC 6901) or {@code name}. */
  static List<String> segments(String selector) {
    List<String> out = new ArrayList<>();
    if (selector.startsWith("/")) {
      for (String s : selector.substring(1).split("/", -1)) {
        out.add(s.replace("~1", "/").replace("~0", "~"));
      }
    } else {
      out.addAll(List.of(selector.split("\\.", -1)));
    }
    return out;
  }

  // --- the kinds of URL -------------------------------------------------------------------------

  /** Walks the product of the canonical-URL language and every URL automaton. */
  private void exploreUrls(DfaTable canonical) {
    List<DfaTable> all = new ArrayList<>();
    all.add(canonical);
    all.addAll(components);
    int n = all.size();
    char[] reps = Search.representatives(all);
    int[] start = new int[n];
    for (int i = 0; i < n; i++) {
      start[i] = all.get(i).start();
    }
    if (start[0] < 0) {
      return;
    }
    Map<Search.Key, Integer> index = new HashMap<>();
    List<int[]> states = new ArrayList<>();
    List<int[]> parent = new ArrayList<>();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    index.put(new Search.Key(start), 0);
    states.add(start);
    parent.add(null);
    queue.add(0);
    try {
      while (!queue.isEmpty()) {
        int id = queue.poll();
        int[] s = states.get(id);
        if (all.get(0).accepting()[s[0]]) {
          BitSet kind = new BitSet();
          for (int i = 1; i < n; i++) {
            if (s[i] >= 0 && all.get(i).accepting()[s[i]]) {
              kind.set(i);
            }
          }
          if (!urlKinds.containsKey(kind)) {
            urlKinds.put(kind, Search.path(parent, id));
          }
        }
        budget.take((long) reps.length * n);
        for (char c : reps) {
          int d = all.get(0).step(s[0], c);
          if (d < 0) {
            continue;
          }
          int[] t = new int[n];
          t[0] = d;
          for (int i = 1; i < n; i++) {
            t[i] = s[i] < 0 ? -1 : all.get(i).step(s[i], c);
          }
          Search.Key k = new Search.Key(t);
          if (!index.containsKey(k)) {
            if (states.size() >= MAX_URL_STATES) {
              incomplete = true;
              return;
            }
            index.put(k, states.size());
            states.add(t);
            parent.add(new int[] {id, c});
            queue.add(states.size() - 1);
          }
        }
      }
    } catch (OutOfBudget e) {
      incomplete = true;
    }
  }

  // --- one group of methods ---------------------------------------------------------------------

  private MethodGroup group(List<Integer> methods) {
    int bit = 1 << methods.get(0);
    String method = METHODS[methods.get(0)];
    Set<String> reasons = new LinkedHashSet<>();
    for (Line l : lines) {
      if (l.applies(bit) && l.undecidable != null && !l.common) {
        reasons.add(l.undecidable);
      }
    }
    boolean[] unconfirmed = new boolean[1];
    List<Example> newAllows = direction(Side.NEW, bit, method, unconfirmed);
    List<Example> oldAllows = direction(Side.OLD, bit, method, unconfirmed);
    boolean needSearch = !reasons.isEmpty() || incomplete || unconfirmed[0];
    if (needSearch) {
      search(bit, method, newAllows, oldAllows);
    }
    if (incomplete) {
      reasons.add(PAST_BOUND);
    }
    if (unconfirmed[0]) {
      reasons.add(UNCONFIRMED);
    }
    Result result = !newAllows.isEmpty() || !oldAllows.isEmpty() ? Result.DIFFERS
        : reasons.isEmpty() ? Result.EQUIVALENT : Result.UNDECIDED;
    List<String> names = new ArrayList<>();
    for (int m : methods) {
      names.add(METHODS[m]);
    }
    return new MethodGroup(names, result, newAllows, oldAllows,
        result == Result.EQUIVALENT ? List.of() : List.copyOf(reasons));
  }

  /** Requests that side {@code x} allows and the other refuses, on the automata. */
  private List<Example> direction(Side x, int bit, String method, boolean[] unconfirmed) {
    List<Example> out = new ArrayList<>();
    Set<Integer> shown = new java.util.HashSet<>();
    boolean found = false;
    for (Map.Entry<BitSet, String> kind : urlKinds.entrySet()) {
      List<Line> ax = active(x, bit, kind.getKey());
      List<Line> ay = active(other(x), bit, kind.getKey());
      for (Line n : ax) {
        if (shown.contains(n.id) || examples(n) == null) {
          continue;
        }
        Map<String, Set<String>> values = new TreeMap<>();
        boolean covered = false;
        for (Line o : ay) {
          Verdict v = verdict(o, n);
          if (v.covers() || v.unknown()) {
            covered = true;
            break;
          }
          if (v.key() != null) {
            values.computeIfAbsent(v.key(), k -> new java.util.TreeSet<>()).add(v.value());
          }
        }
        if (covered) {
          continue;
        }
        for (Map.Entry<String, String> e : examples(n).entrySet()) {
          values.computeIfAbsent(e.getKey(), k -> new LinkedHashSet<>());
          if (values.get(e.getKey()).isEmpty()) {
            values.get(e.getKey()).add(e.getValue());
          }
        }
        Example ex = check(x, method, kind.getValue(), values, false);
        if (ex == null) {
          unconfirmed[0] = true;
          continue;
        }
        found = true;
        shown.add(n.id);
        out.add(ex);
        if (out.size() >= MAX_EXAMPLES) {
          return out;
        }
      }
    }
    if (!found) {
      // an unrestricted rule set also allows what the other's checks of §4 refuse outright
      Line unrestricted = unrestricted(x);
      if (unrestricted != null && unrestricted(other(x)) == null) {
        Example ex = check(x, method, base.origin() + "/rest//x", Map.of(), false);
        if (ex != null) {
          out.add(ex);
        }
      }
    }
    return out;
  }

  private Line unrestricted(Side side) {
    for (Line l : lines) {
      if (l.side == side && l.number == 0) {
        return l;
      }
    }
    return null;
  }

  private List<Line> active(Side side, int bit, BitSet kind) {
    List<Line> out = new ArrayList<>();
    for (Line l : lines) {
      if (l.side == side && l.applies(bit) && l.inModel()
          && (l.component < 0 || kind.get(l.component))) {
        out.add(l);
      }
    }
    return out;
  }

  /** One value per key of the line's language, or null when some key's language is empty. */
  private Map<String, String> examples(Line n) {
    if (n.examples == null && n.keys.isEmpty()) {
      n.examples = Map.of();
    }
    if (n.examples == null) {
      Map<String, String> ex = new LinkedHashMap<>();
      for (Map.Entry<String, List<DfaTable>> e : n.keys.entrySet()) {
        String v;
        try {
          v = Search.find(e.getValue(), null, budget);
        } catch (OutOfBudget oob) {
          incomplete = true;
          v = null;
        }
        if (v == null) {
          ex = null; // the line never holds (or its value could not be found)
          break;
        }
        ex.put(e.getKey(), v);
      }
      n.examples = ex == null ? new HashMap<>(Map.of("\u0000never", "")) : ex;
    }
    return n.examples.containsKey("\u0000never") ? null : n.examples;
  }

  private Verdict verdict(Line o, Line n) {
    long key = ((long) o.id << 32) | n.id;
    Verdict v = verdicts.get(key);
    if (v == null) {
      v = decideCover(o, n);
      verdicts.put(key, v);
    }
    return v;
  }

  private Verdict decideCover(Line o, Line n) {
    for (String key : o.keys.keySet()) {
      if (!n.keys.containsKey(key)) {
        return new Verdict(false, null, null, false); // absent: o fails, n may hold
      }
    }
    for (Map.Entry<String, List<DfaTable>> e : o.keys.entrySet()) {
      for (DfaTable q : e.getValue()) {
        try {
          String v = Search.find(n.keys.get(e.getKey()), q, budget);
          if (v != null) {
            return new Verdict(false, e.getKey(), v, false);
          }
        } catch (OutOfBudget oob) {
          incomplete = true;
          return new Verdict(false, null, null, true);
        }
      }
    }
    return new Verdict(true, null, null, false);
  }

  // --- examples -------------------------------------------------------------------------------

  /**
   * The request of a URL and key values, if side {@code x} allows it and the other side refuses
   * it; null otherwise.
   */
  private Example check(Side x, String method, String url, Map<String, Set<String>> values,
      boolean bySearch) {
    String path = readable(url.substring(base.origin().length()));
    StringBuilder target = new StringBuilder(encode(path, true));
    StringBuilder query = new StringBuilder();
    Map<String, Object> json = new TreeMap<>();
    for (Map.Entry<String, Set<String>> e : values.entrySet()) {
      String name = e.getKey().substring(2);
      if (e.getKey().startsWith("Q")) {
        for (String v : e.getValue()) {
          query.append(query.length() == 0 ? "?" : "&").append(encode(name, false)).append('=')
              .append(encode(readable(v), false));
        }
      } else {
        List<String> vs = new ArrayList<>();
        for (String v : e.getValue()) {
          vs.add(readable(v));
        }
        put(json, segments(name), vs.size() == 1 ? vs.get(0) : vs);
      }
    }
    target.append(query);
    Request.Builder b = Request.builder(method, target.toString());
    Map<String, String> headers = new TreeMap<>();
    String body = null;
    if (!json.isEmpty()) {
      body = CompactJson.write(json);
      headers.put("Content-Type", "application/json");
      b.header("Content-Type", "application/json").body(body);
    }
    Request request = b.build();
    RuleSet xs = x == Side.NEW ? newSet : oldSet;
    RuleSet ys = x == Side.NEW ? oldSet : newSet;
    Decision dx = xs.evaluate(request);
    Decision dy = ys.evaluate(request);
    if (!dx.isAllowed() || dy.isAllowed()) {
      return null;
    }
    return new Example(method, target.toString(), headers, body, base.origin() + path, x,
        dx.line().orElse(0), dy.reason(), bySearch);
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> json, List<String> path, Object value) {
    Map<String, Object> at = json;
    for (int i = 0; i < path.size() - 1; i++) {
      Object next = at.get(path.get(i));
      if (!(next instanceof Map)) {
        next = new TreeMap<String, Object>();
        at.put(path.get(i), next);
      }
      at = (Map<String, Object>) next;
    }
    at.put(path.get(path.size() - 1), value);
  }

  /** The automata's stand-in for a non-ASCII character, {@code \u0001}, as a real one. */
  static String readable(String s) {
    return s.replace('\u0001', 'é');
  }

  /** Percent-encodes UTF-8, leaving unreserved characters (and, in a path, sub-delims). */
  static String encode(String s, boolean path) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-._~".indexOf(c) >= 0 || (path && "/!$&'()*,=:@".indexOf(c) >= 0);
      if (plain) {
        sb.append(c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }

  // --- the search for lines outside the automata ----------------------------------------------

  /**
   * Tries requests built from the examples of every line of both sides (regexes outside the
   * subset loosened to a form the automata read, such as without {@code (?i)}) on every kind
   * of URL found, and keeps those the two rule sets decide differently.
   */
  private void search(int bit, String method, List<Example> newAllows, List<Example> oldAllows) {
    List<String> urls = new ArrayList<>();
    for (String u : urlKinds.values()) {
      if (urls.size() < 200) {
        urls.add(u);
      }
    }
    List<Map<String, Set<String>>> assignments = new ArrayList<>();
    assignments.add(Map.of());
    List<SyntaxLine> syntax = new ArrayList<>();
    for (Side side : Side.values()) {
      RuleSet set = side == Side.NEW ? newSet : oldSet;
      if (!set.isUnrestricted()) {
        syntax.addAll(RuleParser.parse(side == Side.NEW ? newText : oldText, set.limits()).lines());
      }
    }
    for (SyntaxLine s : syntax) {
      if (s.methodMask() != 0 && (s.methodMask() & bit) == 0) {
        continue;
      }
      String url = s.urlRegexWith(baseLiteral);
      String u = url == null ? null : loosenedExample(url);
      if (u != null && u.startsWith(base.origin() + "/")) {
        urls.add(0, u);
        if (url.contains("(?")) {
          // a case-insensitive line also matches the upper-case spelling, which others may not
          urls.add(0, base.origin() + u.substring(base.origin().length()).toUpperCase(
              java.util.Locale.ROOT));
        }
      }
      Map<String, Set<String>> values = new TreeMap<>();
      for (SyntaxPredicate p : s.predicates()) {
        String v = loosenedExample(p.value());
        String key = (p.kind() == SyntaxPredicate.Kind.QUERY_PARAM ? "Q" : "J") + "\u0000"
            + p.name();
        values.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(v == null ? "x" : v);
      }
      if (!values.isEmpty()) {
        assignments.add(values);
      }
    }
    int tried = 0;
    for (String u : new LinkedHashSet<>(urls)) {
      for (Map<String, Set<String>> values : assignments) {
        if (tried++ >= MAX_SEARCH) {
          return;
        }
        for (Side x : Side.values()) {
          List<Example> into = x == Side.NEW ? newAllows : oldAllows;
          if (into.size() >= MAX_EXAMPLES) {
            continue;
          }
          Example ex = check(x, method, u, values, true);
          // one example per allowing line is enough: the search only fills what the automata left
          if (ex != null && into.stream().noneMatch(e -> e.line() == ex.line())) {
            into.add(ex);
          }
        }
      }
    }
  }

  private String oldText;
  private String newText;

  /** An example of a regex, read without the flags and assertions the automata do not know. */
  private String loosenedExample(String regex) {
    String loose = regex.replaceAll("\\(\\?[imsU]+\\)", "").replace("\\b", "").replace("\\B", "");
    DfaTable t = DfaTable.of(loose);
    if (t == null) {
      return null;
    }
    try {
      return Search.find(List.of(t), null, new Budget(1_000_000));
    } catch (OutOfBudget e) {
      return null;
    }
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static Side other(Side s) {
    return s == Side.NEW ? Side.OLD : Side.NEW;
  }

  private static String name(Side s) {
    return s == Side.NEW ? "new" : "old";
  }
}
