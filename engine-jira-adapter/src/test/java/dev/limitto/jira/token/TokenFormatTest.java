package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.token.crypto.KeyRing;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TokenFormatTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final KeyRing KEYS = KeyRing.generate();

  private static int parse(String s) {
    return TokenFormat.parse(s, new byte[TokenFormat.LENGTH], new CRC32());
  }

  @Test
  void generateThenParseReturnsTheKeyId() {
    java.util.Map<Integer, byte[]> masters = new java.util.HashMap<>();
    for (int keyId : new int[] {1, 2, 61, 62, 3843}) {
      masters.put(keyId, new byte[KeyRing.KEY_BYTES]);
    }
    KeyRing ring = KeyRing.of(masters);
    for (int keyId : masters.keySet()) {
      String t = TokenFormat.generate(keyId, ring, RANDOM);
      assertThat(t).hasSize(TokenFormat.LENGTH).startsWith(TokenFormat.PREFIX);
      assertThat(parse(t)).isEqualTo(keyId);
    }
  }

  @Test
  void generateDrawsAtLeast256BitsOfRandomBase62() {
    assertThat(TokenFormat.RANDOM_CHARS * Math.log(62) / Math.log(2)).isGreaterThanOrEqualTo(256);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      seen.add(TokenFormat.generate(1, KEYS, RANDOM));
    }
    assertThat(seen).hasSize(1000);
  }

  @Test
  void scannerRegexFindsATokenInTextAndNotAMangledOne() {
    String t = TokenFormat.generate(1, KEYS, RANDOM);
    Pattern p = Pattern.compile(TokenFormat.SCANNER_REGEX);
    assertThat(p.matcher("export JIRA_TOKEN=" + t + "\n").find()).isTrue();
    assertThat(p.matcher("password: \"" + t + "\"").find()).isTrue();
    assertThat(p.matcher(t.substring(0, TokenFormat.LENGTH - 1)).find()).isFalse();
    assertThat(p.matcher(t + "x").find()).isFalse();
    assertThat(com.google.re2j.Pattern.compile(TokenFormat.SCANNER_REGEX).matcher(t).find()).isTrue();
  }

  @Test
  void tagVerifiesUnderTheIssuingKeyOnly() {
    String t = TokenFormat.generate(1, KEYS, RANDOM);
    byte[] ascii = new byte[TokenFormat.LENGTH];
    assertThat(TokenFormat.parse(t, ascii, new CRC32())).isEqualTo(1);
    byte[] mac = new byte[KeyRing.TAG_BYTES];
    byte[] tag = new byte[TokenFormat.TAG_CHARS];
    assertThat(TokenFormat.tagVerifies(ascii, 1, KEYS, mac, tag)).isTrue();
    assertThat(TokenFormat.tagVerifies(ascii, 1, KeyRing.generate(), mac, tag)).isFalse();
    assertThat(TokenFormat.tagVerifies(ascii, 2, KEYS, mac, tag)).isFalse();
  }

  @Test
  void untaggedTokensOfTheEarlierFormatStillParseAndMatchTheScanner() {
    String old = TokenFormat.generateUntagged(1, RANDOM);
    assertThat(old).hasSize(TokenFormat.UNTAGGED_LENGTH);
    assertThat(parse(old)).isEqualTo(1);
    assertThat(Pattern.compile(TokenFormat.SCANNER_REGEX).matcher("t=" + old + ";").find()).isTrue();
    assertThat(Pattern.compile(TokenFormat.SCANNER_REGEX).matcher(old + "abc").find()).isFalse();
  }

  @Test
  void parseWhenTruncatedThenBadLength() {
    String t = TokenFormat.generate(1, KEYS, RANDOM);
    assertThat(parse(t.substring(0, TokenFormat.LENGTH - 1))).isEqualTo(TokenFormat.BAD_LENGTH);
  }

  @Test
  void parseWhenOverlongThenBadLength() {
    String t = TokenFormat.generate(1, KEYS, RANDOM);
    assertThat(parse(t + "A")).isEqualTo(TokenFormat.BAD_LENGTH);
  }

  @Test
  void parseWhenNonAsciiThenBadNonAscii() {
    String t = TokenFormat.generate(1, KEYS, RANDOM);
    assertThat(parse(t.substring(0, 20) + "\u00e9" + t.substring(21))).isEqualTo(TokenFormat.BAD_NON_ASCII);
    // a fullwidth digit looks like a digit but is not ASCII
    assertThat(parse(t.substring(0, 20) + "\uff11" + t.substring(21))).isEqualTo(TokenFormat.BAD_NON_ASCII);
  }

  @Test
  void parseWhenOutsideBase62ThenBadAlphabet() {
    String t = TokenFormat.generate(1, KEYS, RANDOM);
    assertThat(parse(t.substring(0, 20) + "-" + t.substring(21))).isEqualTo(TokenFormat.BAD_ALPHABET);
    assertThat(parse(t.substring(0, 20) + "_" + t.substring(21))).isEqualTo(TokenFormat.BAD_ALPHABET);
  }

  @Test
  void parseWhenChecksumWrongThenBadChecksum() {
    String t = TokenFormat.generate(1, KEYS, RANDOM);
    char last = t.charAt(TokenFormat.LENGTH - 1);
    String fake = t.substring(0, TokenFormat.LENGTH - 1) + (last == 'a' ? 'b' : 'a');
    assertThat(parse(fake)).isEqualTo(TokenFormat.BAD_CHECKSUM);
  }

  @Property(tries = 500)
  void parseWhenAnyOneCharacterIsChangedThenRefused(
      @ForAll @IntRange(min = 4, max = TokenFormat.LENGTH - 1) int position,
      @ForAll @IntRange(min = 1, max = 61) int shift) {
    String t = TokenFormat.generate(1, KEYS, RANDOM);
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    char replaced = alphabet.charAt((alphabet.indexOf(t.charAt(position)) + shift) % 62);
    String typo = t.substring(0, position) + replaced + t.substring(position + 1);
    assertThat(parse(typo)).isEqualTo(TokenFormat.BAD_CHECKSUM);
  }

  @Test
  void hasOurPrefixChecksPrefixAndPlausibleLengthOnly() {
    assertThat(TokenFormat.hasOurPrefix("ltk_x")).isTrue();
    assertThat(TokenFormat.hasOurPrefix("ltk_")).isFalse();
    assertThat(TokenFormat.hasOurPrefix("ltk_" + "a".repeat(TokenFormat.MAX_PLAUSIBLE_LENGTH))).isFalse();
    assertThat(TokenFormat.hasOurPrefix("LTK_" + "a".repeat(52))).isFalse();
    assertThat(TokenFormat.hasOurPrefix("hunter2")).isFalse();
  }

  @Test
  void isLegacyShapedAcceptsBase64LikeSecretsOnly() {
    assertThat(TokenFormat.isLegacyShaped("abcDEF0123456789+/=-._~")).isTrue();
    assertThat(TokenFormat.isLegacyShaped("short")).isFalse();
    assertThat(TokenFormat.isLegacyShaped("with space inside it")).isFalse();
    assertThat(TokenFormat.isLegacyShaped("colon:inside:is:not:ok")).isFalse();
    assertThat(TokenFormat.isLegacyShaped("ltk_" + "a".repeat(30))).isFalse();
    assertThat(TokenFormat.isLegacyShaped("a".repeat(TokenFormat.LEGACY_MAX_LENGTH + 1))).isFalse();
  }
}
