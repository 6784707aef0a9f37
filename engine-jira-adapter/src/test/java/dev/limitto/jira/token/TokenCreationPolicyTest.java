package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.jira.store.StoredToken;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may create tokens: groups for oneself and for others, group lifetimes, the per-user maximum. */
class TokenCreationPolicyTest {

  private static TokenRequest.Builder own() {
    return TokenRequest.builder().label("mine").restrictions(Fixture.RULES);
  }

  private static TokenSettings policy(List<String> self, List<String> others,
      Map<String, Duration> lifetimes, int max) {
    return TokenSettings.builder().creation(CreationPolicy.of(self, others, lifetimes, max))
        .build();
  }

  /** alice in jira-users; bob in jira-users and ci-admins; carol in no group. */
  private static Fixture fixture(TokenSettings settings) {
    Fixture f = new Fixture(settings);
    f.users.add("alice", null, "jira-users");
    f.users.add("bob", null, "Jira-Users", "ci-admins");
    f.users.add("carol", "carol@example.com");
    return f;
  }

  @Test
  void byDefaultOnlyAdministratorsCreateTokensAndWithoutAMaximum() {
    Fixture f = fixture(TokenSettings.defaults());
    for (int i = 0; i < 12; i++) {
      f.create("alice");
    }
    TokenPolicyException e = refusal(() -> f.service.createAsUser(own().build(), "alice"));
    assertThat(e.kind()).isEqualTo(TokenPolicyException.Kind.NOT_ALLOWED);
    assertThat(e.setting()).isEqualTo(TokenSettings.CREATE_SELF_GROUPS);
    assertThat(e).hasMessage(TokenService.ERR_CREATE_NOBODY);
    assertThat(f.service.activeTokens("alice")).isEqualTo(12);
    assertThat(f.service.mayCreateForSelf("alice")).isFalse();
  }

  @Test
  void aMemberOfASelfGroupCreatesATokenForThemselves() {
    Fixture f = fixture(policy(List.of("jira-users"), List.of(), Map.of(), 0));

    IssuedToken t = f.service.createAsUser(own().build(), "alice");

    assertThat(t.token().owner()).isEqualTo("alice");
    assertThat(t.token().createdBy()).isEqualTo("alice");
    assertThat(f.auth().authenticate(t.secret(), "alice", "192.0.2.1"))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(f.events).singleElement()
        .satisfies(ev -> assertThat(ev.actor()).isEqualTo("alice"));
    // naming oneself, by name in another case or by e-mail, is creating for oneself
    assertThat(f.service.createAsUser(own().owner("ALICE").build(), "alice").token().owner())
        .isEqualTo("ALICE");
    assertThat(f.service.createAsUser(own().owner("alice@example.com").build(), "alice")
        .token().owner()).isEqualTo("alice");
    assertThat(f.service.mayCreateForSelf("alice")).isTrue();
  }

  @Test
  void aMemberOfASelfGroupIsRefusedATokenForAnotherUserNamingTheSetting() {
    Fixture f = fixture(policy(List.of("jira-users"), List.of(), Map.of(), 0));

    TokenPolicyException e =
        refusal(() -> f.service.createAsUser(own().owner("bob").build(), "alice"));

    assertThat(e.kind()).isEqualTo(TokenPolicyException.Kind.NOT_ALLOWED);
    assertThat(e.setting()).isEqualTo(TokenSettings.CREATE_OTHERS_GROUPS);
    assertThat(e).hasMessage("alice may not create tokens for other users (bob): none of their"
        + " groups is in limitto.token.create.others.groups");
    assertThat(f.service.list()).isEmpty();
    assertThat(f.events).isEmpty();
  }

  @Test
  void aUserInNoAllowedGroupIsRefusedEvenForThemselves() {
    Fixture f = fixture(policy(List.of("jira-users"), List.of(), Map.of(), 0));

    TokenPolicyException e = refusal(() -> f.service.createAsUser(own().build(), "carol"));

    assertThat(e.setting()).isEqualTo(TokenSettings.CREATE_SELF_GROUPS);
    assertThat(e).hasMessage("carol may not create tokens: none of their groups is in"
        + " limitto.token.create.self.groups or limitto.token.create.others.groups");
    assertThat(refusal(() -> f.service.createAsUser(own().build(), "mallory")))
        .hasMessage("mallory is not an active user");
    assertThat(f.service.list()).isEmpty();
  }

  @Test
  void aMemberOfAnOthersGroupCreatesForOtherUsersAndForThemselvesGroupsIgnoringCase() {
    Fixture f = fixture(policy(List.of(), List.of("CI-Admins"), Map.of(), 0));

    IssuedToken forAlice = f.service.createAsUser(own().owner("alice").build(), "bob");
    IssuedToken forSelf = f.service.createAsUser(own().build(), "bob");

    assertThat(forAlice.token().owner()).isEqualTo("alice");
    assertThat(forAlice.token().createdBy()).isEqualTo("bob");
    assertThat(forSelf.token().owner()).isEqualTo("bob");
    assertThat(refusal(() -> f.service.createAsUser(own().owner("bob").build(), "alice")))
        .hasMessageContaining(TokenSettings.CREATE_SELF_GROUPS);
  }

  @Test
  void usersMayNotCreateUnboundOrRunAsTokensWhateverTheirGroups() {
    Fixture f = fixture(TokenSettings.builder().allowUnbound(true)
        .creation(CreationPolicy.of(List.of(), List.of("ci-admins"), Map.of(), 0)).build());

    assertThat(refusal(() -> f.service.createAsUser(
            TokenRequest.builder().unbound().label("any").restrictions(Fixture.RULES).build(),
            "bob")))
        .hasMessage(TokenService.ERR_CREATE_UNBOUND);
    assertThat(refusal(() -> f.service.createAsUser(
            own().owner("alice").runAsAllowed(true).build(), "bob")))
        .hasMessage(TokenService.ERR_CREATE_RUN_AS)
        .extracting(TokenPolicyException::setting)
        .isEqualTo(TokenSettings.CREATE_OTHERS_GROUPS);
    assertThat(f.service.list()).isEmpty();
    // the administrator may
    f.service.create(own().owner("alice").runAsAllowed(true).build(), Fixture.ADMIN);
  }

  @Test
  void theMostGenerousLifetimeOfTheAllowingGroupsWinsAndIsTheDefaultExpiry() {
    Fixture f = fixture(policy(List.of("jira-users"), List.of("ci-admins"),
        Map.of("jira-users", Duration.ofDays(30), "ci-admins", Duration.ofDays(90)), 0));

    // alice: jira-users only, 30 days
    StoredToken a = f.service.createAsUser(own().build(), "alice").token();
    assertThat(a.expiresAt()).isEqualTo(Fixture.START.plus(Duration.ofDays(30)));
    TokenPolicyException e = refusal(() ->
        f.service.createAsUser(own().expiresIn(Duration.ofDays(31)).build(), "alice"));
    assertThat(e.kind()).isEqualTo(TokenPolicyException.Kind.LIFETIME);
    assertThat(e.setting()).isEqualTo(TokenSettings.GROUP_MAX_LIFETIME);
    assertThat(e).hasMessage("expiry 2026-04-01T10:00:00Z is more than the maximum lifetime of"
        + " 30d from now that alice's groups allow (limitto.token.group.max.lifetime:"
        + " jira-users:30d)");

    // bob: jira-users (30 days) and ci-admins (90 days): the longer one, for himself too
    StoredToken b = f.service.createAsUser(own().build(), "bob").token();
    assertThat(b.expiresAt()).isEqualTo(Fixture.START.plus(Duration.ofDays(90)));
    f.service.createAsUser(own().expiresIn(Duration.ofDays(60)).build(), "bob");
    assertThat(refusal(() ->
        f.service.createAsUser(own().expiresIn(Duration.ofDays(91)).build(), "bob")))
        .hasMessageContaining("maximum lifetime of 90d")
        .hasMessageContaining("ci-admins:90d");
    // for another user, only the others group counts
    assertThat(f.service.createAsUser(own().owner("alice").build(), "bob").token().expiresAt())
        .isEqualTo(Fixture.START.plus(Duration.ofDays(90)));

    // the administrator is bound by limitto.token.max.lifetime only
    assertThat(f.service.create(own().owner("alice").expiresIn(Duration.ofDays(300)).build(),
        Fixture.ADMIN).token().expiresAt()).isEqualTo(Fixture.START.plus(Duration.ofDays(300)));
  }

  @Test
  void aGroupWithoutALifetimeHasTheGlobalMaximumWhichAlsoCapsEveryGroup() {
    Fixture f = fixture(TokenSettings.builder().maxLifetime(Duration.ofDays(100))
        .creation(CreationPolicy.of(List.of("jira-users", "ci-admins"), List.of(),
            Map.of("jira-users", Duration.ofDays(30)), 0)).build());

    // bob is also in ci-admins, which has no lifetime of its own: the global 100 days
    f.service.createAsUser(own().expiresIn(Duration.ofDays(100)).build(), "bob");
    assertThatThrownBy(() ->
        f.service.createAsUser(own().expiresIn(Duration.ofDays(101)).build(), "bob"))
        .isNotInstanceOf(TokenPolicyException.class)
        .hasMessage(String.format(TokenService.ERR_EXPIRY_TOO_LONG, "2026-06-10T10:00:00Z",
            "100d"));

    Fixture capped = fixture(TokenSettings.builder().maxLifetime(Duration.ofDays(10))
        .creation(CreationPolicy.of(List.of("jira-users"), List.of(),
            Map.of("jira-users", Duration.ofDays(30)), 0)).build());
    assertThat(capped.service.createAsUser(own().build(), "alice").token().expiresAt())
        .isEqualTo(Fixture.START.plus(Duration.ofDays(10)));
    assertThatThrownBy(() -> capped.service.createAsUser(
            own().expiresIn(Duration.ofDays(11)).build(), "alice"))
        .hasMessageContaining(TokenSettings.MAX_LIFETIME);
  }

  private static TokenPolicyException refusal(ThrowingCall r) {
    try {
      r.call();
    } catch (TokenPolicyException e) {
      return e;
    } catch (RuntimeException e) {
      throw new AssertionError("refused, but not by the creation settings: " + e, e);
    }
    throw new AssertionError("not refused");
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void call();
  }

  @Test
  void theMaximumOfActiveTokensPerUserBindsAdministratorsAndUsersAndCountsOnlyLiveTokens() {
    Fixture f = fixture(policy(List.of("jira-users"), List.of(), Map.of(), 2));
    StoredToken first = f.create("alice").token();
    f.service.create(own().owner("alice").expiresIn(Duration.ofDays(1)).build(), Fixture.ADMIN);

    TokenPolicyException byAdmin = refusal(() -> f.create("alice"));
    TokenPolicyException byUser = refusal(() -> f.service.createAsUser(own().build(), "alice"));

    for (TokenPolicyException e : List.of(byAdmin, byUser)) {
      assertThat(e.kind()).isEqualTo(TokenPolicyException.Kind.TOO_MANY);
      assertThat(e.setting()).isEqualTo(TokenSettings.MAX_ACTIVE_PER_USER);
      assertThat(e).hasMessage("alice already has 2 active token(s), the maximum per user"
          + " (limitto.token.max.active.per.user=2); revoke one first");
    }
    assertThat(f.service.list()).hasSize(2);
    // another owner has a count of their own
    f.create("bob");

    // a revoked token does not count
    f.service.revoke(first.id(), Fixture.ADMIN);
    f.service.createAsUser(own().build(), "alice");
    assertThat(refusal(() -> f.create("alice")).kind())
        .isEqualTo(TokenPolicyException.Kind.TOO_MANY);
    // nor does an expired one
    f.clock.advance(Duration.ofDays(2));
    assertThat(f.service.activeTokens("ALICE")).isEqualTo(1);
    f.create("alice");
    assertThat(f.service.activeTokens("alice")).isEqualTo(2);
  }

  @Test
  void theMaximumAloneLeavesCreationToAdministrators() {
    Fixture f = fixture(policy(List.of(), List.of(), Map.of(), 1));
    f.create("alice");
    assertThat(refusal(() -> f.create("alice")).setting())
        .isEqualTo(TokenSettings.MAX_ACTIVE_PER_USER);
    assertThat(refusal(() -> f.service.createAsUser(own().build(), "bob")))
        .hasMessage(TokenService.ERR_CREATE_NOBODY);
  }

  @Test
  void aDirectoryThatCannotAnswerForGroupsLetsNoGroupCreate() {
    Fixture f = new Fixture(policy(List.of("jira-users"), List.of(), Map.of(), 0));
    // Fixture's directory knows alice but no group of hers
    assertThat(refusal(() -> f.service.createAsUser(own().build(), "alice")).setting())
        .isEqualTo(TokenSettings.CREATE_SELF_GROUPS);
  }
}
