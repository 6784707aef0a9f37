package dev.limitto.jira.token.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server keys: an immutable, thread-safe set of 256-bit master keys, each with a numeric id.
 * The newest (highest id) key hashes and encrypts new tokens; older keys stay to verify and
 * decrypt tokens issued before a rotation, so rotating never invalidates an issued token.
 *
 * <p>Each master key is never used directly: sub-keys are derived from it with HMAC-SHA-256
 * and fixed labels, one for the secret hash (HMAC-SHA-256), one for encryption (AES-256-GCM) and
 * one for the tag that new tokens carry ({@link #tagInto}), so that the same key material never
 * serves two purposes.
 *
 * <p>Encrypted secrets are laid out as {@code version(1) | keyId(4, big-endian) | nonce(12) |
 * ciphertext+tag(16)}; the additional authenticated data binds the ciphertext to the token id, so
 * a ciphertext copied onto another token does not decrypt.
 */
public final class KeyRing {

  /** Smallest key id. */
  public static final int MIN_KEY_ID = 1;
  /** Largest key id: token secrets carry the id in two base62 characters. */
  public static final int MAX_KEY_ID = 62 * 62 - 1;
  /** Length of a master key in bytes. */
  public static final int KEY_BYTES = 32;
  /** Length of a secret hash in bytes (HMAC-SHA-256). */
  public static final int HASH_BYTES = 32;

  static final String ERR_NO_KEYS = "a key ring needs at least one key";
  static final String ERR_KEY_ID = "key id %d is outside %d..%d";
  static final String ERR_KEY_LENGTH = "key %d has %d bytes, expected " + KEY_BYTES;
  /** Message of the exception thrown when a ciphertext does not decrypt. */
  public static final String ERR_DECRYPT =
      "the stored secret of token %s does not decrypt with the server keys"
          + " (wrong key file, or the record was altered)";
  static final String ERR_UNKNOWN_KEY = "no server key with id %d in the key ring";

  private static final byte BLOB_VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int BLOB_HEADER = 1 + 4 + NONCE_BYTES;
  private static final byte[] HASH_LABEL = "limit-to/token-hash/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ENC_LABEL =
      "limit-to/token-encryption/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CHECK_LABEL = "limit-to/key-check/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] AAD_PREFIX = "limit-to/token/".getBytes(StandardCharsets.US_ASCII);

  // Index by key id: ids are small (< 3844), so a direct array is the cheapest look-up on the hot path.
  private final SecretKeySpec[] hashKeys;
  private final SecretKeySpec[] encKeys;
  private final SortedMap<Integer, byte[]> masters;
  private final int newestId;
  private final SecureRandom random;
  // One HMAC state per thread and key: setting a key up costs more than the hash itself.
  private final ThreadLocal<Hmac[]> macs;

  private KeyRing(SortedMap<Integer, byte[]> masters, SecureRandom random) {
    if (masters.isEmpty()) {
      throw new IllegalArgumentException(ERR_NO_KEYS);
    }
    this.masters = new TreeMap<>();
    int max = masters.lastKey();
    this.hashKeys = new SecretKeySpec[max + 1];
    this.encKeys = new SecretKeySpec[max + 1];
    for (Map.Entry<Integer, byte[]> e : masters.entrySet()) {
      int id = e.getKey();
      byte[] key = e.getValue();
      if (id < MIN_KEY_ID || id > MAX_KEY_ID) {
        throw new IllegalArgumentException(String.format(ERR_KEY_ID, id, MIN_KEY_ID, MAX_KEY_ID));
      }
      if (key.length != KEY_BYTES) {
        throw new IllegalArgumentException(String.format(ERR_KEY_LENGTH, id, key.length));
      }
      this.masters.put(id, key.clone());
      hashKeys[id] = new SecretKeySpec(derive(key, HASH_LABEL), "HmacSHA256");
      encKeys[id] = new SecretKeySpec(derive(key, ENC_LABEL), "AES");
    }
    this.newestId = max;
    this.random = random;
    int slots = max + 1;
    this.macs = ThreadLocal.withInitial(() -> new Hmac[slots]);
  }

  /** A key ring of the given master keys (id to 32 bytes), copied. */
  public static KeyRing of(Map<Integer, byte[]> masterKeys) {
    return new KeyRing(new TreeMap<>(masterKeys), new SecureRandom());
  }

  /** A key ring with one fresh random key of id 1 (tests, in-memory deployments). */
  public static KeyRing generate() {
    SecureRandom r = new SecureRandom();
    return new KeyRing(new TreeMap<>(Map.of(MIN_KEY_ID, newMasterKey(r))), r);
  }

  /** A copy of this ring with one more fresh key, whose id is one above the newest. */
  public KeyRing rotate() {
    if (newestId >= MAX_KEY_ID) {
      throw new IllegalStateException(String.format(ERR_KEY_ID, newestId + 1, MIN_KEY_ID, MAX_KEY_ID));
    }
    SortedMap<Integer, byte[]> next = new TreeMap<>(masters);
    next.put(newestId + 1, newMasterKey(random));
    return new KeyRing(next, random);
  }

  static byte[] newMasterKey(SecureRandom random) {
    byte[] k = new byte[KEY_BYTES];
    random.nextBytes(k);
    return k;
  }

  /** The id of the key that hashes and encrypts new tokens. */
  public int newestKeyId() {
    return newestId;
  }

  /** Whether a key of this id is in the ring. */
  public boolean hasKey(int keyId) {
    return keyId >= 0 && keyId < hashKeys.length && hashKeys[keyId] != null;
  }

  /** Ids of every key, ascending. */
  public int[] keyIds() {
    return masters.keySet().stream().mapToInt(Integer::intValue).toArray();
  }

  /** Master keys by id, copied: only for writing the key file. */
  SortedMap<Integer, byte[]> masterKeys() {
    SortedMap<Integer, byte[]> copy = new TreeMap<>();
    masters.forEach((id, k) -> copy.put(id, k.clone()));
    return copy;
  }

  /**
   * HMAC-SHA-256 of {@code secret[0..length)} under key {@code keyId}, written into {@code out}
   * (at least {@link #HASH_BYTES} long). Allocation-free after the first call on a thread: this is
   * the per-request hash.
   *
   * @return false when the ring has no key of that id ({@code out} untouched)
   */
  public boolean hashInto(int keyId, byte[] secret, int length, byte[] out) {
    if (!hasKey(keyId)) {
      return false;
    }
    Hmac[] perThread = macs.get();
    Hmac mac = perThread[keyId];
    if (mac == null) {
      mac = new Hmac(hashKeys[keyId].getEncoded());
      perThread[keyId] = mac;
    }
    mac.compute(secret, length, out);
    return true;
  }

  /**
   * HMAC-SHA-256 (RFC 2104) over a {@link MessageDigest}, writing into the caller's buffer:
   * {@code javax.crypto.Mac#doFinal(byte[], int)} allocates a fresh array on every call, and this
   * runs once per request. Checked against {@code Mac} in the tests.
   */
  private static final class Hmac {
    private static final int BLOCK = 64;
    private final MessageDigest md;
    private final byte[] ipad = new byte[BLOCK];
    private final byte[] opad = new byte[BLOCK];
    private final byte[] inner = new byte[HASH_BYTES];

    Hmac(byte[] key) {
      try {
        md = MessageDigest.getInstance("SHA-256");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("SHA-256 unavailable", e);
      }
      // keys are 32 bytes, shorter than the block: zero-padded, never pre-hashed
      for (int i = 0; i < BLOCK; i++) {
        byte k = i < key.length ? key[i] : 0;
        ipad[i] = (byte) (k ^ 0x36);
        opad[i] = (byte) (k ^ 0x5c);
      }
      Arrays.fill(key, (byte) 0);
    }

    void compute(byte[] in, int length, byte[] out) {
      try {
        md.update(ipad);
        md.update(in, 0, length);
        md.digest(inner, 0, HASH_BYTES);
        md.update(opad);
        md.update(inner);
        md.digest(out, 0, HASH_BYTES);
      } catch (GeneralSecurityException e) {
        md.reset();
        throw new IllegalStateException("SHA-256 failed", e);
      }
    }
  }

  /** HMAC-SHA-256 of a secret under key {@code keyId}. */
  public byte[] hash(int keyId, String secret) {
    if (!hasKey(keyId)) {
      throw new IllegalArgumentException(String.format(ERR_UNKNOWN_KEY, keyId));
    }
    byte[] in = secret.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[HASH_BYTES];
    hashInto(keyId, in, in.length, out);
    Arrays.fill(in, (byte) 0);
    return out;
  }

  /** Encrypts a secret with the newest key (AES-256-GCM, random 96-bit nonce, AAD = token id). */
  public byte[] encrypt(String tokenId, String secret) {
    Objects.requireNonNull(tokenId, "tokenId");
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, encKeys[newestId], new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad(tokenId, newestId));
      byte[] sealed = c.doFinal(plain);
      return ByteBuffer.allocate(BLOB_HEADER + sealed.length)
          .put(BLOB_VERSION)
          .putInt(newestId)
          .put(nonce)
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Decrypts a secret encrypted by {@link #encrypt} for the same token id, with whichever key it
   * names.
   *
   * @throws DecryptException ({@link #ERR_DECRYPT}) when the blob is damaged, was made for
   *     another token, or its key is not in the ring
   */
  public String decrypt(String tokenId, byte[] blob) {
    String failure = String.format(ERR_DECRYPT, tokenId);
    if (blob == null || blob.length < BLOB_HEADER + TAG_BITS / 8 || blob[0] != BLOB_VERSION) {
      throw new DecryptException(failure, null);
    }
    ByteBuffer b = ByteBuffer.wrap(blob);
    b.get();
    int keyId = b.getInt();
    if (!hasKey(keyId)) {
      throw new DecryptException(failure, null);
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, encKeys[keyId], new GCMParameterSpec(TAG_BITS, blob, 5, NONCE_BYTES));
      c.updateAAD(aad(tokenId, keyId));
      byte[] plain = c.doFinal(blob, BLOB_HEADER, blob.length - BLOB_HEADER);
      String s = new String(plain, StandardCharsets.UTF_8);
      Arrays.fill(plain, (byte) 0);
      return s;
    } catch (AEADBadTagException e) {
      throw new DecryptException(failure, null);
    } catch (GeneralSecurityException e) {
      throw new DecryptException(failure, e);
    }
  }

  /**
   * A stored secret does not decrypt with these keys: the key file is not the one it was made
   * with, or the record was altered. An operational problem, not a bug; the message names the
   * token, never the secret.
   */
  public static final class DecryptException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    DecryptException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The check value of key {@code keyId}: HMAC-SHA-256 of a fixed label under the master key, as
   * the sub-keys are derived, with a label of its own. It identifies the key (a store records it
   * to notice a wrong key file) without revealing it or either sub-key.
   *
   * @throws IllegalArgumentException when the ring has no key of that id
   */
  public byte[] checkValue(int keyId) {
    byte[] master = masters.get(keyId);
    if (master == null) {
      throw new IllegalArgumentException(String.format(ERR_UNKNOWN_KEY, keyId));
    }
    return derive(master, CHECK_LABEL);
  }

  /** Constant-time equality of two hashes. */
  public static boolean hashesEqual(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  private static byte[] aad(String tokenId, int keyId) {
    byte[] id = tokenId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(AAD_PREFIX.length + id.length + 4)
        .put(AAD_PREFIX)
        .put(id)
        .putInt(keyId)
        .array();
  }

  private static byte[] derive(byte[] master, byte[] label) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(master, "HmacSHA256"));
      return m.doFinal(label);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  // ---- the keyed tag of issued tokens (TokenFormat): a third sub-key, its own label ----

  private static final byte[] TAG_LABEL = "limit-to/token-tag/v1".getBytes(StandardCharsets.US_ASCII);
  /** Length of a token tag's HMAC in bytes (before truncation by the token format). */
  public static final int TAG_BYTES = 32;
  // One HMAC state per thread and key, derived on first use
  private final ThreadLocal<Hmac[]> tagMacs = new ThreadLocal<>();

  /**
   * HMAC-SHA-256 of {@code in[0..length)} under the tag sub-key of key {@code keyId}, written
   * into {@code out} (at least {@link #TAG_BYTES} long): the server-side check that a token was
   * issued with this key, made before any store look-up. Allocation-free after the first call on
   * a thread.
   *
   * @return false when the ring has no key of that id ({@code out} untouched)
   */
  public boolean tagInto(int keyId, byte[] in, int length, byte[] out) {
    if (!hasKey(keyId)) {
      return false;
    }
    Hmac[] perThread = tagMacs.get();
    if (perThread == null) {
      perThread = new Hmac[hashKeys.length];
      tagMacs.set(perThread);
    }
    Hmac mac = perThread[keyId];
    if (mac == null) {
      mac = new Hmac(derive(masters.get(keyId), TAG_LABEL));
      perThread[keyId] = mac;
    }
    mac.compute(in, length, out);
    return true;
  }

  /** Never prints key material. */
  @Override
  public String toString() {
    return "KeyRing{keyIds=" + masters.keySet() + ", newest=" + newestId + "}";
  }
}
