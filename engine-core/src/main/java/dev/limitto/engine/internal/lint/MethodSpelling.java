package dev.limitto.engine.internal.lint;

import java.util.Arrays;
import java.util.Locale;

/** Finds the method a misspelt word most likely meant. */
final class MethodSpelling {

  /** Largest edit distance still taken for a misspelling. */
  static final int MAX_DISTANCE = 2;

  private MethodSpelling() {}

  /**
   * The method {@code word} most likely misspells (any case): the one at the least edit distance
   * (insertions, deletions, substitutions, transpositions of neighbours) when that distance is at
   * most {@link #MAX_DISTANCE} and less than the word's length, or one with the same letters in
   * another order. Null when none is close; the first in {@code methods} order wins a tie.
   */
  static String closest(String word, String[] methods) {
    String w = word.toUpperCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String m : methods) {
      int d = sameLetters(w, m) ? 1 : distance(w, m);
      if (d < bestDistance) {
        bestDistance = d;
        best = m;
      }
    }
    boolean close = bestDistance <= MAX_DISTANCE && bestDistance < w.length();
    return close ? best : null;
  }

  private static boolean sameLetters(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    char[] x = a.toCharArray();
    char[] y = b.toCharArray();
    Arrays.sort(x);
    Arrays.sort(y);
    return Arrays.equals(x, y);
  }

  /** Optimal string alignment distance (Damerau-Levenshtein without repeated edits). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[a.length()][b.length()];
  }
}
