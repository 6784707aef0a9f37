package dev.limitto.jira.gate;

/**
 * The one masking rule for everything that leaves the gate about a request (the body of a 401,
 * 400 or 403, the audit event's method, URL and reason, the gate's log lines): every substring
 * shaped like a Limit-to token is replaced by {@link #MASK}, wherever it appears.
 *
 * <p>"Shaped like a token" is wider than the scanner pattern of docs/tokens.md, on purpose: the
 * prefix {@code ltk_} in any case, any of its characters percent-encoded (also more than once:
 * {@code ltk%5F}, {@code %6Ctk_}, {@code ltk%255F}), followed by at least one base62 character
 * (plain or percent-encoded); the mask covers the whole run of base62 characters, whatever its
 * length, so that a truncated, overlong or case-changed token is masked as well as a real one.
 * Text without such a run is returned as it is (no copy).
 */
public final class TokenMask {

  /** What a token-shaped substring becomes. Masking it again changes nothing. */
  public static final String MASK = "ltk_***";

  private static final String PREFIX = "ltk_";
  /** How many percent-encodings deep a character is still decoded ({@code %25} nests). */
  private static final int MAX_DEPTH = 4;

  private TokenMask() {}

  /** The text with every token-shaped substring masked; {@code null} stays {@code null}. */
  public static String mask(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder out = null;
    int copied = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c != 'l' && c != 'L' && c != '%') {
        continue;
      }
      int end = tokenEnd(s, i);
      if (end < 0) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(n);
      }
      out.append(s, copied, i).append(MASK);
      copied = end;
      i = end - 1;
    }
    if (out == null) {
      return s;
    }
    return out.append(s, copied, n).toString();
  }

  /** Whether the text holds a token-shaped substring. */
  public static boolean holdsToken(String s) {
    return s != null && !mask(s).equals(s);
  }

  /**
   * A stand-in for a throwable to log: the same class name, stack trace and causes, with every
   * message masked; the throwable itself when no message holds a token.
   */
  public static Throwable mask(Throwable t) {
    if (t == null || !anyMessageHoldsToken(t, 0)) {
      return t;
    }
    return masked(t, 0);
  }

  private static boolean anyMessageHoldsToken(Throwable t, int depth) {
    for (Throwable x = t; x != null && depth < 16; x = x.getCause(), depth++) {
      if (holdsToken(x.getMessage())) {
        return true;
      }
    }
    return false;
  }

  private static Throwable masked(Throwable t, int depth) {
    Throwable cause = t.getCause() != null && depth < 16 ? masked(t.getCause(), depth + 1) : null;
    Masked m = new Masked(t.getClass().getName(), mask(t.getMessage()), cause);
    m.setStackTrace(t.getStackTrace());
    return m;
  }

  /** A throwable printed as {@code OriginalClass: masked message}. */
  private static final class Masked extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String className;

    Masked(String className, String message, Throwable cause) {
      super(message, cause, false, true);
      this.className = className;
    }

    @Override
    public String toString() {
      String m = getMessage();
      return m == null ? className : className + ": " + m;
    }
  }

  /**
   * The end of a token-shaped run starting at {@code i}, or -1: the prefix, then one or more
   * base62 characters, each plain or percent-encoded.
   */
  private static int tokenEnd(String s, int i) {
    int p = i;
    for (int k = 0; k < PREFIX.length(); k++) {
      long r = next(s, p, 0);
      if (r < 0) {
        return -1;
      }
      char c = Character.toLowerCase((char) (r & 0xFFFF));
      if (c != PREFIX.charAt(k)) {
        return -1;
      }
      p = (int) (r >>> 16);
    }
    int end = -1;
    while (true) {
      long r = next(s, p, 0);
      if (r < 0 || !base62((char) (r & 0xFFFF))) {
        return end;
      }
      p = (int) (r >>> 16);
      end = p;
    }
  }

  /**
   * The character at {@code i} after percent-decoding (nested up to {@link #MAX_DEPTH}), packed
   * as {@code end << 16 | char}, or -1 at the end of the text.
   */
  private static long next(String s, int i, int depth) {
    if (i >= s.length()) {
      return -1;
    }
    char c = s.charAt(i);
    if (c == '%') {
      long escaped = escape(s, i + 1, depth);
      if (escaped >= 0) {
        return escaped;
      }
    }
    return (long) (i + 1) << 16 | c;
  }

  /**
   * The character of the escape whose two hex digits (each plain or encoded) start at {@code i};
   * an escape that decodes to {@code %} is an escape again ({@code %255F} is {@code _}). -1 when
   * there is no escape.
   */
  private static long escape(String s, int i, int depth) {
    if (depth >= MAX_DEPTH) {
      return -1;
    }
    long h1 = next(s, i, depth + 1);
    if (h1 < 0) {
      return -1;
    }
    long h2 = next(s, (int) (h1 >>> 16), depth + 1);
    int a = PercentCodec.hexValue((char) (h1 & 0xFFFF));
    int b = h2 < 0 ? -1 : PercentCodec.hexValue((char) (h2 & 0xFFFF));
    if (a < 0 || b < 0) {
      return -1;
    }
    int end = (int) (h2 >>> 16);
    char v = (char) (a * 16 + b);
    if (v == '%') {
      long again = escape(s, end, depth + 1);
      if (again >= 0) {
        return again;
      }
    }
    return (long) end << 16 | v;
  }

  private static boolean base62(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
