package dev.limitto.engine.internal.match;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, in one pass over a text, which of many literals (one per rule line) it contains: an
 * Aho-Corasick automaton with a complete transition table over ASCII character classes, built
 * at compile time. Immutable and thread-safe; a scan allocates nothing.
 *
 * <p>Slot {@code i} stands for rule line {@code i} (0-based among effective lines). A slot with
 * the empty literal has no literal to look for and is reported by {@link #alwaysCandidates()}.
 * Literals are ASCII; a non-ASCII character of the text simply matches no literal.
 */
public final class LiteralScanner {

  private static final int HAS_OUTPUT = 1 << 31;

  /** Literals longer than this are cut to their most selective piece of this length. */
  static final int MAX_ATOM = 12;

  private final byte[] classOf; // ASCII char -> class; 0 for chars in no literal
  private final int classes;
  // (state offset + class) -> state offset (state number * classes), with HAS_OUTPUT set when a
  // literal ends in that state, so that a scan loads one int per character; offset 0 is the root
  private final int[] next;
  private final int[][] outputs; // by state number: the slots whose literal ends here
  private final long[] always; // slots with no literal
  private final int slots;

  private LiteralScanner(
      byte[] classOf, int classes, int[] next, int[][] outputs, long[] always, int slots) {
    this.classOf = classOf;
    this.classes = classes;
    this.next = next;
    this.outputs = outputs;
    this.always = always;
    this.slots = slots;
  }

  /**
   * Builds the scanner for one literal per slot ({@code ""}: none). Long literals are first cut
   * to the piece of {@link #MAX_ATOM} characters that the fewest other literals share: any piece
   * of a required literal is required too, and a short selective piece keeps the table small.
   */
  public static LiteralScanner build(List<String> literals) {
    List<String> atoms = selectAtoms(literals);
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
    // trie
    List<int[]> gotoRows = new ArrayList<>();
    List<List<Integer>> out = new ArrayList<>();
    gotoRows.add(filled(classes, -1));
    out.add(new ArrayList<>());
    for (int slot = 0; slot < slots; slot++) {
      String a = atoms.get(slot);
      if (a.isEmpty()) {
        always[slot >>> 6] |= 1L << slot;
        continue;
      }
      int s = 0;
      for (int i = 0; i < a.length(); i++) {
        int cls = classOf[a.charAt(i)];
        if (gotoRows.get(s)[cls] < 0) {
          gotoRows.get(s)[cls] = gotoRows.size();
          gotoRows.add(filled(classes, -1));
          out.add(new ArrayList<>());
        }
        s = gotoRows.get(s)[cls];
      }
      out.get(s).add(slot);
    }
    // failure links, breadth first, turning the trie into a complete automaton
    int states = gotoRows.size();
    int[] fail = new int[states];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    int[] root = gotoRows.get(0);
    for (int cls = 0; cls < classes; cls++) {
      if (root[cls] < 0) {
        root[cls] = 0;
      } else {
        fail[root[cls]] = 0;
        queue.add(root[cls]);
      }
    }
    while (!queue.isEmpty()) {
      int s = queue.poll();
      out.get(s).addAll(out.get(fail[s]));
      int[] row = gotoRows.get(s);
      for (int cls = 0; cls < classes; cls++) {
        int t = row[cls];
        if (t < 0) {
          row[cls] = gotoRows.get(fail[s])[cls];
        } else {
          fail[t] = gotoRows.get(fail[s])[cls];
          queue.add(t);
        }
      }
    }
    int[] next = new int[states * classes];
    int[][] outputs = new int[states][];
    for (int s = 0; s < states; s++) {
      int[] row = gotoRows.get(s);
      for (int cls = 0; cls < classes; cls++) {
        next[s * classes + cls] = row[cls] * classes | (out.get(row[cls]).isEmpty() ? 0 : HAS_OUTPUT);
      }
      List<Integer> o = out.get(s);
      outputs[s] = o.isEmpty() ? null : o.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    }
    return new LiteralScanner(classOf, classes, next, outputs, always, slots);
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
    if (text instanceof String str) {
      return scan(state, str, hits);
    }
    int s = state;
    for (int i = 0, n = text.length(); i < n; i++) {
      s = step(s, text.charAt(i), hits);
    }
    return s;
  }

  /** {@link #scan(int, CharSequence, long[])} for the common case, without interface calls. */
  public int scan(int state, String text, long[] hits) {
    int s = state;
    final byte[] cls = classOf;
    final int[] nx = next;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      s = nx[s + (c < 128 ? cls[c] : 0)];
      if (s < 0) {
        s &= ~HAS_OUTPUT;
        mark(s, hits);
      }
    }
    return s;
  }

  private int step(int s, char c, long[] hits) {
    int t = next[s + (c < 128 ? classOf[c] : 0)];
    if (t < 0) {
      t &= ~HAS_OUTPUT;
      mark(t, hits);
    }
    return t;
  }

  private void mark(int offset, long[] hits) {
    for (int slot : outputs[offset / classes]) {
      hits[slot >>> 6] |= 1L << slot;
    }
  }

  /** Number of automaton states (for sizing and tests). */
  int stateCount() {
    return outputs.length;
  }

  // ---------------------------------------------------------------------------------------------

  private static int[] filled(int n, int v) {
    int[] a = new int[n];
    Arrays.fill(a, v);
    return a;
  }

  /** Cuts each literal to its most selective piece of at most {@link #MAX_ATOM} characters. */
  static List<String> selectAtoms(List<String> literals) {
    Map<String, Integer> lineFrequency = new HashMap<>();
    for (String lit : literals) {
      for (String piece : pieces(lit)) {
        lineFrequency.merge(piece, 1, Integer::sum);
      }
    }
    List<String> atoms = new ArrayList<>(literals.size());
    for (String lit : literals) {
      String best = lit;
      if (lit.length() > MAX_ATOM) {
        int bestFrequency = Integer.MAX_VALUE;
        for (String piece : pieces(lit)) {
          int f = lineFrequency.get(piece);
          if (f < bestFrequency) {
            bestFrequency = f;
            best = piece;
          }
        }
      }
      atoms.add(best);
    }
    return atoms;
  }

  /** The distinct pieces of {@link #MAX_ATOM} characters of a literal (itself when shorter). */
  private static java.util.Set<String> pieces(String lit) {
    java.util.Set<String> set = new java.util.LinkedHashSet<>();
    if (lit.length() <= MAX_ATOM) {
      set.add(lit);
      return set;
    }
    // from the end first: the distinguishing part of a URL (issue key, id) tends to come late
    for (int i = lit.length() - MAX_ATOM; i >= 0; i--) {
      set.add(lit.substring(i, i + MAX_ATOM));
    }
    return set;
  }
}
