package dev.limitto.engine.internal.rules;

import dev.limitto.engine.internal.match.LineIndex;
import dev.limitto.engine.internal.match.UrlMatcher;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of the lines that admit a request's method came closest to matching its URL, when none
 * matched: the line whose URL automaton got furthest into its regex over the canonical path
 * ({@link UrlMatcher#progressAfterPrefix}), ties to the earlier line. Immutable and thread-safe;
 * a look-up allocates nothing.
 *
 * <p>Bounded work. Most URL regexes begin with a literal after the origin ({@code
 * {base}/rest/api/2/issue/DEMO-[0-9]+} with {@code /rest/api/2/issue/DEMO-}, {@link
 * UrlMatcher#pathPrefix}). A path that leaves that literal gets exactly as far as the characters
 * it shares with it, so those lines are ranked without running an automaton: per method, the
 * lines are sorted by literal, a binary search finds the ones sharing the longest start with the
 * path, and a range-minimum table gives the earliest of them. Only a line whose literal the path
 * runs past can get further, and only its automaton tells how far: those are measured, at most
 * {@link #MAX_MEASURED} automata per denial, first the lines whose required literal occurs in the
 * path (the index's candidates), then those whose literal the path begins with, the longest
 * literal first and in line order within one literal. A line left unmeasured counts as far as
 * its literal. A line whose regex is not on the DFA tier counts as getting nowhere (0); a line
 * that no URL of the rule set's origin can match is not ranked.
 */
final class ClosestLine {

  /**
   * The most automata run for one denial; further lines count as far as their literal. Each run
   * scans the path once, and in a large rule set each automaton's table is cold: eight keep a
   * denial within about a microsecond while a small rule set is measured whole.
   */
  static final int MAX_MEASURED = 8;

  private final CompiledLine[] lines;
  private final Ranking[] byMethod; // by method index; null: no ranked line admits the method

  ClosestLine(CompiledLine[] lines) {
    this.lines = lines;
    this.byMethod = new Ranking[LineIndex.OTHER_METHOD + 1];
    Map<BitSet, Ranking> shared = new HashMap<>();
    for (int m = 0; m <= LineIndex.OTHER_METHOD; m++) {
      BitSet admitted = new BitSet(lines.length);
      for (int i = 0; i < lines.length; i++) {
        int mask = lines[i].methodMask;
        boolean admits = mask == 0 || (m < LineIndex.OTHER_METHOD && (mask & (1 << m)) != 0);
        if (admits && !lines[i].url.diesInOrigin()) {
          admitted.set(i);
        }
      }
      if (!admitted.isEmpty()) {
        byMethod[m] = shared.computeIfAbsent(admitted, a -> new Ranking(lines, a));
      }
    }
  }

  /**
   * The index of the closest line among those admitting the method, none of whose URLs matched
   * {@code path}; -1 when no ranked line admits it.
   *
   * @param c the index's candidates for this method and path ({@link LineIndex#candidates}):
   *     the method candidates are measured first
   */
  int closest(int methodIndex, CharSequence path, long[] c, int words) {
    Ranking r = byMethod[methodIndex];
    return r == null ? -1 : r.closest(lines, path, c, words);
  }

  /** The lines admitting one method set, sorted by literal. */
  private static final class Ranking {
    private final String[] prefix; // by entry: the line's literal ("" when unmeasurable)
    private final int[] line; // by entry: line index
    private final boolean[] measurable; // by entry: whether the line has an automaton
    private final int[] group; // by entry: first entry with the same literal
    private final int[] parent; // by entry: group of the longest literal that starts this one
    private final int[][] minLine; // minLine[k][e]: least line index in entries [e, e + 2^k)

    Ranking(CompiledLine[] lines, BitSet admitted) {
      List<Integer> order = new ArrayList<>();
      admitted.stream().forEach(order::add);
      Comparator<Integer> byLiteral = Comparator.comparing(i -> literal(lines[i]));
      order.sort(byLiteral
          .thenComparing(i -> lines[i].url.pathPrefix() == null) // measurable first
          .thenComparingInt(i -> i));
      int n = order.size();
      prefix = new String[n];
      line = new int[n];
      measurable = new boolean[n];
      group = new int[n];
      parent = new int[n];
      int[] stack = new int[n]; // groups whose literal starts the current one
      int depth = 0;
      for (int e = 0; e < n; e++) {
        int i = order.get(e);
        line[e] = i;
        prefix[e] = literal(lines[i]);
        measurable[e] = lines[i].url.pathPrefix() != null;
        if (e > 0 && prefix[e].equals(prefix[e - 1])) {
          group[e] = group[e - 1];
          parent[e] = parent[e - 1];
          continue;
        }
        group[e] = e;
        while (depth > 0 && !prefix[e].startsWith(prefix[stack[depth - 1]])) {
          depth--;
        }
        parent[e] = depth == 0 ? -1 : stack[depth - 1];
        stack[depth++] = e;
      }
      int levels = 1;
      while ((1 << levels) <= n) {
        levels++;
      }
      minLine = new int[levels][];
      minLine[0] = line.clone();
      for (int k = 1; k < levels; k++) {
        int half = 1 << (k - 1);
        int[] prev = minLine[k - 1];
        int[] row = new int[n - (1 << k) + 1];
        for (int e = 0; e < row.length; e++) {
          row[e] = Math.min(prev[e], prev[e + half]);
        }
        minLine[k] = row;
      }
    }

    private static String literal(CompiledLine line) {
      String p = line.url.pathPrefix();
      return p == null ? "" : p;
    }

    int closest(CompiledLine[] lines, CharSequence path, long[] c, int words) {
      int n = line.length;
      // 1. the literals sharing the longest start with the path: they get exactly that far
      int pos = firstAbove(path);
      int shared = 0;
      if (pos > 0) {
        shared = commonLength(prefix[pos - 1], path);
      }
      if (pos < n) {
        shared = Math.max(shared, commonLength(prefix[pos], path));
      }
      int from = firstAtLeast(path, shared);
      int to = firstNotStarting(from, path, shared);
      int bestLine = minLine(from, to);
      int best = shared;
      // 2. lines the path may take further: their automata tell
      int budget = MAX_MEASURED;
      int summaries = LineIndex.summaryWords(words);
      int summary = LineIndex.methodSummary(words); // a bit per non-zero word of method candidates
      for (int k = 0; k < summaries && budget > 0; k++) {
        for (long nonZero = c[summary + k]; nonZero != 0 && budget > 0; nonZero &= nonZero - 1) {
          int w = (k << 6) + Long.numberOfTrailingZeros(nonZero);
          long bits = c[words + w];
          while (bits != 0 && budget > 0) {
            int i = (w << 6) + Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            UrlMatcher url = lines[i].url;
            String p = url.pathPrefix();
            if (p == null || !startsWith(path, p)) {
              continue; // as far as its literal's common start: ranked above
            }
            budget--;
            int progress = url.progressAfterPrefix(path, i < bestLine ? best : best + 1);
            if (progress > best || (progress == best && i < bestLine)) {
              best = progress;
              bestLine = i;
            }
          }
        }
      }
      for (int g = deepestStartingGroup(pos, path); g >= 0 && budget > 0; g = parent[g]) {
        for (int e = g; e < n && group[e] == g && measurable[e] && budget > 0; e++) {
          int i = line[e];
          if ((c[words + (i >>> 6)] & (1L << i)) != 0) {
            continue; // measured above
          }
          budget--;
          int progress = lines[i].url.progressAfterPrefix(path, i < bestLine ? best : best + 1);
          if (progress > best || (progress == best && i < bestLine)) {
            best = progress;
            bestLine = i;
          }
        }
      }
      return bestLine;
    }

    /**
     * The group of the longest literal that {@code path} begins with, or -1. Every such literal
     * starts the literal just below the path in sort order, up to their common length.
     */
    private int deepestStartingGroup(int pos, CharSequence path) {
      if (pos == 0) {
        return -1;
      }
      int e = pos - 1;
      int common = commonLength(prefix[e], path);
      int g = group[e];
      while (g >= 0 && prefix[g].length() > common) {
        g = parent[g];
      }
      return g;
    }

    /** The least line index among entries {@code [from, to)}, a non-empty range. */
    private int minLine(int from, int to) {
      int k = 31 - Integer.numberOfLeadingZeros(to - from);
      return Math.min(minLine[k][from], minLine[k][to - (1 << k)]);
    }

    /** The first entry whose literal sorts after {@code path}. */
    private int firstAbove(CharSequence path) {
      int lo = 0;
      int hi = line.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (compare(prefix[mid], path, path.length()) <= 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** The first entry whose literal sorts at or after the first {@code length} chars of path. */
    private int firstAtLeast(CharSequence path, int length) {
      int lo = 0;
      int hi = line.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (compare(prefix[mid], path, length) < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** From {@code from}, where literals begin with path's first {@code length} chars, the end. */
    private int firstNotStarting(int from, CharSequence path, int length) {
      int lo = from;
      int hi = line.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (startsWith(prefix[mid], path, length)) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }

  /** Compares {@code s} with the first {@code length} chars of {@code t}, as String.compareTo. */
  static int compare(String s, CharSequence t, int length) {
    int n = Math.min(s.length(), length);
    for (int i = 0; i < n; i++) {
      int d = s.charAt(i) - t.charAt(i);
      if (d != 0) {
        return d;
      }
    }
    return s.length() - length;
  }

  /** How many chars {@code s} and {@code t} share from their start. */
  static int commonLength(String s, CharSequence t) {
    int n = Math.min(s.length(), t.length());
    int i = 0;
    while (i < n && s.charAt(i) == t.charAt(i)) {
      i++;
    }
    return i;
  }

  /** Whether {@code s} begins with the first {@code length} chars of {@code t}. */
  static boolean startsWith(String s, CharSequence t, int length) {
    if (s.length() < length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (s.charAt(i) != t.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code t} begins with {@code p}. */
  static boolean startsWith(CharSequence t, String p) {
    if (t.length() < p.length()) {
      return false;
    }
    for (int i = 0; i < p.length(); i++) {
      if (t.charAt(i) != p.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
