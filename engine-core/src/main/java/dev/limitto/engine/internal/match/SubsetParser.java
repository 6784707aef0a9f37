package dev.limitto.engine.internal.match;

import dev.limitto.engine.internal.match.RegexNode.Alt;
import dev.limitto.engine.internal.match.RegexNode.Assert;
import dev.limitto.engine.internal.match.RegexNode.CharSet;
import dev.limitto.engine.internal.match.RegexNode.Concat;
import dev.limitto.engine.internal.match.RegexNode.Empty;
import dev.limitto.engine.internal.match.RegexNode.Repeat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the part of RE2 syntax that the fast tiers implement: ASCII literals and escapes,
 * {@code .}, character classes with ranges and {@code \d \w \s} (and their negations), groups
 * ({@code (...)}, {@code (?:...)}, named), alternation, the greedy or lazy quantifiers
 * {@code * + ? {n} {n,} {n,m}} and the text anchors {@code ^ $ \A \z}.
 *
 * <p>Anything else (flags, word boundaries, Unicode classes, POSIX classes, numeric
 * escapes, non-ASCII literals, a {@code {} that is not a repeat) makes {@link #parse} return
 * {@code null}, and the regex runs on RE2J instead. It never accepts what RE2J refuses (an
 * accepted regex is not compiled by RE2J at all when its program is small enough: {@link
 * Matchers}), and it reports no errors: on anything invalid or surprising it declines rather than
 * guesses, and RE2J, given the regex next, says what is wrong.
 *
 * <p>Semantics follow RE2J's default (Perl) flags: {@code .} matches any character but
 * {@code \n}; negated classes do match {@code \n}; {@code \s} is {@code [\t\n\f\r ]}.
 */
final class SubsetParser {

  static final CharSet DOT = new CharSet(~(1L << '\n'), ~0L);
  static final CharSet DIGIT = range('0', '9');
  static final CharSet WORD = union(union(range('0', '9'), range('A', 'Z')), union(range('a', 'z'), CharSet.of('_')));
  static final CharSet SPACE =
      union(union(CharSet.of('\t'), CharSet.of('\n')), union(union(CharSet.of('\f'), CharSet.of('\r')), CharSet.of(' ')));

  /** Repeat counts above this are left to RE2J (its own limit is 1000). */
  private static final int MAX_REPEAT = 1000;

  /** Signals "outside the subset"; never escapes this class. */
  private static final class Unsupported extends Exception {
    private static final Unsupported INSTANCE = new Unsupported();

    private Unsupported() {
      super(null, null, false, false);
    }
  }

  private final String re;
  private int pos;
  private Set<String> names; // the group names seen, made by the first

  private SubsetParser(String re) {
    this.re = re;
  }

  /** The tree of {@code regex}, or {@code null} when the regex is outside the subset. */
  static RegexNode parse(String regex) {
    SubsetParser p = new SubsetParser(regex);
    try {
      RegexNode node = p.alternation();
      if (p.pos != regex.length()) {
        return null; // an unmatched ')': RE2J rejects it
      }
      return node;
    } catch (Unsupported | RuntimeException e) {
      return null;
    }
  }

  private RegexNode alternation() throws Unsupported {
    List<RegexNode> alts = new ArrayList<>();
    alts.add(concatenation());
    while (pos < re.length() && re.charAt(pos) == '|') {
      pos++;
      alts.add(concatenation());
    }
    return alts.size() == 1 ? alts.get(0) : new Alt(List.copyOf(alts));
  }

  private RegexNode concatenation() throws Unsupported {
    List<RegexNode> items = new ArrayList<>();
    while (pos < re.length()) {
      char c = re.charAt(pos);
      if (c == '|' || c == ')') {
        break;
      }
      RegexNode atom = atom();
      atom = quantified(atom);
      if (atom instanceof Concat inner) {
        items.addAll(inner.items());
      } else if (!(atom instanceof Empty)) {
        items.add(atom);
      }
    }
    if (items.isEmpty()) {
      return new Empty();
    }
    return items.size() == 1 ? items.get(0) : new Concat(List.copyOf(items));
  }

  private RegexNode quantified(RegexNode atom) throws Unsupported {
    if (pos >= re.length()) {
      return atom;
    }
    char c = re.charAt(pos);
    int min;
    int max;
    switch (c) {
      case '*' -> {
        min = 0;
        max = -1;
        pos++;
      }
      case '+' -> {
        min = 1;
        max = -1;
        pos++;
      }
      case '?' -> {
        min = 0;
        max = 1;
        pos++;
      }
      case '{' -> {
        int[] mm = repeatBounds();
        min = mm[0];
        max = mm[1];
      }
      default -> {
        return atom;
      }
    }
    if (pos < re.length() && re.charAt(pos) == '?') {
      pos++; // lazy: the same language under full-match semantics
    }
    if (pos < re.length()) {
      char next = re.charAt(pos);
      if (next == '*' || next == '+' || next == '?' || next == '{') {
        throw Unsupported.INSTANCE; // nested repetition: RE2J rejects or treats specially
      }
    }
    return new Repeat(atom, min, max);
  }

  /** Parses {@code {n}}, {@code {n,}} or {@code {n,m}} at pos exactly as RE2J does, or declines. */
  private int[] repeatBounds() throws Unsupported {
    int close = re.indexOf('}', pos);
    if (close < 0) {
      throw Unsupported.INSTANCE;
    }
    String body = re.substring(pos + 1, close);
    int comma = body.indexOf(',');
    int min;
    int max;
    if (comma < 0) {
      min = number(body);
      max = min;
    } else {
      min = number(body.substring(0, comma));
      String rest = body.substring(comma + 1);
      max = rest.isEmpty() ? -1 : number(rest);
    }
    if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
      throw Unsupported.INSTANCE;
    }
    pos = close + 1;
    return new int[] {min, max};
  }

  private static int number(String s) throws Unsupported {
    if (s.isEmpty() || s.length() > 4 || (s.length() > 1 && s.charAt(0) == '0')) {
      throw Unsupported.INSTANCE;
    }
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw Unsupported.INSTANCE;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private RegexNode atom() throws Unsupported {
    char c = re.charAt(pos);
    switch (c) {
      case '(' -> {
        pos++;
        if (re.startsWith("?:", pos)) {
          pos += 2;
        } else if (re.startsWith("?P<", pos) || re.startsWith("?<", pos)) {
          int begin = pos + (re.charAt(pos + 1) == 'P' ? 3 : 2);
          int end = re.indexOf('>', begin);
          if (end < 0) {
            throw Unsupported.INSTANCE;
          }
          groupName(re.substring(begin, end));
          pos = end + 1;
        } else if (re.startsWith("?", pos)) {
          throw Unsupported.INSTANCE; // flags
        }
        RegexNode inner = alternation();
        if (pos >= re.length() || re.charAt(pos) != ')') {
          throw Unsupported.INSTANCE;
        }
        pos++;
        return inner;
      }
      case '[' -> {
        return charClass();
      }
      case '.' -> {
        pos++;
        return DOT;
      }
      case '\\' -> {
        return escapeOutsideClass();
      }
      case '^' -> {
        pos++;
        return new Assert(true);
      }
      case '$' -> {
        pos++;
        return new Assert(false);
      }
      case '*', '+', '?', '{', ')' -> throw Unsupported.INSTANCE;
      default -> {
        if (c >= 128 || Character.isSurrogate(c)) {
          throw Unsupported.INSTANCE;
        }
        pos++;
        return CharSet.of(c);
      }
    }
  }

  private RegexNode escapeOutsideClass() throws Unsupported {
    CharSet perl = perlClass();
    if (perl != null) {
      return perl;
    }
    if (re.startsWith("\\A", pos) || re.startsWith("\\z", pos)) {
      boolean begin = re.charAt(pos + 1) == 'A';
      pos += 2;
      return new Assert(begin);
    }
    return CharSet.of(escapedChar());
  }

  /** {@code \d \D \w \W \s \S} at pos, consumed; or null with pos unchanged. */
  private CharSet perlClass() throws Unsupported {
    if (pos + 1 >= re.length()) {
      throw Unsupported.INSTANCE;
    }
    CharSet cs =
        switch (re.charAt(pos + 1)) {
          case 'd' -> DIGIT;
          case 'D' -> negate(DIGIT);
          case 'w' -> WORD;
          case 'W' -> negate(WORD);
          case 's' -> SPACE;
          case 'S' -> negate(SPACE);
          default -> null;
        };
    if (cs != null) {
      pos += 2;
    }
    return cs;
  }

  /** A single-character escape at pos ({@code \.}, {@code \n}, ...), consumed. */
  private char escapedChar() throws Unsupported {
    if (pos + 1 >= re.length()) {
      throw Unsupported.INSTANCE;
    }
    char c = re.charAt(pos + 1);
    pos += 2;
    switch (c) {
      case 'a':
        return 7;
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'v':
        return 11;
      default:
        if (c < 128 && !isAlnum(c)) {
          return c; // escaped punctuation is itself
        }
        throw Unsupported.INSTANCE; // \b \B \A \z \Q \p \x, digits: left to RE2J
    }
  }

  /** A class {@code [...]}, mirroring RE2J's parseClass under Perl flags. */
  private CharSet charClass() throws Unsupported {
    pos++; // '['
    boolean negated = false;
    if (pos < re.length() && re.charAt(pos) == '^') {
      negated = true;
      pos++;
    }
    long lo = 0;
    long hi = 0;
    boolean first = true;
    while (true) {
      if (pos >= re.length()) {
        throw Unsupported.INSTANCE;
      }
      char c = re.charAt(pos);
      if (c == ']' && !first) {
        pos++;
        break;
      }
      first = false;
      if (c == '[' && re.startsWith("[:", pos)) {
        throw Unsupported.INSTANCE; // POSIX class
      }
      if (c == '\\') {
        if (pos + 1 < re.length() && (re.charAt(pos + 1) == 'p' || re.charAt(pos + 1) == 'P')) {
          throw Unsupported.INSTANCE;
        }
        CharSet perl = perlClass();
        if (perl != null) {
          lo |= perl.lo();
          hi |= perl.hi();
          continue;
        }
      }
      char from = classChar();
      char to = from;
      if (pos < re.length() && re.charAt(pos) == '-') {
        pos++;
        if (pos < re.length() && re.charAt(pos) == ']') {
          pos--; // [a-] means a or '-'
        } else {
          to = classChar();
          if (to < from) {
            throw Unsupported.INSTANCE;
          }
        }
      }
      for (int ch = from; ch <= to; ch++) {
        if (ch < 64) {
          lo |= 1L << ch;
        } else {
          hi |= 1L << (ch - 64);
        }
      }
    }
    CharSet set = new CharSet(lo, hi);
    return negated ? negate(set) : set;
  }

  private char classChar() throws Unsupported {
    if (pos >= re.length()) {
      throw Unsupported.INSTANCE;
    }
    char c = re.charAt(pos);
    if (c == '\\') {
      return escapedChar();
    }
    if (c >= 128 || Character.isSurrogate(c)) {
      throw Unsupported.INSTANCE; // a class with non-ASCII members: RE2J decides
    }
    pos++;
    return c;
  }

  /**
   * Checks a group name as RE2J does ({@code [A-Za-z0-9_]+}, each name once), declining where
   * RE2J would refuse: {@code (?<=...)} and {@code (?<!...)} reach here too.
   */
  private void groupName(String name) throws Unsupported {
    if (name.isEmpty()) {
      throw Unsupported.INSTANCE;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '_' && !isAlnum(c)) {
        throw Unsupported.INSTANCE;
      }
    }
    if (names == null) {
      names = new HashSet<>();
    }
    if (!names.add(name)) {
      throw Unsupported.INSTANCE; // a duplicate name
    }
  }

  private static boolean isAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  static CharSet range(char from, char to) {
    long lo = 0;
    long hi = 0;
    for (int c = from; c <= to; c++) {
      if (c < 64) {
        lo |= 1L << c;
      } else {
        hi |= 1L << (c - 64);
      }
    }
    return new CharSet(lo, hi);
  }

  static CharSet union(CharSet a, CharSet b) {
    return new CharSet(a.lo() | b.lo(), a.hi() | b.hi());
  }

  /** The ASCII complement; the non-ASCII part of a negated class is RE2J's to decide. */
  static CharSet negate(CharSet a) {
    return new CharSet(~a.lo(), ~a.hi());
  }
}
