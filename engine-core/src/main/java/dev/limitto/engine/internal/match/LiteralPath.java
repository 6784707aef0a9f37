package dev.limitto.engine.internal.match;

import dev.limitto.engine.internal.util.CharSequences;
import java.util.ArrayList;
import java.util.List;

/**
 * The full match of a URL regex {@code .*X} or {@code .*X.*} ({@code X} a literal) against a
 * constant origin followed by a request's path, by string operations on the path alone: the
 * origin's part is decided at compile time. In a large rule set most lines' automata are cold
 * for any one request, and a compare of one literal reads far fewer cache lines than the
 * automaton rows of every character of the path. Immutable and thread-safe; allocates nothing.
 *
 * <p>Exact for every path: {@code .*} matches any run without {@code \n}, the literal holds
 * neither {@code \n} nor anything outside ASCII ({@link RegexAnalysis#literalShape}), so the URL
 * matches exactly when it holds no {@code \n} and ends with (or contains) {@code X}, which may
 * begin in the origin.
 */
final class LiteralPath {

  private final String literal;
  private final boolean floating; // .*X.* (else .*X)
  private final boolean originOk; // the origin holds no \n
  private final boolean inOrigin; // floating and X occurs in the origin itself
  // floating: the rests of X that must begin the path when the origin ends with X's beginning
  private final String[] rests;
  private final String origin;

  private LiteralPath(String literal, boolean floating, String origin) {
    this.literal = literal;
    this.floating = floating;
    this.origin = origin;
    this.originOk = origin.indexOf('\n') < 0;
    this.inOrigin = floating && origin.contains(literal);
    List<String> spans = new ArrayList<>();
    if (floating) {
      for (int k = 1; k < Math.min(literal.length(), origin.length() + 1); k++) {
        if (origin.regionMatches(origin.length() - k, literal, 0, k)) {
          spans.add(literal.substring(k));
        }
      }
    }
    this.rests = spans.toArray(new String[0]);
  }

  /** The matcher for {@code node} after {@code origin}; {@code null} when it has neither shape. */
  static LiteralPath of(RegexNode node, String origin) {
    RegexAnalysis.Shape shape = RegexAnalysis.literalShape(node);
    if (shape == null || !shape.wildcard() || !shape.parts().get(0).isEmpty()) {
      return null;
    }
    List<String> parts = shape.parts();
    if (parts.size() == 2) {
      return new LiteralPath(parts.get(1), false, origin);
    }
    if (parts.size() == 3 && parts.get(2).isEmpty()) {
      return new LiteralPath(parts.get(1), true, origin);
    }
    return null;
  }

  /** Whether {@code origin + path} matches. */
  boolean matchesPath(CharSequence path) {
    if (!originOk || hasNewline(path)) {
      return false;
    }
    return floating ? contains(path) : endsWith(path);
  }

  private boolean endsWith(CharSequence path) {
    String x = literal;
    int p = path.length();
    int n = x.length();
    if (n <= p) {
      return CharSequences.regionMatches(path, p - n, x, 0, n);
    }
    // the literal is longer than the path: the path is its end, the origin ends with the rest
    int rest = n - p;
    return rest <= origin.length()
        && origin.regionMatches(origin.length() - rest, x, 0, rest)
        && CharSequences.regionMatches(path, 0, x, rest, p);
  }

  private boolean contains(CharSequence path) {
    if (inOrigin) {
      return true;
    }
    if (CharSequences.indexOf(path, literal) >= 0) {
      return true;
    }
    for (String rest : rests) {
      if (CharSequences.startsWith(path, rest)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasNewline(CharSequence path) {
    if (path instanceof String s) {
      return s.indexOf('\n') >= 0;
    }
    for (int i = 0, n = path.length(); i < n; i++) {
      if (path.charAt(i) == '\n') {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return floating ? ".*" + literal + ".*" : ".*" + literal;
  }
}
