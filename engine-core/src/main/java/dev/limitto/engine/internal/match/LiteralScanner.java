package dev.limitto.engine.internal.match;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds, in one pass over a text, which of many literals (one per rule line) it contains: an
 * Aho-Corasick automaton over ASCII character classes, built at compile time. Immutable and
 * thread-safe; a scan allocates nothing.
 *
 * <p>Mostly sparse, so that memory grows with the literals and not with states times classes:
 * the root, its children and every state with {@value #DENSE_FROM_CHILDREN} or more children
 * have a full row of the complete automaton (a scan spends most of its characters there, and a
 * row answers in one load); every other state is a link of a chain (one child or two) and keeps
 * only its trie edges and a failure link, which a scan follows until a child or a full row
 * answers. Each edge taken deepens the state by one and each failure link makes it shallower,
 * so a scan follows at most one failure link per character on average. Every state lives in
 * one {@code int} array, addressed by its offset, its header, edges and failure link side by
 * side: a step in a large rule set's cold index costs one or two cache lines, not one in each of
 * five arrays. About 16 bytes per literal character plus the full rows, where a full table would
 * take one cell per class per state.
 *
 * <p>Slot {@code i} stands for rule line {@code i} (0-based among effective lines). A slot with
 * the empty literal has no literal to look for and is reported by {@link #alwaysCandidates()}.
 * Literals are ASCII; a non-ASCII character of the text simply matches no literal.
 */
public final class LiteralScanner {

  /** Literals longer than this are cut to their most selective piece of this length. */
  static final int MAX_ATOM = 12;

  /**
   * An output that sets bits in this many words or more (a literal that many lines share, such
   * as a query parameter's name) is a group: {@link #scanDecodedQuery} reports it by its index,
   * and the caller reads its words where it needs them ({@link #group}).
   */
  static final int GROUP_FROM_WORDS = 16;

  /** The most groups one scan reports; beyond them, a group's bits are set like any others. */
  public static final int MAX_GROUPS = 4;

  /** A {@code summary} argument: set no summary bits. */
  public static final int NO_SUMMARY = -1;

  /** A {@code groups} argument of {@link #step}: set the bits of every output. */
  static final int NO_GROUPS = -1;

  /** States with this many trie children or more get a full row. */
  static final int DENSE_FROM_CHILDREN = 3;

  private final byte[] classOf; // ASCII char -> class; 0 for chars in no literal
  // Every state in one array, addressed by its offset (a state is its offset; the root is 0), so
  // that a step reads one or two neighbouring cells instead of a cell in each of several arrays.
  // A state's first cell is its header: bit 0 set for a full row, bits 1-7 the number of trie
  // edges of a sparse state, bits 8 and up the index + 1 of the slots ending there (0: none). A
  // full row follows with one cell per class 1..classes-1 (the target's offset); a sparse state
  // with its edges (class, target offset), sorted by class, then its failure link's offset.
  private final int[] cells;
  // by a header's index: the slots ending in that state, as bit-set words, (word, bits) pairs in
  // word order, so that a literal that many lines share costs a store per word, not per line
  private final long[][] outputs;
  // by a header's index: for an output of GROUP_FROM_WORDS words or more, its slots as a bit set
  // of every word (else null), which a scan can report by its index instead of setting its bits
  private final long[][] groups;
  private final long[] always; // slots with no literal
  private final int slots;
  private final int states;

  private LiteralScanner(byte[] classOf, int[] cells, long[][] outputs, long[] always, int slots,
      int states) {
    this.classOf = classOf;
    this.cells = cells;
    this.outputs = outputs;
    this.groups = new long[outputs.length][];
    for (int i = 0; i < outputs.length; i++) {
      long[] pairs = outputs[i];
      if (pairs.length / 2 >= GROUP_FROM_WORDS) {
        long[] bits = new long[words(slots)];
        for (int k = 0; k < pairs.length; k += 2) {
          bits[(int) pairs[k]] = pairs[k + 1];
        }
        groups[i] = bits;
      }
    }
    this.always = always;
    this.slots = slots;
    this.states = states;
  }

  /**
   * Builds the scanner for one literal per slot ({@code ""}: none). Long literals are first cut
   * to the piece of {@link #MAX_ATOM} characters that the fewest other literals share: any piece
   * of a required literal is required too, and a short selective piece keeps the trie small.
   */
  public static LiteralScanner build(List<String> literals) {
    return buildFromAtoms(selectAtoms(literals));
  }

  /** Builds the scanner for the given literals as they are, none cut. */
  static LiteralScanner buildFromAtoms(List<String> atoms) {
    int slots = atoms.size();
    long[] always = new long[words(slots)];
    // classes: one per ASCII char used by some atom, class 0 for the rest
    byte[] classOf = new byte[128];
    int classes = 1;
    for (String a : atoms) {
      for (int i = 0; i < a.length(); i++) {
        char c = a.charAt(i);
        if (c >= 128) {
          throw new IllegalArgumentException("literal is not ASCII: " + a);
        }
        if (classOf[c] == 0) {
          classOf[c] = (byte) classes++;
        }
      }
    }
    // trie: one map from (state, class) to child for the whole build
    int chars = 0;
    for (String a : atoms) {
      chars += a.length();
    }
    LongIntMap child = new LongIntMap(chars);
    List<int[]> out = new ArrayList<>(); // by state: slots ending there (null: none)
    out.add(null);
    for (int slot = 0; slot < slots; slot++) {
      String a = atoms.get(slot);
      if (a.isEmpty()) {
        always[slot >>> 6] |= 1L << slot;
        continue;
      }
      int s = 0;
      for (int i = 0; i < a.length(); i++) {
        long key = ((long) s << 8) | classOf[a.charAt(i)];
        int t = child.get(key);
        if (t < 0) {
          t = out.size();
          child.put(key, t);
          out.add(null);
        }
        s = t;
      }
      out.set(s, append(out.get(s), slot));
    }
    int states = out.size();
    // edges grouped by state, sorted by class
    long[] keys = child.keys();
    java.util.Arrays.sort(keys);
    int[] edgeStart = new int[states + 1];
    byte[] edgeClass = new byte[keys.length];
    int[] edgeTarget = new int[keys.length];
    int[] rootNext = new int[classes];
    for (int e = 0; e < keys.length; e++) {
      int from = (int) (keys[e] >>> 8);
      edgeStart[from + 1]++;
      edgeClass[e] = (byte) (keys[e] & 0xFF);
      edgeTarget[e] = child.get(keys[e]);
      if (from == 0) {
        rootNext[edgeClass[e]] = edgeTarget[e];
      }
    }
    for (int s = 0; s < states; s++) {
      edgeStart[s + 1] += edgeStart[s];
    }
    // failure links, breadth first; a state's outputs include those of its failure chain
    int[] fail = new int[states];
    int[] queue = new int[states];
    int head = 0;
    int tail = 0;
    for (int e = edgeStart[0]; e < edgeStart[1]; e++) {
      queue[tail++] = edgeTarget[e];
    }
    while (head < tail) {
      int s = queue[head++];
      if (fail[s] != 0 && out.get(fail[s]) != null) {
        int[] merged = out.get(s);
        for (int slot : out.get(fail[s])) {
          merged = append(merged, slot);
        }
        out.set(s, merged);
      }
      for (int e = edgeStart[s]; e < edgeStart[s + 1]; e++) {
        int cls = edgeClass[e];
        int t = edgeTarget[e];
        int f = fail[s];
        int g;
        while (true) {
          g = f == 0 ? rootNext[cls] : childOf(edgeStart, edgeClass, edgeTarget, f, cls);
          if (g != 0 || f == 0) {
            break;
          }
          f = fail[f];
        }
        fail[t] = g == t ? 0 : g;
        queue[tail++] = t;
      }
    }
    // full rows: the root, its children, and the states that branch widely
    boolean[] dense = new boolean[states];
    dense[0] = true;
    for (int e = edgeStart[0]; e < edgeStart[1]; e++) {
      dense[edgeTarget[e]] = true;
    }
    int[] offset = new int[states];
    int size = 0;
    for (int st = 0; st < states; st++) {
      int children = edgeStart[st + 1] - edgeStart[st];
      dense[st] |= children >= DENSE_FROM_CHILDREN;
      offset[st] = size;
      size += dense[st] ? Math.max(classes, 1) : 2 + 2 * children;
    }
    int[] cells = new int[size];
    List<long[]> outputs = new ArrayList<>();
    for (int st = 0; st < states; st++) {
      int o = offset[st];
      int[] slotsHere = out.get(st);
      int header = 0;
      if (slotsHere != null) {
        outputs.add(wordsOf(java.util.Arrays.stream(slotsHere).sorted().distinct().toArray()));
        if (outputs.size() >= 1 << 24) { // 24 bits of header: over a million lines of literals
          throw new IllegalArgumentException("too many literals for one scanner: " + slots);
        }
        header = outputs.size() << 8;
      }
      if (dense[st]) {
        cells[o] = header | 1;
        for (int cls = 1; cls < classes; cls++) {
          cells[o + cls] =
              offset[delta(edgeStart, edgeClass, edgeTarget, fail, rootNext, st, cls)];
        }
      } else {
        int children = edgeStart[st + 1] - edgeStart[st];
        cells[o] = header | children << 1;
        int at = o + 1;
        for (int e = edgeStart[st]; e < edgeStart[st + 1]; e++) {
          cells[at++] = edgeClass[e];
          cells[at++] = offset[edgeTarget[e]];
        }
        cells[at] = offset[fail[st]];
      }
    }
    return new LiteralScanner(classOf, cells, outputs.toArray(new long[0][]), always, slots,
        states);
  }

  /** The complete automaton's transition, by the trie and failure links (build time only). */
  private static int delta(int[] edgeStart, byte[] edgeClass, int[] edgeTarget, int[] fail,
      int[] rootNext, int s, int cls) {
    while (s != 0) {
      int t = childOf(edgeStart, edgeClass, edgeTarget, s, cls);
      if (t != 0) {
        return t;
      }
      s = fail[s];
    }
    return rootNext[cls];
  }

  /** Number of {@code long} words of a slot bit set. */
  public static int words(int slots) {
    return Math.max(1, (slots + 63) >>> 6);
  }

  /** Number of slots. */
  public int slots() {
    return slots;
  }

  /** The slots with no literal: always candidates. Do not modify. */
  public long[] alwaysCandidates() {
    return always;
  }

  /** The state to start a scan from; see {@link #scan}. */
  public int initialState() {
    return 0;
  }

  /**
   * Scans {@code text} from {@code state} (the initial state, or the state a previous scan
   * returned, so that a constant prefix is scanned once at compile time), setting in
   * {@code hits} the bit of every slot whose literal occurs. Literals that end in the earlier
   * part are reported by the earlier scan, so callers keep its hits. Returns the state after the
   * text.
   */
  public int scan(int state, CharSequence text, long[] hits) {
    return scan(state, text, hits, NO_SUMMARY);
  }

  /**
   * {@link #scan(int, CharSequence, long[])}, also setting, from word {@code summary} of {@code
   * hits} on, bit {@code w} for every word {@code w} of the bit set that it sets a bit in (no
   * summary when {@code summary} is negative): a caller can then visit and clear only those words.
   */
  public int scan(int state, CharSequence text, long[] hits, int summary) {
    return scan(state, text, hits, summary, NO_GROUPS);
  }

  /**
   * {@link #scan(int, CharSequence, long[], int)}, reporting groups by their index at {@code
   * groups} as {@link #scanDecodedQuery} does (none when negative).
   */
  public int scan(int state, CharSequence text, long[] hits, int summary, int groups) {
    if (text instanceof String str) {
      return scan(state, str, hits, summary, groups);
    }
    int s = state;
    for (int i = 0, n = text.length(); i < n; i++) {
      s = step(s, text.charAt(i), hits, 0, summary, groups);
    }
    return s;
  }

  /** {@link #scan(int, CharSequence, long[], int, int)} for a string, without interface calls. */
  private int scan(int state, String text, long[] hits, int summary, int groups) {
    int s = state;
    for (int i = 0, n = text.length(); i < n; i++) {
      s = step(s, text.charAt(i), hits, 0, summary, groups);
    }
    return s;
  }

  /**
   * Scans the decoded form of a query string that {@code RequestTarget} accepted ({@code +} a
   * space, {@code %XX} a byte; a byte outside ASCII matches no literal), as {@link #scan}: a
   * literal of a parameter's decoded name or value is found however the client encoded it.
   * Bits are set in {@code hits} from word {@code offset} on, and the summary of the words set
   * from word {@code summary} on ({@link #scan(int, CharSequence, long[], int)}). Groups are
   * reported by their index: {@code hits[groups]} counts them (the caller zeroes it first) and
   * the indexes follow, at most {@link #MAX_GROUPS}, each once; a group met beyond those sets its
   * bits. Bits of reported groups are not in {@code hits}: see {@link #group}.
   */
  public int scanDecodedQuery(int state, String query, long[] hits, int offset, int summary,
      int groups) {
    int s = state;
    int n = query.length();
    int i = 0;
    while (i < n) {
      char c = query.charAt(i);
      if (c == '%' && i + 2 < n) {
        c = (char) ((hexValue(query.charAt(i + 1)) << 4) | hexValue(query.charAt(i + 2)));
        i += 3;
      } else {
        if (c == '+') {
          c = ' ';
        }
        i++;
      }
      s = step(s, c, hits, offset, summary, groups);
    }
    return s;
  }

  private static int hexValue(char c) {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
  }

  /**
   * One character; a literal ending here sets its bit in {@code hits} from word {@code offset},
   * and its word's bit in the summary from word {@code summary} (none when negative).
   */
  private int step(int s, char c, long[] hits, int offset, int summary, int groups) {
    int cls = c < 128 ? classOf[c] : 0;
    if (cls == 0) {
      return 0; // a character of no literal: back to the root, where nothing ends
    }
    final int[] cell = cells;
    int t;
    while (true) {
      int header = cell[s];
      if ((header & 1) != 0) {
        t = cell[s + cls];
        break;
      }
      int end = s + 1 + (header & 0xFE); // two cells per edge
      t = 0;
      for (int e = s + 1; e < end; e += 2) {
        int k = cell[e];
        if (k >= cls) {
          if (k == cls) {
            t = cell[e + 1];
          }
          break;
        }
      }
      if (t != 0) {
        break;
      }
      s = cell[end]; // the failure link
    }
    int out = cell[t] >>> 8;
    if (out != 0) {
      long[] words = outputs[out - 1];
      // a group is an output of GROUP_FROM_WORDS words or more: known from the output itself
      if (groups >= 0 && words.length >= 2 * GROUP_FROM_WORDS
          && reported(hits, groups, out - 1)) {
        return t;
      }
      for (int k = 0; k < words.length; k += 2) {
        int w = (int) words[k];
        hits[offset + w] |= words[k + 1];
        if (summary >= 0) {
          hits[summary + (w >>> 6)] |= 1L << w;
        }
      }
    }
    return t;
  }

  /** Reports group {@code id} at {@code hits[at]} unless full; whether it is reported. */
  private static boolean reported(long[] hits, int at, int id) {
    int count = (int) hits[at];
    for (int k = 0; k < count; k++) {
      if (hits[at + 1 + k] == id) {
        return true;
      }
    }
    if (count == MAX_GROUPS) {
      return false;
    }
    hits[at + 1 + count] = id;
    hits[at] = count + 1;
    return true;
  }

  /** The slots of group {@code id} ({@link #scanDecodedQuery}), a bit set. Do not modify. */
  public long[] group(int id) {
    return groups[id];
  }

  /** The indexes of every group, ascending. */
  int[] groupIds() {
    int n = 0;
    for (long[] g : groups) {
      n += g == null ? 0 : 1;
    }
    int[] ids = new int[n];
    for (int i = 0, k = 0; i < groups.length; i++) {
      if (groups[i] != null) {
        ids[k++] = i;
      }
    }
    return ids;
  }

  private static int childOf(int[] edgeStart, byte[] edgeClass, int[] edgeTarget, int s,
      int cls) {
    for (int e = edgeStart[s], end = edgeStart[s + 1]; e < end; e++) {
      int k = edgeClass[e];
      if (k >= cls) {
        return k == cls ? edgeTarget[e] : 0;
      }
    }
    return 0;
  }

  /** Sorted, distinct slots as (word, bits) pairs, one per word that holds any of them. */
  private static long[] wordsOf(int[] sorted) {
    int words = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] >>> 6 != sorted[i - 1] >>> 6) {
        words++;
      }
    }
    long[] pairs = new long[2 * words];
    int k = -2;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] >>> 6 != sorted[i - 1] >>> 6) {
        k += 2;
        pairs[k] = sorted[i] >>> 6;
      }
      pairs[k + 1] |= 1L << sorted[i];
    }
    return pairs;
  }

  private static int[] append(int[] a, int v) {
    if (a == null) {
      return new int[] {v};
    }
    int[] b = java.util.Arrays.copyOf(a, a.length + 1);
    b[a.length] = v;
    return b;
  }

  /** Number of automaton states (for sizing and tests). */
  int stateCount() {
    return states;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Cuts each literal to its most selective piece of at most {@link #MAX_ATOM} characters: the
   * piece that the fewest literals contain, the latest one on a tie (the distinguishing part of a
   * URL, an issue key or an id, tends to come late). Pieces are counted by a 64-bit hash of their
   * characters, so that a compile of thousands of long literals makes no substring: two pieces
   * with the same hash only share a count, which may choose a less selective piece but never an
   * unsound one (every piece of a required literal is required).
   */
  static List<String> selectAtoms(List<String> literals) {
    LongIntMap lineFrequency = new LongIntMap(literals.size() * 4);
    long[] mine = new long[16];
    for (String lit : literals) {
      if (lit.length() < MAX_ATOM) {
        continue; // kept whole, and no piece of a longer literal can equal it
      }
      int count = lit.length() - MAX_ATOM + 1;
      if (mine.length < count) {
        mine = new long[count];
      }
      for (int i = 0; i < count; i++) {
        mine[i] = pieceHash(lit, i);
      }
      java.util.Arrays.sort(mine, 0, count);
      for (int i = 0; i < count; i++) {
        if (i == 0 || mine[i] != mine[i - 1]) {
          lineFrequency.increment(mine[i]); // once per literal, as a line contains it or not
        }
      }
    }
    List<String> atoms = new ArrayList<>(literals.size());
    for (String lit : literals) {
      String best = lit;
      if (lit.length() > MAX_ATOM) {
        int bestFrequency = Integer.MAX_VALUE;
        int bestAt = 0;
        for (int i = lit.length() - MAX_ATOM; i >= 0; i--) {
          int f = lineFrequency.get(pieceHash(lit, i)); // counted above: at least 1
          if (f < bestFrequency) {
            bestFrequency = f;
            bestAt = i;
          }
        }
        best = lit.substring(bestAt, bestAt + MAX_ATOM);
      }
      atoms.add(best);
    }
    return atoms;
  }

  /** A hash of the piece {@code lit[at, at + MAX_ATOM)}. */
  private static long pieceHash(String lit, int at) {
    long h = 0x9E3779B97F4A7C15L;
    for (int i = at; i < at + MAX_ATOM; i++) {
      h = (h ^ lit.charAt(i)) * 0x100000001B3L;
    }
    return h ^ (h >>> 29);
  }

  /**
   * A map from {@code long} to non-negative {@code int} without boxing: open addressing, linear
   * probing, grown at half full; keys are also kept in insertion order. Build time only.
   */
  static final class LongIntMap {
    private long[] keys;
    private int[] values; // value + 1; 0: the slot is free
    private long[] order = new long[16];
    private int size;

    LongIntMap(int expected) {
      int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
      keys = new long[capacity];
      values = new int[capacity];
    }

    /** The value of {@code key}, or -1. */
    int get(long key) {
      return values[slot(keys, values, key)] - 1;
    }

    void put(long key, int value) {
      int i = slot(keys, values, key);
      boolean added = values[i] == 0;
      keys[i] = key;
      values[i] = value + 1;
      if (added) {
        if (size == order.length) {
          order = java.util.Arrays.copyOf(order, size * 2);
        }
        order[size++] = key;
        if (size * 2 > keys.length) {
          grow();
        }
      }
    }

    /** Adds 1 to the value of {@code key} (0 when absent). */
    void increment(long key) {
      put(key, Math.max(0, get(key)) + 1);
    }

    int size() {
      return size;
    }

    /** The keys, in the order they were first put. */
    long[] keys() {
      return java.util.Arrays.copyOf(order, size);
    }

    private static int slot(long[] keys, int[] values, long key) {
      int mask = keys.length - 1;
      // the top bits of a Fibonacci hash: every bit of the key reaches them
      int bits = Integer.numberOfTrailingZeros(keys.length);
      int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - bits));
      while (values[i] != 0 && keys[i] != key) {
        i = (i + 1) & mask;
      }
      return i;
    }

    private void grow() {
      long[] oldKeys = keys;
      int[] oldValues = values;
      keys = new long[oldKeys.length * 2];
      values = new int[oldValues.length * 2];
      for (int j = 0; j < oldKeys.length; j++) {
        if (oldValues[j] != 0) {
          int i = slot(keys, values, oldKeys[j]);
          keys[i] = oldKeys[j];
          values[i] = oldValues[j];
        }
      }
    }
  }
}
