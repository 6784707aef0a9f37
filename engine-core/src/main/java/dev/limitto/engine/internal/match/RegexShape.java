package dev.limitto.engine.internal.match;

import java.util.ArrayDeque;

/**
 * A structural pass over RE2 syntax that runs before RE2J sees the regex: it finds unmatched
 * parentheses (which RE2J reports only as "stack underflow"), bounds group nesting (RE2J's
 * simplifier and compiler recurse once per level), and estimates the size of the RE2 program.
 *
 * <p>Why an estimate: RE2J keeps its program type package-private and expands counted
 * repetitions while compiling, so {@code ((a{1000}){1000}){1000}} would allocate a billion
 * instructions before {@code Pattern.programSize()} could refuse it. The estimate mirrors RE2J's
 * simplifier and compiler ({@code x{n,m}} is n copies of x and m-n nested optional copies, every
 * atom one instruction, a capture two, an alternation one per {@code |}, a loop one, plus the
 * fail and match instructions, {@code x{0}} one no-op). It is exact for most regexes and otherwise
 * too high (RE2J factors common prefixes of alternatives and drops repeats of empty matches). For
 * the subset {@link SubsetParser} accepts it is never below RE2J's size ({@code
 * SubsetRe2jAgreementProperties} checks it against RE2J), so that {@link Matchers} can accept such
 * a regex within the limit without compiling it; for others it may be somewhat low and decides
 * only whether compiling is safe, and RE2J's exact size is reported whenever it did compile.
 *
 * <p>The pass is iterative and linear in the length of the regex. It does not validate syntax:
 * whatever it skips over RE2J checks afterwards.
 */
final class RegexShape {

  /** Sizes saturate here, far above any sensible limit, so that arithmetic cannot overflow. */
  static final long SATURATED = 1L << 40;

  private final String re;
  private int pos;

  private RegexShape(String re) {
    this.re = re;
  }

  /** One open group (or the whole regex, at the bottom of the stack). */
  private static final class Frame {
    final int openIndex; // index of '(' or -1 for the top level
    final boolean capturing;
    long alternatives; // sum of the sizes of the finished alternatives
    int bars; // number of '|' seen
    long concat; // size of the alternative being read
    long last = -1; // size of the last atom, the operand of a following repetition; -1 none
    // Whether the last atom, the alternative before it, the alternative read so far and any
    // finished alternative can match the empty string: RE2J compiles x* of such an x as (x+)?,
    // one instruction more than x* of an x that cannot.
    boolean lastNullable;
    boolean beforeLastNullable = true;
    boolean concatNullable = true;
    boolean anyAlternativeNullable;

    Frame(int openIndex, boolean capturing) {
      this.openIndex = openIndex;
      this.capturing = capturing;
    }

    void atom(long size, boolean nullable) {
      concat = add(concat, size);
      last = size;
      lastNullable = nullable;
      beforeLastNullable = concatNullable;
      concatNullable = concatNullable && nullable;
    }

    void repeat(long newSize, boolean nullable) {
      if (last < 0) {
        return; // "missing argument to repetition operator": RE2J reports it
      }
      concat = add(concat - last, newSize);
      last = newSize;
      lastNullable = nullable;
      concatNullable = beforeLastNullable && nullable;
    }

    /** Ends the alternative being read; RE2J compiles an empty one to a no-op instruction. */
    void endAlternative() {
      alternatives = add(alternatives, concat == 0 ? 1 : concat);
      anyAlternativeNullable = anyAlternativeNullable || concatNullable;
      concat = 0;
      last = -1;
      concatNullable = true;
      beforeLastNullable = true;
    }

    /** Whether the group can match the empty string; read before {@link #close}. */
    boolean nullable() {
      return anyAlternativeNullable || concatNullable;
    }

    long close() {
      long size = add(alternatives, concat == 0 ? 1 : concat);
      size = add(size, bars);
      return capturing ? add(size, 2) : size;
    }
  }

  /** The result of a pass: the estimated program size and the innermost unclosed group, if any. */
  record Shape(long estimatedSize, int unclosedParenIndex) {}

  /**
   * Analyses a regex.
   *
   * @throws InvalidRegexException for an unmatched {@code )} or nesting deeper than {@code
   *     maxNesting}
   */
  static Shape analyse(String regex, int maxNesting) throws InvalidRegexException {
    return new RegexShape(regex).run(maxNesting);
  }

  private Shape run(int maxNesting) throws InvalidRegexException {
    ArrayDeque<Frame> stack = new ArrayDeque<>();
    Frame top = new Frame(-1, false);
    int n = re.length();
    while (pos < n) {
      char c = re.charAt(pos);
      switch (c) {
        case '\\' -> escape(top);
        case '[' -> {
          skipClass();
          top.atom(1, false);
        }
        case '(' -> {
          int open = pos;
          int kind = groupKind();
          if (kind != FLAGS_ONLY) { // a flag group is no operand: x(?i)* repeats x, as in RE2J
            stack.push(top);
            if (stack.size() > maxNesting) {
              throw new InvalidRegexException(
                  InvalidRegexException.Problem.NESTING, "", re.substring(open, Math.min(n, open + 1)),
                  open, stack.size());
            }
            top = new Frame(open, kind == CAPTURE);
          }
        }
        case ')' -> {
          if (stack.isEmpty()) {
            throw new InvalidRegexException(
                InvalidRegexException.Problem.UNMATCHED_PAREN, "unmatched )", ")", pos, 0);
          }
          boolean nullable = top.nullable();
          long size = top.close();
          top = stack.pop();
          top.atom(size, nullable);
          pos++;
        }
        case '|' -> {
          top.endAlternative();
          top.bars++;
          pos++;
        }
        case '*', '+', '?' -> {
          pos++;
          if (pos < n && re.charAt(pos) == '?') {
            pos++; // non-greedy
          }
          if (top.last >= 0) {
            boolean star = c == '*';
            top.repeat(add(top.last, star && top.lastNullable ? 2 : 1), c != '+' || top.lastNullable);
          }
        }
        case '{' -> braces(top);
        default -> {
          pos += Character.isHighSurrogate(c) && pos + 1 < n
              && Character.isLowSurrogate(re.charAt(pos + 1)) ? 2 : 1;
          top.atom(1, c == '^' || c == '$');
        }
      }
    }
    int unclosed = stack.isEmpty() ? -1 : top.openIndex;
    while (!stack.isEmpty()) {
      boolean nullable = top.nullable();
      long size = top.close();
      top = stack.pop();
      top.atom(size, nullable);
    }
    // RE2J's program starts with a fail instruction and ends with a match instruction
    return new Shape(add(top.close(), 2), unclosed);
  }

  private static final int CAPTURE = 0;
  private static final int NON_CAPTURE = 1;
  private static final int FLAGS_ONLY = 2;

  /** Reads {@code (}, {@code (?:}, {@code (?i)}, {@code (?i:}, {@code (?P<name>}, {@code (?<name>}. */
  private int groupKind() {
    int n = re.length();
    pos++; // '('
    if (pos >= n || re.charAt(pos) != '?') {
      return CAPTURE;
    }
    pos++;
    if (pos < n && (re.charAt(pos) == 'P' || re.charAt(pos) == '<')) {
      int close = re.indexOf('>', pos);
      pos = close < 0 ? n : close + 1;
      return CAPTURE;
    }
    while (pos < n) {
      char c = re.charAt(pos);
      if (c == ')') {
        pos++;
        return FLAGS_ONLY;
      }
      if (c == ':') {
        pos++;
        return NON_CAPTURE;
      }
      if (!Character.isLetter(c) && c != '-') {
        return NON_CAPTURE; // invalid Perl syntax: RE2J reports it
      }
      pos++;
    }
    return NON_CAPTURE;
  }

  private void escape(Frame top) {
    int n = re.length();
    if (pos + 1 >= n) {
      pos = n; // trailing backslash: RE2J reports it
      return;
    }
    char e = re.charAt(pos + 1);
    if (e == 'Q') {
      int end = re.indexOf("\\E", pos + 2);
      int stop = end < 0 ? n : end;
      for (int i = pos + 2; i < stop; i++) {
        if (!Character.isLowSurrogate(re.charAt(i))) {
          top.atom(1, false);
        }
      }
      pos = end < 0 ? n : end + 2;
      return;
    }
    pos += 2;
    if ((e == 'p' || e == 'P' || e == 'x') && pos < n && re.charAt(pos) == '{') {
      int close = re.indexOf('}', pos);
      pos = close < 0 ? n : close + 1;
    } else if ((e == 'p' || e == 'P') && pos < n) {
      pos++; // one-letter class name, \pL
    } else if (e == 'x') {
      pos = Math.min(n, pos + 2);
    }
    top.atom(1, e == 'b' || e == 'B' || e == 'A' || e == 'z');
  }

  /** Skips a character class; an unterminated class runs to the end (RE2J reports it). */
  private void skipClass() {
    int n = re.length();
    pos++; // '['
    if (pos < n && re.charAt(pos) == '^') {
      pos++;
    }
    if (pos < n && re.charAt(pos) == ']') {
      pos++; // a ']' first in a class is literal
    }
    while (pos < n) {
      char c = re.charAt(pos);
      if (c == ']') {
        pos++;
        return;
      }
      if (c == '\\') {
        pos += 2;
      } else if (c == '[' && pos + 1 < n && re.charAt(pos + 1) == ':') {
        int close = re.indexOf(":]", pos + 2);
        pos = close < 0 ? pos + 1 : close + 2;
      } else {
        pos++;
      }
    }
  }

  /** {@code {n}}, {@code {n,}}, {@code {n,m}} as RE2J simplifies them; anything else is a literal. */
  private void braces(Frame top) {
    int n = re.length();
    int i = pos + 1;
    int minStart = i;
    while (i < n && isDigit(re.charAt(i))) {
      i++;
    }
    if (i == minStart || i >= n) {
      literalBrace(top);
      return;
    }
    long min = number(minStart, i);
    long max = min;
    if (re.charAt(i) == ',') {
      i++;
      int maxStart = i;
      while (i < n && isDigit(re.charAt(i))) {
        i++;
      }
      max = i == maxStart ? -1 : number(maxStart, i);
    }
    if (i >= n || re.charAt(i) != '}') {
      literalBrace(top);
      return;
    }
    pos = i + 1;
    if (pos < n && re.charAt(pos) == '?') {
      pos++; // non-greedy
    }
    if (top.last < 0) {
      return;
    }
    long x = top.last;
    long size;
    if (max < 0) {
      // x{0,} is x*; x{n,} is n-1 copies of x then x+
      size = min == 0 ? add(x, top.lastNullable ? 2 : 1) : add(mul(min, x), 1);
    } else if (max == 0) {
      size = 1; // x{0} is an empty match, which RE2J compiles to a no-op even inside a concatenation
    } else {
      size = add(mul(min, x), mul(Math.max(0, max - min), add(x, 1)));
    }
    top.repeat(size, min == 0 || top.lastNullable);
  }

  private void literalBrace(Frame top) {
    pos++;
    top.atom(1, false);
  }

  private long number(int from, int to) {
    // more than 7 digits is far beyond RE2J's repeat limit of 1000; cap to keep it a long
    return to - from > 7 ? 10_000_000L : Long.parseLong(re.substring(from, to));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static long add(long a, long b) {
    long s = a + b;
    return s > SATURATED ? SATURATED : s;
  }

  static long mul(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return a > SATURATED / b ? SATURATED : Math.min(SATURATED, a * b);
  }
}
