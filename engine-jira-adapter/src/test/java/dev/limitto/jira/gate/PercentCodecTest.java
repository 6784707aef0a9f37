package dev.limitto.jira.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The adapter's one percent-decoding: lenient as containers are, or strict for the admin API. */
class PercentCodecTest {

  private static String lenient(String s) {
    return PercentCodec.decode(s, 0, s.length(), StandardCharsets.UTF_8, false);
  }

  @Test
  void lenientDecodingKeepsAMalformedEscapeAsItIs() {
    assertThat(lenient("os%5Fusername")).isEqualTo("os_username");
    assertThat(lenient("a+b%20c")).isEqualTo("a b c");
    assertThat(lenient("100%")).isEqualTo("100%");
    assertThat(lenient("%zz")).isEqualTo("%zz");
    assertThat(lenient("%C3%A9")).isEqualTo("\u00e9");
  }

  @Test
  void strictDecodingRefusesWhatLenientDecodingKeeps() {
    assertThat(PercentCodec.decodeStrict("a+b%2Fc%C3%A9")).isEqualTo("a b/c\u00e9");
    assertThatThrownBy(() -> PercentCodec.decodeStrict("100%"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PercentCodec.decodeStrict("%zz"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PercentCodec.decodeStrict("%C3"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hexValueReadsAsciiHexDigitsOnly() {
    assertThat(PercentCodec.hexValue('f')).isEqualTo(15);
    assertThat(PercentCodec.hexValue('F')).isEqualTo(15);
    assertThat(PercentCodec.hexValue('9')).isEqualTo(9);
    assertThat(PercentCodec.hexValue('g')).isEqualTo(-1);
    assertThat(PercentCodec.hexValue('\uff10')).isEqualTo(-1); // fullwidth zero
  }
}
