package dev.limitto.engine.internal.match;

import dev.limitto.engine.internal.match.RegexNode.Alt;
import dev.limitto.engine.internal.match.RegexNode.Assert;
import dev.limitto.engine.internal.match.RegexNode.CharSet;
import dev.limitto.engine.internal.match.RegexNode.Concat;
import dev.limitto.engine.internal.match.RegexNode.Empty;
import dev.limitto.engine.internal.match.RegexNode.Repeat;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic automaton over ASCII for the full match of one regex, built lazily: a state
 * is made the first time an input reaches it, from the Thompson NFA of the regex, and kept in a
 * bounded cache (the design of RE2's DFA). Compile time and memory are paid only for the states
 * that requests reach. Thread-safe: the cache is shared by every thread that runs the regex.
 *
 * <p>The transition table is indexed by state offset plus character class: the characters that
 * no character set of the regex tells apart share a class. A row has one cell per class and one
 * more that holds whether the state accepts at the end of the input. Offsets are premultiplied
 * by the row width and fit in 16 bits; offset 0 is the dead state, from which no input can
 * match: a scan stops there. A cell not yet computed holds {@link #UNKNOWN}.
 *
 * <p>Concurrency. Every cell is written once, from {@link #UNKNOWN} to its value, under this
 * object's lock, and never changes again; the table is replaced (grown) only under the lock and
 * published through a volatile field, after its new rows are filled with {@link #UNKNOWN}. A
 * reader without the lock therefore sees, for any cell, either {@link #UNKNOWN} (it then takes
 * the lock, which shows it the value) or the final value; and an old table only ever points to
 * states it holds. A warm scan takes no lock and allocates nothing.
 *
 * <p>Worst case. The cache holds at most {@link #MAX_STATES} states (fewer when the regex has
 * many character classes: the table stays within 64 K cells, 128 KB) and the construction
 * visits at most {@link #MAX_BUILD_WORK} NFA nodes over the automaton's life. When either is
 * spent, a scan that needs a new state answers {@link #OVERFLOW} and its caller decides with
 * RE2J, which is linear in the input too: time stays linear and memory bounded whatever the
 * regex and the requests. The states already built keep serving the scans that stay in them.
 *
 * <p>Neither the NFA nor the syntax tree is kept: both are rebuilt from the regex text
 * (deterministically, so node numbers agree with the state sets) for a scan that needs a new
 * state, once per such scan. Warm automata cost only their table and state sets.
 *
 * <p>The automaton only knows ASCII. {@link #run} reports a non-ASCII character to its caller,
 * which then asks RE2J: RE2J counts code points where this table would count UTF-16 units.
 *
 * <p>{@link #complete} builds every state at once and sends the states from which no input can
 * reach acceptance to the dead state: the form the language questions of lint need.
 */
final class AsciiDfa {

  /** The most DFA states one automaton's cache holds. */
  static final int MAX_STATES = 2_000;
  /** The most NFA nodes (after expanding counted repeats) before a regex is left to RE2J. */
  static final int MAX_NFA_NODES = 20_000;

  /**
   * The most NFA nodes visited while building states, summed over all closures of the
   * automaton's life: bounds the time spent building for regexes whose states are costly.
   */
  static final long MAX_BUILD_WORK = 4_000_000;

  /** Result of {@link #run} when the input holds a character outside ASCII. */
  static final int NON_ASCII = -1;

  /** Result of {@link #run} when the scan needs a state the full cache cannot hold. */
  static final int OVERFLOW = -2;

  /** A cell not computed yet. */
  private static final char UNKNOWN = 0xFFFF;

  /** The most cells of a table: every offset fits in 16 bits, below {@link #UNKNOWN}. */
  private static final int MAX_CELLS = 0xFFFF;

  private final String regex; // parsed and rebuilt into an NFA when a state must be made
  private final byte[] classOf; // ASCII char -> character class
  private final int classes; // number of character classes
  private final int stride; // classes + 1: the last cell of a row says whether the state accepts
  private final int maxStates;
  private final int start; // offset of the start state
  private volatile char[] table;

  // --- guarded by this ---
  private int states; // states made, the dead state included
  private int[][] sets; // by state number: its NFA nodes, sorted
  private Map<Key, Integer> ids; // NFA set -> state number, once there are many states
  private int[] startSet; // the start state's set: ^ holds only there, so it is never shared
  private long work; // NFA nodes visited by closures so far
  private boolean full; // the cache or the work budget is spent

  private AsciiDfa(String regex, byte[] classOf, int classes, int maxStates, Nfa nfa,
      String head) {
    this.regex = regex;
    this.classOf = classOf;
    this.classes = classes;
    this.stride = classes + 1;
    this.maxStates = Math.max(2, Math.min(maxStates, MAX_CELLS / stride));
    synchronized (this) {
      this.sets = new int[4][];
      this.table = new char[4 * stride];
      Arrays.fill(table, UNKNOWN);
      // state 0: dead (the empty set), loops on itself and does not accept
      Arrays.fill(table, 0, stride, (char) 0);
      sets[0] = new int[0];
      states = 1;
      // The start state is the only one where ^ holds, so it is never shared with a later state.
      // After a head, the start is the NFA set the head leads to, found without making states.
      int[] entry = {nfa.entry};
      int[] startSet = nfa.closure(entry, true, false);
      boolean accepts = hasMatch(nfa, nfa.closure(entry, true, true));
      for (int i = 0; i < head.length(); i++) {
        startSet = nfa.stepOnChar(startSet, head.charAt(i));
        accepts = hasMatch(nfa, nfa.closure(startSet, false, true));
      }
      work = nfa.work;
      if (live(nfa, startSet) || accepts) {
        this.startSet = startSet;
        this.start = make(startSet, accepts);
      } else {
        this.start = 0;
      }
    }
  }

  /**
   * The automaton of {@code regex}, whose tree ({@link SubsetParser#parse}) is {@code node}, or
   * {@code null} when its NFA would exceed the caps.
   */
  static AsciiDfa build(String regex, RegexNode node) {
    return build(regex, node, MAX_STATES);
  }

  /** {@link #build(String, RegexNode)} with a smaller cache, so that tests can make it overflow. */
  static AsciiDfa build(String regex, RegexNode node, int maxStates) {
    return build(regex, node, maxStates, "");
  }

  /**
   * The automaton of {@code node} for inputs that begin with the constant {@code head}: its start
   * state is where {@code head} leads, so that a rule set's origin costs no state per character
   * and a scan runs only what follows it. {@code null} when the NFA would exceed the caps or
   * {@code head} is not ASCII.
   */
  static AsciiDfa buildAfter(String regex, RegexNode node, String head) {
    for (int i = 0; i < head.length(); i++) {
      if (head.charAt(i) >= 128) {
        return null;
      }
    }
    return build(regex, node, MAX_STATES, head);
  }

  /**
   * Whether {@link #buildAfter} builds an automaton for {@code node} after {@code head}, known
   * without building it: {@code head} is ASCII and the NFA stays within {@link #MAX_NFA_NODES}
   * ({@link #nfaSize}, exact). A caller can then defer the construction to the first input.
   */
  static boolean builds(RegexNode node, String head) {
    for (int i = 0; i < head.length(); i++) {
      if (head.charAt(i) >= 128) {
        return false;
      }
    }
    return nfaSize(node) + 1 <= MAX_NFA_NODES; // + 1: the MATCH node
  }

  /**
   * The number of nodes {@link Nfa#compile} adds for {@code node}, counted from the tree as the
   * compiler adds them (a character set or an assertion one, an alternation one split per extra
   * branch, a loop one split, a counted repeat its copies and one split per optional copy);
   * saturates at {@link Integer#MAX_VALUE}.
   */
  static long nfaSize(RegexNode node) {
    long size;
    if (node instanceof Empty) {
      size = 0;
    } else if (node instanceof CharSet || node instanceof Assert) {
      size = 1;
    } else if (node instanceof Concat c) {
      size = 0;
      for (RegexNode item : c.items()) {
        size += nfaSize(item);
      }
    } else if (node instanceof Alt a) {
      size = a.items().size() - 1L;
      for (RegexNode item : a.items()) {
        size += nfaSize(item);
      }
    } else {
      Repeat r = (Repeat) node;
      long body = nfaSize(r.body());
      size = r.max() < 0 ? 1 + body + r.min() * body
          : (r.max() - (long) r.min()) * (body + 1) + r.min() * body;
    }
    return Math.min(size, Integer.MAX_VALUE);
  }

  private static AsciiDfa build(String regex, RegexNode node, int maxStates, String head) {
    Nfa nfa = Nfa.of(node);
    if (nfa == null) {
      return null;
    }
    byte[] classOf = new byte[128];
    int classes = nfa.classes(classOf);
    return new AsciiDfa(regex, classOf, classes, maxStates, nfa, head);
  }

  /** The NFA again, from the regex text: the same nodes in the same order. */
  private Nfa rebuild() {
    Nfa nfa = Nfa.of(SubsetParser.parse(regex));
    nfa.classSets(classOf, classes);
    return nfa;
  }

  /**
   * The automaton of {@code node} with every state built and the states that cannot reach
   * acceptance pruned to the dead state; {@code null} when the NFA or the state count exceeds
   * the caps. It never answers {@link #OVERFLOW}.
   */
  static AsciiDfa complete(RegexNode node) {
    return completeAfter(node, "");
  }

  /** {@link #complete} for inputs that begin with {@code head} ({@link #buildAfter}). */
  static AsciiDfa completeAfter(RegexNode node, String head) {
    for (int i = 0; i < head.length(); i++) {
      if (head.charAt(i) >= 128) {
        return null;
      }
    }
    Nfa nfa = Nfa.of(node);
    if (nfa == null) {
      return null;
    }
    byte[] classOf = new byte[128];
    int classes = nfa.classes(classOf);
    AsciiDfa dfa = new AsciiDfa(null, classOf, classes, MAX_STATES, nfa, head);
    nfa.classSets(classOf, classes);
    return dfa.buildAllAndPrune(nfa);
  }

  /** The start state offset, for {@link #run}. */
  int start() {
    return start;
  }

  /** Whether the state at {@code offset} accepts (at the end of the input). */
  boolean accepts(int offset) {
    char[] t = table;
    char a = t[offset + classes];
    if (a == UNKNOWN) {
      synchronized (this) {
        a = table[offset + classes];
      }
    }
    return a == 1;
  }

  /** Whether the state at {@code offset} is the dead state. */
  static boolean isDead(int offset) {
    return offset == 0;
  }

  /**
   * Runs {@code input} from state {@code offset}: the state reached (0 when dead, which may end
   * the scan early), {@link #NON_ASCII} when a non-ASCII character comes before that, or {@link
   * #OVERFLOW} when the scan needs a state the cache cannot hold.
   */
  int run(int offset, CharSequence input) {
    if (input instanceof String str) {
      return run(offset, str);
    }
    int s = offset;
    final byte[] cls = classOf;
    char[] t = table;
    for (int i = 0, n = input.length(); i < n; i++) {
      char c = input.charAt(i);
      if (c >= 128) {
        return NON_ASCII;
      }
      int next = t[s + cls[c]];
      if ((char) (next - 1) >= UNKNOWN - 1) { // one test for the two rare cells: 0 and UNKNOWN
        return next == 0 ? 0 : runCold(s, input, i, input.length(), false);
      }
      s = next;
    }
    return s;
  }

  /**
   * {@link #run} over {@code input} from index {@code from} on, from a state that the input's
   * first {@code from} characters led to.
   */
  int run(int offset, CharSequence input, int from) {
    int s = offset;
    final byte[] cls = classOf;
    final char[] t = table;
    for (int i = from, n = input.length(); i < n; i++) {
      char c = input.charAt(i);
      if (c >= 128) {
        return NON_ASCII;
      }
      int next = t[s + cls[c]];
      if ((char) (next - 1) >= UNKNOWN - 1) { // one test for the two rare cells: 0 and UNKNOWN
        return next == 0 ? 0 : runCold(s, input, i, n, false);
      }
      s = next;
    }
    return s;
  }

  /** String-specialised {@link #run}: the common case, without interface calls per character. */
  int run(int offset, String input) {
    int s = offset;
    final byte[] cls = classOf;
    final char[] t = table;
    for (int i = 0, n = input.length(); i < n; i++) {
      char c = input.charAt(i);
      if (c >= 128) {
        return NON_ASCII;
      }
      int next = t[s + cls[c]];
      if ((char) (next - 1) >= UNKNOWN - 1) { // one test for the two rare cells: 0 and UNKNOWN
        return next == 0 ? 0 : runCold(s, input, i, n, false);
      }
      s = next;
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
    final char[] t = table;
    int i = from;
    while (i < to) {
      int at = i;
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
      int next = t[st + cls[c]];
      if (next == UNKNOWN) {
        return runCold(st, s, at, to, true);
      }
      if (next == 0) {
        return 0;
      }
      st = next;
    }
    return st;
  }

  /**
   * The rest of a scan from position {@code i}, under the lock, making the states it needs:
   * the NFA is rebuilt once for the whole rest.
   */
  private synchronized int runCold(int s, CharSequence input, int i, int to, boolean query) {
    Nfa nfa = null;
    while (i < to) {
      int c = input.charAt(i);
      if (query && c == '%') {
        c = (hexValue(input.charAt(i + 1)) << 4) | hexValue(input.charAt(i + 2));
        i += 3;
      } else {
        if (query && c == '+') {
          c = ' ';
        }
        i++;
      }
      if (c >= 128) {
        return NON_ASCII;
      }
      int cls = classOf[c];
      int next = table[s + cls];
      if (next == UNKNOWN) {
        if (full) {
          return OVERFLOW;
        }
        if (nfa == null) {
          nfa = rebuild();
        }
        next = makeTransition(nfa, s, cls);
        if (next < 0) {
          return OVERFLOW;
        }
      }
      if (next == 0) {
        return 0;
      }
      s = next;
    }
    return s;
  }

  /** Computes, stores and returns the transition of the state at {@code s} on {@code cls}. */
  private int makeTransition(Nfa nfa, int s, int cls) {
    nfa.work = work;
    int[] target = nfa.step(sets[s / stride], cls);
    boolean accepts = hasMatch(nfa, nfa.closure(target, false, true));
    work = nfa.work;
    if (work > MAX_BUILD_WORK) {
      full = true;
      return -1;
    }
    int next;
    if (!live(nfa, target) && !accepts) {
      next = 0;
    } else {
      next = find(target);
      if (next < 0) {
        if (states >= maxStates) {
          full = true;
          return -1;
        }
        next = make(target, accepts);
      }
    }
    table[s + cls] = (char) next;
    return next;
  }

  /** The offset of the existing non-start state with this NFA set, or -1. */
  private int find(int[] set) {
    if (ids != null) {
      Integer id = ids.get(new Key(set));
      return id == null ? -1 : id * stride;
    }
    for (int id = 1; id < states; id++) {
      if (sets[id] != startSet && Arrays.equals(sets[id], set)) {
        return id * stride;
      }
    }
    return -1;
  }

  /** Makes a state (the table grows first when full) and returns its offset. */
  private int make(int[] set, boolean accepts) {
    int id = states;
    char[] t = table;
    if ((id + 1) * stride > t.length) {
      int capacity = Math.min(maxStates, Math.max(4, 2 * (t.length / stride)));
      char[] grown = Arrays.copyOf(t, capacity * stride);
      Arrays.fill(grown, t.length, grown.length, UNKNOWN);
      sets = Arrays.copyOf(sets, capacity);
      grown[id * stride + classes] = accepts ? (char) 1 : (char) 0;
      table = grown; // published with the new row's acceptance
    } else {
      t[id * stride + classes] = accepts ? (char) 1 : (char) 0;
    }
    sets[id] = set;
    states = id + 1;
    if (ids == null && states > 16) {
      ids = new HashMap<>();
      for (int k = 1; k < states; k++) {
        if (sets[k] != startSet) {
          ids.put(new Key(sets[k]), k);
        }
      }
    } else if (ids != null && set != startSet) {
      ids.put(new Key(set), id);
    }
    return id * stride;
  }

  /** Number of states built, the dead state included. */
  synchronized int stateCount() {
    return states;
  }

  /** Whether the cache or the work budget ran out: new states are left to RE2J. */
  synchronized boolean isFull() {
    return full;
  }

  /** The value of an ASCII hex digit (validated by the caller). */
  private static int hexValue(int c) {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
  }

  private static boolean hasMatch(Nfa nfa, int[] set) {
    for (int n : set) {
      if (nfa.kind[n] == Nfa.MATCH) {
        return true;
      }
    }
    return false;
  }

  /** Whether some node of the set can still lead to a match on more input. */
  private static boolean live(Nfa nfa, int[] set) {
    for (int n : set) {
      if (nfa.kind[n] == Nfa.CHAR && nfa.canMatch[n]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Builds every state reachable from the start, then sends the transitions into states that
   * cannot reach acceptance to the dead state. Used once, before the automaton is shared.
   */
  private synchronized AsciiDfa buildAllAndPrune(Nfa nfa) {
    if (start == 0) {
      full = true;
      return this;
    }
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    boolean[] seen = new boolean[maxStates];
    queue.add(start);
    seen[start / stride] = true;
    while (!queue.isEmpty()) {
      int s = queue.poll();
      for (int cls = 0; cls < classes; cls++) {
        int next = table[s + cls];
        if (next == UNKNOWN) {
          next = makeTransition(nfa, s, cls);
          if (next < 0) {
            return null;
          }
        }
        if (!seen[next / stride]) {
          seen[next / stride] = true;
          queue.add(next);
        }
      }
    }
    // reverse reachability from the accepting states
    boolean[] live = new boolean[states];
    boolean changed = true;
    for (int id = 1; id < states; id++) {
      live[id] = table[id * stride + classes] == 1;
    }
    while (changed) {
      changed = false;
      for (int id = 1; id < states; id++) {
        if (!live[id]) {
          for (int cls = 0; cls < classes; cls++) {
            if (live[table[id * stride + cls] / stride]) {
              live[id] = true;
              changed = true;
              break;
            }
          }
        }
      }
    }
    if (!live[start / stride]) {
      return new AsciiDfa(this, 0);
    }
    for (int id = 1; id < states; id++) {
      for (int cls = 0; cls < classes; cls++) {
        int i = id * stride + cls;
        if (!live[table[i] / stride]) {
          table[i] = 0;
        }
      }
    }
    full = true; // complete: nothing left to build
    return this;
  }

  // --- on a complete automaton only (compile time or once, for the closest line) ---

  /**
   * The depth of every state seen from the state at {@code offset}: the length of the shortest
   * input that leads there from it ({@link Character#MAX_VALUE} when none does), by state number.
   * A state's depth says how far into the regex an input has come, whatever loops it went
   * through: after {@code .*}, a partial match of the literal that follows counts, not the
   * characters the loop absorbed.
   */
  synchronized char[] depthsFrom(int offset) {
    char[] depth = new char[states];
    Arrays.fill(depth, Character.MAX_VALUE);
    int[] queue = new int[states];
    int head = 0;
    int tail = 0;
    depth[offset / stride] = 0;
    queue[tail++] = offset / stride;
    while (head < tail) {
      int id = queue[head++];
      for (int cls = 0; cls < classes; cls++) {
        int to = table[id * stride + cls] / stride;
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
   * This complete automaton's table for {@link DepthTable#deepest}, with the last cell of every
   * row holding its state's {@link #depthsFrom depth} from {@code offset} instead of whether it
   * accepts: a scan then reads a state's depth from the row it reads the next transition from,
   * not from another array. A copy: the automaton itself need not be kept.
   */
  synchronized DepthTable depthTable(int offset) {
    char[] depth = depthsFrom(offset);
    char[] rows = Arrays.copyOf(table, states * stride);
    for (int k = 0; k < states; k++) {
      rows[k * stride + classes] = depth[k];
    }
    return new DepthTable(classOf, classes, rows);
  }

  /** How far inputs get into a complete automaton ({@link #depthTable}). Immutable. */
  static final class DepthTable {
    private final byte[] classOf;
    private final int classes; // the depth cell of a row
    private final char[] rows;

    private DepthTable(byte[] classOf, int classes, char[] rows) {
      this.classOf = classOf;
      this.classes = classes;
      this.rows = rows;
    }

    /**
     * Runs {@code input[from, end)} from the state at {@code offset} and returns the greatest
     * depth of a live state on the way (that of {@code offset} at least); the scan ends where the
     * automaton dies or at a non-ASCII character. Allocates nothing.
     *
     * <p>A scan that can no longer reach {@code atLeast} stops early and returns less than it (a
     * state's depth is at most one more than the one before it, so a state of depth {@code d}
     * with {@code r} characters left leads to no depth beyond {@code d + r}): the result is exact
     * when it is {@code atLeast} or more, and otherwise only known to be below it.
     */
    int deepest(int offset, CharSequence input, int from, int atLeast) {
      int s = offset;
      final byte[] cls = classOf;
      final char[] t = rows;
      final int depthCell = classes;
      int best = t[s + depthCell];
      for (int i = from, n = input.length(); i < n; i++) {
        char c = input.charAt(i);
        if (c >= 128) {
          break;
        }
        s = t[s + cls[c]];
        if (s == 0) {
          break;
        }
        int d = t[s + depthCell];
        if (d > best) {
          best = d;
        } else if (best < atLeast && d + (n - 1 - i) < atLeast) {
          break; // atLeast is out of reach
        }
      }
      return best;
    }
  }

  /** A copy of {@code other} with another start state (the dead one, for an empty language). */
  private AsciiDfa(AsciiDfa other, int start) {
    this.regex = other.regex;
    this.classOf = other.classOf;
    this.classes = other.classes;
    this.stride = other.stride;
    this.maxStates = other.maxStates;
    this.start = start;
    synchronized (this) {
      this.table = other.table;
      this.sets = other.sets;
      this.states = other.states;
      this.startSet = other.startSet;
      this.full = true;
    }
  }

  private record Key(int[] set) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(k.set, set);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(set);
    }
  }

  /**
   * A Thompson NFA in parallel arrays; nodes are added as the tree compiles back to front.
   * Built from the same tree, it always has the same nodes in the same order.
   */
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
    int entry;
    boolean[] canMatch; // by node: whether MATCH is reachable from it (over-approximated)
    long[] classLo; // by CHAR node: its classes 0..63, once classSets ran
    long[] classHi; // its classes 64..127
    long work; // nodes visited by closures so far
    int[] mark; // closure: generation at which a node was last visited
    int[] stack; // closure: nodes to visit (pushes per closure are bounded by edges + start nodes)
    int generation;

    /** The NFA of {@code node}, or {@code null} when it has more than MAX_NFA_NODES nodes. */
    static Nfa of(RegexNode node) {
      Nfa nfa = new Nfa();
      int match = nfa.add(MATCH, 0, 0, -1, -1);
      try {
        nfa.entry = nfa.compile(node, match);
      } catch (IllegalStateException tooBig) {
        return null;
      }
      nfa.computeCanMatch();
      return nfa;
    }

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
     * Which nodes can reach MATCH, treating the assertions as passable: an over-approximation,
     * so that a state none of whose nodes can is certainly dead.
     */
    private void computeCanMatch() {
      canMatch = new boolean[size];
      // reverse edges, then a search backwards from MATCH (node 0)
      int[] count = new int[size + 1];
      for (int n = 0; n < size; n++) {
        if (out[n] >= 0) {
          count[out[n] + 1]++;
        }
        if (kind[n] == SPLIT && out1[n] >= 0) {
          count[out1[n] + 1]++;
        }
      }
      for (int n = 0; n < size; n++) {
        count[n + 1] += count[n];
      }
      int[] from = new int[count[size]];
      int[] fill = Arrays.copyOf(count, size);
      for (int n = 0; n < size; n++) {
        if (out[n] >= 0) {
          from[fill[out[n]]++] = n;
        }
        if (kind[n] == SPLIT && out1[n] >= 0) {
          from[fill[out1[n]]++] = n;
        }
      }
      int[] queue = new int[size];
      int head = 0;
      int tail = 0;
      canMatch[0] = true;
      queue[tail++] = 0;
      while (head < tail) {
        int n = queue[head++];
        for (int k = count[n]; k < count[n + 1]; k++) {
          int p = from[k];
          if (!canMatch[p]) {
            canMatch[p] = true;
            queue[tail++] = p;
          }
        }
      }
    }

    /**
     * The character classes: characters with the same membership in every set of the NFA,
     * found by splitting the classes, kept as 128-bit masks, by each distinct set in turn (a few
     * word operations per class and set). Fills {@code classOf} in order of each class's least
     * character; returns the count.
     */
    int classes(byte[] classOf) {
      long[] lo = new long[8];
      long[] hi = new long[8];
      lo[0] = ~0L;
      hi[0] = ~0L;
      int count = 1;
      byte[] classOfChar = new byte[128]; // the class each character is in so far
      for (int n = 0; n < size; n++) {
        if (kind[n] != CHAR) {
          continue;
        }
        long sl = this.lo[n];
        long sh = this.hi[n];
        if (Long.bitCount(sl) + Long.bitCount(sh) == 1) {
          // one character, the common case of a URL's literal parts: only its class can split
          int c = sl != 0 ? Long.numberOfTrailingZeros(sl) : 64 + Long.numberOfTrailingZeros(sh);
          int k = classOfChar[c];
          if (Long.bitCount(lo[k]) + Long.bitCount(hi[k]) > 1) {
            if (count == lo.length) {
              lo = Arrays.copyOf(lo, 2 * count);
              hi = Arrays.copyOf(hi, 2 * count);
            }
            lo[k] &= ~sl;
            hi[k] &= ~sh;
            lo[count] = sl;
            hi[count] = sh;
            classOfChar[c] = (byte) count;
            count++;
          }
          continue;
        }
        for (int k = 0, before = count; k < before; k++) {
          long inLo = lo[k] & sl;
          long inHi = hi[k] & sh;
          long outLo = lo[k] & ~sl;
          long outHi = hi[k] & ~sh;
          if ((inLo | inHi) != 0 && (outLo | outHi) != 0) {
            if (count == lo.length) {
              lo = Arrays.copyOf(lo, 2 * count);
              hi = Arrays.copyOf(hi, 2 * count);
            }
            lo[k] = inLo;
            hi[k] = inHi;
            lo[count] = outLo;
            hi[count] = outHi;
            for (long m = outLo; m != 0; m &= m - 1) {
              classOfChar[Long.numberOfTrailingZeros(m)] = (byte) count;
            }
            for (long m = outHi; m != 0; m &= m - 1) {
              classOfChar[64 + Long.numberOfTrailingZeros(m)] = (byte) count;
            }
            count++;
          }
        }
      }
      // number the classes in order of their least character, so that the numbering is canonical
      int[] raw = new int[128];
      for (int k = 0; k < count; k++) {
        for (long m = lo[k]; m != 0; m &= m - 1) {
          raw[Long.numberOfTrailingZeros(m)] = k;
        }
        for (long m = hi[k]; m != 0; m &= m - 1) {
          raw[64 + Long.numberOfTrailingZeros(m)] = k;
        }
      }
      int[] number = new int[count];
      Arrays.fill(number, -1);
      int next = 0;
      for (int c = 0; c < 128; c++) {
        if (number[raw[c]] < 0) {
          number[raw[c]] = next++;
        }
        classOf[c] = (byte) number[raw[c]];
      }
      return count;
    }

    /** Per CHAR node, the classes it accepts: the automaton steps by class, not by character. */
    void classSets(byte[] classOf, int classes) {
      char[] representative = new char[classes]; // the least character of each class
      for (int c = 127; c >= 0; c--) {
        representative[classOf[c]] = (char) c;
      }
      classLo = new long[size];
      classHi = new long[size];
      for (int n = 0; n < size; n++) {
        if (kind[n] != CHAR) {
          continue;
        }
        for (int cls = 0; cls < classes; cls++) {
          int c = representative[cls];
          boolean in = c < 64 ? (lo[n] & (1L << c)) != 0 : (hi[n] & (1L << (c - 64))) != 0;
          if (in) {
            if (cls < 64) {
              classLo[n] |= 1L << cls;
            } else {
              classHi[n] |= 1L << (cls - 64);
            }
          }
        }
      }
    }

    /** The closed set after one character of class {@code cls} from the closed set {@code set}. */
    int[] step(int[] set, int cls) {
      int[] moved = new int[set.length];
      int m = 0;
      for (int n : set) {
        if (kind[n] == CHAR && hasClass(n, cls)) {
          moved[m++] = out[n];
        }
      }
      return closure(Arrays.copyOf(moved, m), false, false);
    }

    /** {@link #step} on one ASCII character, without the class sets. */
    int[] stepOnChar(int[] set, char c) {
      int[] moved = new int[set.length];
      int m = 0;
      for (int n : set) {
        if (kind[n] == CHAR && (c < 64 ? (lo[n] & (1L << c)) != 0 : (hi[n] & (1L << (c - 64))) != 0)) {
          moved[m++] = out[n];
        }
      }
      return closure(Arrays.copyOf(moved, m), false, false);
    }

    boolean hasClass(int n, int cls) {
      return cls < 64 ? (classLo[n] & (1L << cls)) != 0 : (classHi[n] & (1L << (cls - 64))) != 0;
    }

    /**
     * The CHAR, MATCH and pending END nodes reachable from {@code from} by epsilon moves, sorted.
     * A BEGIN node is passed only when {@code atBegin} (else the path dies: ^ can never hold
     * later); an END node is passed when {@code atEnd}, else kept so that acceptance at the end
     * of the input can pass it then.
     */
    int[] closure(int[] from, boolean atBegin, boolean atEnd) {
      if (mark == null) {
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
        work++;
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
