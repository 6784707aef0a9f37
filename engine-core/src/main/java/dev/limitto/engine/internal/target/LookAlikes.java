package dev.limitto.engine.internal.target;

import java.util.Arrays;

/**
 * The decoded characters that LIMIT-TO.md §4 (v1.1) rejects in a path although they are not the
 * ASCII characters they stand for. Jira, a proxy in front of it, a browser or a log viewer may
 * apply Unicode compatibility normalization (NFKC) or fold look-alikes, and so turn a path the
 * engine matched into another one: {@code /JRA-1/%EF%BC%8F..%EF%BC%8FADMIN} (fullwidth solidus)
 * becomes {@code /JRA-1/../ADMIN}. Such characters are rejected like their encoded ASCII forms.
 *
 * <p>Two classes, each a rejection rule of its own:
 *
 * <ul>
 *   <li>look-alikes ({@link Rejections#PATH_LOOK_ALIKE}): every code point whose NFKC form holds
 *       {@code / \ . ; % ? #}; the four slashes that have no compatibility form (U+2044 fraction
 *       slash, U+2215 division slash, U+29F8 big solidus, U+29F9 big reverse solidus); and every
 *       code point whose NFKC form holds one of those four (U+00BD vulgar fraction one half is
 *       1 U+2044 2, U+33A7 square m over s is m U+2215 s), so that the set is closed under NFKC:
 *       the compatibility form of an accepted path holds no rejected character either;
 *   <li>invisible format characters ({@link Rejections#PATH_FORMAT_CHARACTER}): general category
 *       Cf (zero-width characters, bidi controls, the BOM, tag characters), as the running JDK's
 *       {@link Character#getType(int)} knows them.
 * </ul>
 *
 * <p>The look-alikes are a table rather than a scan of {@link java.text.Normalizer} at class load
 * (a scan of every code point costs a third of a second); {@code LookAlikesTest} recomputes the
 * table from {@code Normalizer} over all code points, so a JDK with a newer Unicode version that
 * adds such a character fails the build until the table has it. Decompositions of assigned
 * characters never change (Unicode's normalization stability policy), so the table only grows.
 */
final class LookAlikes {

  /** Drawn as slashes, but have no compatibility form: NFKC leaves them as they are. */
  static final int[] SLASHES_WITHOUT_COMPATIBILITY_FORM = {0x2044, 0x2215, 0x29F8, 0x29F9};

  /** Sorted. Every code point above U+007F of the look-alike class (Unicode 13, Java 17). */
  private static final int[] TABLE = {
    0x00BC, 0x00BD, 0x00BE, // vulgar fractions 1/4 1/2 3/4: NFKC holds U+2044
    0x037E, // Greek question mark: NFKC (and NFC) is ';'
    0x2024, 0x2025, 0x2026, // one-dot leader, two-dot leader, horizontal ellipsis: '.'
    0x2044, // fraction slash
    0x2047, 0x2048, 0x2049, // double question mark, ?! and !?: '?'
    0x2100, 0x2101, 0x2105, 0x2106, // account of, addressed to the subject, care of, cada una: '/'
    0x2150, 0x2151, 0x2152, 0x2153, 0x2154, 0x2155, 0x2156, 0x2157, // vulgar fractions: U+2044
    0x2158, 0x2159, 0x215A, 0x215B, 0x215C, 0x215D, 0x215E, 0x215F, // and fraction numerator one
    0x2189, // vulgar fraction zero thirds: U+2044
    0x2215, // division slash
    0x2488, 0x2489, 0x248A, 0x248B, 0x248C, 0x248D, 0x248E, 0x248F, // digit full stops: '.'
    0x2490, 0x2491, 0x2492, 0x2493, 0x2494, 0x2495, 0x2496, 0x2497, // number full stops: '.'
    0x2498, 0x2499, 0x249A, 0x249B,
    0x29F8, 0x29F9, // big solidus, big reverse solidus
    0x33A7, 0x33A8, 0x33AE, 0x33AF, // squares m/s, m/s2, rad/s, rad/s2: U+2215
    0x33C2, // square a.m.: '.'
    0x33C6, // square C/kg: U+2215
    0x33C7, // square Co.: '.'
    0x33D8, // square p.m.: '.'
    0x33DE, 0x33DF, // squares V/m, A/m: U+2215
    0xFE14, 0xFE16, 0xFE19, 0xFE30, // vertical forms of ';' '?' '...' '..'
    0xFE52, 0xFE54, 0xFE56, 0xFE5F, 0xFE68, 0xFE6A, // small . ; ? # \ %
    0xFF03, 0xFF05, 0xFF0E, 0xFF0F, 0xFF1B, 0xFF1F, 0xFF3C, // fullwidth # % . / ; ? \
    0x1F100, // digit zero full stop: '.'
  };

  private LookAlikes() {}

  /**
   * The rule that a percent-decoded character above U+009F breaks ({@link
   * Rejections#PATH_FORMAT_CHARACTER} or {@link Rejections#PATH_LOOK_ALIKE}), or {@code null}.
   * Allocates nothing.
   */
  static String rule(int codePoint) {
    if (Character.getType(codePoint) == Character.FORMAT) {
      return Rejections.PATH_FORMAT_CHARACTER;
    }
    return isLookAlike(codePoint) ? Rejections.PATH_LOOK_ALIKE : null;
  }

  /** Whether {@code codePoint} is in the look-alike class (never an ASCII character). */
  static boolean isLookAlike(int codePoint) {
    return codePoint >= TABLE[0]
        && codePoint <= TABLE[TABLE.length - 1]
        && Arrays.binarySearch(TABLE, codePoint) >= 0;
  }
}
