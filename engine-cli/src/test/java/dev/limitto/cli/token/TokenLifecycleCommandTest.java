package dev.limitto.cli.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code token rotate}, {@code --rate-limit}, {@code --read-only} and {@code list --expiring}. */
class TokenLifecycleCommandTest {

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

  private static String group(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group(1);
  }

  @Test
  void rotatePrintsANewSecretOnceAndShowTellsUntilWhenTheOldOneIsAccepted() {
    CliRun created = token("create", "--user", "alice", "--unrestricted");
    String id = group(CREATED, created.out());
    String old = group(SECRET, created.out());

    CliRun rotated = token("rotate", id, "--overlap", "2h");

    assertThat(rotated.exitCode()).as(rotated.err()).isZero();
    assertThat(rotated.out()).startsWith("Rotated token " + id + ": the old secret keeps working"
        + " until ").contains("(2h).");
    String fresh = group(SECRET, rotated.out());
    assertThat(fresh).isNotEqualTo(old);
    CliRun shown = token("show", id);
    assertThat(shown.out()).contains("token:      " + fresh)
        .containsPattern("old secret: accepted until 20");
  }

  @Test
  void rotateWithAnOverlapOverTheLimitIsRefusedNamingIt() {
    String id = group(CREATED, token("create", "--user", "alice", "--unrestricted").out());

    CliRun r = token("rotate", id, "--overlap", "31d");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLine()).contains("overlap 31d must be between 0 and 30d");
  }

  @Test
  void createWithRateLimitAndReadOnlyShowsThemAndWarnsOfOtherMethods() throws Exception {
    Path rules = tmp.resolve("r.rules");
    Files.writeString(rules, "[get].*/rest/api/2/issue/.*\n[post].*/rest/api/2/search\n");

    CliRun created = token("create", "--user", "alice", "--limit-to", rules.toString(),
        "--read-only", "--rate-limit", "5/s", "--burst", "10");

    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out()).contains("read-only (GET and HEAD only), rate limit 5/s burst 10"
        + " (per node)");
    assertThat(created.err()).isEqualTo("warning: line 2 names POST, which a read-only token"
        + " never allows (only GET and HEAD)\n");
    String id = group(CREATED, created.out());
    assertThat(token("list").out()).contains("/ read-only / rate 5/s burst 10");
    CliRun edited = token("edit", id, "--no-read-only", "--no-rate-limit");
    assertThat(edited.out()).contains("changed read-only, rate limit")
        .contains("read-only:  no").contains("rate limit: none");
  }

  @Test
  void badRateLimitIsRefusedNamingTheShape() {
    CliRun r = token("create", "--user", "alice", "--unrestricted", "--rate-limit", "5/d");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLine()).contains("rate limit '5/d' is not COUNT/UNIT");
  }

  @Test
  void listExpiringShowsOnlyLiveTokensExpiringWithinTheWindowSoonestFirst() {
    String later = group(CREATED, token("create", "--user", "alice", "--unrestricted",
        "--expires-in", "6d").out());
    String soon = group(CREATED, token("create", "--user", "alice", "--unrestricted",
        "--expires-in", "1d").out());
    String far = group(CREATED, token("create", "--user", "alice", "--unrestricted",
        "--expires-in", "30d").out());

    String out = token("list", "--expiring", "7d").out();

    assertThat(out).contains(soon, later).doesNotContain(far);
    assertThat(out.indexOf(soon)).isLessThan(out.indexOf(later));
  }
}
