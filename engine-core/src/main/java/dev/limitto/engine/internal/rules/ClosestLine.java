package dev.limitto.engine.internal.rules;

import dev.limitto.engine.internal.match.LineIndex;
import dev.limitto.engine.internal.match.UrlMatcher;
import dev.limitto.engine.internal.util.CharSequences;
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
 * literals are in a trie (path-compressed, in two arrays) whose nodes know the earliest line
 * under them, and one walk of the path down it finds the earliest of the lines sharing the
 * longest start with the path, and the longest literal that the path begins with. Only a line
 * whose literal the path runs past can get further, and only its automaton tells how far: those
 * are measured, at most {@link #MAX_MEASURED} automata per denial, first the lines whose
 * required literal occurs in the path (the index's candidates), then those whose literal the
 * path begins with, the longest literal first and in line order within one literal. A line left
 * unmeasured counts as far as its literal. A line {@code .*X...} that cannot beat the best so far
 * is ruled out by a search of the path for X's start ({@link UrlMatcher#searched}), and the next
 * lines whose X begins the same way (one endpoint for many project keys) without searching
 * again. A line whose regex is not on the DFA tier counts as getting nowhere (0); a line that no
 * URL of the rule set's origin can match is not ranked.
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
  int closest(int methodIndex, CharSequence path, long[] c, LineIndex index) {
    Ranking r = byMethod[methodIndex];
    return r == null ? -1 : r.closest(lines, path, c, index, methodIndex);
  }

  /**
   * The lines admitting one method set, sorted by literal, and the literals' trie. A look-up
   * walks the path down the trie once: the node where it stops holds the least line among the
   * literals that share the path's longest start with any literal (they get exactly that far),
   * and the deepest literal that ended on the way is the longest one the path begins with.
   */
  private static final class Ranking {
    private final int[] line; // by entry: line index
    private final boolean[] measurable; // by entry: whether the line has an automaton
    private final int[] group; // by entry: first entry with the same literal
    private final int[] parent; // by entry: group of the longest literal that starts this one
    // By entry: X of a regex .*X... (UrlMatcher#searched; null: another shape), and how many
    // characters it shares from its start with the previous entry's X in the same group (-1: no
    // such pair), so that a look-up that found a start of one X nowhere in the path knows the
    // same of the next lines of the same family without scanning the path again
    private final String[] searched;
    private final int[] sharedWithPrevious;
    // The trie, path-compressed, every node at its offset in one array (the root at 0):
    // [LABEL] where its label starts in `chars`, [DEPTH] its depth after the label, [LEAST] the
    // least line index of the entries under it, [ENDS] the group whose literal ends there (-1:
    // none), [KIDS] its number of children, then per child its first char and its offset, by char.
    private final int[] nodes;
    private final char[] chars; // the literal of each group, one after another
    private static final int LABEL = 0;
    private static final int DEPTH = 1;
    private static final int LEAST = 2;
    private static final int ENDS = 3;
    private static final int KIDS = 4;

    Ranking(CompiledLine[] lines, BitSet admitted) {
      List<Integer> order = new ArrayList<>();
      admitted.stream().forEach(order::add);
      Comparator<Integer> byLiteral = Comparator.comparing(i -> literal(lines[i]));
      order.sort(byLiteral
          .thenComparing(i -> lines[i].url.pathPrefix() == null) // measurable first
          .thenComparingInt(i -> i));
      int n = order.size();
      String[] prefix = new String[n];
      line = new int[n];
      measurable = new boolean[n];
      group = new int[n];
      parent = new int[n];
      searched = new String[n];
      sharedWithPrevious = new int[n];
      int[] stack = new int[n]; // groups whose literal starts the current one
      int depth = 0;
      int[] at = new int[n]; // by entry: where its literal starts in chars
      StringBuilder pool = new StringBuilder();
      for (int e = 0; e < n; e++) {
        int i = order.get(e);
        line[e] = i;
        prefix[e] = literal(lines[i]);
        measurable[e] = lines[i].url.pathPrefix() != null;
        searched[e] = lines[i].url.searched();
        sharedWithPrevious[e] = -1;
        if (e > 0 && prefix[e].equals(prefix[e - 1])) {
          if (searched[e] != null && searched[e - 1] != null) {
            sharedWithPrevious[e] = commonLength(searched[e - 1], searched[e]);
          }
          group[e] = group[e - 1];
          parent[e] = parent[e - 1];
          at[e] = at[e - 1];
          continue;
        }
        group[e] = e;
        at[e] = pool.length();
        pool.append(prefix[e]);
        while (depth > 0 && !prefix[e].startsWith(prefix[stack[depth - 1]])) {
          depth--;
        }
        parent[e] = depth == 0 ? -1 : stack[depth - 1];
        stack[depth++] = e;
      }
      chars = pool.toString().toCharArray();
      Cells cells = new Cells();
      node(cells, prefix, at, 0, n, 0);
      nodes = cells.toArray();
    }

    /**
     * Adds the node of entries {@code [lo, hi)}, whose literals share their first {@code from}
     * characters, and its subtree; returns its offset. Sorted literals share, over a range, what
     * the first and the last share.
     */
    private int node(Cells cells, String[] prefix, int[] at, int lo, int hi, int from) {
      int lcp = commonLength(prefix[lo], prefix[hi - 1]);
      int self = cells.size();
      int ends = prefix[lo].length() == lcp ? lo : -1; // a shorter literal sorts first
      int first = lo;
      while (first < hi && prefix[first].length() == lcp) {
        first++;
      }
      int kids = 0;
      for (int e = first; e < hi; e++) {
        if (e == first || prefix[e].charAt(lcp) != prefix[e - 1].charAt(lcp)) {
          kids++;
        }
      }
      cells.add(at[lo] + from);
      cells.add(lcp);
      cells.add(Integer.MAX_VALUE); // the least line, once the children are made
      cells.add(ends);
      cells.add(kids);
      int slots = cells.size();
      for (int k = 0; k < kids; k++) {
        cells.add(0);
        cells.add(0);
      }
      int least = Integer.MAX_VALUE;
      for (int e = lo; e < first; e++) {
        least = Math.min(least, line[e]);
      }
      int k = 0;
      for (int e = first; e < hi; ) {
        char c = prefix[e].charAt(lcp);
        int end = e + 1;
        while (end < hi && prefix[end].charAt(lcp) == c) {
          end++;
        }
        int child = node(cells, prefix, at, e, end, lcp);
        cells.set(slots + 2 * k, c);
        cells.set(slots + 2 * k + 1, child);
        least = Math.min(least, cells.get(child + LEAST));
        k++;
        e = end;
      }
      cells.set(self + LEAST, least);
      return self;
    }

    private static String literal(CompiledLine line) {
      String p = line.url.pathPrefix();
      return p == null ? "" : p;
    }

    int closest(CompiledLine[] lines, CharSequence path, long[] c, LineIndex index, int m) {
      // 1. the literals sharing the longest start with the path: they get exactly that far. The
      // walk ends in the node under which they are; the last literal that ended on the way is
      // the longest one that the path begins with.
      final int[] t = nodes;
      final char[] pool = chars;
      int len = path.length();
      int node = 0;
      int shared = 0;
      int deepestGroup = -1;
      while (true) {
        int label = t[node + LABEL] - shared;
        int target = t[node + DEPTH];
        int stop = Math.min(target, len);
        while (shared < stop && pool[label + shared] == path.charAt(shared)) {
          shared++;
        }
        if (shared < target) {
          break; // the path leaves (or ends in) this node's label
        }
        if (t[node + ENDS] >= 0) {
          deepestGroup = t[node + ENDS];
        }
        if (shared == len) {
          break;
        }
        char next = path.charAt(shared);
        int child = -1;
        for (int k = 0, kids = t[node + KIDS], at = node + KIDS + 1; k < kids; k++, at += 2) {
          int first = t[at];
          if (first >= next) {
            if (first == next) {
              child = t[at + 1];
            }
            break;
          }
        }
        if (child < 0) {
          break;
        }
        node = child;
      }
      int bestLine = t[node + LEAST];
      int best = shared;
      int n = line.length;
      // 2. lines the path may take further: their automata tell
      int budget = MAX_MEASURED;
      for (int k = 0, summaries = index.summaryWords(); k < summaries && budget > 0; k++) {
        // a bit per non-zero word of method candidates
        for (long nonZero = index.methodSummaryWord(c, m, k); nonZero != 0 && budget > 0;
            nonZero &= nonZero - 1) {
          int w = (k << 6) + Long.numberOfTrailingZeros(nonZero);
          long bits = index.methodWord(c, m, w);
          while (bits != 0 && budget > 0) {
            int i = (w << 6) + Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            UrlMatcher url = lines[i].url;
            String p = url.pathPrefix();
            if (p == null || !CharSequences.startsWith(path, p)) {
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
      for (int g = deepestGroup; g >= 0 && budget > 0; g = parent[g]) {
        // X of a previous entry: its first `absent` characters (0: not known) occur at no
        // position p of the path where the `need` characters of that search fit (|path| - p >=
        // need). An entry whose X shares them is ruled out without a search: its automaton gets
        // past them only from a later p, so at most |path| - p + 1 <= need far (one more than
        // the characters read from p, UrlMatcher#searched), and `need` is below the earlier
        // atLeast, which does not fall along a group (best only grows, and line order passes
        // bestLine once).
        int absent = 0;
        for (int e = g; e < n && group[e] == g && measurable[e] && budget > 0; e++) {
          int i = line[e];
          String x = searched[e];
          if (absent > 0 && sharedWithPrevious[e] < absent) {
            absent = 0;
          }
          if ((index.methodWord(c, m, i >>> 6) & (1L << i)) != 0) {
            continue; // measured above
          }
          budget--;
          int atLeast = i < bestLine ? best : best + 1;
          if (x != null && atLeast > 1) {
            // a path without X's first k characters gets at most k far: below atLeast
            int need = Math.min(atLeast - 1, x.length());
            if (absent > 0) {
              continue;
            }
            int found = UrlMatcher.longestStart(path, x, need);
            if (found < need) {
              absent = found + 1;
              continue;
            }
          }
          int progress = lines[i].url.progressPastSearch(path, atLeast);
          if (progress > best || (progress == best && i < bestLine)) {
            best = progress;
            bestLine = i;
          }
        }
      }
      return bestLine;
    }
  }

  /** A growable {@code int} array for building the trie. */
  private static final class Cells {
    private int[] a = new int[64];
    private int size;

    int size() {
      return size;
    }

    void add(int v) {
      if (size == a.length) {
        a = java.util.Arrays.copyOf(a, 2 * size);
      }
      a[size++] = v;
    }

    int get(int i) {
      return a[i];
    }

    void set(int i, int v) {
      a[i] = v;
    }

    int[] toArray() {
      return java.util.Arrays.copyOf(a, size);
    }
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
}
