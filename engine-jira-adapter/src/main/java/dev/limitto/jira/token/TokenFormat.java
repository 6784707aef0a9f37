package dev.limitto.jira.token;

import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The shape of this adapter's token secrets:
 *
 * <pre>
 *   ltk_ KK RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR CCCCCC
 *   prefix, key id (2), random (43), checksum (6): 55 characters, all base62 after the prefix
 * </pre>
 *
 * <ul>
 *   <li>{@code RR..}: 43 characters drawn uniformly from base62 by {@link SecureRandom}: 256.03
 *       bits. 55 characters in all is deliberate: with the 9 bytes of SHA-256 padding the token
 *       fills exactly one block, so the per-request HMAC costs one compression less than at 56;
 *   <li>{@code KK}: the id of the server key whose HMAC verifies the token (key rotation), base62;
 *   <li>{@code CCCCCC}: CRC32 of everything before it, base62, zero-padded: a typo or a made-up
 *       token is refused without a store look-up, and scanners can tell a real token from noise.
 * </ul>
 *
 * <p>Secret scanners match tokens with {@link #SCANNER_REGEX}.
 *
 * <p>Secrets imported from another deployment ("legacy" secrets) have a foreign shape; see {@link
 * #isLegacyShaped}.
 */
public final class TokenFormat {

  /** The fixed prefix of every token this adapter issues. */
  public static final String PREFIX = "ltk_";
  /** Total length of a token. */
  public static final int LENGTH = 55;
  /** Regular expression (Java, PCRE and RE2 syntax) matching a token in text, for secret scanners. */
  public static final String SCANNER_REGEX = "\\bltk_[0-9A-Za-z]{51}\\b";

  static final int KEY_ID_CHARS = 2;
  static final int RANDOM_CHARS = 43;
  static final int CHECKSUM_CHARS = 6;
  static final int CHECKSUM_AT = LENGTH - CHECKSUM_CHARS;
  /** Longest credential with our prefix that {@code looksLikeToken} still claims (then refuses). */
  static final int MAX_PLAUSIBLE_LENGTH = 512;
  /** Shortest legacy secret accepted for import. */
  static final int LEGACY_MIN_LENGTH = 16;
  /** Longest legacy secret accepted for import. */
  static final int LEGACY_MAX_LENGTH = 256;
  static final String LEGACY_PUNCTUATION = "-._~+/=";

  static final String DETAIL_NULL = "no token presented";
  static final String DETAIL_LENGTH = "token does not have " + LENGTH + " characters";
  static final String DETAIL_NON_ASCII = "token has a non-ASCII character";
  static final String DETAIL_ALPHABET = "token has a character outside base62";
  static final String DETAIL_CHECKSUM = "token checksum does not match";
  static final String DETAIL_NOT_OURS = "not a token of this adapter";

  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  // value of an ASCII character in base62, or -1
  private static final byte[] BASE62_VALUE = new byte[128];
  private static final boolean[] LEGACY_CHAR = new boolean[128];

  static {
    java.util.Arrays.fill(BASE62_VALUE, (byte) -1);
    for (int i = 0; i < BASE62.length; i++) {
      BASE62_VALUE[BASE62[i]] = (byte) i;
      LEGACY_CHAR[BASE62[i]] = true;
    }
    for (char c : LEGACY_PUNCTUATION.toCharArray()) {
      LEGACY_CHAR[c] = true;
    }
  }

  // Results of parse(): a key id (> 0) or one of these.
  static final int BAD_LENGTH = -1;
  static final int BAD_NON_ASCII = -2;
  static final int BAD_ALPHABET = -3;
  static final int BAD_CHECKSUM = -4;

  private TokenFormat() {}

  /** A fresh token secret naming server key {@code keyId}. */
  static String generate(int keyId, SecureRandom random) {
    char[] t = new char[LENGTH];
    PREFIX.getChars(0, PREFIX.length(), t, 0);
    int p = PREFIX.length();
    t[p++] = BASE62[keyId / 62];
    t[p++] = BASE62[keyId % 62];
    for (int i = 0; i < RANDOM_CHARS; i++) {
      t[p++] = BASE62[random.nextInt(62)];
    }
    byte[] ascii = new byte[CHECKSUM_AT];
    for (int i = 0; i < CHECKSUM_AT; i++) {
      ascii[i] = (byte) t[i];
    }
    CRC32 crc = new CRC32();
    crc.update(ascii, 0, CHECKSUM_AT);
    long sum = crc.getValue();
    for (int i = LENGTH - 1; i >= CHECKSUM_AT; i--) {
      t[i] = BASE62[(int) (sum % 62)];
      sum /= 62;
    }
    return new String(t);
  }

  /** Prefix and plausible length only: no alphabet, no checksum. */
  static boolean hasOurPrefix(String credential) {
    return credential.length() > PREFIX.length()
        && credential.length() <= MAX_PLAUSIBLE_LENGTH
        && credential.startsWith(PREFIX);
  }

  /**
   * Checks length, ASCII, alphabet and checksum, writing the token's ASCII bytes into {@code
   * ascii} (at least {@link #LENGTH} long). Allocation-free.
   *
   * @return the token's key id (at least 0), or one of the negative {@code BAD_*} codes
   */
  static int parse(String s, byte[] ascii, CRC32 crc) {
    if (s.length() != LENGTH) {
      return BAD_LENGTH;
    }
    int p = PREFIX.length();
    for (int i = 0; i < LENGTH; i++) {
      char c = s.charAt(i);
      if (c >= 128) {
        return BAD_NON_ASCII;
      }
      if (i >= p && BASE62_VALUE[c] < 0) {
        return BAD_ALPHABET;
      }
      ascii[i] = (byte) c;
    }
    if (!s.startsWith(PREFIX)) {
      return BAD_ALPHABET;
    }
    crc.reset();
    crc.update(ascii, 0, CHECKSUM_AT);
    long expected = crc.getValue();
    long presented = 0;
    for (int i = CHECKSUM_AT; i < LENGTH; i++) {
      presented = presented * 62 + BASE62_VALUE[ascii[i]];
    }
    if (presented != expected) {
      return BAD_CHECKSUM;
    }
    return BASE62_VALUE[ascii[p]] * 62 + BASE62_VALUE[ascii[p + 1]];
  }

  /** The detail text of a {@code BAD_*} code. */
  static String detail(int code) {
    switch (code) {
      case BAD_LENGTH:
        return DETAIL_LENGTH;
      case BAD_NON_ASCII:
        return DETAIL_NON_ASCII;
      case BAD_ALPHABET:
        return DETAIL_ALPHABET;
      default:
        return DETAIL_CHECKSUM;
    }
  }

  /**
   * Whether a credential has the shape accepted for imported legacy secrets: {@value
   * #LEGACY_MIN_LENGTH} to {@value #LEGACY_MAX_LENGTH} characters of base62 and {@code -._~+/=},
   * not starting with {@link #PREFIX}. Such a credential is ours only when its hash is one of the
   * imported tokens.
   */
  static boolean isLegacyShaped(String s) {
    int n = s.length();
    if (n < LEGACY_MIN_LENGTH || n > LEGACY_MAX_LENGTH || s.startsWith(PREFIX)) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 128 || !LEGACY_CHAR[c]) {
        return false;
      }
    }
    return true;
  }

  /** Copies an ASCII string into {@code out}; the caller has checked the shape. */
  static void ascii(String s, byte[] out) {
    for (int i = 0; i < s.length(); i++) {
      out[i] = (byte) s.charAt(i);
    }
  }
}
