package dev.limitto.cli.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import dev.limitto.cli.data.DataDirectory;
import dev.limitto.cli.data.SampleUsers;
import dev.limitto.jira.user.InMemoryUserDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code token create} runs as the server's administrator: the creation settings' groups and
 * group lifetimes do not bind it, the maximum of active tokens per user does.
 */
class TokenCreationLimitsCommandTest {

  @TempDir Path tmp;
  private Path data;
  private Path settings;

  @BeforeEach
  void dataDirectory() throws Exception {
    data = tmp.resolve("data");
    Files.createDirectories(data);
    settings = data.resolve(DataDirectory.SETTINGS_FILE);
  }

  private CliRun token(String... args) {
    return CliRun.token(data, args);
  }

  @Test
  void createBeyondTheMaximumPerUserIsRefusedNamingTheSettingAndNothingIsCreated()
      throws Exception {
    Files.writeString(settings, "limitto.token.max.active.per.user = 2\n");
    assertThat(token("create", "--user", "alice", "--unrestricted").exitCode()).isZero();
    assertThat(token("create", "--user", "alice@example.com", "--unrestricted").exitCode())
        .isZero();

    CliRun third = token("create", "--user", "alice", "--unrestricted");

    assertThat(third.exitCode()).as(third.out()).isEqualTo(ExitCode.USAGE);
    assertThat(third.errLine()).isEqualTo("limit-to token create: alice already has 2 active"
        + " token(s), the maximum per user (limitto.token.max.active.per.user=2); revoke one"
        + " first");
    assertThat(third.out()).doesNotContain("ltk_");
    assertThat(token("list").outLines()).hasSize(3); // a header and two tokens
    // another user has a count of their own
    assertThat(token("create", "--user", "bob", "--unrestricted").exitCode()).isZero();
  }

  @Test
  void groupLifetimesDoNotBindTheAdministratorButTheMaximumLifetimeDoes() throws Exception {
    Files.writeString(settings, "limitto.token.create.self.groups = jira-users\n"
        + "limitto.token.group.max.lifetime = jira-users:30d\n"
        + "limitto.token.max.lifetime = 100d\n");

    CliRun created = token("create", "--user", "alice", "--unrestricted", "--expires-in", "90d");
    CliRun tooLong = token("create", "--user", "alice", "--unrestricted", "--expires-in", "101d");

    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(tooLong.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(tooLong.errLine()).contains("limitto.token.max.lifetime")
        .doesNotContain("limitto.token.group.max.lifetime");
  }

  @Test
  void aMisspeltCreationSettingIsRefusedWithTheNearestKnownOne() throws Exception {
    Files.writeString(settings, "limitto.token.create.others.group = ci-admins\n");

    CliRun created = token("create", "--user", "alice", "--unrestricted");

    assertThat(created.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(created.errLine()).isEqualTo("limit-to token create: " + settings + ":1: unknown"
        + " setting limitto.token.create.others.group (did you mean"
        + " limitto.token.create.others.groups?)");
  }

  @Test
  void theSampleUsersAnswerTheirGroups() {
    InMemoryUserDirectory users = SampleUsers.directory();
    assertThat(users.isInGroup("admin", SampleUsers.ADMINISTRATORS)).isTrue();
    assertThat(users.isInGroup("alice", "JIRA-USERS")).isTrue();
    assertThat(users.isInGroup("alice", SampleUsers.DEVELOPERS)).isTrue();
    assertThat(users.isInGroup("bob", SampleUsers.DEVELOPERS)).isFalse();
    assertThat(users.isInGroup("bob", SampleUsers.ADMINISTRATORS)).isFalse();
    assertThat(users.isInGroup("mallory", SampleUsers.USERS)).isFalse();
  }
}
