package dev.limitto.engine.internal.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a value regex ends in an unbounded repeat of a character set ({@code .*}, {@code .+},
 * {@code \S*}, {@code [^&]*}, {@code .{2,}}...), found on the regex text so that lint can point at
 * it and suggest the regex without it. The repeat counts as the end when only {@code $} or
 * {@code \z} follow it, and it is looked for in every top-level alternative and inside a group
 * that ends the regex ({@code (summary|status.*)}).
 *
 * <p>This only locates; it proves nothing. The caller builds a witness from {@link #prefix} and
 * checks it against the compiled regex before it says anything.
 *
 * @param start offset of the repeat's character set in the regex
 * @param end offset just after its quantifier
 * @param atom the character set as written ({@code .}, {@code [^&]}, {@code \S})
 * @param prefix the regex text that comes before the repeat on its way through the regex (other
 *     alternatives and the brackets of enclosing groups left out): a string it matches, followed
 *     by what the repeat matches, is matched by the whole regex
 */
record TrailingWildcard(int start, int end, String atom, String prefix) {

  /** One item of a concatenation: an atom and its quantifier. */
  private record Item(int start, int atomEnd, int end, Kind kind, int contentFrom, int contentTo,
      boolean unbounded) {}

  private enum Kind { SET, LITERAL, GROUP, OPAQUE, END_ASSERT }

  /** The trailing unbounded repeat of {@code regex}, or null when it has none (or is odd). */
  static TrailingWildcard find(String regex) {
    try {
      return find(regex, 0, regex.length());
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      return null; // the compiler accepted the regex, so this is a case the scan does not know
    }
  }

  private static TrailingWildcard find(String re, int from, int to) {
    int altStart = from;
    for (List<Item> alt : alternatives(re, from, to)) {
      TrailingWildcard found = inAlternative(re, alt, altStart);
      if (found != null) {
        return found;
      }
      altStart = alt.isEmpty() ? altStart + 1 : alt.get(alt.size() - 1).end() + 1;
    }
    return null;
  }

  private static TrailingWildcard inAlternative(String re, List<Item> items, int altStart) {
    int last = items.size() - 1;
    while (last >= 0 && items.get(last).kind() == Kind.END_ASSERT) {
      last--;
    }
    if (last < 0) {
      return null;
    }
    Item item = items.get(last);
    String before = re.substring(altStart, item.start());
    if (item.kind() == Kind.SET && item.unbounded()) {
      return new TrailingWildcard(item.start(), item.end(),
          re.substring(item.start(), item.atomEnd()), before);
    }
    if (item.kind() == Kind.GROUP && item.atomEnd() == item.end()) {
      TrailingWildcard inner = find(re, item.contentFrom(), item.contentTo());
      if (inner != null) {
        return new TrailingWildcard(inner.start(), inner.end(), inner.atom(),
            before + inner.prefix());
      }
    }
    return null;
  }

  /** The items of each top-level alternative of {@code re[from, to)}. */
  private static List<List<Item>> alternatives(String re, int from, int to) {
    List<List<Item>> alts = new ArrayList<>();
    List<Item> items = new ArrayList<>();
    int i = from;
    while (i < to) {
      char c = re.charAt(i);
      if (c == '|') {
        alts.add(items);
        items = new ArrayList<>();
        i++;
        continue;
      }
      int atomEnd;
      Kind kind;
      int contentFrom = -1;
      int contentTo = -1;
      switch (c) {
        case '(' -> {
          int close = groupEnd(re, i, to);
          atomEnd = close + 1;
          int content = i + 1;
          kind = Kind.GROUP;
          if (re.startsWith("?:", content)) {
            content += 2;
          } else if (re.startsWith("?P<", content) || re.startsWith("?<", content)) {
            content = re.indexOf('>', content) + 1;
          } else if (re.startsWith("?", content)) {
            kind = Kind.OPAQUE; // flags
          }
          contentFrom = content;
          contentTo = close;
        }
        case '[' -> {
          int close = Linter.classEnd(re, i);
          if (close < 0 || close >= to) {
            throw new IllegalArgumentException();
          }
          atomEnd = close + 1;
          kind = Kind.SET;
        }
        case '.' -> {
          atomEnd = i + 1;
          kind = Kind.SET;
        }
        case '$' -> {
          atomEnd = i + 1;
          kind = Kind.END_ASSERT;
        }
        case '\\' -> {
          char e = re.charAt(i + 1);
          if (e == 'Q') {
            int end = re.indexOf("\\E", i + 2);
            atomEnd = end < 0 || end >= to ? to : end + 2;
            kind = Kind.OPAQUE;
          } else if (e == 'p' || e == 'P') {
            atomEnd = re.charAt(i + 2) == '{' ? re.indexOf('}', i + 2) + 1 : i + 3;
            kind = Kind.SET;
          } else if (e == 'x') {
            atomEnd = re.charAt(i + 2) == '{' ? re.indexOf('}', i + 2) + 1 : i + 4;
            kind = Kind.LITERAL;
          } else {
            atomEnd = i + 2;
            kind = "dDwWsS".indexOf(e) >= 0 ? Kind.SET
                : e == 'z' ? Kind.END_ASSERT : Kind.LITERAL;
          }
        }
        default -> {
          atomEnd = i + 1;
          kind = Kind.LITERAL;
        }
      }
      if (atomEnd <= i || atomEnd > to) {
        throw new IllegalArgumentException();
      }
      int end = atomEnd;
      boolean unbounded = false;
      if (end < to) {
        char q = re.charAt(end);
        if (q == '*' || q == '+') {
          unbounded = true;
          end++;
        } else if (q == '?') {
          end++;
        } else if (q == '{') {
          int close = repeatEnd(re, end, to);
          if (close > 0) {
            unbounded = re.charAt(close - 1) == ',';
            end = close + 1;
          }
        }
        if (end > atomEnd && end < to && re.charAt(end) == '?') {
          end++; // lazy
        }
      }
      items.add(new Item(i, atomEnd, end, kind, contentFrom, contentTo, unbounded));
      i = end;
    }
    alts.add(items);
    return alts;
  }

  /** The index of the {@code )} closing the group that opens at {@code open}. */
  private static int groupEnd(String re, int open, int to) {
    int depth = 0;
    int i = open;
    while (i < to) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (re.charAt(i + 1) == 'Q') {
          int end = re.indexOf("\\E", i + 2);
          i = end < 0 ? to : end + 2;
        } else {
          i += 2;
        }
        continue;
      }
      if (c == '[') {
        int close = Linter.classEnd(re, i);
        if (close < 0) {
          break;
        }
        i = close + 1;
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
      i++;
    }
    throw new IllegalArgumentException();
  }

  /** The index of the {@code }} of a repeat {@code {n}}, {@code {n,}}, {@code {n,m}} at i, or -1. */
  private static int repeatEnd(String re, int i, int to) {
    int close = re.indexOf('}', i);
    if (close < 0 || close >= to) {
      return -1;
    }
    return re.substring(i + 1, close).matches("[0-9]+(,[0-9]*)?") ? close : -1;
  }
}
