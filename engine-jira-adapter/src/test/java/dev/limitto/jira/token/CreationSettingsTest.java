package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings of who may create tokens, as a settings file writes them. */
class CreationSettingsTest {

  @TempDir Path dir;

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void absentTheyAreNoneAdministratorsOnlyAndNoMaximum() {
    assertThat(TokenSettings.defaults().creation()).isSameAs(CreationPolicy.NONE);
    assertThat(TokenSettings.fromProperties(props()).creation()).isSameAs(CreationPolicy.NONE);
    assertThat(CreationPolicy.NONE.allowsNonAdmins()).isFalse();
    assertThat(CreationPolicy.NONE.maxActivePerUser()).isZero();
  }

  @Test
  void loadReadsGroupListsLifetimesAndTheMaximum() throws Exception {
    Path f = dir.resolve("jira-config.properties");
    Files.writeString(f, String.join("\n",
        "limitto.token.create.self.groups = jira-users, , Jira-Users,developers",
        "limitto.token.create.others.groups = ci-admins",
        "limitto.token.group.max.lifetime = jira-users:30d, ci-admins : 365d, developers:PT12H",
        "limitto.token.max.active.per.user = 5", ""));

    CreationPolicy c = TokenSettings.load(f).creation();

    assertThat(c.selfGroups()).containsExactly("jira-users", "developers");
    assertThat(c.othersGroups()).containsExactly("ci-admins");
    assertThat(c.lifetimes()).containsExactly(Map.entry("jira-users", Duration.ofDays(30)),
        Map.entry("ci-admins", Duration.ofDays(365)), Map.entry("developers", Duration.ofHours(12)));
    assertThat(c.lifetimeOf("CI-ADMINS")).isEqualTo(Duration.ofDays(365));
    assertThat(c.maxActivePerUser()).isEqualTo(5);
    assertThat(c.allowsNonAdmins()).isTrue();
  }

  @Test
  void aMisspeltKeyIsRefusedWithTheNearestKnownOne() {
    assertThatThrownBy(() -> TokenSettings.fromProperties(
            props("limitto.token.create.self.group", "jira-users")))
        .hasMessage("unknown setting limitto.token.create.self.group"
            + " (did you mean limitto.token.create.self.groups?)");
    assertThatThrownBy(() -> TokenSettings.fromProperties(
            props("limitto.token.max.active.per.users", "3")))
        .hasMessage("unknown setting limitto.token.max.active.per.users"
            + " (did you mean limitto.token.max.active.per.user?)");
    assertThatThrownBy(() -> TokenSettings.fromProperties(
            props("limitto.token.group.max.lifetimes", "jira-users:30d")))
        .hasMessageContaining("did you mean limitto.token.group.max.lifetime?");
  }

  @Test
  void badValuesAreRefusedNamingTheSettingFileAndLine() throws Exception {
    Path f = dir.resolve("jira-config.properties");
    Files.writeString(f, "limitto.token.create.self.groups = jira-users\n"
        + "limitto.token.group.max.lifetime = jira-users=30d\n");
    assertThatThrownBy(() -> TokenSettings.load(f))
        .hasMessage(f + ":2: limitto.token.group.max.lifetime: 'jira-users=30d' is not"
            + " GROUP:DURATION (e.g. jira-users:30d, ci-admins:365d)");

    assertThatThrownBy(() -> TokenSettings.fromProperties(props(
            TokenSettings.CREATE_SELF_GROUPS, "jira-users",
            TokenSettings.GROUP_MAX_LIFETIME, "jira-users:a month")))
        .hasMessage("limitto.token.group.max.lifetime: 'a month' is not a duration"
            + " (e.g. 500ms, 2s, 15m, 12h, 30d)");
    assertThatThrownBy(() -> TokenSettings.fromProperties(props(
            TokenSettings.CREATE_SELF_GROUPS, "jira-users",
            TokenSettings.GROUP_MAX_LIFETIME, "jira-users:0")))
        .hasMessage("limitto.token.group.max.lifetime: the lifetime of group jira-users must be"
            + " positive, was 0");
    assertThatThrownBy(() -> TokenSettings.fromProperties(props(
            TokenSettings.CREATE_SELF_GROUPS, "jira-users",
            TokenSettings.GROUP_MAX_LIFETIME, "jira-users:30d,JIRA-USERS:60d")))
        .hasMessage("limitto.token.group.max.lifetime: group JIRA-USERS is given twice");
    assertThatThrownBy(() -> TokenSettings.fromProperties(props(
            TokenSettings.MAX_ACTIVE_PER_USER, "-1")))
        .hasMessage("limitto.token.max.active.per.user must not be negative, was -1");
    assertThatThrownBy(() -> TokenSettings.fromProperties(props(
            TokenSettings.MAX_ACTIVE_PER_USER, "five")))
        .hasMessage("limitto.token.max.active.per.user: 'five' is not a whole number");
  }

  @Test
  void aLifetimeForAGroupThatMayNotCreateIsRefusedAsLikelyATypo() throws Exception {
    Path f = dir.resolve("jira-config.properties");
    Files.writeString(f, "limitto.token.create.self.groups = jira-users\n"
        + "limitto.token.group.max.lifetime = jira-user:30d\n");
    assertThatThrownBy(() -> TokenSettings.load(f))
        .hasMessage(f + ":2: limitto.token.group.max.lifetime: group jira-user may not create"
            + " tokens (it is in neither limitto.token.create.self.groups nor"
            + " limitto.token.create.others.groups), so a lifetime for it has no effect");
    assertThatThrownBy(() -> CreationPolicy.of(List.of(), List.of(),
            Map.of("jira-users", Duration.ofDays(1)), 0))
        .hasMessageContaining("group jira-users may not create tokens");
  }

  @Test
  void toBuilderKeepsThePolicy() {
    CreationPolicy c = CreationPolicy.of(List.of("a"), List.of(), Map.of(), 3);
    TokenSettings s = TokenSettings.builder().creation(c).build();
    assertThat(s.toBuilder().secureMode(true).build().creation()).isSameAs(c);
  }
}
