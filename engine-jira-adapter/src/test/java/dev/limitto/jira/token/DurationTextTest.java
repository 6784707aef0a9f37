package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "30s, PT30S",
    "15m, PT15M",
    "12h, PT12H",
    "7d, PT168H",
    "2w, PT336H",
    "1d12h, PT36H",
    "1h30m, PT1H30M",
    "' 2W ', PT336H"
  })
  void parseWhenNumberAndUnitThenThatDuration(String text, String iso) {
    assertThat(DurationText.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", "d", "30", "30x", "1.5d", "-1d", "12h1d", "1d1d", "PT1H",
      "1234567890d", "30 d"})
  void parseWhenNotANumberAndAUnitThenRefusedQuotingTheText(String text) {
    assertThatThrownBy(() -> DurationText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(String.format(DurationText.ERR_DURATION, text));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0d", "0m0s"})
  void parseWhenZeroThenRefused(String text) {
    assertThatThrownBy(() -> DurationText.parse(text))
        .hasMessage(String.format(DurationText.ERR_ZERO, text));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "PT8760H, 365d",
    "PT36H, 1d12h",
    "PT90S, 1m30s",
    "PT0.5S, 500ms",
    "PT0S, 0",
    "PT2S, 2s"
  })
  void formatWhenDurationThenAsAnAdminWritesIt(String iso, String text) {
    assertThat(DurationText.format(Duration.parse(iso))).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"365d", "1d12h", "45s", "3h20m5s"})
  void formatWhenParsedTextThenReadsBackTheSame(String text) {
    assertThat(DurationText.format(DurationText.parse(text))).isEqualTo(text);
  }
}
