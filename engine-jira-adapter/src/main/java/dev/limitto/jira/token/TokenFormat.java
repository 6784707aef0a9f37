package dev.limitto.jira.token;

import dev.limitto.jira.token.crypto.KeyRing;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The shape of this adapter's token secrets:
 *
 * <pre>
 *   ltk_ KK RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR TTTTTTTTTTT CCCCCC
 *   prefix, key id (2), random (43), tag (11), checksum (6): 66 characters, base62 after the prefix
 * </pre>
 *
 * <ul>
 *   <li>{@code RR..}: 43 characters drawn uniformly from base62 by {@link SecureRandom}: 256.03
 *       bits;
 *   <li>{@code KK}: the id of the server key whose HMAC verifies the token (key rotation), base62;
 *   <li>{@code TT..}: the first 64 bits of HMAC-SHA-256 of everything before it under the tag
 *       sub-key of that server key ({@link KeyRing#tagInto}), base62: only a holder of the server
 *       key can make a token whose tag verifies, so a forged token (the checksum is public) is
 *       refused before any store look-up;
 *   <li>{@code CCCCCC}: CRC32 of everything before it, base62, zero-padded: a typo is refused at
 *       once, and scanners can tell a real token from noise without any key.
 * </ul>
 *
 * <p>Tokens issued before the tag existed have no {@code TT..} part ({@value #UNTAGGED_LENGTH}
 * characters, CRC32 over the first 49). They are still accepted, but only from memory: every token
 * is loaded at start and kept fresh by the poll, so an untagged token the node does not hold is
 * unknown without a store look-up.
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
  public static final int LENGTH = 66;
  /** Length of a token issued before tokens carried a tag. */
  public static final int UNTAGGED_LENGTH = 55;
  /**
   * Regular expression (Java, PCRE and RE2 syntax) matching a token in text, for secret scanners:
   * tagged tokens and those issued before.
   */
  public static final String SCANNER_REGEX = "\\bltk_[0-9A-Za-z]{51}(?:[0-9A-Za-z]{11})?\\b";

  static final int KEY_ID_CHARS = 2;
  static final int RANDOM_CHARS = 43;
  static final int TAG_CHARS = 11;
  static final int CHECKSUM_CHARS = 6;
  /** Where the tag starts: after prefix, key id and random part. */
  static final int TAG_AT = 4 + KEY_ID_CHARS + RANDOM_CHARS;
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

  /** A fresh token secret naming server key {@code keyId}, tagged under that key. */
  static String generate(int keyId, KeyRing keys, SecureRandom random) {
    byte[] ascii = new byte[LENGTH];
    int p = randomPart(keyId, random, ascii);
    byte[] mac = new byte[KeyRing.TAG_BYTES];
    if (!keys.tagInto(keyId, ascii, TAG_AT, mac)) {
      throw new IllegalArgumentException("no server key with id " + keyId);
    }
    encodeTag(mac, ascii, p);
    return withChecksum(ascii, LENGTH);
  }

  /** A token secret as issued before tokens carried a tag (tests, and migration reasoning). */
  static String generateUntagged(int keyId, SecureRandom random) {
    byte[] ascii = new byte[UNTAGGED_LENGTH];
    randomPart(keyId, random, ascii);
    return withChecksum(ascii, UNTAGGED_LENGTH);
  }

  /** Writes prefix, key id and random part; returns where the next part starts. */
  private static int randomPart(int keyId, SecureRandom random, byte[] ascii) {
    int p = 0;
    for (int i = 0; i < PREFIX.length(); i++) {
      ascii[p++] = (byte) PREFIX.charAt(i);
    }
    ascii[p++] = (byte) BASE62[keyId / 62];
    ascii[p++] = (byte) BASE62[keyId % 62];
    for (int i = 0; i < RANDOM_CHARS; i++) {
      ascii[p++] = (byte) BASE62[random.nextInt(62)];
    }
    return p;
  }

  /** The first 64 bits of a MAC as {@value #TAG_CHARS} base62 characters at {@code at}. */
  private static void encodeTag(byte[] mac, byte[] out, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (mac[i] & 0xFF);
    }
    for (int i = at + TAG_CHARS - 1; i >= at; i--) {
      out[i] = (byte) BASE62[(int) Long.remainderUnsigned(v, 62)];
      v = Long.divideUnsigned(v, 62);
    }
  }

  /** Fills in the checksum of a token of {@code length} and returns it as a string. */
  private static String withChecksum(byte[] ascii, int length) {
    int at = length - CHECKSUM_CHARS;
    CRC32 crc = new CRC32();
    crc.update(ascii, 0, at);
    long sum = crc.getValue();
    for (int i = length - 1; i >= at; i--) {
      ascii[i] = (byte) BASE62[(int) (sum % 62)];
      sum /= 62;
    }
    return new String(ascii, 0, length, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * Whether the tag of a parsed tagged token (its ASCII bytes in {@code ascii}) verifies under
   * server key {@code keyId}; compared in constant time. {@code mac} is scratch space of at least
   * {@link KeyRing#TAG_BYTES}, {@code expected} of at least {@value #TAG_CHARS}.
   */
  static boolean tagVerifies(byte[] ascii, int keyId, KeyRing keys, byte[] mac, byte[] expected) {
    if (!keys.tagInto(keyId, ascii, TAG_AT, mac)) {
      return false;
    }
    encodeTag(mac, expected, 0);
    int diff = 0;
    for (int i = 0; i < TAG_CHARS; i++) {
      diff |= expected[i] ^ ascii[TAG_AT + i];
    }
    return diff == 0;
  }

  /** Prefix and plausible length only: no alphabet, no checksum. */
  static boolean hasOurPrefix(String credential) {
    return credential.length() > PREFIX.length()
        && credential.length() <= MAX_PLAUSIBLE_LENGTH
        && credential.startsWith(PREFIX);
  }

  /**
   * Checks length, ASCII, alphabet and checksum, writing the token's ASCII bytes into {@code
   * ascii} (at least {@link #LENGTH} long). Accepts tagged tokens ({@value #LENGTH} characters)
   * and untagged ones ({@value #UNTAGGED_LENGTH}); the tag itself is checked by {@link
   * #tagVerifies}. Allocation-free.
   *
   * @return the token's key id (at least 0), or one of the negative {@code BAD_*} codes
   */
  static int parse(String s, byte[] ascii, CRC32 crc) {
    int length = s.length();
    if (length != LENGTH && length != UNTAGGED_LENGTH) {
      return BAD_LENGTH;
    }
    int checksumAt = length - CHECKSUM_CHARS;
    int p = PREFIX.length();
    for (int i = 0; i < length; i++) {
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
    crc.update(ascii, 0, checksumAt);
    long expected = crc.getValue();
    long presented = 0;
    for (int i = checksumAt; i < length; i++) {
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
