package dev.limitto.jira.admin;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password stored as a PBKDF2-HMAC-SHA-256 hash (the JDK's {@code PBKDF2WithHmacSHA256}), in
 * one line: {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} with salt and hash in unpadded base64.
 * Immutable; {@link #toString()} prints the algorithm and iterations only.
 */
public final class PasswordHash {

  /** The first field of the stored form. */
  public static final String SCHEME = "pbkdf2-sha256";
  /** Iterations of a new hash (OWASP's 2023 figure for PBKDF2-HMAC-SHA-256 is 600,000). */
  public static final int DEFAULT_ITERATIONS = 600_000;
  /** Fewest iterations a stored hash may have; a weaker one is refused, not trusted. */
  public static final int MIN_ITERATIONS = 100_000;
  /** Most iterations a stored hash may have, so that a damaged file cannot stall a login. */
  public static final int MAX_ITERATIONS = 10_000_000;
  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;
  /** Longest password verified; longer ones are refused without hashing. */
  public static final int MAX_PASSWORD_CHARS = 1024;

  public static final String ERR_FORMAT =
      "not a password hash (expected " + SCHEME + "$ITERATIONS$SALT$HASH)";
  public static final String ERR_ITERATIONS =
      "password hash has %d iterations, outside " + MIN_ITERATIONS + ".." + MAX_ITERATIONS;

  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** Hashes a new password with a fresh salt and {@link #DEFAULT_ITERATIONS}. */
  public static PasswordHash create(String password, SecureRandom random) {
    return create(password, random, DEFAULT_ITERATIONS);
  }

  static PasswordHash create(String password, SecureRandom random, int iterations) {
    Objects.requireNonNull(password, "password");
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BYTES));
  }

  /**
   * Reads the stored form written by {@link #encoded()}.
   *
   * @throws IllegalArgumentException ({@link #ERR_FORMAT}, {@link #ERR_ITERATIONS}) naming what
   *     is wrong, never echoing the text
   */
  public static PasswordHash parse(String stored) {
    String[] f = stored.strip().split("\\$", -1);
    if (f.length != 4 || !f[0].equals(SCHEME)) {
      throw new IllegalArgumentException(ERR_FORMAT);
    }
    int iterations;
    byte[] salt;
    byte[] hash;
    try {
      iterations = Integer.parseInt(f[1]);
      salt = B64D.decode(f[2]);
      hash = B64D.decode(f[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ERR_FORMAT);
    }
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(String.format(ERR_ITERATIONS, iterations));
    }
    if (salt.length < 8 || hash.length < 16 || hash.length > 64) {
      throw new IllegalArgumentException(ERR_FORMAT);
    }
    return new PasswordHash(iterations, salt, hash);
  }

  /** Whether a text is in the stored form's shape (it may still fail {@link #parse}). */
  public static boolean looksLikeHash(String text) {
    return text.strip().startsWith(SCHEME + "$");
  }

  /** Whether the password is the one hashed, compared in constant time. */
  public boolean matches(String password) {
    if (password == null || password.length() > MAX_PASSWORD_CHARS) {
      return false;
    }
    return MessageDigest.isEqual(derive(password, salt, iterations, hash.length), hash);
  }

  /** The one-line stored form. */
  public String encoded() {
    return SCHEME + "$" + iterations + "$" + B64.encodeToString(salt) + "$"
        + B64.encodeToString(hash);
  }

  public int iterations() {
    return iterations;
  }

  private static byte[] derive(String password, byte[] salt, int iterations, int bytes) {
    char[] chars = password.toCharArray();
    PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, bytes * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      // every Java SE runtime has PBKDF2WithHmacSHA256
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(chars, '\0');
    }
  }

  @Override
  public String toString() {
    return "PasswordHash{" + SCHEME + ", " + iterations + " iterations}";
  }
}
