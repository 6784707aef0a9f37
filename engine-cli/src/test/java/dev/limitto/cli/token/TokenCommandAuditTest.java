package dev.limitto.cli.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.audit.AuditJson;
import dev.limitto.jira.audit.JsonLinesAuditWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token administration through {@code limit-to token} is audited, also while a server holds the
 * main audit log (simulated here by a writer open on {@code DIR/audit}), and
 * {@code limit-to audit} shows it merged with the server's entries by time.
 */
class TokenCommandAuditTest {

  private static final Pattern CREATED = Pattern.compile("Created token (tok_[0-9a-f]+) ");
  private static final Pattern SECRET = Pattern.compile("(?m)^(ltk_[0-9A-Za-z]+)$");
  private static final String ACTOR =
      "cli:" + System.getProperty("user.name", "unknown").toLowerCase(Locale.ROOT);

  @TempDir Path tmp;
  private Path data;

  @BeforeEach
  void dataDirectory() throws IOException {
    data = tmp.resolve("data");
    Files.createDirectories(data);
  }

  private CliRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data";
    all[args.length + 1] = data.toString();
    return CliRun.run("", all);
  }

  private static String group(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group(1);
  }

  @Test
  void createAndRevokeWhenServerHoldsTheAuditLockThenAuditShowsThemMergedByTime()
      throws Exception {
    AuditEntry served;
    String id;
    String secret;
    try (JsonLinesAuditWriter server = JsonLinesAuditWriter.open(
        data.resolve(JsonLinesAuditWriter.DATA_SUBDIRECTORY))) {
      CliRun created = run("token", "create", "--user", "alice", "--label", "ci", "--unrestricted");
      assertThat(created.exitCode()).as(created.err()).isEqualTo(ExitCode.OK);
      id = group(CREATED, created.out());
      secret = group(SECRET, created.out());
      Thread.sleep(5); // distinct times, so the expected order is the only right one
      served = new AuditEntry(AuditEntry.Type.REQUEST, Instant.now(), id, "ci", "alice", "alice",
          "192.0.2.7", "GET", "https://jira.example.com/rest/api/2/myself",
          AuditEntry.ALLOWED, 0, null, 200, 1_000, null, null, List.of());
      server.write(List.of(served));
      Thread.sleep(5);
      CliRun revoked = run("token", "revoke", id);
      assertThat(revoked.exitCode()).as(revoked.err()).isEqualTo(ExitCode.OK);
    }

    CliRun json = run("audit", "--json");
    assertThat(json.exitCode()).as(json.err()).isEqualTo(ExitCode.OK);
    assertThat(json.err()).isEmpty();
    List<AuditEntry> entries = json.outLines().stream().map(AuditJson::parse).toList();
    assertThat(entries).extracting(e -> e.type() + " " + e.action() + " " + e.tokenId())
        .containsExactly("ADMIN CREATE " + id, "REQUEST null " + id, "ADMIN REVOKE " + id);
    assertThat(entries.get(0).actor()).isEqualTo(ACTOR);
    assertThat(entries.get(0).changedFields()).contains("label", "owner");
    assertThat(entries.get(1)).isEqualTo(served);
    assertThat(entries.get(2).actor()).isEqualTo(ACTOR);

    CliRun text = run("audit", "--token", id);
    assertThat(text.outLines()).hasSize(3);
    assertThat(text.outLines().get(0))
        .isEqualTo(entries.get(0).time() + "  ADMIN CREATE  " + id + " (ci)  by " + ACTOR
            + "  changed: " + String.join(",", entries.get(0).changedFields())
            + "  rules: unrestricted");
    assertThat(text.outLines().get(2))
        .isEqualTo(entries.get(2).time() + "  ADMIN REVOKE  " + id + " (ci)  by " + ACTOR);
    assertNoFileUnderAuditContains(secret);
  }

  @Test
  void createAndRevokeWhenNoServerRunsThenAuditShowsThem() throws Exception {
    CliRun created = run("token", "create", "--user", "bob", "--label", "nightly", "--unrestricted");
    String id = group(CREATED, created.out());
    run("token", "revoke", id);

    CliRun text = run("audit");

    assertThat(text.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(text.outLines()).hasSize(2);
    assertThat(text.outLines().get(0)).contains("  ADMIN CREATE  " + id + " (nightly)  by "
        + ACTOR + "  changed: ");
    assertThat(text.outLines().get(1)).endsWith("  ADMIN REVOKE  " + id + " (nightly)  by "
        + ACTOR);
    assertNoFileUnderAuditContains(group(SECRET, created.out()));
  }

  @Test
  void listWhenNothingChangedThenNoAuditEntry() {
    run("token", "list");

    CliRun text = run("audit");

    assertThat(text.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(text.out()).isEmpty();
  }

  @Test
  void revokeWhenAdminLogCannotBeOpenedThenRevokesAnywayAndSaysItWasNotAudited()
      throws Exception {
    String id = group(CREATED,
        run("token", "create", "--user", "bob", "--label", "leaked", "--unrestricted").out());
    Path admin = blockAdminLog();

    CliRun revoked = run("token", "revoke", id);

    assertThat(revoked.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(revoked.out()).startsWith("Revoked " + id + ".");
    assertThat(revoked.err()).contains("warning: cannot open the audit log " + admin)
        .contains("revoking anyway, unaudited")
        .contains("the change was made but could not be written to the audit log " + admin);
    unblockAdminLog(admin);
    CliRun list = run("token", "list");
    assertThat(list.out()).as(list.err()).containsPattern(id + ".*revoked");
  }

  @Test
  void createWhenAdminLogCannotBeOpenedThenNothingIsCreated() throws Exception {
    Path admin = blockAdminLog();

    CliRun created = run("token", "create", "--user", "bob", "--label", "unaudited", "--unrestricted");

    assertThat(created.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(created.out()).doesNotContain("ltk_");
    assertThat(created.err()).contains("cannot open the audit log " + admin)
        .contains("so nothing was changed");
    unblockAdminLog(admin);
    assertThat(run("token", "list").out()).doesNotContain("unaudited");
  }

  /** Puts a regular file where the admin log's directory goes, so that it cannot be opened. */
  private Path blockAdminLog() throws IOException {
    Path admin = AdminSession.adminAuditDirectory(data);
    if (Files.isDirectory(admin)) {
      try (Stream<Path> walk = Files.walk(admin)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(admin.getParent());
    Files.writeString(admin, "not a directory");
    return admin;
  }

  private static void unblockAdminLog(Path admin) throws IOException {
    Files.delete(admin);
  }

  private void assertNoFileUnderAuditContains(String secret) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(data.resolve(JsonLinesAuditWriter.DATA_SUBDIRECTORY))) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      assertThat(new String(Files.readAllBytes(f), StandardCharsets.UTF_8))
          .as(f.toString()).doesNotContain(secret);
    }
  }
}
