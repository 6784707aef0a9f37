package dev.limitto.jira.token.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyRingTest {

  private static final String SECRET = "ltk_01abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR123456";

  @Test
  void hashIsStablePerKeyAndDiffersBetweenKeys() {
    KeyRing ring = KeyRing.generate().rotate();
    assertThat(ring.hash(1, SECRET)).isEqualTo(ring.hash(1, SECRET));
    assertThat(ring.hash(1, SECRET)).isNotEqualTo(ring.hash(2, SECRET));
    assertThat(ring.hash(1, SECRET)).hasSize(KeyRing.HASH_BYTES);
  }

  @Test
  void hashEqualsJavaxCryptoHmacUnderTheDerivedKey() throws Exception {
    byte[] master = new byte[32];
    new java.security.SecureRandom().nextBytes(master);
    KeyRing ring = KeyRing.of(java.util.Map.of(1, master));
    javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
    derive.init(new javax.crypto.spec.SecretKeySpec(master, "HmacSHA256"));
    byte[] hashKey = derive.doFinal("limit-to/token-hash/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(hashKey, "HmacSHA256"));
    for (String s : new String[] {SECRET, "x", "", "a".repeat(300)}) {
      byte[] expected = mac.doFinal(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(ring.hash(1, s)).isEqualTo(expected);
      assertThat(ring.hash(1, s)).isEqualTo(expected);
    }
  }

  @Test
  void hashDiffersBetweenInstallations() {
    assertThat(KeyRing.generate().hash(1, SECRET)).isNotEqualTo(KeyRing.generate().hash(1, SECRET));
  }

  @Test
  void rotateAddsANewestKeyAndKeepsOldHashes() {
    KeyRing ring = KeyRing.generate();
    KeyRing rotated = ring.rotate();
    assertThat(rotated.newestKeyId()).isEqualTo(2);
    assertThat(rotated.keyIds()).containsExactly(1, 2);
    assertThat(rotated.hash(1, SECRET)).isEqualTo(ring.hash(1, SECRET));
  }

  @Test
  void hashIntoWhenKeyIsUnknownThenFalse() {
    KeyRing ring = KeyRing.generate();
    byte[] out = new byte[32];
    assertThat(ring.hashInto(2, new byte[] {1}, 1, out)).isFalse();
    assertThat(ring.hashInto(0, new byte[] {1}, 1, out)).isFalse();
    assertThat(ring.hashInto(9999, new byte[] {1}, 1, out)).isFalse();
    assertThat(out).containsOnly(0);
  }

  @Test
  void encryptThenDecryptReturnsTheSecret() {
    KeyRing ring = KeyRing.generate();
    byte[] sealed = ring.encrypt("tok_1", SECRET);
    assertThat(ring.decrypt("tok_1", sealed)).isEqualTo(SECRET);
  }

  @Test
  void encryptUsesAFreshNonceEachTime() {
    KeyRing ring = KeyRing.generate();
    assertThat(ring.encrypt("tok_1", SECRET)).isNotEqualTo(ring.encrypt("tok_1", SECRET));
  }

  @Test
  void decryptWhenCiphertextIsMovedToAnotherTokenThenRefused() {
    KeyRing ring = KeyRing.generate();
    byte[] sealed = ring.encrypt("tok_1", SECRET);
    assertThatThrownBy(() -> ring.decrypt("tok_2", sealed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(String.format(KeyRing.ERR_DECRYPT, "tok_2"));
  }

  @Test
  void decryptWhenCiphertextIsAlteredThenRefused() {
    KeyRing ring = KeyRing.generate();
    byte[] sealed = ring.encrypt("tok_1", SECRET);
    sealed[sealed.length - 1] ^= 1;
    assertThatThrownBy(() -> ring.decrypt("tok_1", sealed))
        .hasMessage(String.format(KeyRing.ERR_DECRYPT, "tok_1"));
  }

  @Test
  void decryptAfterRotationUsesTheKeyNamedInTheCiphertext() {
    KeyRing ring = KeyRing.generate();
    byte[] sealed = ring.encrypt("tok_1", SECRET);
    KeyRing rotated = ring.rotate();
    assertThat(rotated.decrypt("tok_1", sealed)).isEqualTo(SECRET);
    byte[] newer = rotated.encrypt("tok_1", SECRET);
    assertThatThrownBy(() -> ring.decrypt("tok_1", newer))
        .hasMessage(String.format(KeyRing.ERR_DECRYPT, "tok_1"));
  }

  @Test
  void ciphertextDoesNotContainTheSecret() {
    byte[] sealed = KeyRing.generate().encrypt("tok_1", SECRET);
    String asText = new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(asText).doesNotContain(SECRET.substring(6, 20));
  }

  @Test
  void toStringShowsKeyIdsOnly() {
    KeyRing ring = KeyRing.generate();
    assertThat(ring.toString()).isEqualTo("KeyRing{keyIds=[1], newest=1}");
    assertThat(Arrays.toString(ring.keyIds())).isEqualTo("[1]");
  }
}
