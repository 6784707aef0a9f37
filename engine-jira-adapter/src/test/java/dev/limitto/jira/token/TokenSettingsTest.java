package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSettingsTest {

  @TempDir Path dir;

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    TokenSettings s = TokenSettings.defaults();
    assertThat(s.secureMode()).isFalse();
    assertThat(s.maxLifetime()).isEqualTo(Duration.ofDays(365));
    assertThat(s.allowUnbound()).isFalse();
    assertThat(s.authType()).isEqualTo(TokenSettings.AuthType.BASIC);
    assertThat(s.revocationPollInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.cacheMaxStaleness()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.negativeCacheTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.negativeCacheMaxEntries()).isEqualTo(10_000);
    assertThat(s.maxConcurrentStoreLookups()).isEqualTo(4);
    assertThat(s.usageFlushInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void loadReadsSecureModeFromAJiraConfigStyleFile() throws Exception {
    Path f = dir.resolve("jira-config.properties");
    Files.writeString(f, "jira.some.other.setting = 1\nextender.token.secure.mode = true\n"
        + "limitto.token.max.lifetime = 30d\nlimitto.token.auth.type = both\n");
    TokenSettings s = TokenSettings.load(f);
    assertThat(s.secureMode()).isTrue();
    assertThat(s.maxLifetime()).isEqualTo(Duration.ofDays(30));
    assertThat(s.authType()).isEqualTo(TokenSettings.AuthType.BOTH);
  }

  @Test
  void loadWhenFileIsMissingThenDefaults() {
    assertThat(TokenSettings.load(dir.resolve("absent.properties"))).isSameAs(TokenSettings.defaults());
  }

  @Test
  void durationsAcceptUnitsZeroAndIso() {
    assertThat(TokenSettings.duration("x", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(TokenSettings.duration("x", "2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(TokenSettings.duration("x", "15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(TokenSettings.duration("x", "12h")).isEqualTo(Duration.ofHours(12));
    assertThat(TokenSettings.duration("x", "0")).isEqualTo(Duration.ZERO);
    assertThat(TokenSettings.duration("x", "PT3S")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void fromPropertiesWhenDurationIsBadThenNamesTheProperty() {
    assertThatThrownBy(() -> TokenSettings.fromProperties(props(TokenSettings.POLL_INTERVAL, "2 seconds")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(String.format(TokenSettings.ERR_DURATION, TokenSettings.POLL_INTERVAL, "2 seconds"));
  }

  @Test
  void fromPropertiesWhenBooleanIsBadThenNamesTheProperty() {
    assertThatThrownBy(() -> TokenSettings.fromProperties(props(TokenSettings.SECURE_MODE, "yes")))
        .hasMessage(String.format(TokenSettings.ERR_BOOLEAN, TokenSettings.SECURE_MODE, "yes"));
  }

  @Test
  void fromPropertiesWhenAuthTypeIsBadThenNamesTheProperty() {
    assertThatThrownBy(() -> TokenSettings.fromProperties(props(TokenSettings.AUTH_TYPE, "digest")))
        .hasMessage(String.format(TokenSettings.ERR_AUTH_TYPE, TokenSettings.AUTH_TYPE, "digest"));
  }

  @Test
  void fromPropertiesWhenOurPropertyIsMisspeltThenRefusedWithTheNearestKnownOne() {
    assertThatThrownBy(() -> TokenSettings.fromProperties(props("limitto.token.max.lifetme", "1d")))
        .hasMessage(String.format(TokenSettings.ERR_UNKNOWN, "limitto.token.max.lifetme",
            TokenSettings.MAX_LIFETIME));
  }

  @Test
  void loadWhenSecureModeKeyIsMisspeltThenRefusedNamingFileLineAndKnownKey() throws Exception {
    Path f = dir.resolve("jira-config.properties");
    Files.writeString(f, "# settings\njira.some.other.setting = 1\nextender.token.secur.mode = true\n");
    assertThatThrownBy(() -> TokenSettings.load(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(f + ":3: " + String.format(TokenSettings.ERR_UNKNOWN,
            "extender.token.secur.mode", TokenSettings.SECURE_MODE));
  }

  @Test
  void fromPropertiesWhenUnknownKeyOfOurNamespaceIsFarFromAnyThenListsTheKnownOnes() {
    assertThatThrownBy(() -> TokenSettings.fromProperties(props("extender.token.colour", "red")))
        .hasMessage(String.format(TokenSettings.ERR_UNKNOWN_NO_SUGGESTION, "extender.token.colour",
            String.join(", ", new java.util.TreeSet<>(TokenSettings.KNOWN))));
  }

  @Test
  void fromPropertiesWhenSecureModeIsWrittenInTheOtherNamespaceThenSuggestsTheRightOne() {
    assertThatThrownBy(() -> TokenSettings.fromProperties(props("limitto.token.secure.mode", "true")))
        .hasMessage(String.format(TokenSettings.ERR_UNKNOWN, "limitto.token.secure.mode",
            TokenSettings.SECURE_MODE));
  }

  @Test
  void fromPropertiesWhenNamespaceItselfIsMisspeltThenRefused() {
    assertThatThrownBy(() -> TokenSettings.fromProperties(props("extender.tokn.secure.mode", "true")))
        .hasMessage(String.format(TokenSettings.ERR_UNKNOWN, "extender.tokn.secure.mode",
            TokenSettings.SECURE_MODE));
  }

  @Test
  void fromPropertiesWhenKeysAreJirasOrOtherAppsThenAccepted() {
    TokenSettings s = TokenSettings.fromProperties(props("jira.websudo.is.disabled", "true",
        "jira.index.batch.maxqueuesize", "10", "extender.other.app.flag", "x",
        "limittoken", "y"));
    assertThat(s.secureMode()).isFalse();
  }

  @Test
  void loadWhenValueIsBadThenNamesFileLineAndProperty() throws Exception {
    Path f = dir.resolve("jira-config.properties");
    Files.writeString(f, "limitto.token.max.lifetime = \\\n    forever\n");
    assertThatThrownBy(() -> TokenSettings.load(f))
        .hasMessage(f + ":1: "
            + String.format(TokenSettings.ERR_DURATION, TokenSettings.MAX_LIFETIME, "forever"));
  }

  @Test
  void loadWhenKeyFollowsAContinuedValueThenItsOwnLineIsNamed() throws Exception {
    Path f = dir.resolve("jira-config.properties");
    Files.writeString(f, "jira.title = a \\\n  b \\\n  c\n! comment \\\n\nlimitto.token.auth.typ = BASIC\n");
    assertThatThrownBy(() -> TokenSettings.load(f))
        .hasMessageStartingWith(f + ":6: ");
  }

  @Test
  void buildWhenStalenessIsBelowPollIntervalThenRefused() {
    assertThatThrownBy(() -> TokenSettings.builder()
            .revocationPollInterval(Duration.ofSeconds(5)).cacheMaxStaleness(Duration.ofSeconds(2)).build())
        .hasMessage(String.format(TokenSettings.ERR_STALENESS, TokenSettings.MAX_STALENESS, "PT2S",
            TokenSettings.POLL_INTERVAL, "PT5S"));
  }

  @Test
  void pollIntervalMustBePositive() {
    assertThatThrownBy(() -> TokenSettings.builder().revocationPollInterval(Duration.ZERO))
        .hasMessage(String.format(TokenSettings.ERR_POSITIVE, TokenSettings.POLL_INTERVAL, "PT0S"));
  }
}
