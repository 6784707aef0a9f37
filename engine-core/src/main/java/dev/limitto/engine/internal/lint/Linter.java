package dev.limitto.engine.internal.lint;

import dev.limitto.engine.Limits;
import dev.limitto.engine.RuleIssue;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.engine.internal.ApiAccess;
import dev.limitto.engine.internal.match.InvalidRegexException;
import dev.limitto.engine.internal.match.Matchers;
import dev.limitto.engine.internal.match.RegexLanguages.Answer;
import dev.limitto.engine.internal.match.RegexLanguages.Language;
import dev.limitto.engine.internal.match.RegexLanguages;
import dev.limitto.engine.internal.match.StringMatcher;
import dev.limitto.engine.internal.parse.HttpMethods;
import dev.limitto.engine.internal.parse.Messages;
import dev.limitto.engine.internal.parse.ParseResult;
import dev.limitto.engine.internal.parse.RuleParser;
import dev.limitto.engine.internal.parse.SyntaxLine;
import dev.limitto.engine.internal.parse.SyntaxPredicate;
import dev.limitto.engine.internal.rules.BaseUrl;
import dev.limitto.engine.internal.rules.RuleCompiler;
import dev.limitto.engine.lint.LintFinding.Check;
import dev.limitto.engine.lint.LintFinding.Severity;
import dev.limitto.engine.lint.LintFinding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks behind {@link dev.limitto.engine.lint.RuleLinter}. Errors come from the rule compiler
 * itself; warnings from the parsed lines ({@link RuleParser}), looked at one by one and in pairs.
 * Lines with an error get no warnings: their meaning is not settled.
 */
public final class Linter {

  private static final ApiAccess.Findings FINDINGS = ApiAccess.findings();

  /**
   * Most line pairs whose URL languages are compared on automata; further pairs are not reported
   * as shadowed. Bounds the work of a rule set of 1,000 lines that all pass the cheap filters.
   */
  static final int MAX_AUTOMATON_COMPARISONS = 5_000;

  /**
   * Most automaton state pairs visited by all comparisons of one rule set together (each pair
   * costs 128 transitions of each automaton): about a second of work at worst.
   */
  static final long MAX_PAIRS_IN_TOTAL = 2_000_000;

  private static final int BODYLESS = HttpMethods.requestBit("GET") | HttpMethods.requestBit("HEAD");
  private static final String[] METHODS = {
    "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT"
  };

  /** Widenings tried, in order, to build a witness for a value regex that ends in a wildcard. */
  private static final List<String> JQL_WIDENINGS = List.of(" OR project = SECRET", "X", "-SECRET");
  private static final List<String> WIDENINGS = List.of("-SECRET", "X");
  /** For a start that ends in punctuation ({@code KANBAN-}): no second separator. */
  private static final List<String> AFTER_PUNCTUATION = List.of("SECRET", "X");

  /**
   * What every path under {@code {base}/}, and under {@code {base}/rest/}, is when {@code {base}}
   * has been cut off the front of a line ({@link RegexLanguages#afterLiteral}); with a string of
   * both, to disprove most lines without an automaton comparison.
   */
  private static final Scope[] AFTER_BASE = {
    new Scope(LintMessages.WHOLE_API_SCOPE, RegexLanguages.of("/.+"), "/rest/x"),
    new Scope(LintMessages.WHOLE_REST_SCOPE, RegexLanguages.of("/rest/.+"), "/rest/x")
  };

  private final BaseUrl base; // null: not known
  private final String baseLiteral; // base as a regex the automata read; null: none
  private final List<LintFinding> findings = new ArrayList<>();
  private final Language originLanguage;
  /** The URLs a whole-API line admits all of, widest first; null when they cannot be written. */
  private final Scope[] wholeApi;
  private Limits limits;
  private int comparisons;
  private final RegexLanguages.Budget pairs = new RegexLanguages.Budget(MAX_PAIRS_IN_TOTAL);

  private Linter(BaseUrl base) {
    this.base = base;
    this.baseLiteral = base == null ? null : RegexLanguages.asciiLiteral(base.literal());
    String origin = base == null ? "https?://[^/]+/.*" : RegexLanguages.asciiLiteral(base.origin());
    this.originLanguage = origin == null ? null
        : RegexLanguages.of(base == null ? origin : origin + "/.*");
    // without a base URL: every base URL is an http(s) origin and maybe a path, so what these
    // match holds every path under any {base}/ (or {base}/rest/)
    String lit = baseLiteral;
    if (base == null) {
      wholeApi = new Scope[] {
        new Scope(LintMessages.WHOLE_API_SCOPE, RegexLanguages.of("https?://[^/\\n]+/.+"),
            "https://jira.example.com/rest/x"),
        new Scope(LintMessages.WHOLE_REST_SCOPE,
            RegexLanguages.of("https?://[^/\\n]+(/.*)?/rest/.+"), "https://jira.example.com/rest/x")
      };
    } else if (lit != null) {
      String probe = base.literal() + "/rest/x";
      wholeApi = new Scope[] {
        new Scope(LintMessages.WHOLE_API_SCOPE, RegexLanguages.of(lit + "/.+"), probe),
        new Scope(LintMessages.WHOLE_REST_SCOPE, RegexLanguages.of(lit + "/rest/.+"), probe)
      };
    } else {
      wholeApi = null;
    }
  }

  /**
   * A set of URLs that a line admitting all of is too wide.
   *
   * @param text how {@link LintMessages#WHOLE_API} names it
   * @param language the set
   * @param probe one of its members
   */
  private record Scope(String text, Language language, String probe) {}

  /**
   * Lints rule text.
   *
   * @param baseUrl the base URL, or null when not known
   * @throws IllegalArgumentException when {@code baseUrl} is invalid
   */
  public static List<LintFinding> lint(String text, String baseUrl, Limits limits) {
    BaseUrl base = baseUrl == null ? null : BaseUrl.parse(baseUrl);
    return new Linter(base).run(text, limits);
  }

  private List<LintFinding> run(String text, Limits limits) {
    this.limits = limits;
    List<RuleIssue> errors = List.of();
    try {
      // an unknown base URL: {base} stands for the one configured where the rules are used
      BaseUrl compileBase = base == null ? BaseUrl.UNCONFIGURED : base;
      RuleCompiler.compile(text, compileBase, true, limits);
    } catch (RuleSyntaxException e) {
      errors = e.issues();
    }
    Set<Integer> badLines = new HashSet<>();
    for (RuleIssue issue : errors) {
      badLines.add(issue.line());
      findings.add(FINDINGS.finding(Check.COMPILE_ERROR, Severity.ERROR, issue.line(),
          issue.column(), issue.message(), issue.sourceLine()));
    }
    ParseResult parsed = RuleParser.parse(text, limits);
    if (parsed.lines().isEmpty() && errors.isEmpty() && parsed.commentedLines() > 0) {
      allCommented(text);
    }
    List<LineFacts> lines = new ArrayList<>();
    for (SyntaxLine line : parsed.lines()) {
      if (!badLines.contains(line.number())) {
        LineFacts facts = new LineFacts(line);
        single(facts);
        lines.add(facts);
      }
    }
    pairs(lines);
    List<LintFinding> sorted = new ArrayList<>(findings);
    sorted.sort(Comparator.comparingInt(LintFinding::line).thenComparingInt(LintFinding::column));
    return List.copyOf(sorted);
  }

  /** What the checks need to know about one line, computed once. */
  private final class LineFacts {
    final SyntaxLine syntax;
    /** The URL language with {@code {base}} expanded, or null when it cannot be reasoned about. */
    final Language url;
    /** A string the URL regex matches, or null. */
    final String example;
    final List<PredicateFacts> predicates = new ArrayList<>();
    boolean neverMatches;

    LineFacts(SyntaxLine syntax) {
      this.syntax = syntax;
      String expanded = syntax.urlRegexWith(baseLiteral);
      this.url = expanded == null ? null : RegexLanguages.of(expanded);
      this.example = url == null ? null : url.example();
      for (SyntaxPredicate p : syntax.predicates()) {
        predicates.add(new PredicateFacts(p));
      }
    }
  }

  private record PredicateFacts(SyntaxPredicate syntax, Language[] value) {
    PredicateFacts(SyntaxPredicate syntax) {
      this(syntax, new Language[1]);
    }

    /** The value language, built on first use (most predicates are never compared). */
    Language language() {
      if (value[0] == null) {
        value[0] = RegexLanguages.of(syntax.value());
      }
      return value[0];
    }
  }

  // --- checks of one line -----------------------------------------------------------------------

  private void single(LineFacts facts) {
    SyntaxLine line = facts.syntax;
    String regex = line.urlRegex();
    boolean misspelt = misspeltMethod(line);
    facts.neverMatches = facts.url != null && originLanguage != null
        && facts.url.isDisjointFrom(originLanguage, pairs) == Answer.YES;
    if (facts.neverMatches && !misspelt) {
      // a misspelt method set explains why the URL cannot match; one warning is enough
      warn(Check.URL_NEVER_MATCHES, line, line.urlColumn(), String.format(
          LintMessages.URL_NEVER_MATCHES,
          base == null ? LintMessages.ANY_ORIGIN : String.format(LintMessages.ORIGIN,
              base.origin())));
    }
    boolean everything = false;
    if (regex.equals(".*") || regex.equals(".+")) {
      if (line.methodMask() == 0 && line.predicates().isEmpty()) {
        everything = true;
        warn(Check.ALLOWS_EVERYTHING, line, line.urlColumn(), LintMessages.ALLOWS_EVERYTHING);
      }
    } else if (regex.startsWith(".*") || regex.startsWith(".+")) {
      warn(Check.LEADING_WILDCARD, line, line.urlColumn(),
          String.format(LintMessages.LEADING_WILDCARD, regex.substring(0, 2)));
    }
    if (!everything && !facts.neverMatches) {
      String scope = wholeApiScope(facts);
      if (scope != null) {
        warn(Check.WHOLE_API, line, line.urlColumn(), String.format(LintMessages.WHOLE_API, scope,
            line.methodMask() == 0 ? LintMessages.EVERY_METHOD
                : HttpMethods.describe(line.methodMask())));
      }
    }
    queryInUrl(line);
    Set<SyntaxPredicate> extendedJql = new HashSet<>();
    for (SyntaxPredicate p : line.predicates()) {
      if (unboundedValue(line, p) && isJql(p)) {
        extendedJql.add(p);
      }
    }
    new JiraLint(limits, pairs, this::warn).check(line, extendedJql);
    if (line.methodMask() != 0 && (line.methodMask() & ~BODYLESS) == 0) {
      for (SyntaxPredicate p : line.predicates()) {
        if (p.kind() == SyntaxPredicate.Kind.JSON_DATA) {
          warn(Check.JSON_ON_BODYLESS_METHOD, line, predicateColumn(p), String.format(
              LintMessages.JSON_ON_BODYLESS_METHOD, HttpMethods.describe(line.methodMask())));
          break;
        }
      }
    }
  }

  /**
   * What a line's URL regex provably admits all of: every path under {@code {base}/}, or under
   * {@code {base}/rest/} ({@link LintMessages#WHOLE_API_SCOPE} or {@link
   * LintMessages#WHOLE_REST_SCOPE}); null when it admits less or nothing can be proven. Decided by
   * language inclusion on the automata. Without a base URL, a line that starts with its only
   * {@code {base}} is decided on the rest of its regex, which must admit every {@code /...}; other
   * lines with {@code {base}}, and regexes outside the automata, are only decided when the regex
   * is {@code .*} or {@code .+}, which admit every canonical URL.
   */
  private String wholeApiScope(LineFacts facts) {
    SyntaxLine line = facts.syntax;
    String regex = line.urlRegex();
    Language language = facts.url;
    Scope[] scopes = wholeApi;
    if (language == null && base == null && line.baseOffsets().equals(List.of(0))) {
      language = RegexLanguages.afterLiteral(regex.substring(SyntaxLine.BASE.length()));
      scopes = AFTER_BASE;
    }
    if (language != null && scopes != null) {
      if (!language.matches(scopes[0].probe())) {
        return null; // the cheap disproof: the probe is in every scope
      }
      for (Scope scope : scopes) {
        if (scope.language() != null && language.includes(scope.language(), pairs) == Answer.YES) {
          return scope.text();
        }
      }
      return null;
    }
    return regex.equals(".*") || regex.equals(".+") ? LintMessages.WHOLE_API_SCOPE : null;
  }

  /**
   * A {@code QueryParam} or {@code JsonData} value regex that ends in an unbounded repeat of a
   * set with more than word characters in it ({@code .*}, {@code \S+}, {@code [^&]*}) after a
   * non-empty start: warns with a witness, a string of the start followed by a widening, that the
   * compiled value regex accepts. No witness accepted, no warning.
   */
  private boolean unboundedValue(SyntaxLine line, SyntaxPredicate p) {
    if (p.absent()) {
      return false;
    }
    String value = p.value();
    TrailingWildcard wildcard = TrailingWildcard.find(value);
    if (wildcard == null) {
      return false;
    }
    Language startLanguage = RegexLanguages.of(wildcard.prefix());
    String start = startLanguage == null ? null : startLanguage.example();
    if (start == null || start.isEmpty() || !admitsNonWordCharacter(wildcard.atom())) {
      return false;
    }
    StringMatcher matcher = compiled(value);
    if (matcher == null) {
      return false;
    }
    String witness = null;
    char last = start.charAt(start.length() - 1);
    List<String> widenings = isJql(p) ? JQL_WIDENINGS
        : Character.isLetterOrDigit(last) ? WIDENINGS : AFTER_PUNCTUATION;
    for (String widening : widenings) {
      if (matcher.matches(start + widening)) {
        witness = start + widening;
        break;
      }
    }
    if (witness == null) {
      return false;
    }
    String tight = tightForm(value, wildcard, start, witness);
    String advice = tight == null ? String.format(LintMessages.SPELL_OUT, Messages.quote(start))
        : String.format(LintMessages.TIGHT_FORM, Messages.quote(tight));
    warn(Check.UNBOUNDED_VALUE, line, p.valueColumn() + wildcard.start(), String.format(
        LintMessages.UNBOUNDED_VALUE, p.kind().spelling() + "::" + p.name(),
        value.substring(wildcard.start(), wildcard.end()), Messages.quote(start), Messages.quote(witness), advice));
    return true;
  }

  /** Whether the value is JQL: a {@code jql} parameter, or a {@code JsonData} selector ending so. */
  static boolean isJql(SyntaxPredicate p) {
    return p.name().equals("jql") || p.name().endsWith(".jql");
  }

  /** Whether a one-character regex matches some printable ASCII character other than [A-Za-z0-9_]. */
  private boolean admitsNonWordCharacter(String atom) {
    StringMatcher set = compiled(atom);
    if (set == null) {
      return false;
    }
    for (char c = ' '; c < 0x7f; c++) {
      boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_';
      if (!word && set.matches(String.valueOf(c))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The value regex without its wildcard when what comes before it ends in a letter, a digit or
   * a closing bracket ({@code project = KANBAN}), or with {@code [0-9]+} in its place when it
   * ends in {@code -} (an issue key such as {@code KANBAN-}); null after anything else (a space:
   * {@code Team .*} means more than {@code Team }) and unless the result compiles, refuses the
   * witness and accepts the value it is meant for.
   */
  private String tightForm(String value, TrailingWildcard wildcard, String start, String witness) {
    char last = start.charAt(start.length() - 1);
    boolean key = last == '-';
    if (!key && !Character.isLetterOrDigit(last) && ")]}\"'".indexOf(last) < 0) {
      return null;
    }
    String tight = value.substring(0, wildcard.start()) + (key ? "[0-9]+" : "")
        + value.substring(wildcard.end());
    StringMatcher matcher = compiled(tight);
    if (matcher == null || matcher.matches(witness) || !matcher.matches(key ? start + "1" : start)) {
      return null;
    }
    return tight;
  }

  /** The engine's matcher of a value regex, or null when it does not compile. */
  private StringMatcher compiled(String regex) {
    try {
      return Matchers.compile(regex, limits.maxRegexProgramSize());
    } catch (InvalidRegexException e) {
      return null;
    }
  }

  /** Column of a predicate's {@code [}: its kind has the length of the canonical spelling. */
  private static int predicateColumn(SyntaxPredicate p) {
    return p.nameColumn() - p.kind().spelling().length() - "[::".length();
  }

  /**
   * A query string in the URL regex: a literal {@code ?} ({@code \?}, {@code [?]}, inside
   * {@code \Q...\E}), or a {@code ?} quantifier followed by {@code name=}, which only makes sense
   * as a query the author meant to match.
   */
  private void queryInUrl(SyntaxLine line) {
    String re = line.urlRegex();
    int n = re.length();
    int i = 0;
    while (i < n) {
      char c = re.charAt(i);
      int hit = -1;
      int after = -1;
      if (c == '\\' && i + 1 < n) {
        if (re.charAt(i + 1) == '?') {
          hit = i;
          after = i + 2;
        } else if (re.charAt(i + 1) == 'Q') {
          int end = re.indexOf("\\E", i + 2);
          int stop = end < 0 ? n : end;
          int q = re.indexOf('?', i + 2);
          if (q >= 0 && q < stop) {
            hit = q;
            after = q + 1;
          } else {
            i = end < 0 ? n : end + 2;
            continue;
          }
        } else {
          i += 2;
          continue;
        }
      } else if (c == '[') {
        int close = classEnd(re, i);
        if (close < 0) {
          return;
        }
        if (close == i + 2 && re.charAt(i + 1) == '?') {
          hit = i;
          after = close + 1;
        } else {
          i = close + 1;
          continue;
        }
      } else if (c == '?' && i > 0 && parameterName(re, i + 1) != null) {
        hit = i;
        after = i + 1;
      } else {
        i++;
        continue;
      }
      String name = parameterName(re, after);
      warn(Check.QUERY_IN_URL, line, line.urlColumn() + hit, String.format(
          LintMessages.QUERY_IN_URL, Messages.quote(re.substring(hit)),
          name == null ? "NAME" : name));
      return;
    }
  }

  /** The index of the {@code ]} closing the class that opens at {@code open}, or -1. */
  static int classEnd(String re, int open) {
    int i = open + 1;
    if (i < re.length() && re.charAt(i) == '^') {
      i++;
    }
    int first = i;
    while (i < re.length()) {
      char c = re.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[' && re.startsWith("[:", i)) {
        int close = re.indexOf(":]", i + 2);
        if (close >= 0) {
          i = close + 2;
          continue;
        }
      }
      if (c == ']' && i != first) {
        return i;
      }
      i++;
    }
    return -1;
  }

  /** The {@code name} of {@code name=} at {@code from}, or null when there is none. */
  private static String parameterName(String re, int from) {
    int i = from;
    while (i < re.length() && isNameChar(re.charAt(i))) {
      i++;
    }
    if (i == from || i >= re.length() || re.charAt(i) != '=') {
      return null;
    }
    return re.substring(from, i);
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '_' || c == '-' || c == '.';
  }

  /**
   * A leading {@code [...]} of letter words, one of them close to a method, that is a character
   * class because not every word is a method ({@code [gte]}, {@code [pots]}).
   */
  private boolean misspeltMethod(SyntaxLine line) {
    String re = line.urlRegex();
    if (line.methodMask() != 0 || !re.startsWith("[")) {
      return false;
    }
    int close = re.indexOf(']', 1);
    if (close < 2) {
      return false;
    }
    String content = re.substring(1, close);
    String[] words = content.strip().split("[,| \t]+");
    StringBuilder suggestion = new StringBuilder("[");
    String wrong = null;
    for (String word : words) {
      if (!word.chars().allMatch(ch -> (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))
          || word.isEmpty()) {
        return false;
      }
      String method = MethodSpelling.closest(word, METHODS);
      if (suggestion.length() > 1) {
        suggestion.append(',');
      }
      if (method == null) {
        suggestion.append(word);
      } else {
        suggestion.append(method);
        if (wrong == null) {
          wrong = word;
        }
      }
    }
    if (wrong == null) {
      return false;
    }
    warn(Check.MISSPELT_METHOD, line, line.urlColumn(), String.format(
        LintMessages.MISSPELT_METHOD, Messages.quote(re.substring(0, close + 1)), wrong,
        suggestion.append(']')));
    return true;
  }

  private void allCommented(String text) {
    int number = 0;
    int start = 0;
    int n = text.length();
    // the same line breaks as the parser: \n, \r\n, \r
    while (start <= n) {
      int end = start;
      while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
        end++;
      }
      number++;
      String source = text.substring(start, end);
      int hash = firstNonBlank(source);
      if (hash < source.length() && source.charAt(hash) == '#') {
        findings.add(FINDINGS.finding(Check.ALL_LINES_COMMENTED, Severity.WARNING, number,
            hash + 1, LintMessages.ALL_LINES_COMMENTED, source));
        return;
      }
      if (end < n && text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n') {
        end++;
      }
      start = end + 1;
    }
  }

  private static int firstNonBlank(String source) {
    int i = 0;
    while (i < source.length()
        && (source.charAt(i) == ' ' || source.charAt(i) == '\t' || source.charAt(i) == '\uFEFF')) {
      i++;
    }
    return i;
  }

  // --- checks of pairs of lines ----------------------------------------------------------------

  private void pairs(List<LineFacts> lines) {
    for (int j = 1; j < lines.size(); j++) {
      LineFacts later = lines.get(j);
      if (later.neverMatches) {
        continue; // already reported; "shadowed" would be true but beside the point
      }
      for (int i = 0; i < j; i++) {
        LineFacts earlier = lines.get(i);
        if (identical(earlier.syntax, later.syntax)) {
          warn(Check.DUPLICATE_LINE, later.syntax, firstColumn(later.syntax),
              String.format(LintMessages.DUPLICATE_LINE, earlier.syntax.number()));
          break;
        }
        if (shadows(earlier, later)) {
          warn(Check.SHADOWED_LINE, later.syntax, firstColumn(later.syntax),
              String.format(LintMessages.SHADOWED_LINE, earlier.syntax.number()));
          break;
        }
      }
    }
  }

  private static boolean identical(SyntaxLine a, SyntaxLine b) {
    return a.methodMask() == b.methodMask()
        && a.urlRegex().equals(b.urlRegex())
        && predicateKeys(a).equals(predicateKeys(b));
  }

  private static List<String> predicateKeys(SyntaxLine line) {
    List<String> keys = new ArrayList<>();
    for (SyntaxPredicate p : line.predicates()) {
      keys.add(p.kind() + "\u0000" + p.absent() + "\u0000" + p.name() + "\u0000" + p.value());
    }
    keys.sort(null);
    return keys;
  }

  /**
   * Whether every request {@code later} allows is allowed by {@code earlier}: its methods are a
   * superset, each of its predicates is implied by a predicate of {@code later}, and its URL
   * language provably includes the later one.
   */
  private boolean shadows(LineFacts earlier, LineFacts later) {
    int em = earlier.syntax.methodMask();
    int lm = later.syntax.methodMask();
    if (em != 0 && (lm == 0 || (lm & ~em) != 0)) {
      return false;
    }
    for (PredicateFacts p : earlier.predicates) {
      if (!impliedByAny(p, later.predicates)) {
        return false;
      }
    }
    return urlIncludes(earlier, later);
  }

  private boolean impliedByAny(PredicateFacts p, List<PredicateFacts> candidates) {
    for (PredicateFacts q : candidates) {
      if (p.syntax().kind() != q.syntax().kind() || !p.syntax().name().equals(q.syntax().name())) {
        continue;
      }
      if (p.syntax().absent() || q.syntax().absent()) {
        if (p.syntax().absent() && q.syntax().absent()) {
          return true; // the same absence; a value test never implies one, nor the reverse
        }
        continue;
      }
      if (p.syntax().value().equals(q.syntax().value())) {
        return true;
      }
      Language wide = p.language();
      Language narrow = q.language();
      if (wide != null && narrow != null && budget() && wide.includes(narrow, pairs) == Answer.YES) {
        return true;
      }
    }
    return false;
  }

  private boolean urlIncludes(LineFacts earlier, LineFacts later) {
    String wide = earlier.syntax.urlRegex();
    if (wide.equals(later.syntax.urlRegex())) {
      return true; // the same text, {base} included, is the same language whatever the base URL
    }
    if (wide.equals(".*") || wide.equals(".+")) {
      return true; // a canonical URL is never empty and never holds a line break (§4)
    }
    if (earlier.url == null || later.url == null || later.example == null) {
      return false;
    }
    if (!earlier.url.matches(later.example)) {
      return false; // the cheap disproof that settles most pairs
    }
    return budget() && earlier.url.includes(later.url, pairs) == Answer.YES;
  }

  private boolean budget() {
    return comparisons++ < MAX_AUTOMATON_COMPARISONS;
  }

  private static int firstColumn(SyntaxLine line) {
    return firstNonBlank(line.source()) + 1;
  }

  private void warn(Check check, SyntaxLine line, int column, String message) {
    findings.add(FINDINGS.finding(check, Severity.WARNING, line.number(), column, message,
        line.source()));
  }
}
