package dev.limitto.engine.internal.match;

import dev.limitto.engine.internal.match.RegexNode.Alt;
import dev.limitto.engine.internal.match.RegexNode.Assert;
import dev.limitto.engine.internal.match.RegexNode.CharSet;
import dev.limitto.engine.internal.match.RegexNode.Concat;
import dev.limitto.engine.internal.match.RegexNode.Empty;
import dev.limitto.engine.internal.match.RegexNode.Repeat;
import java.util.ArrayList;
import java.util.Arrays;
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
  // (state offset + class) -> next state offset: in 16 bits when every offset fits (nearly every
  // rule's automaton), which halves the rows a scan pulls into the cache; else in 32 bits
  private final char[] next16;
  private final int[] next;
  private final boolean[] accepting; // by state number (offset / classes)
  private final int start; // offset of the start state
  // state number = offset / classes without a division (offsets are exact multiples of classes):
  // (offset >>> classShift) * classInverse, the inverse of the odd part of classes mod 2^32
  private final int classShift;
  private final int classInverse;

  private AsciiDfa(byte[] classOf, int classes, int[] next, boolean[] accepting, int start,
      boolean compact) {
    this.classOf = classOf;
    this.classes = classes;
    if (compact && next.length <= Character.MAX_VALUE + 1) {
      char[] table = new char[next.length];
      for (int i = 0; i < next.length; i++) {
        table[i] = (char) next[i];
      }
      this.next16 = table;
      this.next = null;
    } else {
      this.next16 = null;
      this.next = next;
    }
    this.accepting = accepting;
    this.start = start;
    this.classShift = Integer.numberOfTrailingZeros(classes);
    int odd = classes >>> classShift;
    int inverse = odd; // right to 3 bits; each Newton step doubles them
    for (int i = 0; i < 5; i++) {
      inverse *= 2 - odd * inverse;
    }
    this.classInverse = inverse;
  }

  /** The automaton of {@code node}, or {@code null} when it would exceed the caps. */
  static AsciiDfa build(RegexNode node) {
    return build(node, true);
  }

  /**
   * {@link #build(RegexNode)}, with the 16-bit table only where {@code compact} allows it (tests
   * run both tables against each other).
   */
  static AsciiDfa build(RegexNode node, boolean compact) {
    Nfa nfa = new Nfa();
    int match = nfa.add(Nfa.MATCH, 0, 0, -1, -1);
    int entry;
    try {
      entry = nfa.compile(node, match);
    } catch (IllegalStateException tooBig) {
      return null;
    }
    try {
      return determinize(nfa, entry, compact);
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
    if (input instanceof String str) {
      return run(offset, str);
    }
    int s = offset;
    final byte[] cls = classOf;
    final char[] nx16 = next16;
    final int[] nx = next;
    for (int i = 0, n = input.length(); i < n; i++) {
      char c = input.charAt(i);
      if (c >= 128) {
        return NON_ASCII;
      }
      s = nx16 != null ? nx16[s + cls[c]] : nx[s + cls[c]];
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
    final char[] nx16 = next16;
    final int[] nx = next;
    for (int i = 0, n = input.length(); i < n; i++) {
      char c = input.charAt(i);
      if (c >= 128) {
        return NON_ASCII;
      }
      s = nx16 != null ? nx16[s + cls[c]] : nx[s + cls[c]];
      if (s == 0) {
        return 0;
      }
    }
    return s;
  }

  /**
   * {@link #run} over the decoded form of the query-string component {@code s[from, to)} ({@code
   * +} a space, {@code %XX} a byte), decoding as it goes: {@link #NON_ASCII} as soon as a raw or
   * decoded character is outside ASCII. The component is known to be well formed.
   */
  int runQueryComponent(int offset, String s, int from, int to) {
    int st = offset;
    final byte[] cls = classOf;
    final char[] nx16 = next16;
    final int[] nx = next;
    int i = from;
    while (i < to) {
      int c = s.charAt(i);
      if (c == '%') {
        c = (hexValue(s.charAt(i + 1)) << 4) | hexValue(s.charAt(i + 2));
        i += 3;
      } else {
        if (c == '+') {
          c = ' ';
        }
        i++;
      }
      if (c >= 128) {
        return NON_ASCII;
      }
      st = nx16 != null ? nx16[st + cls[c]] : nx[st + cls[c]];
      if (st == 0) {
        return 0;
      }
    }
    return st;
  }

  /**
   * The depth of every state seen from the state at {@code offset}: the length of the shortest
   * input that leads there from it ({@link Character#MAX_VALUE} when none does), by state number.
   * A state's depth says how far into the regex an input has come, whatever loops it went
   * through: after {@code .*}, a partial match of the literal that follows counts, not the
   * characters the loop absorbed. Built once, at compile time.
   */
  char[] depthsFrom(int offset) {
    int states = accepting.length;
    char[] depth = new char[states];
    Arrays.fill(depth, Character.MAX_VALUE);
    int[] queue = new int[states];
    int head = 0;
    int tail = 0;
    depth[offset / classes] = 0;
    queue[tail++] = offset / classes;
    while (head < tail) {
      int id = queue[head++];
      for (int cls = 0; cls < classes; cls++) {
        int to = step(id * classes + cls) / classes;
        if (to != 0 && depth[to] == Character.MAX_VALUE) {
          depth[to] = (char) Math.min(depth[id] + 1, Character.MAX_VALUE - 1);
          queue[tail++] = to;
        }
      }
    }
    depth[0] = 0;
    return depth;
  }

  /**
   * The literal that every input still able to match from the state at {@code offset} begins
   * with: characters are taken while the state does not accept and exactly one character keeps
   * it alive; at most {@code max} of them. Compile time only.
   */
  String forcedPrefix(int offset, int max) {
    StringBuilder prefix = new StringBuilder();
    int s = offset;
    while (s != 0 && prefix.length() < max && !accepts(s)) {
      int liveClass = -1;
      for (int cls = 0; cls < classes; cls++) {
        if (step(s + cls) != 0) {
          if (liveClass >= 0) {
            return prefix.toString();
          }
          liveClass = cls;
        }
      }
      int only = -1;
      for (int c = 0; c < 128; c++) {
        if (classOf[c] == liveClass) {
          if (only >= 0) {
            return prefix.toString();
          }
          only = c;
        }
      }
      if (only < 0) {
        return prefix.toString();
      }
      prefix.append((char) only);
      s = step(s + liveClass);
    }
    return prefix.toString();
  }

  /**
   * Runs {@code input[from, end)} from the state at {@code offset} and returns the greatest
   * {@link #depthsFrom depth} of a live state on the way (that of {@code offset} at least); the
   * scan ends where the automaton dies or at a non-ASCII character. Allocates nothing.
   *
   * <p>A scan that can no longer reach {@code atLeast} stops early and returns less than it (a
   * state's depth is at most one more than the one before it, so a state of depth {@code d} with
   * {@code r} characters left leads to no depth beyond {@code d + r}): the result is exact when it
   * is {@code atLeast} or more, and otherwise only known to be below it.
   */
  int deepest(int offset, char[] depth, CharSequence input, int from, int atLeast) {
    int s = offset;
    final byte[] cls = classOf;
    final int shift = classShift;
    final int inverse = classInverse;
    int best = depth[(s >>> shift) * inverse];
    for (int i = from, n = input.length(); i < n; i++) {
      char c = input.charAt(i);
      if (c >= 128) {
        break;
      }
      s = step(s + cls[c]);
      if (s == 0) {
        break;
      }
      int d = depth[(s >>> shift) * inverse];
      if (d > best) {
        best = d;
      } else if (best < atLeast && d + (n - 1 - i) < atLeast) {
        break; // atLeast is out of reach
      }
    }
    return best;
  }

  private int step(int index) {
    return next16 != null ? next16[index] : next[index];
  }

  /** The value of an ASCII hex digit (validated by the caller). */
  private static int hexValue(char c) {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
  }

  /** Number of states, the dead state included. */
  int stateCount() {
    return accepting.length;
  }

  // ---------------------------------------------------------------------------------------------

  private static AsciiDfa determinize(Nfa nfa, int entry, boolean compact) {
    // Character classes: characters with the same membership in every set of the NFA, found by
    // refining one class by each set in turn (no allocation per character).
    byte[] classOf = new byte[128];
    int classes = 1;
    int[] split = new int[2 * 128];
    for (int n = 0; n < nfa.size; n++) {
      if (nfa.kind[n] != Nfa.CHAR) {
        continue;
      }
      Arrays.fill(split, 0, 2 * classes, -1);
      int fresh = 0;
      for (int c = 0; c < 128; c++) {
        boolean in = c < 64 ? (nfa.lo[n] & (1L << c)) != 0 : (nfa.hi[n] & (1L << (c - 64))) != 0;
        int key = 2 * classOf[c] + (in ? 1 : 0);
        if (split[key] < 0) {
          split[key] = fresh++;
        }
        classOf[c] = (byte) split[key];
      }
      classes = fresh;
    }
    char[] representative = new char[classes];
    boolean[] represented = new boolean[classes];
    for (char c = 0; c < 128; c++) {
      if (!represented[classOf[c]]) {
        represented[classOf[c]] = true;
        representative[classOf[c]] = c;
      }
    }

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
    // Per CHAR node, the classes it accepts: the DFA steps by class, not by character.
    boolean[][] accepts = new boolean[nfa.size][];
    for (int n = 0; n < nfa.size; n++) {
      if (nfa.kind[n] == Nfa.CHAR) {
        accepts[n] = new boolean[classes];
        for (int cls = 0; cls < classes; cls++) {
          char c = representative[cls];
          accepts[n][cls] = c < 64 ? (nfa.lo[n] & (1L << c)) != 0 : (nfa.hi[n] & (1L << (c - 64))) != 0;
        }
      }
    }
    // Most classes move a state to the same few NFA sets: each distinct moved set is closed and
    // interned once for the whole construction.
    Map<Key, Integer> targetOfMoved = new HashMap<>();
    List<int[]> rows = new ArrayList<>();
    rows.add(new int[classes]); // dead state loops on itself (all zeros)
    int[] moved = new int[nfa.size];
    for (int id = 1; id < stateSets.size(); id++) {
      int[] set = stateSets.get(id);
      int[] row = new int[classes];
      // Within one state, classes that move the same members of the set lead to the same target:
      // with up to 64 members, the moved members are a bit mask and the target is looked up once.
      boolean small = set.length <= 64;
      long[] seenMasks = new long[4];
      int[] seenTargets = new int[4];
      int seen = 0;
      for (int cls = 0; cls < classes; cls++) {
        long mask = 0;
        if (small) {
          for (int j = 0; j < set.length; j++) {
            boolean[] a = accepts[set[j]];
            if (a != null && a[cls]) {
              mask |= 1L << j;
            }
          }
          int hit = -1;
          for (int k = 0; k < seen; k++) {
            if (seenMasks[k] == mask) {
              hit = k;
              break;
            }
          }
          if (hit >= 0) {
            row[cls] = seenTargets[hit];
            continue;
          }
        }
        int m = 0;
        for (int n : set) {
          if (accepts[n] != null && accepts[n][cls]) {
            moved[m++] = nfa.out[n];
          }
        }
        Key movedKey = new Key(Arrays.copyOf(moved, m), false);
        Integer target = targetOfMoved.get(movedKey);
        if (target == null) {
          target = intern(nfa.closure(movedKey.set(), false, false), ids, stateSets);
          if (target < 0) {
            return null;
          }
          targetOfMoved.put(movedKey, target);
        }
        row[cls] = target;
        if (small) {
          if (seen == seenMasks.length) {
            seenMasks = Arrays.copyOf(seenMasks, seen * 2);
            seenTargets = Arrays.copyOf(seenTargets, seen * 2);
          }
          seenMasks[seen] = mask;
          seenTargets[seen++] = target;
        }
      }
      rows.add(row);
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
    // Reverse breadth-first search from the accepting states over the transition graph.
    int[] predecessorCount = new int[states + 1];
    for (int id = 0; id < states; id++) {
      for (int cls = 0; cls < classes; cls++) {
        predecessorCount[next[id * classes + cls] / classes + 1]++;
      }
    }
    for (int id = 0; id < states; id++) {
      predecessorCount[id + 1] += predecessorCount[id];
    }
    int[] predecessors = new int[states * classes];
    int[] fill = Arrays.copyOf(predecessorCount, states);
    for (int id = 0; id < states; id++) {
      for (int cls = 0; cls < classes; cls++) {
        predecessors[fill[next[id * classes + cls] / classes]++] = id;
      }
    }
    boolean[] live = accepting.clone();
    int[] queue = new int[states];
    int head = 0;
    int tail = 0;
    for (int id = 0; id < states; id++) {
      if (live[id]) {
        queue[tail++] = id;
      }
    }
    while (head < tail) {
      int id = queue[head++];
      for (int k = predecessorCount[id]; k < predecessorCount[id + 1]; k++) {
        int p = predecessors[k];
        if (!live[p]) {
          live[p] = true;
          queue[tail++] = p;
        }
      }
    }
    for (int i = 0; i < next.length; i++) {
      if (!live[next[i] / classes]) {
        next[i] = 0;
      }
    }
    int start = live[startId] ? startId * classes : 0;
    return new AsciiDfa(classOf, classes, next, accepting, start, compact);
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
    int[] mark; // closure: generation at which a node was last visited
    int[] stack; // closure: nodes to visit (pushes per closure are bounded by edges + start nodes)
    int generation;

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
      if (mark == null || mark.length < size) {
        mark = new int[size];
        stack = new int[3 * size + 2];
      }
      int stamp = ++generation;
      int[] result = new int[8];
      int r = 0;
      int sp = 0;
      for (int n : from) {
        stack[sp++] = n;
      }
      while (sp > 0) {
        int n = stack[--sp];
        if (n < 0 || mark[n] == stamp) {
          continue;
        }
        mark[n] = stamp;
        if (++work > MAX_BUILD_WORK) {
          throw new IllegalStateException("DFA construction too costly");
        }
        boolean keep = false;
        switch (kind[n]) {
          case MATCH, CHAR -> keep = true;
          case SPLIT -> {
            stack[sp++] = out1[n];
            stack[sp++] = out[n];
          }
          case BEGIN -> {
            if (atBegin) {
              stack[sp++] = out[n];
            }
          }
          case END -> {
            if (atEnd) {
              stack[sp++] = out[n];
            } else {
              keep = true;
            }
          }
          default -> stack[sp++] = out[n];
        }
        if (keep) {
          if (r == result.length) {
            result = Arrays.copyOf(result, r * 2);
          }
          result[r++] = n;
        }
      }
      int[] sorted = Arrays.copyOf(result, r);
      Arrays.sort(sorted);
      return sorted;
    }
  }
}
