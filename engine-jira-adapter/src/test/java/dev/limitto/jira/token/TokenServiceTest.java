package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.store.TokenControls;
import dev.limitto.jira.token.AuthResult.Authenticated;
import dev.limitto.jira.token.TokenAdminEvent.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

  private static final String ADDR = "192.0.2.1";

  private static TokenRequest.Builder request() {
    return TokenRequest.builder().owner("alice").label("ci").restrictions(Fixture.RULES);
  }

  @Test
  void createReturnsAWellFormedSecretOnceAndStoresOnlyItsHash() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    assertThat(t.secret()).matches(TokenFormat.SCANNER_REGEX.replace("\\b", ""));
    StoredToken s = f.service.find(t.token().id()).orElseThrow();
    assertThat(s.id()).startsWith(TokenService.ID_PREFIX);
    assertThat(s.owner()).isEqualTo("alice");
    assertThat(s.createdBy()).isEqualTo(Fixture.ADMIN);
    assertThat(s.restrictions()).isEqualTo(Fixture.RULES);
    assertThat(t.toString()).doesNotContain(t.secret());
  }

  @Test
  void createWithOwnerEmailStoresTheUserName() {
    Fixture f = new Fixture();
    IssuedToken t = f.service.create(request().owner("bob@example.com").build(), Fixture.ADMIN);
    assertThat(t.token().owner()).isEqualTo("bob");
  }

  @Test
  void createWhenOwnerIsNotAUserThenRefused() {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> f.service.create(request().owner("mallory").build(), Fixture.ADMIN))
        .isInstanceOf(TokenAdminException.class)
        .hasMessage(String.format(TokenService.ERR_OWNER_UNKNOWN, "mallory"));
    assertThat(f.service.list()).isEmpty();
  }

  @Test
  void createWhenNoOwnerThenRefused() {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> f.service.create(TokenRequest.builder().label("x").build(), Fixture.ADMIN))
        .hasMessage(TokenService.ERR_OWNER_REQUIRED);
  }

  @Test
  void createWhenRestrictionsDoNotCompileThenRefusedWithLineAndColumn() {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> f.service.create(
            request().restrictions("[get].*/ok\n[post](unclosed").build(), Fixture.ADMIN))
        .isInstanceOfSatisfying(RuleSyntaxException.class,
            e -> assertThat(e.issues().get(0).line()).isEqualTo(2));
    assertThat(f.service.list()).isEmpty();
    assertThat(f.events).isEmpty();
  }

  @Test
  void createWhenRulesHaveOnlyCommentsAndBlankLinesThenRefusedAndNothingStored() {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> f.service.create(
            request().restrictions("# [get].*/rest/api/2/search\n\n   \n# done\n").build(),
            Fixture.ADMIN))
        .isInstanceOf(EmptyRulesException.class)
        .hasMessage(TokenService.ERR_RULES_EMPTY);
    assertThat(f.service.list()).isEmpty();
    assertThat(f.events).isEmpty();
  }

  @Test
  void createWhenNeitherRulesNorUnrestrictedThenRefused() {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> f.service.create(
            TokenRequest.builder().owner("alice").label("ci").build(), Fixture.ADMIN))
        .isInstanceOf(EmptyRulesException.class);
  }

  @Test
  void createWhenUnrestrictedAskedForThenTokenWithoutRulesAndZeroRuleLines() {
    Fixture f = new Fixture();
    IssuedToken t = f.service.create(
        TokenRequest.builder().owner("alice").label("ci").unrestricted().build(), Fixture.ADMIN);
    assertThat(t.token().restrictions()).isEmpty();
    assertThat(f.service.ruleLines(t.token())).hasValue(0);
    assertThat(f.events.get(0).ruleLines()).isZero();
    assertThat(f.auth().authenticate(t.secret(), "alice", ADDR)).isInstanceOfSatisfying(
        Authenticated.class, a -> assertThat(a.principal().rules().isUnrestricted()).isTrue());
  }

  @Test
  void createWhenUnrestrictedAndRulesBothGivenThenRefused() {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> f.service.create(request().unrestricted().build(), Fixture.ADMIN))
        .isInstanceOf(TokenAdminException.class)
        .hasMessage(TokenService.ERR_UNRESTRICTED_WITH_RULES);
  }

  @Test
  void ruleLinesWhenRulesHoldCommentsThenCountsOnlyEffectiveLines() {
    Fixture f = new Fixture();
    IssuedToken t = f.service.create(request()
        .restrictions("# readers\n" + Fixture.RULES + "\n\n# [post].*\n[get].*/rest/api/2/search")
        .build(), Fixture.ADMIN);
    assertThat(f.service.ruleLines(t.token())).hasValue(2);
    assertThat(f.events.get(0).ruleLines()).isEqualTo(2);
  }

  @Test
  void ruleLinesWhenStoredRulesHaveNoEffectiveLineThenZero() {
    // a token stored before such rule text was refused is unrestricted, and counted so
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    StoredToken old = f.service.find(t.token().id()).orElseThrow();
    StoredToken commented = new StoredToken(old.id(), old.label(), old.owner(), old.createdBy(),
        old.createdAt(), old.expiresAt(), "# [get].*\n", old.ipAllowList(), false, null, 0, null,
        old.hashKeyId(), old.secretHash(), old.encryptedSecret(), old.version(), old.controls());
    assertThat(f.service.ruleLines(commented)).hasValue(0);
  }

  @Test
  void editWhenNewRulesHaveNoEffectiveLineThenRefusedAndRulesKept() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    assertThatThrownBy(() -> f.service.edit(t.token().id(),
            TokenEdit.builder().restrictions("# nothing left\n").build(), Fixture.ADMIN))
        .isInstanceOf(EmptyRulesException.class);
    assertThat(f.service.find(t.token().id()).orElseThrow().restrictions())
        .isEqualTo(Fixture.RULES);
  }

  @Test
  void editWhenUnrestrictedThenRulesRemovedOnPurpose() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    StoredToken edited = f.service.edit(t.token().id(), TokenEdit.builder().unrestricted().build(),
        Fixture.ADMIN);
    assertThat(edited.restrictions()).isEmpty();
    assertThat(f.events.get(1).changedFields()).containsExactly("restrictions");
    assertThat(f.events.get(1).ruleLines()).isZero();
  }

  @Test
  void createWhenAllowListEntryIsBadThenRefusedNamingIt() {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> f.service.create(
            request().ipAllowList(List.of("10.0.0.0/8", "example.com")).build(), Fixture.ADMIN))
        .isInstanceOf(TokenAdminException.class)
        .hasMessage(String.format(IpAllowList.ERR_ADDRESS, 2, "example.com"));
  }

  @Test
  void createWithoutExpiryThenExpiresAtTheMaximumLifetime() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    assertThat(t.token().expiresAt()).isEqualTo(Fixture.START.plus(Duration.ofDays(365)));
  }

  @Test
  void createWithoutExpiryWhenNoMaximumThenNeverExpires() {
    Fixture f = new Fixture(TokenSettings.builder().maxLifetime(Duration.ZERO).build());
    assertThat(f.create("alice").token().expiresAt()).isNull();
  }

  @Test
  void createWhenLifetimeExceedsTheMaximumThenRefusedNamingTheSetting() {
    Fixture f = new Fixture(TokenSettings.builder().maxLifetime(Duration.ofDays(30)).build());
    Instant asked = Fixture.START.plus(Duration.ofDays(31));
    assertThatThrownBy(() -> f.service.create(request().expiresIn(Duration.ofDays(31)).build(), Fixture.ADMIN))
        .hasMessage(String.format(TokenService.ERR_EXPIRY_TOO_LONG, asked, "30d"));
    assertThat(f.service.create(request().expiresIn(Duration.ofDays(30)).build(), Fixture.ADMIN)
        .token().expiresAt()).isEqualTo(Fixture.START.plus(Duration.ofDays(30)));
  }

  @Test
  void createWhenExpiryIsInThePastThenRefused() {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> f.service.create(request().expiresAt(Fixture.START).build(), Fixture.ADMIN))
        .hasMessage(String.format(TokenService.ERR_EXPIRY_PAST, Fixture.START));
  }

  @Test
  void createWhenBothExpiryFormsThenRefused() {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> f.service.create(request().expiresAt(Fixture.START.plusSeconds(60))
            .expiresIn(Duration.ofDays(1)).build(), Fixture.ADMIN))
        .hasMessage(TokenService.ERR_EXPIRY_BOTH);
  }

  @Test
  void createUnboundWhenDisabledThenRefusedNamingTheSetting() {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> f.service.create(TokenRequest.builder().unbound().label("x").build(), Fixture.ADMIN))
        .hasMessage(TokenService.ERR_UNBOUND_DISABLED);
  }

  @Test
  void createUnboundWhenAuthTypeIsBearerThenRefused() {
    Fixture f = new Fixture(TokenSettings.builder().allowUnbound(true)
        .authType(TokenSettings.AuthType.BEARER).build());
    assertThatThrownBy(() -> f.service.create(TokenRequest.builder().unbound().label("x").build(), Fixture.ADMIN))
        .hasMessage(TokenService.ERR_UNBOUND_BEARER);
  }

  @Test
  void createWhenLabelIsBlankThenRefused() {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> f.service.create(request().label("  ").build(), Fixture.ADMIN))
        .hasMessage(TokenService.ERR_LABEL_EMPTY);
  }

  @Test
  void createIsReportedWithoutTheSecret() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    assertThat(f.events).hasSize(1);
    TokenAdminEvent e = f.events.get(0);
    assertThat(e.action()).isEqualTo(Action.CREATE);
    assertThat(e.tokenId()).isEqualTo(t.token().id());
    assertThat(e.actor()).isEqualTo(Fixture.ADMIN);
    assertThat(e.time()).isEqualTo(Fixture.START);
    assertThat(e.changedFields()).contains("owner", "restrictions", "expiresAt");
    assertThat(e.toString()).doesNotContain(t.secret().substring(6));
  }

  @Test
  void showInStandardModeDecryptsTheSecretAndReportsTheView() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    IssuedToken shown = f.service.show(t.token().id(), "admin2");
    assertThat(shown.secret()).isEqualTo(t.secret());
    assertThat(f.events.get(1).action()).isEqualTo(Action.VIEW);
    assertThat(f.events.get(1).actor()).isEqualTo("admin2");
  }

  @Test
  void editChangesRestrictionsAndExpiryReportsTheFieldsAndTakesEffectAtOnce() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    Instant later = Fixture.START.plus(Duration.ofDays(10));
    StoredToken edited = f.service.edit(t.token().id(), TokenEdit.builder()
        .restrictions("[post].*/rest/api/2/issue").expiresAt(later).label("ci").build(), Fixture.ADMIN);
    assertThat(edited.restrictions()).isEqualTo("[post].*/rest/api/2/issue");
    assertThat(edited.expiresAt()).isEqualTo(later);
    TokenAdminEvent e = f.events.get(1);
    assertThat(e.action()).isEqualTo(Action.EDIT);
    assertThat(e.changedFields()).containsExactly("label", "expiresAt", "restrictions");
    int before = f.store.calls.get();
    AuthResult now = f.auth().authenticate(t.secret(), "alice", ADDR);
    assertThat(((Authenticated) now).principal().label()).isEqualTo("ci");
    assertThat(f.store.calls.get()).isEqualTo(before);
    f.clock.advance(Duration.ofDays(10));
    f.auth().refresh();
    assertThat(f.auth().authenticate(t.secret(), "alice", ADDR))
        .isEqualTo(new AuthResult.Refused(AuthResult.Reason.EXPIRED,
            CachingTokenAuthenticator.DETAIL_EXPIRED,
            new AuthResult.Recognised(t.token().id(), "ci", "alice")));
  }

  @Test
  void editWhenNothingChangesThenNoEvent() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    f.service.edit(t.token().id(), TokenEdit.builder().restrictions(Fixture.RULES).build(), Fixture.ADMIN);
    assertThat(f.events).hasSize(1);
  }

  @Test
  void editWhenRestrictionsDoNotCompileThenNothingChanges() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    assertThatThrownBy(() -> f.service.edit(t.token().id(),
            TokenEdit.builder().restrictions("[get](").build(), Fixture.ADMIN))
        .isInstanceOf(RuleSyntaxException.class);
    assertThat(f.service.find(t.token().id()).orElseThrow().restrictions()).isEqualTo(Fixture.RULES);
  }

  @Test
  void editWhenExpiryBeyondTheMaximumThenRefused() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    Instant tooLate = Fixture.START.plus(Duration.ofDays(400));
    assertThatThrownBy(() -> f.service.edit(t.token().id(),
            TokenEdit.builder().expiresAt(tooLate).build(), Fixture.ADMIN))
        .hasMessage(String.format(TokenService.ERR_EXPIRY_TOO_LONG, tooLate, "365d"));
    assertThatThrownBy(() -> f.service.edit(t.token().id(),
            TokenEdit.builder().expiresAt(null).build(), Fixture.ADMIN))
        .hasMessage(TokenService.ERR_EXPIRY_REQUIRED);
  }

  @Test
  void editWhenRevokedThenRefused() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    f.service.revoke(t.token().id(), Fixture.ADMIN);
    assertThatThrownBy(() -> f.service.edit(t.token().id(), TokenEdit.builder().label("x").build(), Fixture.ADMIN))
        .hasMessage(String.format(TokenService.ERR_REVOKED, t.token().id()));
  }

  @Test
  void revokeReportsOnceAndIsIdempotent() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    assertThat(f.service.revoke(t.token().id(), Fixture.ADMIN)).isTrue();
    assertThat(f.service.revoke(t.token().id(), Fixture.ADMIN)).isFalse();
    assertThat(f.events).extracting(TokenAdminEvent::action).containsExactly(Action.CREATE, Action.REVOKE);
    assertThat(f.service.find(t.token().id()).orElseThrow().isRevoked()).isTrue();
  }

  @Test
  void revokeWhenUnknownThenRefused() {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> f.service.revoke("tok_nope", Fixture.ADMIN))
        .hasMessage(String.format(TokenService.ERR_NOT_FOUND, "tok_nope"));
  }

  @Test
  void secureModeShowIsRefused() {
    Fixture f = new Fixture(TokenSettings.builder().secureMode(true).build());
    IssuedToken t = f.create("alice");
    assertThatThrownBy(() -> f.service.show(t.token().id(), Fixture.ADMIN))
        .isInstanceOf(TokenAdminException.class)
        .hasMessage(String.format(TokenService.ERR_SECURE_VIEW, t.token().id()));
  }

  @Test
  void secureModeEditIsRefusedAndNothingChanges() {
    Fixture f = new Fixture(TokenSettings.builder().secureMode(true).build());
    IssuedToken t = f.create("alice");
    assertThatThrownBy(() -> f.service.edit(t.token().id(),
            TokenEdit.builder().expiresAt(Fixture.START.plusSeconds(60)).build(), Fixture.ADMIN))
        .hasMessage(String.format(TokenService.ERR_SECURE_EDIT, t.token().id()));
    assertThatThrownBy(() -> f.service.edit(t.token().id(),
            TokenEdit.builder().restrictions("").build(), Fixture.ADMIN))
        .hasMessage(String.format(TokenService.ERR_SECURE_EDIT, t.token().id()));
    assertThat(f.service.find(t.token().id()).orElseThrow()).isEqualTo(t.token());
  }

  @Test
  void secureModeStoresNoCiphertextButTheTokenWorksAndCanBeRevoked() {
    Fixture f = new Fixture(TokenSettings.builder().secureMode(true).build());
    IssuedToken t = f.create("alice");
    assertThat(f.service.find(t.token().id()).orElseThrow().encryptedSecret()).isNull();
    assertThat(f.auth().authenticate(t.secret(), "alice", ADDR)).isInstanceOf(Authenticated.class);
    assertThat(f.service.revoke(t.token().id(), Fixture.ADMIN)).isTrue();
  }

  @Test
  void showWhenTokenWasCreatedInSecureModeThenRefusedInStandardModeToo() {
    dev.limitto.jira.store.InMemoryTokenStore shared = new dev.limitto.jira.store.InMemoryTokenStore();
    Fixture secure = new Fixture(TokenSettings.builder().secureMode(true).build(), shared,
        dev.limitto.jira.token.crypto.KeyRing.generate(), new MutableClock(Fixture.START));
    IssuedToken t = secure.create("alice");
    Fixture standard = secure.otherNode(TokenSettings.defaults(), shared);
    assertThatThrownBy(() -> standard.service.show(t.token().id(), Fixture.ADMIN))
        .hasMessage(String.format(TokenService.ERR_NO_STORED_SECRET, t.token().id()));
  }

  @Test
  void adminOperationsNeedAnActor() {
    Fixture f = new Fixture();
    assertThatThrownBy(() -> f.service.create(request().build(), " ")).hasMessage(TokenService.ERR_ACTOR);
  }
}
