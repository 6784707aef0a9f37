package dev.limitto.cli.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import dev.limitto.cli.data.DataDirectory;
import dev.limitto.jira.upstream.UpstreamCredential;
import dev.limitto.jira.upstream.UpstreamCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code token create|edit --upstream-bearer-file|--upstream-basic-file|--no-upstream}: the
 * credential is bound sealed, never printed, never in the audit, and a bad file creates nothing.
 */
class TokenUpstreamCredentialTest {

  static final String PAT = "NDk0MzQ2Njc4OTE0OjJ0aGlzaXNhcGF0";
  static final String CLOUD = "ci@example.com:ATATT3xFfGF0secretcloudtoken";

  @TempDir Path tmp;
  private Path data;
  private Path rules;

  @BeforeEach
  void dataDirectory() throws Exception {
    data = tmp.resolve("data");
    Files.createDirectories(data);
    rules = tmp.resolve("rules");
    Files.writeString(rules, "[get]{base}/rest/api/2/issue/KANBAN-[0-9]+\n");
  }

  private CliRun token(String... args) {
    String[] all = Stream.concat(Stream.of("token"),
        Stream.concat(Stream.of(args), Stream.of("--data", data.toString())))
        .toArray(String[]::new);
    return CliRun.run("", all);
  }

  private String authorization(String id) {
    DataDirectory dir = DataDirectory.existing(data.toString());
    DataDirectory.OpenStore store = dir.openStore();
    try {
      return UpstreamCredentials.open(store.source(), dir.keys(store)).authorization(id)
          .orElse(null);
    } finally {
      store.store().close();
      store.source().closeIfOpenHere();
    }
  }

  private String allFiles() throws Exception {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.walk(data)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        sb.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
    }
    return sb.toString();
  }

  private static String id(CliRun run) {
    Matcher m = Pattern.compile("Created token (\\S+) ").matcher(run.out());
    assertThat(m.find()).as(run.out()).isTrue();
    return m.group(1);
  }

  @Test
  void createWithBearerFileBindsThePatSealedAndNeverPrintsIt() throws Exception {
    Path pat = tmp.resolve("pat");
    Files.writeString(pat, PAT + "\n");
    CliRun run = token("create", "--user", "demo", "--limit-to", rules.toString(),
        "--upstream-bearer-file", pat.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Upstream credential bound: Bearer (personal access token,"
        + " hidden)").doesNotContain(PAT);
    assertThat(authorization(id(run))).isEqualTo("Bearer " + PAT);
    // sealed in the database, and not in the audit
    assertThat(allFiles()).doesNotContain(PAT);
  }

  @Test
  void editWithBasicFileBindsUserAndApiTokenAndNoUpstreamRemovesIt() throws Exception {
    String id = id(token("create", "--user", "demo", "--limit-to", rules.toString()));
    Path cred = tmp.resolve("cloud");
    Files.writeString(cred, CLOUD);
    CliRun edit = token("edit", id, "--upstream-basic-file", cred.toString());
    assertThat(edit.exitCode()).as(edit.err()).isZero();
    assertThat(edit.out()).contains("Basic as ci@example.com (API token hidden)")
        .doesNotContain("ATATT3xFfGF0secretcloudtoken");
    assertThat(authorization(id)).isEqualTo("Basic " + Base64.getEncoder()
        .encodeToString(CLOUD.getBytes(StandardCharsets.UTF_8)));
    assertThat(allFiles()).doesNotContain("ATATT3xFfGF0secretcloudtoken");

    CliRun remove = token("edit", id, "--no-upstream");
    assertThat(remove.exitCode()).as(remove.err()).isZero();
    assertThat(authorization(id)).isNull();
  }

  @Test
  void badCredentialFileIsRefusedAndCreatesNoToken() throws Exception {
    Path bad = tmp.resolve("bad");
    Files.writeString(bad, "no-colon-here");
    CliRun run = token("create", "--user", "demo", "--limit-to", rules.toString(),
        "--upstream-basic-file", bad.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--upstream-basic-file " + bad + ": "
        + UpstreamCredential.ERR_BASIC_FORM);
    CliRun list = token("list");
    assertThat(list.out()).doesNotContain("tok_");
  }

  @Test
  void bothCredentialKindsAtOnceAreRefused() throws Exception {
    Path f = tmp.resolve("f");
    Files.writeString(f, "x:y");
    CliRun run = token("create", "--user", "demo", "--limit-to", rules.toString(),
        "--upstream-basic-file", f.toString(), "--upstream-bearer-file", f.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains(UpstreamOptions.ERR_BOTH);
  }
}
