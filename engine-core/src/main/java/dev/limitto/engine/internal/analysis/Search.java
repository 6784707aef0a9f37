package dev.limitto.engine.internal.analysis;

import dev.limitto.engine.internal.match.DfaTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Breadth-first walks over the product of several {@link DfaTable}s: the shortest string that
 * every one of some automata accepts and another one refuses. Characters are tried in an order
 * that makes examples readable (lower-case letters, digits, upper case, then punctuation, the
 * non-ASCII stand-in {@code \u0001}, and control characters last).
 */
final class Search {

  /** The order in which characters are tried, so that the first example found reads well. */
  static final String ORDER;

  static {
    StringBuilder sb = new StringBuilder(
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.~");
    for (char c = ' '; c < 0x7f; c++) {
      if (sb.indexOf(String.valueOf(c)) < 0) {
        sb.append(c);
      }
    }
    sb.append('\u0001');
    for (char c = 0; c < 128; c++) {
      if (sb.indexOf(String.valueOf(c)) < 0) {
        sb.append(c);
      }
    }
    ORDER = sb.toString();
  }

  private Search() {}

  /** Thrown when a walk would exceed its {@link Budget}. */
  static final class OutOfBudget extends Exception {
    OutOfBudget() {
      super(null, null, false, false);
    }
  }

  /** The product states all walks of one analysis may still visit, times their width. */
  static final class Budget {
    private long remaining;
    private boolean exhausted;

    Budget(long steps) {
      this.remaining = steps;
    }

    void take(long steps) throws OutOfBudget {
      remaining -= steps;
      if (remaining < 0) {
        exhausted = true;
        throw new OutOfBudget();
      }
    }

    boolean exhausted() {
      return exhausted;
    }
  }

  /**
   * The characters that no automaton of {@code tables} tells apart, one class each: for every
   * class its representative (the first of {@link #ORDER} in it), in {@link #ORDER}.
   */
  static char[] representatives(List<DfaTable> tables) {
    Map<String, Character> seen = new HashMap<>();
    List<Character> reps = new ArrayList<>();
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < ORDER.length(); i++) {
      char c = ORDER.charAt(i);
      key.setLength(0);
      for (DfaTable t : tables) {
        key.append((char) t.classOf()[c]);
      }
      if (seen.putIfAbsent(key.toString(), c) == null) {
        reps.add(c);
      }
    }
    char[] out = new char[reps.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = reps.get(i);
    }
    return out;
  }

  /**
   * The shortest string that every automaton of {@code all} accepts and {@code not} (when not
   * null) refuses, or null when there is none.
   */
  static String find(List<DfaTable> all, DfaTable not, Budget budget) throws OutOfBudget {
    List<DfaTable> tables = new ArrayList<>(all);
    if (not != null) {
      tables.add(not);
    }
    int n = tables.size();
    int[] start = new int[n];
    for (int i = 0; i < n; i++) {
      start[i] = tables.get(i).start();
      if (start[i] < 0 && i < all.size()) {
        return null;
      }
    }
    char[] reps = representatives(tables);
    Map<Key, Integer> index = new HashMap<>();
    List<int[]> states = new ArrayList<>();
    List<int[]> parent = new ArrayList<>(); // {previous state, character}
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    index.put(new Key(start), 0);
    states.add(start);
    parent.add(null);
    queue.add(0);
    while (!queue.isEmpty()) {
      int id = queue.poll();
      int[] s = states.get(id);
      if (accepts(tables, all.size(), s)) {
        return path(parent, id);
      }
      budget.take((long) reps.length * n);
      for (char c : reps) {
        int[] t = new int[n];
        boolean dead = false;
        for (int i = 0; i < n; i++) {
          t[i] = s[i] < 0 ? -1 : tables.get(i).step(s[i], c);
          if (t[i] < 0 && i < all.size()) {
            dead = true;
            break;
          }
        }
        if (dead) {
          continue;
        }
        Key k = new Key(t);
        if (!index.containsKey(k)) {
          index.put(k, states.size());
          states.add(t);
          parent.add(new int[] {id, c});
          queue.add(states.size() - 1);
        }
      }
    }
    return null;
  }

  private static boolean accepts(List<DfaTable> tables, int required, int[] s) {
    for (int i = 0; i < required; i++) {
      if (!tables.get(i).accepting()[s[i]]) {
        return false;
      }
    }
    for (int i = required; i < s.length; i++) {
      if (s[i] >= 0 && tables.get(i).accepting()[s[i]]) {
        return false;
      }
    }
    return true;
  }

  static String path(List<int[]> parent, int id) {
    StringBuilder sb = new StringBuilder();
    for (int[] p = parent.get(id); p != null; p = parent.get(p[0])) {
      sb.append((char) p[1]);
    }
    return sb.reverse().toString();
  }

  /** A product state as a hash key. */
  record Key(int[] s) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(k.s, s);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(s);
    }
  }
}
