package dev.limitto.engine.internal.match;

import com.google.re2j.Pattern;
import dev.limitto.engine.internal.util.CharSequences;

/**
 * Full match of a URL regex against a canonical URL given as its two parts: the rule set's
 * constant origin and the request's canonical path. On the DFA tier the origin is run once, at
 * compile time, and a request runs only its path: no concatenation, no allocation. Other tiers
 * see the concatenated URL. Immutable and thread-safe; shared by every rule set with the same
 * regex and origin ({@link Matchers}).
 */
public final class UrlMatcher implements StringMatcher {

  private final String regex;
  private final String origin;
  private final DfaMatcher dfa; // null: not on the DFA tier; starts after the origin
  private final StringMatcher general; // used when dfa is null
  private final String requiredLiteral; // for the rule-set index
  private final LiteralPath literalPath; // .*X or .*X.*: decided on the path by string operations
  // How far a path gets, for the closest line of a denial: the literal every matchable path
  // begins with (null: not measurable), and the automaton that measures the rest, made the first
  // time a denial needs it
  private final String pathPrefix;
  // For a regex .*X... whose path prefix is "": X, the literal after the leading .*. A path gets
  // more than k <= |X| far only if it contains X's first k characters (searchedLiteral), so one
  // string search rules out most such lines without their automaton. null: not that shape.
  private final String searched;
  private volatile Progress progress;
  // The DFA state after the origin and pathPrefix, so that a path that begins with the prefix
  // runs only the rest: 0 until the first match that needs it finds it (or when it cannot be
  // had, then each match runs the whole path). Volatile, so that a thread that reads the offset
  // also sees a table that holds its row.
  private volatile int afterPathPrefix;
  // The same for a regex .*X...: the state after X's first occurrence in the path (0 as above)
  private volatile int afterSearched;

  /** The longest {@link #pathPrefix} kept: beyond it the automaton measures the path itself. */
  static final int MAX_PATH_PREFIX = 256;

  /**
   * A complete automaton after the origin, the depth of each of its states and the state after
   * {@link #pathPrefix} (0: the path cannot be measured beyond the prefix).
   */
  private record Progress(AsciiDfa.DepthTable depths, int afterPrefix) {}

  private UrlMatcher(String regex, String origin, DfaMatcher dfa, StringMatcher general,
      String requiredLiteral, String pathPrefix, LiteralPath literalPath, String searched) {
    this.regex = regex;
    this.origin = origin;
    this.dfa = dfa;
    this.general = general;
    this.requiredLiteral = requiredLiteral;
    this.pathPrefix = pathPrefix;
    this.literalPath = literalPath;
    // most often X is the required literal too: one string for both
    this.searched = pathPrefix == null || !pathPrefix.isEmpty() ? null
        : requiredLiteral.equals(searched) ? requiredLiteral : searched;
  }

  /**
   * Compiles a URL regex for URLs that start with {@code origin}.
   *
   * @param pattern the regex compiled by RE2J (validated by the caller); kept only when the
   *     regex is outside the DFA tier
   */
  public static UrlMatcher compile(String regex, Pattern pattern, String origin) {
    return compile(regex, pattern, origin, true);
  }

  /** {@link #compile}; with {@code defer} false the automaton is built now (tests compare). */
  static UrlMatcher compile(String regex, Pattern pattern, String origin, boolean defer) {
    return compile(CheckedRegex.compiled(regex, pattern), origin, defer);
  }

  /** {@link #compile} for a regex that passed {@link Matchers}' checks. */
  static UrlMatcher compile(CheckedRegex checked, String origin, boolean defer) {
    String regex = checked.text();
    RegexNode node = checked.tree();
    String literal = node == null ? "" : RegexAnalysis.requiredLiteral(node);
    if (defer && node != null && AsciiDfa.builds(node, origin)) {
      String forced = forcedPrefix(node, origin);
      if (!forced.isEmpty() || beginsWithAnyRunOver(node, origin)) {
        // the automaton is certain to exist and not to die in the origin: build it on first use
        return new UrlMatcher(regex, origin, DfaMatcher.deferred(regex, origin), null, literal,
            forced, LiteralPath.of(node, origin), searchedLiteral(node, origin));
      }
    }
    AsciiDfa automaton = node == null ? null : AsciiDfa.buildAfter(regex, node, origin);
    DfaMatcher dfa = automaton == null ? null : new DfaMatcher(automaton, regex, origin);
    String prefix = automaton == null || AsciiDfa.isDead(automaton.start())
        ? null : forcedPrefix(node, origin);
    return new UrlMatcher(regex, origin, dfa,
        dfa == null ? TieredMatchers.compile(checked) : null, literal, prefix,
        dfa == null ? null : LiteralPath.of(node, origin),
        dfa == null ? null : searchedLiteral(node, origin));
  }

  /**
   * Whether the regex begins with an unbounded repeat of a character set that holds every
   * character of {@code origin} ({@code .*}, {@code [^ ]*}, ...), after an optional {@code ^}: its
   * automaton then reads the whole origin inside that loop and is alive after it, so that the
   * loop's state is in the set the origin leads to.
   */
  private static boolean beginsWithAnyRunOver(RegexNode node, String origin) {
    java.util.List<RegexNode> items = node instanceof RegexNode.Concat c ? c.items()
        : java.util.List.of(node);
    int first = !items.isEmpty() && items.get(0) instanceof RegexNode.Assert a && a.begin() ? 1 : 0;
    if (first >= items.size()
        || !(items.get(first) instanceof RegexNode.Repeat r) || r.max() >= 0
        || !(r.body() instanceof RegexNode.CharSet set)) {
      return false;
    }
    for (int i = 0; i < origin.length(); i++) {
      if (!set.contains(origin.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * X of a regex {@code .*X...} (a leading unbounded repeat of a set holding every ASCII
   * character but perhaps {@code \n}, then the literal characters X), when the origin neither
   * holds X nor ends in a start of it; otherwise {@code null}. Then the automaton's state after
   * the origin and a path of one character or more that has not yet contained X is determined by
   * the longest start of X the path ends with: the state that one other character and that start
   * lead to, so its depth is at most one more than the start's length (the state right after the
   * origin is one of its own). A path that does not contain X's first k characters gets at most k
   * far. ({@code \n} ends the loop and kills every position of X, so the automaton dies there
   * unless X was complete; a non-ASCII character ends the scan.)
   */
  static String searchedLiteral(RegexNode node, String origin) {
    if (!(node instanceof RegexNode.Concat c) || c.items().size() < 2
        || !(c.items().get(0) instanceof RegexNode.Repeat r) || r.min() != 0 || r.max() >= 0
        || !(r.body() instanceof RegexNode.CharSet set)
        || (set.lo() | (1L << '\n')) != -1L || set.hi() != -1L) {
      return null;
    }
    int end = 1;
    while (end < c.items().size() && c.items().get(end) instanceof RegexNode.CharSet cs
        && cs.isSingle() && cs.single() != '\n') {
      end++;
    }
    if (end == 1) {
      return null;
    }
    for (int i = 0; i < origin.length(); i++) {
      if (origin.charAt(i) >= 128 || origin.charAt(i) == '\n') {
        return null;
      }
    }
    char[] chars = new char[end - 1];
    for (int i = 1; i < end; i++) {
      chars[i - 1] = ((RegexNode.CharSet) c.items().get(i)).single();
    }
    String x = new String(chars);
    if (origin.contains(x)) {
      return null;
    }
    for (int j = 1; j < x.length() && j <= origin.length(); j++) {
      if (origin.regionMatches(origin.length() - j, x, 0, j)) {
        return null; // the origin ends in a start of X: the automaton is already inside X
      }
    }
    return x;
  }

  /** Whether {@code s} contains the first {@code k} characters of {@code x} (0 < k <= |x|). */
  static boolean containsStart(CharSequence s, String x, int k) {
    return longestStart(s, x, k) == k;
  }

  /**
   * The length of the longest start of {@code x}, at most {@code k} characters (0 < k <= |x|),
   * that occurs in {@code s} at a position where {@code k} characters fit: {@code k} when {@code
   * s} contains the first {@code k} characters, else a length {@code n < k} such that the first
   * {@code n + 1} occur at no position of {@code s} followed by {@code k - 1} characters or more.
   */
  public static int longestStart(CharSequence s, String x, int k) {
    char first = x.charAt(0);
    int longest = 0;
    for (int i = 0, last = s.length() - k; i <= last; i++) {
      if (s.charAt(i) == first) {
        int j = 1;
        while (j < k && s.charAt(i + j) == x.charAt(j)) {
          j++;
        }
        if (j == k) {
          return k;
        }
        longest = Math.max(longest, j);
      }
    }
    return longest;
  }

  /**
   * The literal every path must begin with, read from the regex itself: its leading literal
   * characters beyond the origin ("" when they end within the origin or there are none). A
   * Concat's leading single characters are matched first and one by one, so every match of the
   * regex begins with them.
   */
  private static String forcedPrefix(RegexNode node, String origin) {
    StringBuilder lead = new StringBuilder();
    java.util.List<RegexNode> items = node instanceof RegexNode.Concat c ? c.items()
        : java.util.List.of(node);
    for (RegexNode item : items) {
      if (item instanceof RegexNode.Assert a && a.begin() && lead.length() == 0) {
        continue;
      }
      if (!(item instanceof RegexNode.CharSet cs) || !cs.isSingle()
          || lead.length() >= origin.length() + MAX_PATH_PREFIX) {
        break;
      }
      lead.append(cs.single());
    }
    return lead.length() > origin.length() && lead.indexOf(origin) == 0
        ? lead.substring(origin.length()) : "";
  }

  /**
   * Whether {@code origin + path} matches; the path may be a reused buffer (a decoded path). On
   * the DFA tier nothing is concatenated or allocated.
   */
  public boolean matchesPath(CharSequence path) {
    if (literalPath != null) {
      return literalPath.matchesPath(path);
    }
    if (dfa != null) {
      String lead = pathPrefix;
      if (lead == null || lead.isEmpty()) {
        return searched != null ? matchesFromSearched(path, searched)
            : dfa.matchesAfter(origin, path);
      }
      // every path the regex matches begins with its forced prefix: a string compare rules the
      // others out, and for the rest the automaton starts after the prefix, in fewer rows
      if (!CharSequences.startsWith(path, lead)) {
        return false;
      }
      int state = afterPathPrefix;
      if (state == 0) {
        state = dfa.stateAfter(lead);
        if (state == 0) {
          return dfa.matchesAfter(origin, path);
        }
        afterPathPrefix = state;
      }
      return dfa.matchesAfter(origin, path, state, lead.length());
    }
    return general.matches(origin + path);
  }

  /**
   * {@link #matchesPath} of a regex {@code .*X...} ({@link #searchedLiteral}): every match holds X
   * within the path, and after the first X the automaton is in the state that X alone leads to
   * (before it, no X was complete and the loop read the rest), so only what follows X is run. A
   * path with a new line or a non-ASCII character before X, which the loop's set may not hold,
   * runs whole.
   */
  private boolean matchesFromSearched(CharSequence path, String x) {
    int at = CharSequences.indexOf(path, x);
    if (at < 0) {
      return false;
    }
    for (int i = 0; i < at; i++) {
      char c = path.charAt(i);
      if (c == '\n' || c >= 128) {
        return dfa.matchesAfter(origin, path);
      }
    }
    int state = afterSearched;
    if (state == 0) {
      state = dfa.stateAfter(x);
      if (state == 0) {
        return dfa.matchesAfter(origin, path);
      }
      afterSearched = state;
    }
    return dfa.matchesAfter(origin, path, state, at + x.length());
  }

  /** Whether a whole URL matches, for callers that hold the concatenated URL anyway. */
  @Override
  public boolean matches(CharSequence url) {
    return dfa != null ? dfa.matches(url) : general.matches(url);
  }

  /**
   * The literal that every path this URL regex can still match begins with (after the origin),
   * or {@code null} when how far a path gets cannot be measured: the regex is not on the DFA
   * tier, or no URL that begins with the origin can match it.
   */
  public String pathPrefix() {
    return pathPrefix;
  }

  /**
   * For a regex {@code .*X...} whose {@link #pathPrefix()} is {@code ""}: X, the literal after the
   * leading {@code .*} ({@link #searchedLiteral}); a path that does not contain X's first {@code
   * k <= |X|} characters gets at most {@code k} far. {@code null}: not that shape.
   */
  public String searched() {
    return searched;
  }

  /**
   * Whether the origin itself rules every URL out: the automaton dies in it, so no request of
   * this rule set can match.
   */
  public boolean diesInOrigin() {
    return dfa != null && pathPrefix == null;
  }

  /**
   * How far the canonical path {@code path} got into this URL regex, given that it begins with
   * {@link #pathPrefix()} (not null): the greatest depth of the automaton's states on the way
   * through the path, that is the length of the shortest path that would have come as far
   * ({@code pathPrefix().length()} at least). The scan stops where the automaton dies or at a
   * non-ASCII character. Allocates nothing once the measuring automaton is made (by the first
   * denial that measures this line; a regex whose complete automaton would exceed the state cap
   * is not measured and counts as far as its prefix).
   */
  public int progressAfterPrefix(CharSequence path) {
    return progressAfterPrefix(path, 0); // 0: nothing is out of reach, the scan is exact
  }

  /**
   * {@link #progressAfterPrefix(CharSequence)} for a caller that only needs to know whether the
   * path got {@code atLeast} far: a result of {@code atLeast} or more is exact, a smaller one may
   * be cut short (the scan stops as soon as {@code atLeast} is out of reach).
   */
  public int progressAfterPrefix(CharSequence path, int atLeast) {
    String x = searched;
    if (x != null && atLeast > 1 && !containsStart(path, x, Math.min(atLeast - 1, x.length()))) {
      return 0; // below atLeast without a scan (searchedLiteral)
    }
    return progressPastSearch(path, atLeast);
  }

  /**
   * {@link #progressAfterPrefix(CharSequence, int)} for a caller that has itself found, when
   * {@link #searched()} is not null and {@code atLeast > 1}, the first {@code min(atLeast - 1,
   * |X|)} characters of X in the path: the automaton's part only.
   */
  public int progressPastSearch(CharSequence path, int atLeast) {
    Progress p = progress;
    if (p == null) {
      p = measuringAutomaton();
      progress = p;
    }
    if (p.afterPrefix() <= 0) {
      return pathPrefix.length();
    }
    return p.depths().deepest(p.afterPrefix(), path, pathPrefix.length(), atLeast);
  }

  private Progress measuringAutomaton() {
    AsciiDfa complete = AsciiDfa.completeAfter(SubsetParser.parse(regex), origin);
    if (complete == null || AsciiDfa.isDead(complete.start())) {
      return new Progress(null, 0);
    }
    int after = complete.run(complete.start(), pathPrefix);
    return after <= 0 ? new Progress(null, 0)
        : new Progress(complete.depthTable(complete.start()), after);
  }

  /** The longest literal every matching URL contains, for the rule-set index ({@code ""}: none). */
  public String requiredLiteral() {
    return requiredLiteral;
  }

  @Override
  public String toString() {
    return "Url[" + (dfa != null ? dfa : general) + "]";
  }
}
