package dev.limitto.engine.internal.match;

import dev.limitto.engine.internal.util.CharSequences;
import java.util.Arrays;
import java.util.List;

/**
 * The rule-set index: which lines can possibly match a request, found from the method (a bit
 * set per method), from the literals the lines' URL regexes require (one {@link LiteralScanner}
 * pass over the path) and from a literal that one of each line's {@code QueryParam} predicates
 * requires (its decoded name or a literal its value regex requires; one pass over the decoded
 * query string), so that a request against many lines confirms only the few candidates, even
 * where many lines share their URL and differ only in a query value. Immutable and thread-safe.
 *
 * <p>Sound by construction: a line that is not a candidate cannot match (its method is not
 * admitted, or a literal that every matching URL contains is absent). Candidates are reported as
 * a bit set in line order, so the caller keeps first-matching-line semantics by confirming them
 * in order.
 *
 * <p>The per-request bit sets live in one per-thread scratch array shared by every rule set (a
 * plain {@code long[]}, grown to the largest rule set the thread has decided for): a decision
 * allocates nothing, and thousands of rule sets do not cost a buffer each per container thread.
 */
public final class LineIndex {

  /**
   * Rule sets up to this many lines skip the literal scan: every line is a URL candidate, since
   * confirming one or two lines costs no more than the pass over the path that would rule them
   * out.
   */
  static final int SCAN_FROM_LINES = 3;

  /**
   * Rule sets below this many lines look for each line's literal with {@code String.indexOf}
   * instead of one automaton pass: as fast for a few literals, and it needs no memory beyond the
   * literals the lines hold anyway, which matters when thousands of tokens each hold a small rule
   * set.
   */
  static final int AUTOMATON_FROM_LINES = 16;

  /** Method index of a method outside the known nine; only lines without a method set admit it. */
  public static final int OTHER_METHOD = 9;

  private final int lines;
  private final int words;
  private final int summaryWords; // words of each summary: one bit per word of a bit set
  // method index m -> the lines admitting it, words [m * words, (m + 1) * words): one array,
  // which matters when thousands of tokens each hold a few lines
  private final long[] byMethod;
  private final LiteralScanner scanner; // null below AUTOMATON_FROM_LINES lines
  private final int afterOrigin; // scanner state after the constant origin
  private final long[] originHits; // lines whose literal occurs in the origin itself
  // below AUTOMATON_FROM_LINES lines: by line, its literal ("" or null: none to look for), and
  // where the origin ends with the literal's first k characters, bit k of the line's
  // `spanWords` words here: then the path may begin with the rest, from k (null: no line has
  // one); `spanLines` has a bit for each line that has such a k
  private final String[] literals;
  private final long[] spanning;
  private final int spanWords;
  private final long spanLines;
  private final LiteralScanner queryScanner; // null: no line has a query literal (or few lines)
  private final long[] noQueryLiteral; // lines that are query candidates whatever the query
  private final int[] originWords; // the words of originHits that are not zero
  // The URL scanner's groups, null when it has none (a token's few lines never have any)
  private final Groups groups;
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /**
   * The URL scanner's groups (literals whose lines fill GROUP_FROM_WORDS words or more, such as
   * one URL a tenth of the lines share): a scan reports them by position in these arrays instead
   * of setting their lines' bits, and readers add their lines where they read ({@link #urlWord}
   * and the others). By position: the scanner's index, the group's lines, the summary of its
   * words, by method that of its lines admitting it, that of its lines without a query literal
   * (null without query literals); and the query scanner's groups, by index, with the summary of
   * their words, for the summary of both.
   */
  private record Groups(int[] ids, long[][] bits, long[][] sums, long[][][] methodSums,
      long[][] noneSums, int[] queryIds, long[][] querySums) {}

  private LineIndex(int lines, long[] byMethod, LiteralScanner scanner, int afterOrigin,
      long[] originHits, String[] literals, long[] spanning, int spanWords, long spanLines) {
    this.lines = lines;
    this.words = LiteralScanner.words(lines);
    this.summaryWords = LiteralScanner.words(words);
    this.byMethod = byMethod;
    this.scanner = scanner;
    this.afterOrigin = afterOrigin;
    this.originHits = originHits;
    this.literals = literals;
    this.spanning = spanning;
    this.spanWords = spanWords;
    this.spanLines = spanLines;
    this.queryScanner = null;
    this.noQueryLiteral = null;
    this.originWords = nonZeroWords(originHits);
    int[] ids = scanner == null ? new int[0] : scanner.groupIds();
    if (ids.length == 0) {
      this.groups = null;
    } else {
      long[][] bits = new long[ids.length][];
      long[][] sums = new long[ids.length][];
      long[][][] methodSums = new long[OTHER_METHOD + 1][ids.length][];
      for (int p = 0; p < ids.length; p++) {
        bits[p] = scanner.group(ids[p]);
        sums[p] = summaryOf(bits[p], null, 0);
        for (int m = 0; m <= OTHER_METHOD; m++) {
          methodSums[m][p] = summaryOf(bits[p], byMethod, m * words);
        }
      }
      this.groups = new Groups(ids, bits, sums, methodSums, null, new int[0], new long[0][]);
    }
  }

  /**
   * The summary of {@code bits} (and of {@code mask}'s words from {@code at}, when not null): a
   * bit per non-zero word.
   */
  private long[] summaryOf(long[] bits, long[] mask, int at) {
    long[] sum = new long[summaryWords];
    for (int w = 0; w < words; w++) {
      if ((mask == null ? bits[w] : bits[w] & mask[at + w]) != 0) {
        sum[w >>> 6] |= 1L << w;
      }
    }
    return sum;
  }

  private LineIndex(LineIndex urls, LiteralScanner queryScanner, long[] noQueryLiteral) {
    this.lines = urls.lines;
    this.words = urls.words;
    this.summaryWords = urls.summaryWords;
    this.byMethod = urls.byMethod;
    this.scanner = urls.scanner;
    this.afterOrigin = urls.afterOrigin;
    this.originHits = urls.originHits;
    this.literals = urls.literals;
    this.spanning = urls.spanning;
    this.spanWords = urls.spanWords;
    this.spanLines = urls.spanLines;
    this.queryScanner = queryScanner;
    this.noQueryLiteral = noQueryLiteral;
    this.originWords = urls.originWords;
    Groups g = urls.groups;
    if (g == null) {
      this.groups = null;
    } else {
      long[][] noneSums = new long[g.ids().length][];
      for (int p = 0; p < noneSums.length; p++) {
        noneSums[p] = summaryOf(g.bits()[p], noQueryLiteral, 0);
      }
      int[] queryIds = queryScanner.groupIds();
      long[][] querySums = new long[queryIds.length][];
      for (int p = 0; p < queryIds.length; p++) {
        querySums[p] = summaryOf(queryScanner.group(queryIds[p]), null, 0);
      }
      this.groups = new Groups(g.ids(), g.bits(), g.sums(), g.methodSums(), noneSums, queryIds,
          querySums);
    }
  }

  private static int[] nonZeroWords(long[] bits) {
    int count = 0;
    for (long word : bits) {
      if (word != 0) {
        count++;
      }
    }
    int[] words = new int[count];
    for (int w = 0, k = 0; w < bits.length; w++) {
      if (bits[w] != 0) {
        words[k++] = w;
      }
    }
    return words;
  }

  /**
   * Builds the index with query literals too.
   *
   * @param queryLiterals per line, a literal that the decoded query string of every request the
   *     line matches contains ({@code ""}: none)
   */
  public static LineIndex build(int[] methodMasks, List<String> urlLiterals,
      List<String> queryLiterals, String origin) {
    LineIndex urls = build(methodMasks, urlLiterals, origin);
    int n = methodMasks.length;
    if (n < AUTOMATON_FROM_LINES) {
      return urls;
    }
    String[] ascii = asciiOrNone(queryLiterals);
    long[] none = new long[LiteralScanner.words(n)];
    int without = 0;
    for (int line = 0; line < n; line++) {
      if (ascii[line].isEmpty()) {
        none[line >>> 6] |= 1L << line;
        without++;
      }
    }
    if (without == n) {
      return urls;
    }
    return new LineIndex(urls, LiteralScanner.build(Arrays.asList(ascii)), none);
  }

  /**
   * Builds the index.
   *
   * @param methodMasks per line, bit {@code i} set when the line admits method index {@code i}
   *     (0..8 as {@code GET POST PUT DELETE PATCH HEAD OPTIONS TRACE CONNECT}); 0 for any method
   * @param urlLiterals per line, a literal every URL the line matches contains ({@code ""}: none)
   * @param origin the constant start of every URL
   */
  public static LineIndex build(int[] methodMasks, List<String> urlLiterals, String origin) {
    int n = methodMasks.length;
    if (urlLiterals.size() != n) {
      throw new IllegalArgumentException("one literal per line");
    }
    int words = LiteralScanner.words(n);
    long[] byMethod = new long[(OTHER_METHOD + 1) * words];
    for (int line = 0; line < n; line++) {
      for (int m = 0; m <= OTHER_METHOD; m++) {
        boolean admits = methodMasks[line] == 0 || (m < OTHER_METHOD && (methodMasks[line] & (1 << m)) != 0);
        if (admits) {
          byMethod[m * words + (line >>> 6)] |= 1L << line;
        }
      }
    }
    String[] ascii = asciiOrNone(urlLiterals);
    if (n < AUTOMATON_FROM_LINES) {
      return small(n, byMethod, ascii, origin);
    }
    LiteralScanner scanner = LiteralScanner.build(Arrays.asList(ascii));
    long[] originHits = new long[LiteralScanner.words(n)];
    int afterOrigin = scanner.scan(scanner.initialState(), origin, originHits);
    long[] always = scanner.alwaysCandidates();
    for (int w = 0; w < originHits.length; w++) {
      originHits[w] |= always[w];
    }
    if (n < SCAN_FROM_LINES) {
      for (int line = 0; line < n; line++) {
        originHits[line >>> 6] |= 1L << line;
      }
    }
    return new LineIndex(n, byMethod, scanner, afterOrigin, originHits, null, null, 0, 0);
  }

  // literals: from asciiOrNone, and the index's from now on (null for a line the origin holds)
  private static LineIndex small(int n, long[] byMethod, String[] literals, String origin) {
    long[] originHits = new long[LiteralScanner.words(n)];
    int spanWords = (origin.length() >>> 6) + 1; // bits 1 to |origin|
    long[] spanning = null;
    long spanLines = 0;
    for (int line = 0; line < n; line++) {
      String lit = literals[line];
      if (n < SCAN_FROM_LINES || lit.isEmpty() || origin.contains(lit)) {
        originHits[line >>> 6] |= 1L << line;
        literals[line] = null;
        continue;
      }
      for (int k = 1; k < lit.length() && k <= origin.length(); k++) {
        if (origin.regionMatches(origin.length() - k, lit, 0, k)) {
          if (spanning == null) {
            spanning = new long[n * spanWords];
          }
          spanning[line * spanWords + (k >>> 6)] |= 1L << k;
          spanLines |= 1L << line;
        }
      }
    }
    return new LineIndex(n, byMethod, null, 0, originHits, literals, spanning, spanWords,
        spanLines);
  }

  /** Each literal, or {@code ""} for one with a character outside ASCII. */
  private static String[] asciiOrNone(List<String> literals) {
    String[] ascii = new String[literals.size()];
    for (int i = 0; i < ascii.length; i++) {
      ascii[i] = asciiOrNone(literals.get(i));
    }
    return ascii;
  }

  private static String asciiOrNone(String literal) {
    for (int i = 0; i < literal.length(); i++) {
      if (literal.charAt(i) >= 128) {
        return "";
      }
    }
    return literal;
  }

  /** The method index of a request method bit (a single bit, or 0 for an unknown method). */
  public static int methodIndex(int methodBit) {
    return methodBit == 0 ? OTHER_METHOD : Integer.numberOfTrailingZeros(methodBit);
  }

  /** Number of lines. */
  public int lines() {
    return lines;
  }

  /**
   * {@link #candidates(int, CharSequence)}, and the decoded query string scanned once: words
   * {@code [2*words, 3*words)} hold the lines whose query literal occurs in it, or that have
   * none (query candidates), at least for every word where the method candidates are not zero
   * ({@link #methodSummaryWord}). A line can match only if it is both a method candidate and a
   * query candidate: in {@link #bothSummaryWord} bit {@code w} is set when word {@code w} holds
   * such a line. Without query literals ({@link #indexesQueries} false) every line is a query
   * candidate, the query words are left as they are (callers do not read them) and the summary
   * of both is that of the method candidates.
   *
   * @param rawQuery the raw query string, accepted by {@code RequestTarget}; null when none
   */
  public long[] candidates(int methodIndex, CharSequence canonicalPath, String rawQuery) {
    if (queryScanner == null) {
      return candidates(methodIndex, canonicalPath);
    }
    int w = words;
    long[] s = scanPath(canonicalPath);
    if (rawQuery != null && !rawQuery.isEmpty()) {
      queryScanner.scanDecodedQuery(queryScanner.initialState(), rawQuery, s, 2 * w,
          querySummaryAt(), groupsAt());
    }
    s[urlGroupsAt() + 1 + LiteralScanner.MAX_GROUPS] = 1; // query candidates made
    return pass(s, methodIndex, true);
  }

  // where the summaries start: of the URL candidates, the method candidates, the words the query
  // scan wrote, the words holding both a method and a query candidate
  private int urlSummaryAt() {
    return 3 * words;
  }

  private int methodSummaryAt() {
    return 3 * words + summaryWords;
  }

  private int querySummaryAt() {
    return 3 * words + 2 * summaryWords;
  }

  private int bothSummaryAt() {
    return 3 * words + 3 * summaryWords;
  }

  /** Where the query scan reports groups: their count, then their indexes. */
  int groupsAt() {
    return 3 * words + 4 * summaryWords;
  }

  /**
   * Where the path scan reports URL groups: their count, then their positions in {@link
   * #groups}; after them, 1 when the call made query candidates.
   */
  private int urlGroupsAt() {
    return 3 * words + 4 * summaryWords + 1 + LiteralScanner.MAX_GROUPS;
  }

  /** The length of a scratch array for {@code words} words and {@code summaryWords}. */
  static int scratchSize(int words, int summaryWords) {
    return 3 * words + 4 * summaryWords + 3 + 2 * LiteralScanner.MAX_GROUPS;
  }

  /**
   * Word {@code i} of the URL candidates of {@link #candidates}: the bits the scan set and the
   * lines of the URL groups it reported. Readers use this and the other word and summary methods
   * instead of the array's words, which hold no group's lines.
   */
  public long urlWord(long[] c, int i) {
    return groups == null ? c[i] : c[i] | ofReported(c, groups.bits(), i);
  }

  /** Word {@code i} of the method candidates of {@link #candidates} for {@code methodIndex}. */
  public long methodWord(long[] c, int methodIndex, int i) {
    long v = c[words + i];
    long grouped = groups == null ? 0 : ofReported(c, groups.bits(), i);
    return grouped == 0 ? v : v | (grouped & byMethod[methodIndex * words + i]);
  }

  /**
   * Word {@code i} of the query candidates of {@link #candidates}, read where the method
   * candidates are not zero ({@link #indexesQueries} true).
   */
  public long queryWord(long[] c, int i) {
    if (groups == null || c[urlGroupsAt()] == 0) {
      return c[2 * words + i]; // the pass made it wherever method candidates are
    }
    return queryWord(c, i, noQueryLiteral, groupsAt(), (int) c[groupsAt()]);
  }

  /** Word {@code k} of the summary of {@link #urlWord}: bit {@code w} when word {@code w} is not zero. */
  public long urlSummaryWord(long[] c, int k) {
    long v = c[urlSummaryAt() + k];
    return groups == null ? v : v | ofReported(c, groups.sums(), k);
  }

  /** Word {@code k} of the summary of {@link #methodWord}. */
  public long methodSummaryWord(long[] c, int methodIndex, int k) {
    long v = c[methodSummaryAt() + k];
    return groups == null ? v : v | ofReported(c, groups.methodSums()[methodIndex], k);
  }

  /**
   * Word {@code k} of a summary of the words holding a line that is both a method and a query
   * candidate (without query candidates, a method candidate): every such word has its bit, and
   * where URL groups were reported some words without such a line may have theirs too.
   */
  public long bothSummaryWord(long[] c, int methodIndex, int k) {
    long v = c[bothSummaryAt() + k];
    Groups gs = groups;
    int at = urlGroupsAt();
    if (gs == null || c[at] == 0) {
      return v;
    }
    if (c[at + 1 + LiteralScanner.MAX_GROUPS] == 0) { // no query candidates made: method ones
      return v | ofReported(c, gs.methodSums()[methodIndex], k);
    }
    long q = c[querySummaryAt() + k]; // the words the query scan wrote
    int qa = groupsAt();
    for (int g = 0, qn = (int) c[qa]; g < qn; g++) {
      q |= gs.querySums()[java.util.Arrays.binarySearch(gs.queryIds(), (int) c[qa + 1 + g])][k];
    }
    for (int g = 0, n = (int) c[at]; g < n; g++) {
      int p = (int) c[at + 1 + g];
      v |= gs.methodSums()[methodIndex][p][k] & (q | gs.noneSums()[p][k]);
    }
    return v;
  }

  /** Word {@code i} of {@code sets} (by group position) ORed over the URL groups reported. */
  private long ofReported(long[] c, long[][] sets, int i) {
    int at = urlGroupsAt();
    long v = 0;
    for (int k = 0, n = (int) c[at]; k < n; k++) {
      v |= sets[(int) c[at + 1 + k]][i];
    }
    return v;
  }

  /**
   * Word {@code i} of the query candidates: the lines whose query literal the scan found, those
   * without one, and those of the {@code grouped} groups the scan reported at {@code groupsAt}.
   */
  private long queryWord(long[] s, int i, long[] none, int groupsAt, int grouped) {
    long q = s[2 * words + i] | none[i];
    for (int k = 0; k < grouped; k++) {
      q |= queryScanner.group((int) s[groupsAt + 1 + k])[i];
    }
    return q;
  }

  /** Whether the index has query literals: else every line is a query candidate. */
  public boolean indexesQueries() {
    return queryScanner != null;
  }

  /**
   * Scans the canonical path once and returns this thread's scratch array: words {@code
   * [0, words)} hold the lines whose URL literal occurs (URL candidates, any method; every line
   * in a rule set of fewer than {@link #SCAN_FROM_LINES} lines), words
   * {@code [words, 2*words)} those that also admit the method (method candidates). Summaries
   * follow the three bit sets, {@link #summaryWords()} words each: in {@link #urlSummaryWord}
   * bit {@code w} is set when word {@code w} of the URL candidates is not zero, in {@link
   * #methodSummaryWord} the same for the method candidates (and in {@link #bothSummaryWord}, here
   * the same again), so that a large rule set's candidates are visited without reading every
   * word. Valid until the next call on this thread.
   *
   * <p>The work is the scan and the words that hold candidates, not the size of the rule set:
   * the array is zero outside what the last call wrote, which the next call clears by the last
   * call's summaries (one more names the words the query scan wrote). A URL literal whose lines
   * fill {@code LiteralScanner.GROUP_FROM_WORDS} words or more (one URL that a tenth of the lines
   * share) is reported as a group instead: its lines are not in the array's words, and readers
   * read the words and summaries through {@link #urlWord}, {@link #methodWord}, {@link
   * #queryWord}, {@link #urlSummaryWord}, {@link #methodSummaryWord} and {@link
   * #bothSummaryWord}, which add them where they are read, so that a request pays for the words
   * it visits, not for the group's.
   */
  public long[] candidates(int methodIndex, CharSequence canonicalPath) {
    return pass(scanPath(canonicalPath), methodIndex, false);
  }

  /**
   * One pass over the words holding URL candidates (every word when they are {@link #dense}):
   * the method candidates and their summary, with {@code queries} the query candidates of the
   * words holding method candidates, and the summary of the words holding both (without, that of
   * the method candidates).
   */
  private long[] pass(long[] s, int methodIndex, boolean queries) {
    int admitted = methodIndex * words; // where its lines are in byMethod
    int urls = urlSummaryAt();
    int grouped = queries ? (int) s[groupsAt()] : 0;
    if (dense(s, urls)) {
      // a literal that many lines share: a plain pass over every word is cheaper than visiting
      for (int i = 0; i < words; i++) {
        word(s, i, admitted, queries, grouped);
      }
      return s;
    }
    for (int k = 0; k < summaryWords; k++) {
      for (long nonZero = s[urls + k]; nonZero != 0; nonZero &= nonZero - 1) {
        word(s, (k << 6) + Long.numberOfTrailingZeros(nonZero), admitted, queries, grouped);
      }
    }
    return s;
  }

  /**
   * {@link #pass} for word {@code i}; {@code admitted} where the method's lines begin in {@link
   * #byMethod}, {@code grouped} groups the query scan reported.
   */
  private void word(long[] s, int i, int admitted, boolean queries, int grouped) {
    int w = words;
    long m = s[i] & byMethod[admitted + i];
    s[w + i] = m;
    if (m == 0) {
      return;
    }
    int k = i >>> 6;
    s[methodSummaryAt() + k] |= 1L << i;
    long both = m;
    if (queries) {
      long q = queryWord(s, i, noQueryLiteral, groupsAt(), grouped);
      s[2 * w + i] = q;
      both &= q;
    }
    if (both != 0) {
      s[bothSummaryAt() + k] |= 1L << i;
    }
  }

  /** This thread's cleared scratch array with the URL candidates and their summary filled in. */
  private long[] scanPath(CharSequence canonicalPath) {
    int w = words;
    long[] s = SCRATCH.get().clean(w, summaryWords);
    int urls = urlSummaryAt();
    for (int k : originWords) {
      s[k] = originHits[k];
      s[urls + (k >>> 6)] |= 1L << k;
    }
    if (scanner != null) {
      if (groups == null) {
        scanner.scan(afterOrigin, canonicalPath, s, urls);
      } else {
        int at = urlGroupsAt();
        scanner.scan(afterOrigin, canonicalPath, s, urls, at);
        for (int k = 0, n = (int) s[at]; k < n; k++) {
          s[at + 1 + k] = java.util.Arrays.binarySearch(groups.ids(), (int) s[at + 1 + k]);
        }
      }
    } else {
      for (int line = 0; line < lines; line++) {
        String lit = literals[line];
        if (lit != null && (CharSequences.indexOf(canonicalPath, lit) >= 0
            || (spanLines & (1L << line)) != 0 && spans(lit, line, canonicalPath))) {
          s[line >>> 6] |= 1L << line;
          s[urls + (line >>> 12)] |= 1L << (line >>> 6);
        }
      }
    }
    return s;
  }

  /**
   * Whether the summary at {@code summary} names more than an eighth of the words: then a pass
   * over every word costs less than visiting the named ones one by one.
   */
  private boolean dense(long[] s, int summary) {
    int named = 0;
    for (int k = 0; k < summaryWords; k++) {
      named += Long.bitCount(s[summary + k]);
    }
    return named > (words >>> 3);
  }

  /**
   * A thread's candidate array, shared by every rule set the thread decides for, and the layout
   * of the last call that wrote it (its words and summary words), by which the next call clears
   * what that one wrote: the three bit sets' words its summaries name, and the summaries.
   */
  private static final class Scratch {
    private long[] array = new long[6];
    private int words; // of the last call; 0: nothing written since the array was made
    private int summaryWords;

    long[] clean(int newWords, int newSummaryWords) {
      long[] s = array;
      int w = words;
      if (w > 0) {
        int sw = summaryWords;
        int urls = 3 * w;
        int queries = urls + 2 * sw;
        int groups = urls + 4 * sw;
        // the groups the query and the path scan reported, their counts, the query flag
        int urlGroups = groups + 1 + LiteralScanner.MAX_GROUPS;
        for (int k = 0, n = (int) s[groups]; k < n; k++) {
          s[groups + 1 + k] = 0;
        }
        for (int k = 0, n = (int) s[urlGroups]; k < n; k++) {
          s[urlGroups + 1 + k] = 0;
        }
        s[groups] = 0;
        s[urlGroups] = 0;
        s[urlGroups + 1 + LiteralScanner.MAX_GROUPS] = 0;
        int dirty = 0;
        for (int k = 0; k < sw; k++) {
          dirty += Long.bitCount(s[urls + k]) + Long.bitCount(s[queries + k]);
        }
        if (dirty > (w >>> 3)) {
          // many words written (a literal that many lines share): one fill is cheaper
          java.util.Arrays.fill(s, 0, groups, 0L);
        } else {
          clear(s, w, sw);
        }
      }
      int size = scratchSize(newWords, newSummaryWords);
      if (s.length < size) {
        s = new long[size];
        array = s;
      }
      words = newWords; // what this call writes, the next one clears
      summaryWords = newSummaryWords;
      return s;
    }

    /** Clears what a call of layout {@code w}, {@code sw} wrote: the words its summaries name. */
    private static void clear(long[] s, int w, int sw) {
      int urls = 3 * w;
      int queries = urls + 2 * sw;
      for (int k = 0; k < sw; k++) {
        for (long nonZero = s[urls + k]; nonZero != 0; nonZero &= nonZero - 1) {
          int i = (k << 6) + Long.numberOfTrailingZeros(nonZero);
          s[i] = 0;
          s[w + i] = 0;
          s[2 * w + i] = 0;
        }
        for (long nonZero = s[queries + k]; nonZero != 0; nonZero &= nonZero - 1) {
          s[2 * w + (k << 6) + Long.numberOfTrailingZeros(nonZero)] = 0;
        }
        s[urls + k] = 0;
        s[urls + sw + k] = 0;
        s[queries + k] = 0;
        s[urls + 3 * sw + k] = 0;
      }
    }
  }

  /**
   * Whether {@code lit}, the literal of {@code line}, begins in the origin and goes on at the
   * start of {@code path}.
   */
  private boolean spans(String lit, int line, CharSequence path) {
    for (int w = 0, at = line * spanWords; w < spanWords; w++) {
      for (long ks = spanning[at + w]; ks != 0; ks &= ks - 1) {
        if (CharSequences.startsWithRest(path, lit, (w << 6) + Long.numberOfTrailingZeros(ks))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Number of {@code long} words per bit set in {@link #candidates}. */
  public int words() {
    return words;
  }

  /** Number of {@code long} words of each summary in {@link #candidates}. */
  public int summaryWords() {
    return summaryWords;
  }

  /** Whether line {@code line} admits method index {@code methodIndex}. */
  public boolean admits(int methodIndex, int line) {
    return (byMethod[methodIndex * words + (line >>> 6)] & (1L << line)) != 0;
  }

  /** The first line that admits the method, or -1. */
  public int firstAdmitting(int methodIndex) {
    for (int i = 0, at = methodIndex * words; i < words; i++) {
      if (byMethod[at + i] != 0) {
        return (i << 6) + Long.numberOfTrailingZeros(byMethod[at + i]);
      }
    }
    return -1;
  }
}
