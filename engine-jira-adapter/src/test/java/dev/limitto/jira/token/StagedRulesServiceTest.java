package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.store.StagedRules;
import dev.limitto.jira.store.StoredToken;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Staging, promoting and unstaging rules through the token service, and what the cache sees. */
class StagedRulesServiceTest {

  private static final String STAGED = "[get].*/rest/api/2/issue/KANBAN-[0-9]+";

  private static TokenPrincipal principal(Fixture f, IssuedToken t) {
    return ((AuthResult.Authenticated) f.auth().authenticate(t.secret(), "alice", "10.0.0.1"))
        .principal();
  }

  @Test
  void stageThenThePrincipalCarriesTheStagedRulesBesideTheUnchangedEnforcedOnes() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");

    StagedRules s = f.service.stage(t.token().id(), STAGED, Fixture.ADMIN);

    assertThat(s.restrictions()).isEqualTo(STAGED);
    assertThat(s.stagedBy()).isEqualTo(Fixture.ADMIN);
    assertThat(s.stagedAt()).isEqualTo(Fixture.START);
    TokenPrincipal p = principal(f, t);
    assertThat(p.rules().evaluate(Request.of("GET", "/rest/api/2/issue/KANBAN-2")).isAllowed())
        .isFalse();
    assertThat(p.staged().rules().evaluate(Request.of("GET", "/rest/api/2/issue/KANBAN-2"))
        .isAllowed()).isTrue();
    assertThat(p.staged().readsBody()).isFalse();
    assertThat(f.service.find(t.token().id()).orElseThrow().restrictions()).isEqualTo(Fixture.RULES);
  }

  @Test
  void stageIsReportedWithTheStagedLineCount() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");

    f.service.stage(t.token().id(), STAGED + "\n# comment\n[post].*/x", "bob");

    TokenAdminEvent e = f.events.get(f.events.size() - 1);
    assertThat(e.action()).isEqualTo(TokenAdminEvent.Action.STAGE);
    assertThat(e.actor()).isEqualTo("bob");
    assertThat(e.changedFields()).containsExactly("stagedRestrictions");
    assertThat(e.ruleLines()).isEqualTo(2);
  }

  @Test
  void stageWhenTheRulesDoNotCompileThenRefusedWithLineAndNothingStaged() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");

    assertThatThrownBy(() -> f.service.stage(t.token().id(), "[get].*/ok\n[post](open",
        Fixture.ADMIN)).isInstanceOf(RuleSyntaxException.class)
        .satisfies(e -> assertThat(((RuleSyntaxException) e).issues().get(0).line()).isEqualTo(2));
    assertThat(f.service.staged(t.token().id())).isEmpty();
  }

  @Test
  void stageWhenTheRulesHaveNoLineThenRefused() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");

    assertThatThrownBy(() -> f.service.stage(t.token().id(), "# only a comment\n", Fixture.ADMIN))
        .isInstanceOf(EmptyRulesException.class);
  }

  @Test
  void stageWhenTheTokenIsUnknownOrRevokedThenRefused() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    f.service.revoke(t.token().id(), Fixture.ADMIN);

    assertThatThrownBy(() -> f.service.stage("tok_none", STAGED, Fixture.ADMIN))
        .hasMessage("no token with id tok_none");
    assertThatThrownBy(() -> f.service.stage(t.token().id(), STAGED, Fixture.ADMIN))
        .hasMessage("token " + t.token().id() + " is revoked and cannot be changed");
  }

  @Test
  void promoteMakesTheStagedRulesEnforcedAtOnceAndReportsItLikeAnEdit() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    f.service.stage(t.token().id(), STAGED, Fixture.ADMIN);
    principal(f, t);

    StoredToken promoted = f.service.promote(t.token().id(), "bob");

    assertThat(promoted.restrictions()).isEqualTo(STAGED);
    assertThat(promoted.version()).isEqualTo(2);
    assertThat(f.service.staged(t.token().id())).isEmpty();
    TokenPrincipal p = principal(f, t);
    assertThat(p.staged()).isNull();
    assertThat(p.rules().evaluate(Request.of("GET", "/rest/api/2/issue/KANBAN-2")).isAllowed())
        .isTrue();
    TokenAdminEvent e = f.events.get(f.events.size() - 1);
    assertThat(e.action()).isEqualTo(TokenAdminEvent.Action.PROMOTE);
    assertThat(e.changedFields()).containsExactly("restrictions");
    assertThat(e.ruleLines()).isEqualTo(1);
  }

  @Test
  void promoteWhenNothingIsStagedThenRefusedSayingSo() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");

    assertThatThrownBy(() -> f.service.promote(t.token().id(), Fixture.ADMIN))
        .isInstanceOf(TokenAdminException.class)
        .hasMessage("token " + t.token().id() + " has no staged rules");
  }

  @Test
  void secureModeAllowsStagingButRefusesPromotionAsAnEdit() {
    Fixture f = new Fixture(TokenSettings.builder().secureMode(true).build());
    IssuedToken t = f.create("alice");

    f.service.stage(t.token().id(), STAGED, Fixture.ADMIN);

    assertThat(principal(f, t).staged()).isNotNull();
    assertThatThrownBy(() -> f.service.promote(t.token().id(), Fixture.ADMIN))
        .isInstanceOf(TokenAdminException.class)
        .hasMessage(String.format(TokenService.ERR_SECURE_PROMOTE, t.token().id()));
    assertThat(f.service.find(t.token().id()).orElseThrow().restrictions())
        .isEqualTo(Fixture.RULES);
    assertThat(f.service.unstage(t.token().id(), Fixture.ADMIN)).isTrue();
  }

  @Test
  void unstageRemovesThemAtOnceAndReportsOnlyWhenThereWereAny() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    f.service.stage(t.token().id(), STAGED, Fixture.ADMIN);
    principal(f, t);
    int before = f.events.size();

    assertThat(f.service.unstage(t.token().id(), Fixture.ADMIN)).isTrue();
    assertThat(f.service.unstage(t.token().id(), Fixture.ADMIN)).isFalse();

    assertThat(principal(f, t).staged()).isNull();
    assertThat(f.events.subList(before, f.events.size())).extracting(TokenAdminEvent::action)
        .containsExactly(TokenAdminEvent.Action.UNSTAGE);
  }

  @Test
  void editOfAnotherFieldKeepsTheStagedRulesInTheCache() {
    Fixture f = new Fixture();
    IssuedToken t = f.create("alice");
    f.service.stage(t.token().id(), STAGED, Fixture.ADMIN);

    f.service.edit(t.token().id(), TokenEdit.builder().label("renamed").build(), Fixture.ADMIN);

    assertThat(principal(f, t).staged()).isNotNull();
    assertThat(principal(f, t).label()).isEqualTo("renamed");
  }

  @Test
  void stageOnOneNodeIsSeenByAnotherNodeAtItsNextPoll() {
    InMemoryTokenStore backing = new InMemoryTokenStore();
    Fixture a = new Fixture(TokenSettings.defaults(), backing,
        dev.limitto.jira.token.crypto.KeyRing.generate(), new MutableClock(Fixture.START));
    Fixture b = a.otherNode(TokenSettings.defaults(), backing);
    IssuedToken t = a.create("alice");
    assertThat(principal(b, t).staged()).isNull();

    a.service.stage(t.token().id(), STAGED + "\n[post].*/x[JsonData::a==1]", Fixture.ADMIN);
    assertThat(principal(b, t).staged()).isNull();
    b.auth().refresh();

    TokenPrincipal p = principal(b, t);
    assertThat(p.staged()).isNotNull();
    assertThat(p.staged().readsBody()).isTrue();

    a.service.unstage(t.token().id(), Fixture.ADMIN);
    b.auth().refresh();
    assertThat(principal(b, t).staged()).isNull();
  }

  @Test
  void aTokenFirstLoadedOnUseComesWithItsStagedRules() {
    InMemoryTokenStore backing = new InMemoryTokenStore();
    Fixture a = new Fixture(TokenSettings.defaults(), backing,
        dev.limitto.jira.token.crypto.KeyRing.generate(), new MutableClock(Fixture.START));
    Fixture b = a.otherNode(TokenSettings.defaults(), backing);
    IssuedToken t = a.create("alice");
    a.service.stage(t.token().id(), STAGED, Fixture.ADMIN);

    // b has not polled since: the token is new to it, loaded on its first request
    assertThat(principal(b, t).staged()).isNotNull();
    assertThat(List.of(backing.listStaged().keySet().toArray())).containsExactly(t.token().id());
  }
}
