package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.AuthResult.Authenticated;
import dev.limitto.jira.token.AuthResult.Reason;
import dev.limitto.jira.token.TokenAdminEvent.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenImportTest {

  private static final String ADDR = "192.0.2.1";
  private static final long VALID_UNTIL = Fixture.START.plus(Duration.ofDays(90)).toEpochMilli();
  private static final String SECRET_A = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==";
  private static final String SECRET_B = "3f2a9c1e-7b44-4d2a-9e61-0c5d8f7a1b23";
  private static final String SECRET_C = "legacyTokenWithBrSeparators_0001";

  private static String entry(String label, String user, String limitTo, Long validUntil, String token) {
    return "{\"label\":" + json(label) + ",\"userName\":" + json(user) + ",\"limitTo\":" + json(limitTo)
        + ",\"validUntil\":" + validUntil + ",\"token\":" + json(token) + "}";
  }

  private static String json(String s) {
    return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"") + "\"";
  }

  private static final String GOOD =
      "[" + entry("real newlines", "alice", "[get].*/rest/api/2/issue/A-1\n[get].*/rest/api/2/issue/A-2", VALID_UNTIL, SECRET_A)
          + "," + entry("escaped newlines", "bob@example.com", "[get].*/rest/api/2/issue/B-1\\n[get].*/rest/api/2/issue/B-2", VALID_UNTIL, SECRET_B)
          + "," + entry("br", "alice", "[get].*/rest/api/2/issue/C-1<br>[get].*/rest/api/2/issue/C-2<BR/>[get].*/rest/api/2/issue/C-3", null, SECRET_C)
          + "]";

  @Test
  void importTurnsAllThreeSeparatorsIntoLines() {
    Fixture f = new Fixture();
    List<StoredToken> imported = f.service.importTokens(GOOD, Fixture.ADMIN);
    assertThat(imported).extracting(StoredToken::restrictions).containsExactly(
        "[get].*/rest/api/2/issue/A-1\n[get].*/rest/api/2/issue/A-2",
        "[get].*/rest/api/2/issue/B-1\n[get].*/rest/api/2/issue/B-2",
        "[get].*/rest/api/2/issue/C-1\n[get].*/rest/api/2/issue/C-2\n[get].*/rest/api/2/issue/C-3");
  }

  @Test
  void importKeepsValidUntilResolvesEmailAndDefaultsMissingExpiryToTheMaximum() {
    Fixture f = new Fixture();
    List<StoredToken> imported = f.service.importTokens(GOOD, Fixture.ADMIN);
    assertThat(imported.get(0).expiresAt()).isEqualTo(Instant.ofEpochMilli(VALID_UNTIL));
    assertThat(imported.get(1).owner()).isEqualTo("bob");
    assertThat(imported.get(2).expiresAt()).isEqualTo(Fixture.START.plus(Duration.ofDays(365)));
    assertThat(imported).allMatch(t -> t.id().startsWith(TokenService.IMPORTED_ID_PREFIX));
    assertThat(f.events).extracting(TokenAdminEvent::action).containsOnly(Action.IMPORT).hasSize(3);
  }

  @Test
  void importedSecretsKeepWorkingAndAreRecognisedAsOurs() {
    Fixture f = new Fixture();
    f.service.importTokens(GOOD, Fixture.ADMIN);
    assertThat(f.auth().looksLikeToken(SECRET_A)).isTrue();
    AuthResult r = f.auth().authenticate(SECRET_B, "bob", ADDR);
    assertThat(((Authenticated) r).principal().userName()).isEqualTo("bob");
    assertThat(f.auth().authenticate(SECRET_A, "alice", ADDR)).isInstanceOf(Authenticated.class);
  }

  @Test
  void importedSecretsAreSeenByAnotherNodeAfterItsNextPoll() {
    dev.limitto.jira.store.InMemoryTokenStore shared = new dev.limitto.jira.store.InMemoryTokenStore();
    Fixture a = new Fixture(TokenSettings.defaults(), shared,
        dev.limitto.jira.token.crypto.KeyRing.generate(), new MutableClock(Fixture.START));
    Fixture b = a.otherNode(TokenSettings.defaults(), shared);
    a.service.importTokens(GOOD, Fixture.ADMIN);
    b.auth().refresh();
    assertThat(b.auth().looksLikeToken(SECRET_A)).isTrue();
    assertThat(b.auth().authenticate(SECRET_A, "alice", ADDR)).isInstanceOf(Authenticated.class);
  }

  @Test
  void legacyShapedCredentialThatWasNotImportedIsNotOursAndCostsNoStoreCall() {
    Fixture f = new Fixture();
    f.service.importTokens(GOOD, Fixture.ADMIN);
    int before = f.store.calls.get();
    assertThat(f.auth().looksLikeToken("SomeonesJiraPassword2026")).isFalse();
    assertThat(f.auth().authenticate("SomeonesJiraPassword2026", "alice", ADDR))
        .isEqualTo(new AuthResult.Refused(Reason.MALFORMED, TokenFormat.DETAIL_NOT_OURS));
    assertThat(f.store.calls.get()).isEqualTo(before);
  }

  @Test
  void revokedImportedSecretIsStillOursAndRefused() {
    Fixture f = new Fixture();
    List<StoredToken> imported = f.service.importTokens(GOOD, Fixture.ADMIN);
    f.service.revoke(imported.get(0).id(), Fixture.ADMIN);
    assertThat(f.auth().looksLikeToken(SECRET_A)).isTrue();
    assertThat(f.auth().authenticate(SECRET_A, "alice", ADDR))
        .isEqualTo(new AuthResult.Refused(Reason.REVOKED, CachingTokenAuthenticator.DETAIL_REVOKED,
            new AuthResult.Recognised(imported.get(0).id(), imported.get(0).label(),
                imported.get(0).owner())));
  }

  @Test
  void importWhenLimitToHasOnlyCommentsThenRefusedNamingTheEntryAndItsLine() {
    Fixture f = new Fixture();
    String json = "[\n" + entry("fine", "alice", "[get].*/ok", VALID_UNTIL, SECRET_A) + ",\n"
        + entry("commented", "alice", "# [get].*/ok\\n", VALID_UNTIL, SECRET_B) + "\n]";
    assertThatThrownBy(() -> f.service.importTokens(json, Fixture.ADMIN))
        .isInstanceOfSatisfying(TokenImportException.class, e -> assertThat(e.details())
            .containsExactly(new TokenImportException.Problem(1, 3,
                String.format(TokenImporter.ERR_LIMIT_TO_EMPTY, 1))));
    assertThat(f.service.list()).isEmpty();
  }

  @Test
  void importWhenLimitToEmptyOrMissingThenUnrestrictedAsInTheOldDeployment() {
    Fixture f = new Fixture();
    List<StoredToken> imported = f.service.importTokens("[" + entry("empty", "alice", "", null,
        SECRET_A) + "," + entry("missing", "alice", null, null, SECRET_B) + "]", Fixture.ADMIN);
    assertThat(imported).extracting(t -> f.service.ruleLines(t).getAsInt()).containsExactly(0, 0);
  }

  @Test
  void importWhenJsonIsBrokenThenLineAndColumnGivenAndNoQuotedInput() {
    Fixture f = new Fixture();
    String json = "[\n{\"label\":\"a\",\n \"token\": " + SECRET_A + "}\n]";
    assertThatThrownBy(() -> f.service.importTokens(json, Fixture.ADMIN))
        .isInstanceOfSatisfying(TokenImportException.class, e -> {
          assertThat(e.details()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).startsWith("not valid JSON at line 3, column ");
          });
          assertThat(e.getMessage()).doesNotContain(SECRET_A.substring(0, 12));
        });
  }

  @Test
  void importWhenAnyEntryIsBadThenNothingWrittenAndEveryProblemReportedWithItsIndex() {
    Fixture f = new Fixture();
    String bad = "[" + entry("fine", "alice", "[get].*/ok", VALID_UNTIL, SECRET_A)
        + "," + entry("", "mallory", "[get].*/ok", VALID_UNTIL, "short")
        + "," + entry("rules", "alice", "[get](", Fixture.START.minusSeconds(1).toEpochMilli(), SECRET_A)
        + "," + "{\"label\":\"no secret\",\"userName\":\"bob\"}"
        + "," + entry("ours", "bob", "", VALID_UNTIL, TokenFormat.PREFIX + "a".repeat(52))
        + "]";
    assertThatThrownBy(() -> f.service.importTokens(bad, Fixture.ADMIN))
        .isInstanceOfSatisfying(TokenImportException.class, e -> {
          List<String> p = e.problems();
          assertThat(p).contains(
              String.format(TokenImporter.ERR_FIELD, 1, "label", TokenService.ERR_LABEL_EMPTY),
              String.format(TokenImporter.ERR_FIELD, 1, "userName",
                  String.format(TokenService.ERR_OWNER_UNKNOWN, "mallory")),
              String.format(TokenImporter.ERR_SECRET_SHAPE, 1),
              String.format(TokenImporter.ERR_FIELD, 2, "validUntil",
                  String.format(TokenService.ERR_EXPIRY_PAST, Fixture.START.minusSeconds(1))),
              String.format(TokenImporter.ERR_SECRET_DUPLICATE, 2, 0),
              String.format(TokenImporter.ERR_FIELD_MISSING, 3, "token"),
              String.format(TokenImporter.ERR_SECRET_OURS, 4));
          assertThat(p).anyMatch(s -> s.startsWith("entry [2]: limitTo line 1:"));
          assertThat(e.getMessage()).startsWith(String.format(TokenImportException.ERR_SUMMARY, p.size()));
        });
    assertThat(f.service.list()).isEmpty();
    assertThat(f.events).isEmpty();
  }

  @Test
  void importWhenSecretIsAlreadyStoredThenRefused() {
    Fixture f = new Fixture();
    f.service.importTokens(GOOD, Fixture.ADMIN);
    assertThatThrownBy(() -> f.service.importTokens(
            "[" + entry("again", "alice", "", VALID_UNTIL, SECRET_A) + "]", Fixture.ADMIN))
        .isInstanceOfSatisfying(TokenImportException.class, e ->
            assertThat(e.problems()).containsExactly(String.format(TokenImporter.ERR_SECRET_EXISTS, 0)));
    assertThat(f.service.list()).hasSize(3);
  }

  @Test
  void importWhenNotAnArrayThenRefused() {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> f.service.importTokens("{\"label\":\"x\"}", Fixture.ADMIN))
        .isInstanceOfSatisfying(TokenImportException.class, e ->
            assertThat(e.problems()).containsExactly(TokenImporter.ERR_NOT_ARRAY));
  }

  @Test
  void importWhenStoreFailsMidwayThenWrittenTokensAreRevokedAndUnusable() {
    Fixture f = new Fixture();
    f.store.failInsertNumber = 1;
    assertThatThrownBy(() -> f.service.importTokens(GOOD, Fixture.ADMIN))
        .isInstanceOf(TokenImportException.class)
        .hasMessageContaining(String.format(TokenImportException.ERR_WRITE, 1, 3, CountingStore.DOWN));
    assertThat(f.service.list()).allMatch(StoredToken::isRevoked);
    assertThat(f.auth().authenticate(SECRET_A, "alice", ADDR)).isNotInstanceOf(Authenticated.class);
  }

  @Test
  void normalizeLinesHandlesCrLfEscapesAndBrVariants() {
    assertThat(TokenImporter.normalizeLines("a\r\nb\\nc<br>d<br/>e<BR />f")).isEqualTo("a\nb\nc\nd\ne\nf");
  }
}
