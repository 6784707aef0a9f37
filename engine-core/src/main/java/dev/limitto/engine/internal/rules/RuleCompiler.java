package dev.limitto.engine.internal.rules;

import dev.limitto.engine.Limits;
import dev.limitto.engine.RuleIssue;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.engine.internal.ApiAccess;
import dev.limitto.engine.internal.json.JsonPredicate;
import dev.limitto.engine.internal.json.JsonSelector;
import dev.limitto.engine.internal.json.JsonSelectorException;
import dev.limitto.engine.internal.match.InvalidRegexException;
import dev.limitto.engine.internal.match.Matchers;
import dev.limitto.engine.internal.match.StringMatcher;
import dev.limitto.engine.internal.match.UrlMatcher;
import dev.limitto.engine.internal.parse.Messages;
import dev.limitto.engine.internal.parse.ParseResult;
import dev.limitto.engine.internal.parse.RuleParser;
import dev.limitto.engine.internal.parse.SyntaxLine;
import dev.limitto.engine.internal.parse.SyntaxPredicate;
import dev.limitto.engine.internal.util.WeakInterner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Compiles rule text: parses it, expands {@code {base}}, compiles every regex through {@link
 * Matchers} and every JSON selector, and collects the issues of all stages before failing.
 *
 * <p>Compiled lines are shared: a line with the same number and text, compiled against the same
 * base URL and program-size limit, is compiled once per process and the immutable {@link
 * CompiledLine} (its matchers, reasons and decisions) serves every rule set that holds it, held
 * weakly ({@link WeakInterner}). Many tokens drawn from a few rule templates thus cost one copy
 * of each line, and a text whose every line is shared is not even parsed again.
 */
public final class RuleCompiler {

  private static final ApiAccess.Results RESULTS = ApiAccess.results();

  /**
   * What makes two compiled lines interchangeable: the same number and source text (which the
   * parser turns into the same {@link SyntaxLine}), base URL and program-size limit. The text is
   * a region of a string. A key in the table owns its line's text and never changes; a compile
   * looks its lines up with one probe that it moves along the rule text ({@link #at}), so that a
   * text whose lines are all shared costs neither a string nor a key per line. A probe is never
   * put in the table.
   */
  private static final class LineKey {
    private final BaseUrl base;
    private final boolean baseConfigured;
    private final int maxProgramSize;
    private final int settingsHash;
    private int number;
    private String text;
    private int from;
    private int to;
    private int hash;

    LineKey(BaseUrl base, boolean baseConfigured, int maxProgramSize) {
      this.base = base;
      this.baseConfigured = baseConfigured;
      this.maxProgramSize = maxProgramSize;
      this.settingsHash = (base.hashCode() * 31 + maxProgramSize) * 2 + (baseConfigured ? 1 : 0);
    }

    /** This key, now naming line {@code number} as {@code text[from, to)}. */
    LineKey at(int number, String text, int from, int to) {
      this.number = number;
      this.text = text;
      this.from = from;
      this.to = to;
      int h = settingsHash * 31 + number;
      for (int i = from; i < to; i++) {
        h = h * 31 + text.charAt(i);
      }
      this.hash = h;
      return this;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LineKey k && hash == k.hash && number == k.number
          && to - from == k.to - k.from && baseConfigured == k.baseConfigured
          && maxProgramSize == k.maxProgramSize
          && text.regionMatches(from, k.text, k.from, to - from) && base.equals(k.base);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private static final WeakInterner<LineKey, CompiledLine> SHARED_LINES = new WeakInterner<>();

  private final BaseUrl base;
  private final boolean baseConfigured;
  private final Limits limits;
  private final List<RuleIssue> issues = new ArrayList<>();

  private RuleCompiler(BaseUrl base, boolean baseConfigured, Limits limits) {
    this.base = base;
    this.baseConfigured = baseConfigured;
    this.limits = limits;
  }

  /**
   * Compiles rule text.
   *
   * @param base the validated base URL ({@link BaseUrl#UNCONFIGURED} when none was configured)
   * @param baseConfigured whether the base URL was configured; {@code {base}} needs it
   * @throws RuleSyntaxException with every issue, in source order
   */
  public static CompiledRules compile(String text, BaseUrl base, boolean baseConfigured,
      Limits limits) {
    return new RuleCompiler(base, baseConfigured, limits).run(text);
  }

  private CompiledRules run(String text) {
    CompiledRules known = allShared(text);
    if (known != null) {
      return known;
    }
    List<String> source = new ArrayList<>();
    int total = RuleParser.splitLines(text, limits.maxLines() + 1, source);
    ParseResult parsed = RuleParser.parse(source, total, limits);
    issues.addAll(parsed.issues());
    List<CompiledLine> lines = new ArrayList<>();
    for (SyntaxLine line : parsed.lines()) {
      CompiledLine compiled = compileLine(line);
      if (compiled != null) {
        lines.add(compiled);
      }
    }
    if (!issues.isEmpty()) {
      List<RuleIssue> sorted = new ArrayList<>(issues);
      sorted.sort(Comparator.comparingInt(RuleIssue::line).thenComparingInt(RuleIssue::column));
      throw RESULTS.syntaxError(sorted);
    }
    return rules(lines.toArray(new CompiledLine[0]));
  }

  private CompiledRules rules(CompiledLine[] lines) {
    return new CompiledRules(lines, base, baseConfigured ? base.given() : null, limits);
  }

  private LineKey key() {
    return new LineKey(base, baseConfigured, limits.maxRegexProgramSize());
  }

  /**
   * The rule set of a text when every line that holds a rule is already in the shared table,
   * made without parsing and without a string per line: a line is there only if it parsed and
   * compiled under the same base URL and program-size limit, and the parser turns the same number
   * and text into the same line whatever the other limits, as long as the text stays within their
   * two checks (lines and line length, both made here). Otherwise null, and the text is parsed as
   * usual (a new text stops at its first line not in the table). Many tokens drawn from a few
   * rule templates thus compile without a parse.
   */
  private CompiledRules allShared(String text) {
    int count = 0;
    for (int start = 0; start < text.length(); ) {
      if (++count > limits.maxLines()) {
        return null;
      }
      start = RuleParser.nextLine(text, RuleParser.lineEnd(text, start));
    }
    CompiledLine[] lines = new CompiledLine[count];
    int found = 0;
    LineKey probe = null;
    int number = 0;
    for (int start = 0; start < text.length(); ) {
      int end = RuleParser.lineEnd(text, start);
      number++;
      if (end - start > limits.maxLineLength()) {
        return null;
      }
      if (RuleParser.holdsRule(number, text, start, end)) {
        probe = probe == null ? key() : probe;
        CompiledLine shared = SHARED_LINES.find(probe.at(number, text, start, end));
        if (shared == null) {
          return null;
        }
        lines[found++] = shared;
      }
      start = RuleParser.nextLine(text, end);
    }
    return rules(found == count ? lines : Arrays.copyOf(lines, found));
  }

  private CompiledLine compileLine(SyntaxLine line) {
    String source = line.source(); // the line's own string: the key may enter the table
    LineKey key = key().at(line.number(), source, 0, source.length());
    CompiledLine shared = SHARED_LINES.find(key);
    if (shared != null) {
      return shared;
    }
    CompiledLine compiled = compileNewLine(line);
    return compiled == null ? null : SHARED_LINES.intern(key, compiled);
  }

  private CompiledLine compileNewLine(SyntaxLine line) {
    int before = issues.size();
    UrlMatcher url = compileUrl(line);
    List<CompiledLine.QueryCheck> query = new ArrayList<>();
    List<CompiledLine.JsonCheck> json = new ArrayList<>();
    for (SyntaxPredicate p : line.predicates()) {
      boolean queryParam = p.kind() == SyntaxPredicate.Kind.QUERY_PARAM;
      if (p.absent()) {
        JsonSelector selector = selector(line, p);
        if (selector != null) {
          json.add(new CompiledLine.JsonCheck("!" + p.name(), JsonPredicate.absent(selector)));
        }
        continue;
      }
      StringMatcher value = compileRegex(line, p.value(), p.valueColumn(), null, null, queryParam);
      if (queryParam) {
        if (value != null) {
          query.add(new CompiledLine.QueryCheck(p.name(), value, p.value()));
        }
      } else {
        JsonSelector selector = selector(line, p);
        if (value != null && selector != null) {
          // the regex as written, so that failure reasons quote it rather than the matcher
          json.add(new CompiledLine.JsonCheck(
              p.name(), new JsonPredicate(selector, value, p.value())));
        }
      }
    }
    if (issues.size() > before) {
      return null;
    }
    return new CompiledLine(line.number(), line.methodMask(), url, line.urlRegex(), query, json);
  }

  private JsonSelector selector(SyntaxLine line, SyntaxPredicate p) {
    try {
      return JsonSelector.parse(p.name());
    } catch (JsonSelectorException e) {
      int index = Math.max(0, Math.min(e.index(), p.name().length() - 1));
      issue(line, p.nameColumn() + index, String.format(Messages.INVALID_JSON_SELECTOR,
          Messages.quote(p.name()), e.getMessage()));
      return null;
    }
  }

  /** Expands {@code {base}} and compiles; maps error positions back to source columns. */
  private UrlMatcher compileUrl(SyntaxLine line) {
    String source = line.urlRegex();
    if (line.baseOffsets().isEmpty()) {
      return (UrlMatcher) compileRegex(line, source, line.urlColumn(), null, base.origin(), false);
    }
    if (!baseConfigured) {
      for (int offset : line.baseOffsets()) {
        issue(line, line.urlColumn() + offset, Messages.BASE_WITHOUT_BASE_URL);
      }
      return null;
    }
    String literal = com.google.re2j.Pattern.quote(base.literal());
    StringBuilder expanded = new StringBuilder();
    // sourceIndex[i]: offset in the source regex of expanded character i ({base} maps to its '{')
    int[] sourceIndex = new int[source.length() + line.baseOffsets().size() * literal.length() + 1];
    int from = 0;
    for (int offset : line.baseOffsets()) {
      for (int i = from; i < offset; i++) {
        sourceIndex[expanded.length()] = i;
        expanded.append(source.charAt(i));
      }
      for (int i = 0; i < literal.length(); i++) {
        sourceIndex[expanded.length()] = offset;
        expanded.append(literal.charAt(i));
      }
      from = offset + "{base}".length();
    }
    for (int i = from; i < source.length(); i++) {
      sourceIndex[expanded.length()] = i;
      expanded.append(source.charAt(i));
    }
    sourceIndex[expanded.length()] = source.length();
    return (UrlMatcher) compileRegex(
        line, expanded.toString(), line.urlColumn(), sourceIndex, base.origin(), false);
  }

  /**
   * Compiles one regex, reporting a problem at the column of the offending text.
   *
   * @param sourceIndex maps an index of {@code regex} to an offset in the source text, or null
   *     when they are the same
   * @param origin for a URL regex, the origin every canonical URL starts with (the result is then
   *     a {@link UrlMatcher}); null for a predicate value
   * @param queryValue whether the regex is a {@code QueryParam} value, matched against raw values
   */
  private StringMatcher compileRegex(SyntaxLine line, String regex, int column, int[] sourceIndex,
      String origin, boolean queryValue) {
    try {
      if (origin != null) {
        return Matchers.compileUrl(regex, limits.maxRegexProgramSize(), origin);
      }
      return queryValue
          ? Matchers.compileQueryValue(regex, limits.maxRegexProgramSize())
          : Matchers.compile(regex, limits.maxRegexProgramSize());
    } catch (InvalidRegexException e) {
      int index = Math.max(0, e.index());
      int offset = sourceIndex == null ? index : sourceIndex[Math.min(index, regex.length())];
      String shown = sourceIndex == null ? regex : line.source().substring(column - 1,
          column - 1 + line.urlRegex().length());
      issue(line, column + offset, message(e, regex, shown));
      return null;
    }
  }

  private String message(InvalidRegexException e, String regex, String shown) {
    int max = limits.maxRegexProgramSize();
    return switch (e.problem()) {
      case SYNTAX -> e.fragment().isEmpty()
          ? String.format(Messages.REGEX_SYNTAX_NO_FRAGMENT, e.description())
          : String.format(Messages.REGEX_SYNTAX, e.description(), Messages.quote(e.fragment()));
      case UNMATCHED_PAREN -> String.format(Messages.REGEX_UNMATCHED_PAREN,
          Messages.quoteTail(regex.substring(0, e.index() + 1)));
      case NESTING -> String.format(Messages.REGEX_NESTING, e.size(), Matchers.MAX_NESTING);
      case PROGRAM_SIZE -> String.format(Messages.REGEX_TOO_LARGE, Messages.quote(shown),
          e.size(), max);
      case PROGRAM_SIZE_ESTIMATE -> String.format(Messages.REGEX_FAR_TOO_LARGE,
          Messages.quote(shown), e.size(), max);
    };
  }

  private void issue(SyntaxLine line, int column, String message) {
    issues.add(RESULTS.issue(line.number(), column, message, line.source()));
  }
}
