package dev.limitto.cli.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.CliRun;
import dev.limitto.cli.ExitCode;
import dev.limitto.cli.data.DataDirectory;
import dev.limitto.jira.harness.Tools;
import dev.limitto.jira.snippet.Snippets;
import dev.limitto.jira.token.DurationText;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.ServerKeys;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyFile;
import dev.limitto.jira.token.crypto.KeyRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code token} subcommands in-process on a data directory without a running server. */
class TokenCommandTest {

  private static final Pattern CREATED = Pattern.compile("Created token (tok_[0-9a-f]+) ");
  private static final Pattern SECRET = Pattern.compile("(?m)^(ltk_[0-9A-Za-z]+)$");

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

  private static String id(CliRun created) {
    Matcher m = CREATED.matcher(created.out());
    assertThat(m.find()).as(created.out() + created.err()).isTrue();
    return m.group(1);
  }

  private Path rules(String text) throws Exception {
    Path file = tmp.resolve("r" + System.nanoTime() + ".rules");
    Files.writeString(file, text);
    return file;
  }

  private void secureMode() throws Exception {
    Files.writeString(data.resolve(DataDirectory.SETTINGS_FILE),
        TokenSettings.SECURE_MODE + "=true\n");
  }

  @Test
  void createWhenStandardModeThenPrintsTheSecretOnceAndShowGivesItBack() {
    CliRun created = token("create", "--user", "alice", "--label", "ci", "--unrestricted");
    String id = id(created);
    Matcher secret = SECRET.matcher(created.out());
    assertThat(secret.find()).isTrue();

    CliRun shown = token("show", id);

    assertThat(shown.exitCode()).isZero();
    assertThat(shown.out()).contains("token:      " + secret.group(1)).contains("owner:      alice");
  }

  @Test
  void createWhenSecureModeThenPrintsCurlAndJsSnippetsThatParse() throws Exception {
    secureMode();
    CliRun created = token("create", "--user", "bob", "--unrestricted");

    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out()).contains("secure mode: it is not stored and cannot be shown again");
    String curl = created.out().substring(created.out().indexOf("curl -sS"),
        created.out().indexOf("\n\nJavaScript"));
    assertThat(run("bash", "-n", "-c", curl)).isZero();
    String js = created.out().substring(created.out().indexOf("// GET"));
    Path file = tmp.resolve("created.js");
    Files.writeString(file, js);
    if (Tools.presentOrNote("node", "the secure-mode JavaScript snippet")) {
      assertThat(run("node", "--check", file.toString())).isZero();
    }
  }

  @Test
  void showWhenSecureModeThenEveryFieldButTheSecret() throws Exception {
    Path rules = rules("# readers\n[get].*/rest/api/2/issue/.*\n");
    String id = id(token("create", "--user", "bob", "--limit-to", rules.toString(), "--ip",
        "10.0.0.0/8", "--run-as", "--expires-in", "2w"));
    secureMode();

    CliRun shown = token("show", id);

    assertThat(shown.exitCode()).as(shown.err()).isZero();
    assertThat(shown.out()).contains("owner:      bob\n", "ip allow:   10.0.0.0/8\n",
        "run as:     allowed (contextUser)\n", "token:      " + TokenText.SECRET_NOT_STORED + "\n",
        "limit to:   1 rule line(s)\n  # readers\n  [get].*/rest/api/2/issue/.*\n")
        .doesNotContain("ltk_");
    assertThat(shown.out()).containsPattern("expires:    20[0-9-]+T");
  }

  @Test
  void snippetWhenSecureModeThenRefusedWithTheReasonAndExit2() throws Exception {
    String id = id(token("create", "--user", "bob", "--unrestricted"));
    secureMode();

    CliRun snippet = token("snippet", id, "--format", "js");

    assertThat(snippet.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(snippet.errLine()).isEqualTo("limit-to token snippet: "
        + String.format(TokenService.ERR_SECURE_VIEW, id));
  }

  @Test
  void createWhenSecureModeKeyIsMisspeltThenRefusedAndNoTokenIsCreated() throws Exception {
    Path settings = data.resolve(DataDirectory.SETTINGS_FILE);
    Files.writeString(settings, "extender.token.secur.mode = true\n");

    CliRun created = token("create", "--user", "alice", "--unrestricted");

    assertThat(created.exitCode()).as(created.out()).isEqualTo(ExitCode.USAGE);
    assertThat(created.errLine()).isEqualTo("limit-to token create: " + settings + ":1: "
        + String.format(TokenSettings.ERR_UNKNOWN, "extender.token.secur.mode", TokenSettings.SECURE_MODE));
    assertThat(created.out()).isEmpty();
    Files.delete(settings);
    assertThat(token("list").outLines()).hasSize(1);
  }

  @Test
  void anyWhenKeyFileDeletedAndStoreHoldsTokensThenRefusedWithExit2AndNoNewKey() throws Exception {
    String id = id(token("create", "--user", "alice", "--unrestricted"));
    Path keyFile = data.resolve(KeyFile.DEFAULT_NAME);
    Files.delete(keyFile);

    CliRun shown = token("show", id);

    assertThat(shown.exitCode()).as(shown.err()).isEqualTo(ExitCode.USAGE);
    assertThat(shown.errLine()).isEqualTo("limit-to token show: "
        + String.format(ServerKeys.ERR_MISSING, keyFile, "[1]", 1));
    assertThat(shown.out()).isEmpty();
    assertThat(keyFile).doesNotExist();
  }

  @Test
  void anyWhenKeyFileOfAnotherDataDirectoryThenRefusedWithExit2() throws Exception {
    String id = id(token("create", "--user", "alice", "--unrestricted"));
    Path other = tmp.resolve("other");
    Files.createDirectories(other);
    assertThat(CliRun.run("", "token", "list", "--data", other.toString()).exitCode()).isZero();
    Path keyFile = data.resolve(KeyFile.DEFAULT_NAME);
    Files.move(other.resolve(KeyFile.DEFAULT_NAME), keyFile, StandardCopyOption.REPLACE_EXISTING);

    CliRun shown = token("show", id);

    assertThat(shown.exitCode()).as(shown.err()).isEqualTo(ExitCode.USAGE);
    assertThat(shown.errLine()).isEqualTo("limit-to token show: "
        + String.format(ServerKeys.ERR_MISMATCH, keyFile, 1));
  }

  @Test
  void showWhenStoredSecretWasAlteredThenRefusedWithExit2NotAnInternalError() throws Exception {
    String id = id(token("create", "--user", "alice", "--unrestricted"));
    DataDirectory.OpenStore open = DataDirectory.existing(data.toString()).openStore();
    try (java.sql.Connection c = open.source().getConnection();
        java.sql.PreparedStatement p = c.prepareStatement(
            "UPDATE limitto_token SET encrypted_secret = ? WHERE id = ?")) {
      byte[] sealed = open.store().findById(id).orElseThrow().encryptedSecret();
      sealed[sealed.length - 1] ^= 1;
      p.setBytes(1, sealed);
      p.setString(2, id);
      assertThat(p.executeUpdate()).isOne();
    }

    CliRun shown = token("show", id);

    assertThat(shown.exitCode()).as(shown.err()).isEqualTo(ExitCode.USAGE);
    assertThat(shown.errLine()).isEqualTo("limit-to token show: "
        + String.format(KeyRing.ERR_DECRYPT, id));
    assertThat(shown.out()).isEmpty();
  }

  @Test
  void anyWhenKeyFileReadableByOthersThenRefusedWithTheFixAndExit2() throws Exception {
    token("list");
    Path keyFile = data.resolve(KeyFile.DEFAULT_NAME);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

    CliRun list = token("list");

    assertThat(list.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(list.errLine()).startsWith("limit-to token list: key file " + keyFile)
        .endsWith("chmod 600 " + keyFile);
  }

  @Test
  void snippetWhenPostThenCarriesTheCurlRedirectNote() {
    String id = id(token("create", "--user", "alice", "--unrestricted"));

    CliRun snippet = token("snippet", id, "--method", "post", "--path", "/rest/api/2/issue",
        "--body", "{}");

    assertThat(snippet.out()).startsWith(Snippets.CURL_POST_NOTE + "\n")
        .contains("--post301 --post302 --post303");
  }

  @Test
  void listWhenTokenRevokedThenShowsItsState() {
    String id = id(token("create", "--user", "alice", "--unrestricted"));
    assertThat(token("revoke", id).out()).startsWith("Revoked " + id + ".");

    CliRun list = token("list");

    assertThat(list.outLines().get(0)).isEqualTo(TokenListCommand.HEADER);
    assertThat(list.outLines()).anySatisfy(l -> assertThat(l).startsWith(id).contains(" revoked "));
    assertThat(token("revoke", id).out()).isEqualTo(id + " was already revoked.\n");
  }

  @Test
  void listWhenUnboundTokenExistsThenFlagsIt() throws Exception {
    Files.writeString(data.resolve(DataDirectory.SETTINGS_FILE),
        TokenSettings.ALLOW_UNBOUND + "=true\n");
    try (AdminSession s = AdminSession.open(data.toString(), null)) {
      s.tokens.create(dev.limitto.jira.token.TokenRequest.builder().unbound().label("shared")
          .unrestricted().build(), "test");
    }

    CliRun list = token("list");

    assertThat(list.outLines()).anySatisfy(l -> assertThat(l).contains("* UNBOUND"));
    assertThat(list.outLines()).last().isEqualTo(String.format(TokenListCommand.WARN_UNBOUND, 1));
  }

  @Test
  void createWhenRulesDoNotCompileThenPrintsEveryIssueAndExit2() throws Exception {
    Path rules = tmp.resolve("bad.rules");
    Files.writeString(rules, "[get]{base}/rest/(\n");

    CliRun created = token("create", "--user", "alice", "--limit-to", rules.toString());

    assertThat(created.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(created.err()).startsWith(rules + ":1:");
    assertThat(created.out()).isEmpty();
    assertThat(token("list").outLines()).hasSize(1);
  }

  @Test
  void createWhenOwnerUnknownThenOneLineAndExit2() {
    CliRun created = token("create", "--user", "mallory", "--unrestricted");

    assertThat(created.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(created.errLine()).isEqualTo("limit-to token create: "
        + String.format(TokenService.ERR_OWNER_UNKNOWN, "mallory"));
  }

  @Test
  void createWhenExpiresInMalformedThenOneLineAndExit2() {
    CliRun created = token("create", "--user", "alice", "--unrestricted", "--expires-in",
        "3 weeks");

    assertThat(created.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(created.errLine()).isEqualTo("limit-to token create: --expires-in: "
        + String.format(DurationText.ERR_DURATION, "3 weeks"));
  }

  @Test
  void anyWhenDataDirectoryMissingThenOneLineAndExit2() {
    String missing = tmp.resolve("nope").toString();
    CliRun list = CliRun.run("", "token", "list", "--data", missing);

    assertThat(list.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(list.errLine()).isEqualTo("limit-to token list: "
        + String.format(DataDirectory.ERR_MISSING, missing, missing));
    assertThat(Files.exists(Path.of(missing))).isFalse();
  }

  @Test
  void revokeWhenUnknownIdThenOneLineAndExit2() {
    CliRun revoked = token("revoke", "tok_nope");

    assertThat(revoked.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(revoked.errLine()).isEqualTo("limit-to token revoke: "
        + String.format(TokenService.ERR_NOT_FOUND, "tok_nope"));
  }

  private int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    if (p.exitValue() != 0) {
      System.err.println(out);
    }
    return p.exitValue();
  }

}
