package dev.limitto.engine.internal.match;

import dev.limitto.engine.internal.match.RegexNode.Alt;
import dev.limitto.engine.internal.match.RegexNode.Assert;
import dev.limitto.engine.internal.match.RegexNode.CharSet;
import dev.limitto.engine.internal.match.RegexNode.Concat;
import dev.limitto.engine.internal.match.RegexNode.Empty;
import dev.limitto.engine.internal.match.RegexNode.Repeat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic automaton over ASCII for the full match of one regex, built completely at
 * compile time (Thompson NFA, then subset construction). Immutable and thread-safe.
 *
 * <p>The transition table is indexed by state offset plus character class: the characters that
 * no character set of the regex tells apart share a class, so the table stays small. State
 * offsets are premultiplied by the class count, and offset 0 is the dead state, from which no
 * input can match: a scan stops there.
 *
 * <p>The automaton only knows ASCII. {@link #run} reports a non-ASCII character to its caller,
 * which then asks RE2J: RE2J counts code points where this table would count UTF-16 units.
 */
final class AsciiDfa {

  /** The most DFA states a regex may have before it is left to RE2J. */
  static final int MAX_STATES = 2_000;
  /** The most NFA nodes (after expanding counted repeats) before a regex is left to RE2J. */
  static final int MAX_NFA_NODES = 20_000;

  /**
   * The most NFA nodes visited while building, summed over all closures: bounds compile time for
   * regexes whose subset construction would be slow; they are left to RE2J.
   */
  static final long MAX_BUILD_WORK = 4_000_000;

  /** Result of {@link #run} when the input holds a character outside ASCII. */
  static final int NON_ASCII = -1;

  private final byte[] classOf; // ASCII char -> character class
  private final int classes; // number of character classes
  private final int[] next; // (state offset + class) -> next state offset
  private final boolean[] accepting; // by state number (offset / classes)
  private final int start; // offset of the start state

  private AsciiDfa(byte[] classOf, int classes, int[] next, boolean[] accepting, int start) {
    this.classOf = classOf;
    this.classes = classes;
    this.next = next;
    this.accepting = accepting;
    this.start = start;
  }

  /** The automaton of {@code node}, or {@code null} when it would exceed the caps. */
  static AsciiDfa build(RegexNode node) {
    Nfa nfa = new Nfa();
    int match = nfa.add(Nfa.MATCH, 0, 0, -1, -1);
    int entry;
    try {
      entry = nfa.compile(node, match);
    } catch (IllegalStateException tooBig) {
      return null;
    }
    try {
      return determinize(nfa, entry);
    } catch (IllegalStateException tooCostly) {
      return null;
    }
  }

  /** The start state offset, for {@link #run}. */
  int start() {
    return start;
  }

  /** Whether the state at {@code offset} accepts. */
  boolean accepts(int offset) {
    return accepting[offset / classes];
  }

  /** Whether the state at {@code offset} is the dead state. */
  static boolean isDead(int offset) {
    return offset == 0;
  }

  /**
   * Runs {@code input} from state {@code offset}: the state reached (0 when dead, which may end
   * the scan early), or {@link #NON_ASCII} when a non-ASCII character comes before that.
   */
  int run(int offset, CharSequence input) {
    int s = offset;
    final byte[] cls = classOf;
    final int[] nx = next;
    for (int i = 0, n = input.length(); i < n; i++) {
      char c = input.charAt(i);
      if (c >= 128) {
        return NON_ASCII;
      }
      s = nx[s + cls[c]];
      if (s == 0) {
        return 0;
      }
    }
    return s;
  }

  /** String-specialised {@link #run}: the common case, without interface calls per character. */
  int run(int offset, String input) {
    int s = offset;
    final byte[] cls = classOf;
    final int[] nx = next;
    for (int i = 0, n = input.length(); i < n; i++) {
      char c = input.charAt(i);
      if (c >= 128) {
        return NON_ASCII;
      }
      s = nx[s + cls[c]];
      if (s == 0) {
        return 0;
      }
    }
    return s;
  }

  /** Number of states, the dead state included. */
  int stateCount() {
    return accepting.length;
  }

  // ---------------------------------------------------------------------------------------------

  private static AsciiDfa determinize(Nfa nfa, int entry) {
    // Character classes: characters with the same membership in every set of the NFA.
    List<CharSet> sets = new ArrayList<>();
    for (int i = 0; i < nfa.size; i++) {
      if (nfa.kind[i] == Nfa.CHAR) {
        sets.add(new CharSet(nfa.lo[i], nfa.hi[i]));
      }
    }
    List<CharSet> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(sets));
    byte[] classOf = new byte[128];
    Map<BitSet, Integer> signatures = new HashMap<>();
    char[] representative = new char[128];
    for (char c = 0; c < 128; c++) {
      BitSet sig = new BitSet(distinct.size());
      for (int k = 0; k < distinct.size(); k++) {
        if (distinct.get(k).contains(c)) {
          sig.set(k);
        }
      }
      Integer cls = signatures.get(sig);
      if (cls == null) {
        cls = signatures.size();
        signatures.put(sig, cls);
        representative[cls] = c;
      }
      classOf[c] = (byte) (int) cls;
    }
    int classes = signatures.size();

    Map<Key, Integer> ids = new HashMap<>();
    List<int[]> stateSets = new ArrayList<>();
    // state 0: dead (the empty set)
    ids.put(new Key(new int[0], false), 0);
    stateSets.add(new int[0]);
    // The start state is the only one where ^ holds, so it is never shared with a later state.
    int[] startSet = nfa.closure(new int[] {entry}, true, false);
    int startId = stateSets.size();
    ids.put(new Key(startSet, true), startId);
    stateSets.add(startSet);
    List<int[]> rows = new ArrayList<>();
    ArrayDeque<Integer> work = new ArrayDeque<>();
    rows.add(new int[classes]); // dead state loops on itself (all zeros)
    work.add(startId);
    boolean[] done = new boolean[MAX_STATES + 1];
    done[0] = true;
    while (!work.isEmpty()) {
      int id = work.poll();
      if (done[id]) {
        continue;
      }
      done[id] = true;
      int[] set = stateSets.get(id);
      int[] row = new int[classes];
      for (int cls = 0; cls < classes; cls++) {
        char c = representative[cls];
        int[] moved = nfa.step(set, c);
        int target = intern(nfa.closure(moved, false, false), ids, stateSets);
        if (target < 0) {
          return null;
        }
        row[cls] = target;
        if (!done[target]) {
          work.add(target);
        }
      }
      while (rows.size() <= id) {
        rows.add(null);
      }
      rows.set(id, row);
    }
    int states = stateSets.size();
    int[] next = new int[states * classes];
    boolean[] accepting = new boolean[states];
    for (int id = 0; id < states; id++) {
      int[] row = rows.get(id);
      for (int cls = 0; cls < classes; cls++) {
        next[id * classes + cls] = row[cls] * classes;
      }
      // At the end of the input $ holds (and ^ too, for the start state: the empty input).
      int[] atEnd =
          id == startId
              ? nfa.closure(new int[] {entry}, true, true)
              : nfa.closure(stateSets.get(id), false, true);
      for (int n : atEnd) {
        if (nfa.kind[n] == Nfa.MATCH) {
          accepting[id] = true;
        }
      }
    }
    // States from which no accepting state is reachable behave as dead: send them to 0 so that
    // a scan stops at the first character that rules a match out.
    boolean[] live = accepting.clone();
    for (boolean changed = true; changed; ) {
      changed = false;
      for (int id = 1; id < states; id++) {
        if (!live[id]) {
          for (int cls = 0; cls < classes; cls++) {
            if (live[next[id * classes + cls] / classes]) {
              live[id] = true;
              changed = true;
              break;
            }
          }
        }
      }
    }
    for (int i = 0; i < next.length; i++) {
      if (!live[next[i] / classes]) {
        next[i] = 0;
      }
    }
    int start = live[startId] ? startId * classes : 0;
    return new AsciiDfa(classOf, classes, next, accepting, start);
  }

  private static int intern(int[] set, Map<Key, Integer> ids, List<int[]> stateSets) {
    Key key = new Key(set, false);
    Integer id = ids.get(key);
    if (id != null) {
      return id;
    }
    if (stateSets.size() >= MAX_STATES) {
      return -1;
    }
    int fresh = stateSets.size();
    ids.put(key, fresh);
    stateSets.add(set);
    return fresh;
  }

  private record Key(int[] set, boolean initial) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.initial == initial && Arrays.equals(k.set, set);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(set) * 31 + (initial ? 1 : 0);
    }
  }

  /** A Thompson NFA in parallel arrays; nodes are added as the tree compiles back to front. */
  private static final class Nfa {
    static final byte MATCH = 0;
    static final byte CHAR = 1; // consumes one char of (lo, hi), then out
    static final byte SPLIT = 2; // epsilon to out and out1
    static final byte EPS = 3; // epsilon to out
    static final byte BEGIN = 4; // epsilon to out at the beginning of the text only
    static final byte END = 5; // epsilon to out at the end of the text only

    byte[] kind = new byte[64];
    long[] lo = new long[64];
    long[] hi = new long[64];
    int[] out = new int[64];
    int[] out1 = new int[64];
    int size;
    long work; // nodes visited by closures so far, against MAX_BUILD_WORK

    int add(byte k, long l, long h, int o, int o1) {
      if (size >= MAX_NFA_NODES) {
        throw new IllegalStateException("NFA too large");
      }
      if (size == kind.length) {
        int cap = size * 2;
        kind = Arrays.copyOf(kind, cap);
        lo = Arrays.copyOf(lo, cap);
        hi = Arrays.copyOf(hi, cap);
        out = Arrays.copyOf(out, cap);
        out1 = Arrays.copyOf(out1, cap);
      }
      kind[size] = k;
      lo[size] = l;
      hi[size] = h;
      out[size] = o;
      out1[size] = o1;
      return size++;
    }

    /** Compiles {@code node} so that it continues to {@code then}; returns its entry node. */
    int compile(RegexNode node, int then) {
      if (node instanceof Empty) {
        return then;
      }
      if (node instanceof CharSet cs) {
        return add(CHAR, cs.lo(), cs.hi(), then, -1);
      }
      if (node instanceof Assert a) {
        return add(a.begin() ? BEGIN : END, 0, 0, then, -1);
      }
      if (node instanceof Concat c) {
        int entry = then;
        List<RegexNode> items = c.items();
        for (int i = items.size() - 1; i >= 0; i--) {
          entry = compile(items.get(i), entry);
        }
        return entry;
      }
      if (node instanceof Alt a) {
        int entry = -1;
        List<RegexNode> items = a.items();
        for (int i = items.size() - 1; i >= 0; i--) {
          int branch = compile(items.get(i), then);
          entry = entry < 0 ? branch : add(SPLIT, 0, 0, branch, entry);
        }
        return entry;
      }
      Repeat r = (Repeat) node;
      int entry = then;
      if (r.max() < 0) {
        // body* : loop node splits into the body (which returns to the loop) or onwards
        int loop = add(SPLIT, 0, 0, -1, then);
        int body = compile(r.body(), loop);
        out[loop] = body;
        entry = loop;
      } else {
        // (max - min) nested optionals: body (body (body)?)? ...
        for (int i = 0; i < r.max() - r.min(); i++) {
          int body = compile(r.body(), entry);
          entry = add(SPLIT, 0, 0, body, then);
        }
      }
      for (int i = 0; i < r.min(); i++) {
        entry = compile(r.body(), entry);
      }
      return entry;
    }

    /**
     * The CHAR, MATCH and pending END nodes reachable from {@code from} by epsilon moves, sorted.
     * A BEGIN node is passed only when {@code atBegin} (else the path dies: ^ can never hold
     * later); an END node is passed when {@code atEnd}, else kept so that acceptance at the end
     * of the input can pass it then.
     */
    int[] closure(int[] from, boolean atBegin, boolean atEnd) {
      BitSet seen = new BitSet(size);
      BitSet result = new BitSet(size);
      ArrayDeque<Integer> stack = new ArrayDeque<>();
      for (int n : from) {
        stack.push(n);
      }
      while (!stack.isEmpty()) {
        int n = stack.pop();
        if (n < 0 || seen.get(n)) {
          continue;
        }
        seen.set(n);
        if (++work > MAX_BUILD_WORK) {
          throw new IllegalStateException("DFA construction too costly");
        }
        switch (kind[n]) {
          case MATCH, CHAR -> result.set(n);
          case SPLIT -> {
            stack.push(out1[n]);
            stack.push(out[n]);
          }
          case BEGIN -> {
            if (atBegin) {
              stack.push(out[n]);
            }
          }
          case END -> {
            if (atEnd) {
              stack.push(out[n]);
            } else {
              result.set(n);
            }
          }
          default -> stack.push(out[n]);
        }
      }
      return result.stream().toArray();
    }

    int[] step(int[] set, char c) {
      int[] moved = new int[set.length];
      int m = 0;
      for (int n : set) {
        if (kind[n] == CHAR && (c < 64 ? (lo[n] & (1L << c)) != 0 : (hi[n] & (1L << (c - 64))) != 0)) {
          moved[m++] = out[n];
        }
      }
      return Arrays.copyOf(moved, m);
    }
  }
}
