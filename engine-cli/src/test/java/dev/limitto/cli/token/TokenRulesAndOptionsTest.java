package dev.limitto.cli.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import dev.limitto.cli.data.DataDirectory;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.AuthResult;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule counts, unrestricted tokens and every option of {@code token create} and {@code token
 * edit}, in-process through picocli on a data directory without a running server. Where a token's
 * behaviour matters (allow-list, import), it is checked with the authenticator the gate uses.
 */
class TokenRulesAndOptionsTest {

  private static final Pattern CREATED = Pattern.compile("Created token (tok_[0-9a-f]+) ");
  private static final Pattern SECRET = Pattern.compile("(?m)^(ltk_[0-9A-Za-z]+)$");
  /** Two effective lines among comments and blank lines. */
  private static final String TWO_LINES = "# readers of KANBAN\n\n[get].*/rest/api/2/issue/KANBAN-.*"
      + "\n# [post].*/rest/api/2/issue\n[get].*/rest/api/2/search.*\n\n";
  private static final String LEGACY_SECRET = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==";

  @TempDir Path tmp;
  private Path data;

  @BeforeEach
  void dataDirectory() throws Exception {
    data = tmp.resolve("data");
    Files.createDirectories(data);
  }

  private CliRun token(String... args) {
    return CliRun.token(data, args);
  }

  private Path file(String name, String text) throws Exception {
    return Files.writeString(tmp.resolve(name), text);
  }

  private void settings(String text) throws Exception {
    Files.writeString(data.resolve(DataDirectory.SETTINGS_FILE), text);
  }

  private static String group(Pattern p, CliRun run) {
    Matcher m = p.matcher(run.out());
    assertThat(m.find()).as(run.out() + run.err()).isTrue();
    return m.group(1);
  }

  private StoredToken stored(String id) {
    try (AdminSession s = AdminSession.open(data.toString(), null)) {
      return s.tokens.find(id).orElseThrow();
    }
  }

  private AuthResult authenticate(String secret, String user, String address) {
    try (AdminSession s = AdminSession.open(data.toString(), null)) {
      s.tokens.authenticator().refresh();
      return s.tokens.authenticator().authenticate(secret, user, address);
    }
  }

  // ---- rules: effective lines, refused empty rules, explicit unrestricted

  @Test
  void createWhenRulesFileHasOnlyCommentsAndBlankLinesThenRefusedNamingTheFile() throws Exception {
    Path rules = file("commented.rules", "# [get].*/rest/api/2/issue/KANBAN-1\n\n# [delete].*\n");

    CliRun created = token("create", "--user", "alice", "--limit-to", rules.toString());

    assertThat(created.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(created.errLine()).isEqualTo("limit-to token create: "
        + String.format(TokenCreateCommand.ERR_RULES_FILE_EMPTY, rules));
    assertThat(created.out()).isEmpty();
    assertThat(token("list").outLines()).containsExactly(TokenListCommand.HEADER);
  }

  @Test
  void createWhenNeitherLimitToNorUnrestrictedThenRefused() {
    CliRun created = token("create", "--user", "alice");

    assertThat(created.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(created.errLine())
        .isEqualTo("limit-to token create: " + TokenCreateCommand.ERR_NO_RULES);
  }

  @Test
  void createWhenUnrestrictedWithLimitToThenRefused() throws Exception {
    CliRun created = token("create", "--user", "alice", "--unrestricted", "--limit-to",
        file("r.rules", TWO_LINES).toString());

    assertThat(created.errLine()).isEqualTo(
        "limit-to token create: " + TokenCreateCommand.ERR_UNRESTRICTED_AND_RULES);
  }

  @Test
  void createWhenUnrestrictedThenShownUnrestrictedInCreateListShowAndAudit() {
    CliRun created = token("create", "--user", "alice", "--label", "open", "--unrestricted");
    String id = group(CREATED, created);

    assertThat(created.out()).contains(", " + TokenText.UNRESTRICTED + ".\n");
    assertThat(token("list").outLines())
        .anySatisfy(l -> assertThat(l).startsWith(id).endsWith("open / unrestricted"));
    assertThat(token("show", id).out()).contains("limit to:   unrestricted\n");
    assertThat(CliRun.run("", "audit", "--data", data.toString()).out())
        .contains("ADMIN CREATE  " + id + " (open)").contains("rules: unrestricted");
  }

  @Test
  void countsWhenRulesHoldCommentsAndBlankLinesThenEffectiveLinesEverywhere() throws Exception {
    Path rules = file("two.rules", TWO_LINES);

    CliRun created = token("create", "--user", "alice", "--label", "reader", "--limit-to",
        rules.toString());
    String id = group(CREATED, created);
    CliRun snippet = token("snippet", id);

    assertThat(created.out()).contains(", limited to 2 rule line(s).\n");
    assertThat(token("list").outLines())
        .anySatisfy(l -> assertThat(l).startsWith(id).endsWith("reader / 2 rule line(s)"));
    assertThat(token("show", id).out()).contains("limit to:   2 rule line(s)\n  # readers");
    assertThat(snippet.err()).isEqualTo(id + ": limited to 2 rule line(s): the example request"
        + " runs only if one of them allows it\n");
    assertThat(CliRun.run("", "audit", "--data", data.toString()).out())
        .contains("ADMIN CREATE  " + id + " (reader)").contains("rules: 2 line(s)");
  }

  // ---- create: allow-list, run-as, unbound, expiry

  @Test
  void createWithIpThenTheAuthenticatorRefusesAnotherAddress() throws Exception {
    CliRun created = token("create", "--user", "alice", "--unrestricted", "--ip",
        "10.0.0.0/8,192.0.2.7", "--ip", "2001:db8::/32");
    String secret = group(SECRET, created);

    assertThat(created.out()).contains("from 10.0.0.0/8, 192.0.2.7, 2001:db8::/32 only");
    assertThat(authenticate(secret, "alice", "10.1.2.3")).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(authenticate(secret, "alice", "2001:db8::5"))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(authenticate(secret, "alice", "192.0.2.8")).isInstanceOfSatisfying(
        AuthResult.Refused.class,
        r -> assertThat(r.reason()).isEqualTo(AuthResult.Reason.ADDRESS_NOT_ALLOWED));
  }

  @Test
  void createWithIpWhenHostNameThenRefusedNamingTheOptionAndNothingCreated() {
    CliRun created = token("create", "--user", "alice", "--unrestricted", "--ip", "example.com");

    assertThat(created.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(created.errLine()).isEqualTo("limit-to token create: --ip: allow-list entry 1"
        + " ('example.com') is not an IPv4 or IPv6 address literal");
    assertThat(token("list").outLines()).hasSize(1);
  }

  @Test
  void createWithRunAsThenTheTokenMayActAsAnotherUser() {
    CliRun created = token("create", "--user", "alice", "--unrestricted", "--run-as");
    String id = group(CREATED, created);

    assertThat(stored(id).runAsAllowed()).isTrue();
    assertThat(created.out()).contains("may run as other users (contextUser)");
    assertThat(token("show", id).out()).contains("run as:     allowed (contextUser)\n");
  }

  @Test
  void createUnboundWhenAllowedThenOwnerIsAnyUserAndListFlagsIt() throws Exception {
    settings(TokenSettings.ALLOW_UNBOUND + "=true\n");

    CliRun created = token("create", "--unbound", "--unrestricted");
    String secret = group(SECRET, created);

    assertThat(created.out()).contains(" for any user (unbound), ");
    assertThat(token("list").outLines()).last().isEqualTo(
        String.format(TokenListCommand.WARN_UNBOUND, 1));
    assertThat(authenticate(secret, "bob", "192.0.2.1")).isInstanceOfSatisfying(
        AuthResult.Authenticated.class, a -> assertThat(a.principal().userName()).isEqualTo("bob"));
  }

  @Test
  void createUnboundWhenNotAllowedThenRefusedNamingTheSetting() {
    CliRun created = token("create", "--unbound", "--unrestricted");

    assertThat(created.errLine())
        .isEqualTo("limit-to token create: " + TokenService.ERR_UNBOUND_DISABLED);
  }

  @Test
  void createWhenUserAndUnboundOrNeitherThenRefused() {
    assertThat(token("create", "--user", "alice", "--unbound", "--unrestricted").errLine())
        .isEqualTo("limit-to token create: " + TokenCreateCommand.ERR_USER_AND_UNBOUND);
    assertThat(token("create", "--unrestricted").errLine())
        .isEqualTo("limit-to token create: " + TokenCreateCommand.ERR_NO_OWNER);
  }

  @Test
  void createWhenLifetimeBeyondTheMaximumThenErrorQuotesTheAdminsDurations() {
    CliRun created = token("create", "--user", "alice", "--unrestricted", "--expires-in", "400d");

    assertThat(created.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(created.errLine()).isEqualTo("limit-to token create: "
        + String.format(ExpiryOptions.ERR_TOO_LONG, "--expires-in", "400d", "365d"))
        .doesNotContain("PT");
  }

  @Test
  void createWhenExpiresDateBeyondTheMaximumThenMaximumShownAsADuration() {
    String date = LocalDate.now(ZoneOffset.UTC).plusDays(400).toString();

    CliRun created = token("create", "--user", "alice", "--unrestricted", "--expires", date);

    assertThat(created.errLine()).contains("maximum lifetime of 365d from now")
        .doesNotContain("PT8760H");
  }

  @Test
  void createWhenWeeksOrDaysOrDateThenExpiresAccordingly() {
    Instant before = Instant.now();
    String weeks = group(CREATED, token("create", "--user", "alice", "--unrestricted",
        "--expires-in", "2w"));
    String days = group(CREATED, token("create", "--user", "alice", "--unrestricted",
        "--days", "3"));
    LocalDate date = LocalDate.now(ZoneOffset.UTC).plusDays(10);
    String at = group(CREATED, token("create", "--user", "alice", "--unrestricted",
        "--expires", date.toString()));

    assertThat(stored(weeks).expiresAt()).isBetween(before.plus(Duration.ofDays(14)),
        Instant.now().plus(Duration.ofDays(14)));
    assertThat(stored(days).expiresAt()).isBetween(before.plus(Duration.ofDays(3)),
        Instant.now().plus(Duration.ofDays(3)));
    assertThat(stored(at).expiresAt())
        .isEqualTo(date.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  @Test
  void createWhenSeveralExpiryOptionsThenRefused() {
    assertThat(token("create", "--user", "alice", "--unrestricted", "--days", "3",
        "--expires-in", "3d").errLine())
        .isEqualTo("limit-to token create: " + ExpiryOptions.ERR_SEVERAL);
  }

  // ---- edit

  @Test
  void editWhenLabelRulesExpiryIpAndRunAsGivenThenChangedAndAuditedAsOneEdit() throws Exception {
    String id = group(CREATED, token("create", "--user", "alice", "--unrestricted"));
    Path rules = file("two.rules", TWO_LINES);

    CliRun edited = token("edit", id, "--label", "reader", "--limit-to", rules.toString(),
        "--days", "7", "--ip", "10.0.0.0/8", "--run-as");

    assertThat(edited.exitCode()).as(edited.err()).isZero();
    assertThat(edited.outLines().get(0)).isEqualTo("Edited token " + id
        + ": changed label, rules, expiry, ip allow-list, run as. A running server applies it"
        + " within its poll interval.");
    StoredToken t = stored(id);
    assertThat(t.label()).isEqualTo("reader");
    assertThat(t.restrictions()).isEqualTo(TWO_LINES);
    assertThat(t.ipAllowList()).containsExactly("10.0.0.0/8");
    assertThat(t.runAsAllowed()).isTrue();
    assertThat(t.expiresAt()).isBefore(Instant.now().plus(Duration.ofDays(7)));
    assertThat(edited.out()).contains("limit to:   2 rule line(s)\n");
    assertThat(CliRun.run("", "audit", "--data", data.toString()).out()).contains(
        "ADMIN EDIT  " + id + " (reader)  by ",
        "changed: label,expiresAt,restrictions,ipAllowList,runAsAllowed  rules: 2 line(s)");
  }

  @Test
  void editWhenClearingThenAllowListRunAsAndRulesRemoved() throws Exception {
    settings(TokenSettings.MAX_LIFETIME + "=0\n");
    String id = group(CREATED, token("create", "--user", "alice", "--limit-to",
        file("two.rules", TWO_LINES).toString(), "--ip", "10.0.0.0/8", "--run-as",
        "--days", "5"));

    CliRun edited = token("edit", id, "--no-ip", "--no-run-as", "--unrestricted", "--no-expiry");

    assertThat(edited.exitCode()).as(edited.err()).isZero();
    StoredToken t = stored(id);
    assertThat(t.ipAllowList()).isEmpty();
    assertThat(t.runAsAllowed()).isFalse();
    assertThat(t.restrictions()).isEmpty();
    assertThat(t.expiresAt()).isNull();
    assertThat(edited.out()).contains("limit to:   unrestricted\n", "expires:    never\n");
  }

  @Test
  void editWhenRulesFileHasNoEffectiveLineThenRefusedAndRulesKept() throws Exception {
    String id = group(CREATED, token("create", "--user", "alice", "--limit-to",
        file("two.rules", TWO_LINES).toString()));
    Path commented = file("commented.rules", "# nothing left\n");

    CliRun edited = token("edit", id, "--limit-to", commented.toString());

    assertThat(edited.errLine()).isEqualTo("limit-to token edit: "
        + String.format(TokenCreateCommand.ERR_RULES_FILE_EMPTY, commented));
    assertThat(stored(id).restrictions()).isEqualTo(TWO_LINES);
  }

  @Test
  void editWhenSecureModeThenRefusedWithTheSecureModeMessage() throws Exception {
    String id = group(CREATED, token("create", "--user", "alice", "--unrestricted"));
    settings(TokenSettings.SECURE_MODE + "=true\n");

    CliRun edited = token("edit", id, "--label", "other");

    assertThat(edited.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(edited.errLine()).isEqualTo("limit-to token edit: "
        + String.format(TokenService.ERR_SECURE_EDIT, id));
    assertThat(edited.out()).isEmpty();
  }

  @Test
  void editWhenNothingGivenThenRefusedSayingWhatCanBe() {
    String id = group(CREATED, token("create", "--user", "alice", "--unrestricted"));

    assertThat(token("edit", id).errLine())
        .isEqualTo("limit-to token edit: " + TokenEditCommand.ERR_NOTHING);
  }

  // ---- import

  @Test
  void importWhenExportIsValidThenSecretsWorkAndNoneIsPrinted() throws Exception {
    Path export = file("export.json", "[\n  {\"label\": \"CI\", \"userName\": \"alice\","
        + " \"limitTo\": \"# ci\\n[get].*/rest/api/2/search<br>[post].*/rest/api/2/issue\","
        + " \"validUntil\": null, \"token\": \"" + LEGACY_SECRET + "\"}\n]\n");

    CliRun imported = token("import", export.toString());

    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.outLines().get(0)).isEqualTo("Imported 1 token(s):");
    assertThat(imported.out()).contains("  alice  expires ", "  2 rule line(s)  CI")
        .doesNotContain(LEGACY_SECRET);
    assertThat(authenticate(LEGACY_SECRET, "alice", "192.0.2.1"))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void importWhenEntriesAreBadThenEveryProblemWithItsFileLineAndNothingImported()
      throws Exception {
    Path export = file("export.json", "[\n"
        + "  {\"label\": \"fine\", \"userName\": \"alice\", \"limitTo\": \"[get].*/ok\","
        + " \"token\": \"" + LEGACY_SECRET + "\"},\n"
        + "  {\"label\": \"commented\", \"userName\": \"mallory\",\n"
        + "   \"limitTo\": \"# [get].*/ok\", \"token\": \"3f2a9c1e-7b44-4d2a-9e61-0c5d8f7a1b23\"}\n"
        + "]\n");

    CliRun imported = token("import", export.toString());

    assertThat(imported.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(imported.err()).isEqualTo(
        "limit-to token import: import refused, nothing imported: 2 problem(s)\n"
            + export + ":3: error: entry [1]: userName: owner mallory is not a user\n"
            + export + ":3: error: entry [1]: limitTo has no effective line (only blank lines"
            + " and comments), so the token could make any request; give rule lines, or an"
            + " empty limitTo for an unrestricted token\n");
    assertThat(imported.out()).isEmpty();
    assertThat(token("list").outLines()).hasSize(1);
  }

  @Test
  void importWhenFileIsNotJsonThenLineAndColumnAndNoSecretQuoted() throws Exception {
    Path export = file("export.json", "[\n{\"label\": \"x\",\n \"token\": " + LEGACY_SECRET
        + "}]\n");

    CliRun imported = token("import", export.toString());

    assertThat(imported.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(imported.err()).contains(export + ":3: error: not valid JSON at line 3, column ")
        .doesNotContain(LEGACY_SECRET.substring(0, 10));
  }

  // ---- durations and help

  @Test
  void revokeWhenDoneThenPollIntervalShownAsADuration() {
    String id = group(CREATED, token("create", "--user", "alice", "--unrestricted"));

    assertThat(token("revoke", id).out())
        .isEqualTo("Revoked " + id + ". A running server refuses it within 2s.\n");
  }

  @Test
  void helpSubcommandWhenGivenACommandThenShowsItsUsage() {
    CliRun help = CliRun.run("", "token", "help", "create");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).startsWith("Usage: limit-to token create ");
  }
}
