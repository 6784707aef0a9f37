package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.jira.token.TokenSettings.RateLimitScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@value TokenSettings#RATE_LIMIT_SCOPE}, as a settings file writes it. */
class RateLimitScopeSettingsTest {

  @TempDir Path dir;

  private static Properties props(String key, String value) {
    Properties p = new Properties();
    p.setProperty(key, value);
    return p;
  }

  @Test
  void absentItIsNodeAsBefore() {
    assertThat(TokenSettings.defaults().rateLimitScope()).isEqualTo(RateLimitScope.NODE);
    assertThat(TokenSettings.fromProperties(new Properties()).rateLimitScope())
        .isEqualTo(RateLimitScope.NODE);
  }

  @Test
  void nodeOrClusterInAnyCaseAndWithBlanks() {
    assertThat(TokenSettings.fromProperties(props(TokenSettings.RATE_LIMIT_SCOPE, "cluster"))
        .rateLimitScope()).isEqualTo(RateLimitScope.CLUSTER);
    assertThat(TokenSettings.fromProperties(props(TokenSettings.RATE_LIMIT_SCOPE, " CLUSTER "))
        .rateLimitScope()).isEqualTo(RateLimitScope.CLUSTER);
    assertThat(TokenSettings.fromProperties(props(TokenSettings.RATE_LIMIT_SCOPE, "Node"))
        .rateLimitScope()).isEqualTo(RateLimitScope.NODE);
    assertThat(TokenSettings.fromProperties(props(TokenSettings.RATE_LIMIT_SCOPE, "cluster"))
        .toBuilder().build().rateLimitScope()).isEqualTo(RateLimitScope.CLUSTER);
  }

  @Test
  void anotherValueIsRefusedNamingTheKeyAndTheChoices() {
    assertThatThrownBy(() -> TokenSettings.fromProperties(
            props(TokenSettings.RATE_LIMIT_SCOPE, "global")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limitto.token.rate.limit.scope: 'global' is not node or cluster");
  }

  @Test
  void aMisspeltKeyIsRefusedWithTheNearestKnownOne() {
    assertThatThrownBy(() -> TokenSettings.fromProperties(
            props("limitto.token.rate.limit.scop", "cluster")))
        .hasMessage("unknown setting limitto.token.rate.limit.scop"
            + " (did you mean limitto.token.rate.limit.scope?)");
    assertThatThrownBy(() -> TokenSettings.fromProperties(
            props("limitto.token.ratelimit.scope", "cluster")))
        .hasMessage("unknown setting limitto.token.ratelimit.scope"
            + " (did you mean limitto.token.rate.limit.scope?)");
  }

  @Test
  void aBadValueInAFileNamesTheFileAndTheLine() throws Exception {
    Path f = dir.resolve("jira-config.properties");
    Files.writeString(f, "limitto.token.auth.type = BASIC\nlimitto.token.rate.limit.scope = nodes\n");

    assertThatThrownBy(() -> TokenSettings.load(f))
        .hasMessage(f + ":2: limitto.token.rate.limit.scope: 'nodes' is not node or cluster");
  }
}
