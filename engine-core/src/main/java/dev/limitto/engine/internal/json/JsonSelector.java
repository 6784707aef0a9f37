package dev.limitto.engine.internal.json;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled {@code JsonData} node selector (LIMIT-TO.md §5). Immutable and thread-safe.
 *
 * <p>Three forms, told apart by their text:
 *
 * <ul>
 *   <li>{@code name} (no {@code .}, no {@code /}): every field called {@code name}, at any depth,
 *       inside arrays too.
 *   <li>{@code a.b.c}: the path from the root value. An array met before the last name, the root
 *       included, fans out to every element (nested arrays too). The last node is not fanned out:
 *       when it is an array, the value rule "every element must match" applies to it.
 *   <li>{@code /a/b/0/c}: an RFC 6901 JSON Pointer ({@code ~0} is {@code ~}, {@code ~1} is
 *       {@code /}). A token addresses an array element only when it is a canonical non-negative
 *       integer ({@code 0}, {@code 7}, not {@code 07} or {@code -}). Arrays never fan out.
 * </ul>
 *
 * <p>Field names are compared with the names of the body after JSON unescaping, exactly and
 * case-sensitively. With duplicate keys every occurrence is selected, for pointers too.
 */
public final class JsonSelector {

  /** The selector text is empty. */
  public static final String ERR_EMPTY = "JsonData selector is empty";
  /** A dotted path has an empty name. */
  public static final String ERR_EMPTY_SEGMENT =
      "JsonData selector has an empty name (a dot at the start or end, or two dots in a row)";
  /** A {@code /} in a selector that is not a JSON Pointer. */
  public static final String ERR_SLASH_IN_PATH =
      "JsonData selector has '/' but does not start with it"
          + " (a JSON Pointer starts with '/'; a name or dotted path has no '/')";
  /** A {@code ~} in a JSON Pointer that is not {@code ~0} or {@code ~1}. */
  public static final String ERR_POINTER_ESCAPE =
      "JsonData pointer has '~' not followed by 0 or 1 (write ~0 for '~' and ~1 for '/')";
  /**
   * White space at either end of the selector or next to a dot: almost always a typo (around
   * {@code ::}, {@code ==} or a dot) that would silently select nothing.
   */
  public static final String ERR_SURROUNDING_SPACE =
      "JsonData selector has white space at the start or end of a name";
  /** A control character anywhere in the selector. */
  public static final String ERR_CONTROL_CHARACTER =
      "JsonData selector contains a control character";

  /** How the names of a selector are applied to the body. */
  enum Kind {
    /** One name, matched at any depth. */
    ANY_DEPTH,
    /** Names from the root; arrays on the way fan out. */
    PATH,
    /** RFC 6901 tokens from the root; array elements by index. */
    POINTER
  }

  /** The progress value of a path that can no longer select anything below this node. */
  static final int DEAD = -1;

  private final String text;
  private final Kind kind;
  // names to match, one per level; pointer tokens already unescaped
  private final String[] names;
  // the same names as char arrays, compared with the scanner's name buffer without a String
  private final char[][] nameChars;
  // pointer only: the array index a token addresses, or -1 when it is not a canonical index
  private final int[] indexes;

  private JsonSelector(String text, Kind kind, String[] names, int[] indexes) {
    this.text = text;
    this.kind = kind;
    this.names = names;
    this.indexes = indexes;
    this.nameChars = new char[names.length][];
    for (int i = 0; i < names.length; i++) {
      nameChars[i] = names[i].toCharArray();
    }
  }

  /**
   * Compiles a selector.
   *
   * @param name the selector text as written in the rule
   * @return the compiled selector
   * @throws JsonSelectorException (an {@link IllegalArgumentException}) whose message is one of
   *     the {@code ERR_*} constants, with the offending character's index in the text
   */
  public static JsonSelector parse(String name) {
    if (name == null || name.isEmpty()) {
      throw new JsonSelectorException(ERR_EMPTY, 0);
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new JsonSelectorException(ERR_CONTROL_CHARACTER, i);
      }
    }
    if (isSpace(name.charAt(0))) {
      throw new JsonSelectorException(ERR_SURROUNDING_SPACE, 0);
    }
    if (isSpace(name.charAt(name.length() - 1))) {
      throw new JsonSelectorException(ERR_SURROUNDING_SPACE, name.length() - 1);
    }
    return name.charAt(0) == '/' ? parsePointer(name) : parsePath(name);
  }

  private static JsonSelector parsePath(String text) {
    int slash = text.indexOf('/');
    if (slash >= 0) {
      throw new JsonSelectorException(ERR_SLASH_IN_PATH, slash);
    }
    List<String> names = new ArrayList<>();
    int start = 0;
    while (true) {
      int dot = text.indexOf('.', start);
      int end = dot < 0 ? text.length() : dot;
      if (end == start) {
        throw new JsonSelectorException(ERR_EMPTY_SEGMENT, Math.min(start, text.length() - 1));
      }
      if (isSpace(text.charAt(start)) || isSpace(text.charAt(end - 1))) {
        throw new JsonSelectorException(
            ERR_SURROUNDING_SPACE, isSpace(text.charAt(start)) ? start : end - 1);
      }
      names.add(text.substring(start, end));
      if (dot < 0) {
        break;
      }
      start = dot + 1;
    }
    Kind kind = names.size() == 1 ? Kind.ANY_DEPTH : Kind.PATH;
    return new JsonSelector(text, kind, names.toArray(new String[0]), null);
  }

  private static JsonSelector parsePointer(String text) {
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    // text starts with '/': every '/' begins a token, which may be empty (RFC 6901 allows "")
    for (int i = 1; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '/';
      if (c == '/') {
        tokens.add(token.toString());
        token.setLength(0);
      } else if (c == '~') {
        char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
        if (next == '0') {
          token.append('~');
        } else if (next == '1') {
          token.append('/');
        } else {
          throw new JsonSelectorException(ERR_POINTER_ESCAPE, i);
        }
        i++;
      } else {
        token.append(c);
      }
    }
    String[] names = tokens.toArray(new String[0]);
    int[] indexes = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      indexes[i] = canonicalIndex(names[i]);
    }
    return new JsonSelector(text, Kind.POINTER, names, indexes);
  }

  /** {@code 0} or a digit string without leading zero that fits an int; else -1. */
  private static int canonicalIndex(String token) {
    int n = token.length();
    if (n == 0 || n > 10 || (n > 1 && token.charAt(0) == '0')) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < n; i++) {
      char c = token.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= Integer.MAX_VALUE ? (int) value : -1;
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** How the names are applied. */
  Kind kind() {
    return kind;
  }

  /** The number of levels a node is selected at: the progress value that means "selected". */
  int length() {
    return names.length;
  }

  /**
   * The progress of this selector at a child node, from the progress at its parent container.
   * Progress {@code k} means the first {@code k} names have matched the way down; {@link
   * #length()} means the child is selected; {@link #DEAD} means nothing below can be selected.
   * The root value has progress 0.
   *
   * @param parent the parent container's progress, never {@link #length()}
   * @param field the child's field name when the parent is an object, {@code null} in an array
   * @param index the child's index when the parent is an array
   */
  int step(int parent, FieldName field, int index) {
    switch (kind) {
      case ANY_DEPTH:
        // never dies: the name may appear at any depth below
        return field != null && field.is(nameChars[0]) ? 1 : 0;
      case PATH:
        if (parent == DEAD) {
          return DEAD;
        }
        if (field == null) {
          return parent; // an array on the way fans out
        }
        return field.is(nameChars[parent]) ? parent + 1 : DEAD;
      default:
        if (parent == DEAD) {
          return DEAD;
        }
        if (field == null) {
          return indexes[parent] == index ? parent + 1 : DEAD;
        }
        return field.is(nameChars[parent]) ? parent + 1 : DEAD;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonSelector s && s.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The selector text as written. */
  @Override
  public String toString() {
    return text;
  }
}
