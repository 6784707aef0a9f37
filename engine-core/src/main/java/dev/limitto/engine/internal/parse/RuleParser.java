package dev.limitto.engine.internal.parse;

import dev.limitto.engine.Limits;
import dev.limitto.engine.RuleIssue;
import dev.limitto.engine.internal.ApiAccess;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses "Limit to" rule text (LIMIT-TO.md §2) into {@link SyntaxLine}s, collecting every syntax
 * issue of the text with its line and column rather than stopping at the first.
 *
 * <p>The parser only splits lines into their parts; it does not compile regexes or JSON
 * selectors. It is total: any text yields a {@link ParseResult}, never an exception.
 */
public final class RuleParser {

  private static final ApiAccess.Results RESULTS = ApiAccess.results();

  private final Limits limits;
  private final List<SyntaxLine> lines = new ArrayList<>();
  private final List<RuleIssue> issues = new ArrayList<>();
  private int commentedLines;

  private RuleParser(Limits limits) {
    this.limits = limits;
  }

  /** Parses a whole rule set; lines end at {@code \n}, {@code \r\n} or {@code \r}. */
  public static ParseResult parse(String text, Limits limits) {
    List<String> sourceLines = new ArrayList<>();
    // keep one line past the limit, for the message; only count the rest
    int total = splitLines(text, limits.maxLines() + 1, sourceLines);
    return parse(sourceLines, total, limits);
  }

  /**
   * Parses a rule set already split by {@link #splitLines} with {@code keep} = {@code
   * limits.maxLines() + 1}.
   *
   * @param total the number of lines {@code splitLines} returned
   */
  public static ParseResult parse(List<String> sourceLines, int total, Limits limits) {
    RuleParser p = new RuleParser(limits);
    p.parseLines(sourceLines, total);
    return new ParseResult(p.lines, p.issues, p.commentedLines);
  }

  private void parseLines(List<String> sourceLines, int total) {
    int max = limits.maxLines();
    int count = Math.min(sourceLines.size(), max);
    for (int i = 0; i < count; i++) {
      parseLine(i + 1, sourceLines.get(i));
    }
    if (total > max) {
      // the lines past the limit are not parsed: the point of the limit is to bound the work
      issues.add(RESULTS.issue(max + 1, 1,
          String.format(Messages.TOO_MANY_LINES, total, max), sourceLines.get(max)));
    }
  }

  /**
   * Splits on \n, \r\n and \r; a terminator at the very end does not start another line. Adds
   * at most {@code keep} lines to {@code out} and returns the number of lines.
   */
  public static int splitLines(String text, int keep, List<String> out) {
    int count = 0;
    for (int start = 0; start < text.length(); ) {
      int end = lineEnd(text, start);
      if (count++ < keep) {
        out.add(text.substring(start, end));
      }
      start = nextLine(text, end);
    }
    return count;
  }

  /** The end of the line that starts at {@code start}: its terminator, or the end of the text. */
  public static int lineEnd(String text, int start) {
    int i = start;
    while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
      i++;
    }
    return i;
  }

  /**
   * The start of the line after the one that ends at {@code end} ({@link #lineEnd}): past its
   * terminator, {@code \r\n} being one; the text's length when there is none.
   */
  public static int nextLine(String text, int end) {
    if (end == text.length()) {
      return end;
    }
    boolean crlf = text.charAt(end) == '\r' && end + 1 < text.length()
        && text.charAt(end + 1) == '\n';
    return end + (crlf ? 2 : 1);
  }

  private void parseLine(int number, String src) {
    int n = src.length();
    if (n > limits.maxLineLength()) {
      error(number, limits.maxLineLength() + 1, src,
          String.format(Messages.LINE_TOO_LONG, n, limits.maxLineLength()));
      return;
    }
    int p = textStart(number, src, 0, n);
    if (p == n) {
      return;
    }
    if (src.charAt(p) == '#') {
      if (skipWs(src, p + 1) < n) {
        commentedLines++;
      }
      return;
    }
    LineParse lp = new LineParse(number, src);
    lp.parse(p);
    if (!lp.failed) {
      lines.add(new SyntaxLine(number, src, lp.methodMask, lp.urlRegex, lp.urlColumn,
          lp.baseOffsets, lp.predicates));
    }
  }

  /**
   * Whether source line {@code number} (1-based, as {@link #splitLines} made it), here {@code
   * text[from, to)}, holds a rule: neither blank nor a comment. A line that holds none and is
   * within {@code Limits.maxLineLength} is skipped by the parser whatever else it contains.
   */
  public static boolean holdsRule(int number, String text, int from, int to) {
    int p = textStart(number, text, from, to);
    return p < to && text.charAt(p) != '#';
  }

  // where the text of line text[from, to) starts: after its blanks, and after a byte order mark
  // at the start of the text (an encoding artefact, not rule text)
  private static int textStart(int number, String text, int from, int to) {
    int p = number == 1 && from < to && text.charAt(from) == '\uFEFF' ? from + 1 : from;
    while (p < to && isWs(text.charAt(p))) {
      p++;
    }
    return p;
  }

  private void error(int line, int column, String source, String message) {
    issues.add(RESULTS.issue(line, column, message, source));
  }

  static boolean isWs(char c) {
    return c == ' ' || c == '\t';
  }

  static int skipWs(String s, int from) {
    int i = from;
    while (i < s.length() && isWs(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The state of parsing one line. */
  private final class LineParse {
    final int number;
    final String src;
    final int n;
    boolean failed;
    int methodMask;
    String urlRegex;
    int urlColumn;
    final List<Integer> baseOffsets = new ArrayList<>();
    final List<SyntaxPredicate> predicates = new ArrayList<>();

    LineParse(int number, String src) {
      this.number = number;
      this.src = src;
      this.n = src.length();
    }

    void fail(int index, String message) {
      failed = true;
      error(number, index + 1, src, message);
    }

    void parse(int start) {
      int p = start;
      String methodText = null;
      if (src.charAt(p) == '[') {
        int close = src.indexOf(']', p + 1);
        if (close > 0) {
          int mask = methodSet(src.substring(p + 1, close));
          if (mask == 0 && misspeltMethodSet(p, close)) {
            return;
          }
          if (mask != 0) {
            methodMask = mask;
            methodText = src.substring(p, close + 1);
            // a URL never starts with white space, so spaces after the method set are layout
            p = skipWs(src, close + 1);
          }
        }
      }
      int urlEnd = scanUrl(p);
      int trimmed = trimEnd(p, urlEnd);
      urlRegex = src.substring(p, trimmed);
      urlColumn = p + 1;
      if (urlRegex.isEmpty()) {
        if (urlEnd < n) {
          fail(p, String.format(Messages.URL_REGEX_MISSING_BEFORE_PREDICATE,
              Messages.quote(predicateText(urlEnd))));
        } else {
          fail(p, String.format(Messages.URL_REGEX_MISSING_AFTER_METHODS,
              Messages.quote(methodText == null ? "" : methodText)));
        }
      }
      int q = urlEnd;
      while (q < n) {
        q = predicate(q);
        if (q < 0) {
          return; // unclosed: the rest of the line belongs to it
        }
        q = skipWs(src, q);
        if (q < n && !(src.charAt(q) == '[' && predicateShapeAt(q))) {
          fail(q, String.format(Messages.TEXT_AFTER_PREDICATES,
              Messages.quote(src.substring(q, trimEnd(q, n)))));
          return;
        }
      }
    }

    /** The mask of a method set's items, or 0 when any item is not a known method. */
    int methodSet(String content) {
      int mask = 0;
      int from = 0;
      while (true) {
        int sep = from;
        while (sep < content.length() && content.charAt(sep) != ',' && content.charAt(sep) != '|') {
          sep++;
        }
        String item = content.substring(from, sep).strip();
        int bit = HttpMethods.ruleBit(item);
        if (bit == 0) {
          return 0;
        }
        mask |= bit;
        if (sep >= content.length()) {
          return mask;
        }
        from = sep + 1;
      }
    }

    /**
     * A leading {@code [...]} that lists two or more words, one of them a method, and is not a
     * method set: {@code [get,fetch]} or {@code [head get]}. As a character class it would admit
     * an {@code h} and so widen the line to any method; the admin meant a method set, so this is
     * an error rather than a class; so is {@code [get post]}, a list without separators. A single word ({@code [gte]}) stays a class, as LIMIT-TO.md
     * says; lint warns about it.
     */
    boolean misspeltMethodSet(int open, int close) {
      List<int[]> words = new ArrayList<>();
      int i = open + 1;
      while (i < close) {
        char c = src.charAt(i);
        if (c == ',' || c == '|' || isWs(c)) {
          i++;
          continue;
        }
        int start = i;
        while (i < close && isAsciiLetter(src.charAt(i))) {
          i++;
        }
        if (i == start) {
          return false; // not a list of words: a character class
        }
        if (i < close && !(src.charAt(i) == ',' || src.charAt(i) == '|' || isWs(src.charAt(i)))) {
          return false;
        }
        words.add(new int[] {start, i});
      }
      if (words.size() < 2) {
        return false;
      }
      boolean anyMethod = false;
      int[] unknown = null;
      for (int[] w : words) {
        if (HttpMethods.ruleBit(src.substring(w[0], w[1])) != 0) {
          anyMethod = true;
        } else if (unknown == null) {
          unknown = w;
        }
      }
      if (!anyMethod) {
        return false;
      }
      if (unknown == null) {
        fail(open, String.format(Messages.METHODS_WITHOUT_SEPARATOR,
            Messages.quote(src.substring(open, close + 1))));
        return true;
      }
      fail(unknown[0], String.format(Messages.UNKNOWN_METHOD,
          src.substring(unknown[0], unknown[1]), Messages.quote(src.substring(open, close + 1))));
      return true;
    }

    /** Drops white space at the end of a regex unless it is escaped ({@code \ }). */
    int trimEnd(int from, int to) {
      int end = to;
      while (end > from && isWs(src.charAt(end - 1)) && !escaped(from, end - 1)) {
        end--;
      }
      return end;
    }

    boolean escaped(int from, int index) {
      int backslashes = 0;
      for (int i = index - 1; i >= from && src.charAt(i) == '\\'; i--) {
        backslashes++;
      }
      return (backslashes & 1) == 1;
    }

    /**
     * Scans a URL regex from {@code from}: returns the index of the {@code [} that starts the
     * first predicate, or the end of the line. Records each {@code {base}} on the way.
     */
    int scanUrl(int from) {
      return new RegexScan(src, from, true).run(this);
    }

    /** Whether the unescaped {@code [} at {@code i} (outside a class) starts a predicate. */
    boolean predicateShapeAt(int i) {
      int j = kindEnd(i);
      if (src.startsWith("::", j)) {
        return true; // also an unknown or empty kind: an error beats a surprising char class
      }
      return knownKind(src.substring(i + 1, j)) != null;
    }

    int kindEnd(int i) {
      int j = i + 1;
      while (j < n && isAsciiLetter(src.charAt(j))) {
        j++;
      }
      return j;
    }

    /** The predicate text from {@code i} for messages: to its closing bracket or the line end. */
    String predicateText(int i) {
      int j = kindEnd(i);
      int close = new RegexScan(src, j, false).run(this);
      return src.substring(i, close < 0 ? n : close + 1);
    }

    /**
     * Parses the predicate whose {@code [} is at {@code i}. Returns the index after its closing
     * {@code ]}, or -1 when it is not closed. Reports at most one error per predicate.
     */
    int predicate(int i) {
      int kindStart = i + 1;
      int kindEnd = kindEnd(i);
      String kindText = src.substring(kindStart, kindEnd);
      SyntaxPredicate.Kind kind = knownKind(kindText);
      boolean bad = false;
      int nameStart;
      if (!src.startsWith("::", kindEnd)) {
        // predicateShapeAt admitted it, so the kind is known and only the separator is missing
        int close = new RegexScan(src, kindEnd, false).run(this);
        String text = src.substring(i, close < 0 ? n : close + 1);
        fail(kindEnd, String.format(Messages.MISSING_KIND_SEPARATOR, kindText,
            Messages.quote(text)));
        return close < 0 ? -1 : close + 1;
      }
      nameStart = kindEnd + 2;
      if (kind == null) {
        String text = predicateText(i);
        if (kindText.isEmpty()) {
          fail(kindStart, String.format(Messages.EMPTY_PREDICATE_KIND, Messages.quote(text)));
        } else {
          fail(kindStart, String.format(Messages.UNKNOWN_PREDICATE_KIND, kindText,
              Messages.quote(text)));
        }
        bad = true;
      }
      int eq = src.indexOf("==", nameStart);
      int bracket = src.indexOf(']', nameStart);
      if (eq < 0 || (bracket >= 0 && bracket < eq)) {
        if (bracket >= 0 && src.startsWith("!", nameStart)) {
          if (!bad) {
            absence(i, kind, nameStart, bracket);
          }
          return bracket + 1;
        }
        if (bracket < 0) {
          if (!bad) {
            fail(i, String.format(Messages.UNCLOSED_PREDICATE, Messages.quote(src.substring(i))));
          }
          return -1;
        }
        if (!bad) {
          fail(bracket, String.format(Messages.MISSING_EQUALS,
              Messages.quote(src.substring(i, bracket + 1))));
        }
        return bracket + 1;
      }
      String name = src.substring(nameStart, eq);
      int valueStart = eq + 2;
      int close = new RegexScan(src, valueStart, false).run(this);
      if (close < 0) {
        if (!bad) {
          fail(i, String.format(Messages.UNCLOSED_PREDICATE, Messages.quote(src.substring(i))));
        }
        return -1;
      }
      String text = src.substring(i, close + 1);
      if (name.isEmpty()) {
        if (!bad) {
          fail(nameStart, String.format(Messages.EMPTY_PREDICATE_NAME, Messages.quote(text)));
        }
        return close + 1;
      }
      if (!bad) {
        predicates.add(new SyntaxPredicate(kind, name, nameStart + 1,
            src.substring(valueStart, close), valueStart + 1, text));
      }
      return close + 1;
    }

    /**
     * The absence predicate {@code [JsonData::!name]} whose {@code !} is at {@code bang} and whose
     * {@code ]} is at {@code close}. Before it existed such text was a syntax error (no {@code
     * ==}), so no rule text that compiled changes its meaning.
     */
    void absence(int open, SyntaxPredicate.Kind kind, int bang, int close) {
      String text = src.substring(open, close + 1);
      if (kind != SyntaxPredicate.Kind.JSON_DATA) {
        fail(bang, String.format(Messages.ABSENCE_NOT_JSON, Messages.quote(text)));
        return;
      }
      String name = src.substring(bang + 1, close);
      if (name.isEmpty()) {
        fail(bang + 1, String.format(Messages.EMPTY_PREDICATE_NAME, Messages.quote(text)));
        return;
      }
      predicates.add(new SyntaxPredicate(kind, name, bang + 2, "", close + 1, text, true));
    }
  }

  static SyntaxPredicate.Kind knownKind(String text) {
    for (SyntaxPredicate.Kind k : SyntaxPredicate.Kind.values()) {
      if (k.spelling().equalsIgnoreCase(text)) {
        return k;
      }
    }
    return null;
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /**
   * Walks RE2 syntax far enough to know what is escaped, quoted ({@code \Q...\E}) or inside a
   * character class: in a URL regex to find where the predicates start and where {@code {base}}
   * stands, in a predicate value to find the {@code ]} that closes the predicate.
   */
  private static final class RegexScan {
    private final String s;
    private final int from;
    private final boolean url;

    RegexScan(String s, int from, boolean url) {
      this.s = s;
      this.from = from;
      this.url = url;
    }

    /**
     * For a URL: the index of the first predicate's {@code [}, or the end of the line. For a
     * value: the index of the closing {@code ]}, or -1.
     */
    int run(LineParse line) {
      int n = s.length();
      int i = from;
      boolean inClass = false;
      int classFirst = -1; // index where a ']' is still a literal member of the class
      while (i < n) {
        char c = s.charAt(i);
        if (c == '\\') {
          if (!inClass && i + 1 < n && s.charAt(i + 1) == 'Q') {
            int end = s.indexOf("\\E", i + 2);
            if (end < 0) {
              // quoted to the end of the line: nothing after it is structure
              return url ? n : -1;
            }
            i = end + 2;
          } else {
            i += 2;
          }
          continue;
        }
        if (inClass) {
          if (c == '[' && i + 1 < n && s.charAt(i + 1) == ':') {
            int close = s.indexOf(":]", i + 2);
            if (close >= 0) {
              i = close + 2;
              continue;
            }
          }
          if (c == ']' && i != classFirst) {
            inClass = false;
          }
          i++;
          continue;
        }
        if (c == '[') {
          if (url && line.predicateShapeAt(i)) {
            return i;
          }
          inClass = true;
          i++;
          if (i < n && s.charAt(i) == '^') {
            i++;
          }
          classFirst = i;
          continue;
        }
        if (!url && c == ']') {
          return i;
        }
        if (url && s.startsWith(SyntaxLine.BASE, i)) {
          line.baseOffsets.add(i - from);
          i += SyntaxLine.BASE.length();
          continue;
        }
        i++;
      }
      return url ? n : -1;
    }
  }
}
