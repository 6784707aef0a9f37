package dev.limitto.jira.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Warnings for the rules of a read-only token: lines that name methods other than GET and HEAD,
 * or admit every method, although the token allows only GET and HEAD of them.
 */
public final class ReadOnlyLint {

  /** The methods a read-only token may use. */
  public static final Set<String> METHODS = Set.of("GET", "HEAD");

  static final String WARN_METHODS =
      "line %d names %s, which a read-only token never allows (only GET and HEAD)";
  static final String WARN_ANY =
      "line %d admits every method; a read-only token allows only its GET and HEAD requests";

  private static final Set<String> ALL =
      Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT");

  private ReadOnlyLint() {}

  /** One warning per effective line that names or admits a method other than GET and HEAD. */
  public static List<String> warnings(String rules) {
    List<String> out = new ArrayList<>();
    String[] lines = rules.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> methods = methodSet(line);
      if (methods == null) {
        out.add(String.format(WARN_ANY, i + 1));
        continue;
      }
      List<String> other = new ArrayList<>();
      for (String m : methods) {
        if (!METHODS.contains(m) && !other.contains(m)) {
          other.add(m);
        }
      }
      if (!other.isEmpty()) {
        out.add(String.format(WARN_METHODS, i + 1, String.join(", ", other)));
      }
    }
    return out;
  }

  /** The methods of a leading method set, upper case; null when the line has none. */
  private static List<String> methodSet(String line) {
    if (!line.startsWith("[")) {
      return null;
    }
    int close = line.indexOf(']');
    if (close < 0) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String item : line.substring(1, close).split("[,|]", -1)) {
      String m = item.strip().toUpperCase(Locale.ROOT);
      if (!ALL.contains(m)) {
        return null; // a character class, not a method set
      }
      out.add(m);
    }
    return out;
  }
}
