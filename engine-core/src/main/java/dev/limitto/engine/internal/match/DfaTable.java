package dev.limitto.engine.internal.match;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The complete, pruned automaton of one regex as a plain table, for the rule analysis ({@code
 * internal.analysis}) to build products of many automata. Same reduction and same subset as
 * {@link RegexLanguages}: a regex with a raw control character, flags or anything outside the
 * subset has no table, and the character {@code \u0001} stands for every non-ASCII code point.
 *
 * @param classOf ASCII character to its class
 * @param classes how many classes
 * @param next {@code next[state * classes + cls]}: the next state, or -1 (dead)
 * @param accepting whether each state accepts at the end of the input
 * @param start the start state, or -1 when the language is empty
 */
public record DfaTable(byte[] classOf, int classes, int[] next, boolean[] accepting, int start) {

  /** The table of a regex (full match), or {@code null} when it is outside the subset. */
  public static DfaTable of(String regex) {
    for (int i = 0; i < regex.length(); i++) {
      if (regex.charAt(i) < 0x20 || regex.charAt(i) == 0x7f) {
        return null;
      }
    }
    RegexNode node = SubsetParser.parse(regex);
    if (node == null) {
      return null;
    }
    AsciiDfa dfa = AsciiDfa.complete(node);
    if (dfa == null) {
      return null;
    }
    if (AsciiDfa.isDead(dfa.start())) {
      return new DfaTable(new byte[128], 1, new int[] {-1}, new boolean[] {false}, -1);
    }
    Map<Integer, Integer> index = new HashMap<>();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    index.put(dfa.start(), 0);
    queue.add(dfa.start());
    int[] wide = new int[128 * 16];
    boolean[] accepting = new boolean[16];
    while (!queue.isEmpty()) {
      int offset = queue.poll();
      int s = index.get(offset);
      if ((s + 1) * 128 > wide.length) {
        wide = Arrays.copyOf(wide, wide.length * 2);
        accepting = Arrays.copyOf(accepting, accepting.length * 2);
      }
      accepting[s] = dfa.accepts(offset);
      for (char c = 0; c < 128; c++) {
        int t = dfa.run(offset, ASCII[c]);
        if (t <= 0) {
          wide[s * 128 + c] = -1; // dead (complete automata never overflow)
          continue;
        }
        Integer known = index.get(t);
        if (known == null) {
          known = index.size();
          index.put(t, known);
          queue.add(t);
        }
        wide[s * 128 + c] = known;
      }
    }
    int n = index.size();
    // characters that lead every state to the same place share a class
    byte[] classOf = new byte[128];
    Map<String, Integer> columns = new HashMap<>();
    int[] column = new int[n];
    for (char c = 0; c < 128; c++) {
      for (int s = 0; s < n; s++) {
        column[s] = wide[s * 128 + c];
      }
      classOf[c] = (byte) (int) columns.computeIfAbsent(Arrays.toString(column), k -> columns.size());
    }
    int classes = columns.size();
    int[] next = new int[n * classes];
    for (char c = 0; c < 128; c++) {
      for (int s = 0; s < n; s++) {
        next[s * classes + classOf[c]] = wide[s * 128 + c];
      }
    }
    return new DfaTable(classOf, classes, next, Arrays.copyOf(accepting, n), 0);
  }

  private static final String[] ASCII = new String[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII[c] = String.valueOf(c);
    }
  }

  /** The number of states. */
  public int states() {
    return accepting.length;
  }

  /** The state after character {@code c} (ASCII) from {@code state}, or -1. */
  public int step(int state, char c) {
    return next[state * classes + classOf[c]];
  }
}
