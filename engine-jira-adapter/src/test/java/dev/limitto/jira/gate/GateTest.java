package dev.limitto.jira.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.engine.Limits;
import dev.limitto.engine.RuleSet;
import dev.limitto.jira.audit.AuditEvent;
import dev.limitto.jira.audit.InMemoryAuditSink;
import dev.limitto.jira.token.AuthResult;
import dev.limitto.jira.token.TokenAuthenticator;
import dev.limitto.jira.token.TokenPrincipal;
import dev.limitto.jira.token.TokenSettings.AuthType;
import dev.limitto.jira.user.UserBinding;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The gate's decisions, without a servlet container. */
class GateTest {

  private static final String SECRET = "tok_" + "a".repeat(40);
  private static final String BASE = "https://jira.example.com/jira";
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private final List<String> calls = new ArrayList<>();
  private AuthResult result = authenticated("[get].*/rest/api/2/issue/KANBAN-[0-9]+", false);
  private RuntimeException authFailure;

  /** Our tokens: "tok_" and 40 more characters. */
  private final TokenAuthenticator authenticator = new TokenAuthenticator() {
    @Override
    public boolean looksLikeToken(String credential) {
      return credential.startsWith("tok_") && credential.length() == 44;
    }

    @Override
    public AuthResult authenticate(String secret, String presentedUser, String clientAddress) {
      calls.add(secret + "|" + presentedUser + "|" + clientAddress);
      if (authFailure != null) {
        throw authFailure;
      }
      return result;
    }
  };

  private static AuthResult authenticated(String rules, boolean runAs) {
    RuleSet compiled = RuleSet.compiler().baseUrl(BASE)
        .limits(Limits.builder().maxBodyBytes(16).build()).compile(rules);
    return new AuthResult.Authenticated(
        new TokenPrincipal("tok-1", "bot", "alice", compiled, runAs));
  }

  private Gate gate(AuthType type) {
    return gate(type, UserBinding.container());
  }

  private Gate gate(AuthType type, UserBinding binding) {
    return Gate.builder().authType(type).authenticator(authenticator).audit(audit)
        .userBinding(binding).baseUrl(BASE)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  }

  private static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static FakeGateRequest get(String target) {
    return FakeGateRequest.of("GET", target);
  }

  // ---- pass-through ----

  @Test
  void decideWhenNoAuthorizationThenPassesThroughWithoutAskingTheTokens() {
    GateOutcome o = gate(AuthType.BOTH).decide(get("/jira/rest/api/2/issue/KANBAN-1"));
    assertThat(o.kind()).isEqualTo(GateOutcome.Kind.PASS_THROUGH);
    assertThat(calls).isEmpty();
  }

  @Test
  void decideWhenBasicPasswordThenPassesThrough() {
    GateOutcome o = gate(AuthType.BOTH).decide(get("/jira/rest/api/2/issue/SECRET-1")
        .header("Authorization", basic("alice", "hunter2")));
    assertThat(o.kind()).isEqualTo(GateOutcome.Kind.PASS_THROUGH);
    assertThat(calls).isEmpty();
  }

  @Test
  void decideWhenBasicIsNotBase64ThenPassesThrough() {
    GateOutcome o = gate(AuthType.BOTH).decide(get("/jira/rest/x")
        .header("Authorization", "Basic %%%" + SECRET));
    assertThat(o.kind()).isEqualTo(GateOutcome.Kind.PASS_THROUGH);
  }

  @Test
  void decideWhenBearerIsSomeoneElsesTokenThenPassesThrough() {
    GateOutcome o = gate(AuthType.BOTH).decide(get("/jira/rest/x")
        .header("Authorization", "Bearer NjA0OTc4MTU2NzM2OmJpZ0pp"));
    assertThat(o.kind()).isEqualTo(GateOutcome.Kind.PASS_THROUGH);
  }

  @Test
  void completeWhenPassThroughThenRecordsNothing() {
    Gate g = gate(AuthType.BOTH);
    g.complete(g.decide(get("/jira/rest/x")), 200);
    assertThat(audit.events()).isEmpty();
  }

  // ---- authentication ----

  @Test
  void decideWhenBasicTokenAllowedThenAuthenticatesAsOwner() {
    FakeGateRequest r = get("/jira/rest/api/2/issue/KANBAN-1")
        .header("Authorization", basic("alice@example.com", SECRET));
    GateOutcome o = gate(AuthType.BASIC).decide(r);
    assertThat(o.kind()).isEqualTo(GateOutcome.Kind.AUTHENTICATED);
    assertThat(o.effectiveUser()).isEqualTo("alice");
    assertThat(o.matchedLine()).isEqualTo(1);
    assertThat(r.authenticatedUser).isEqualTo("alice");
    assertThat(r.authenticatedScheme).isEqualTo("BASIC");
    assertThat(calls).containsExactly(SECRET + "|alice@example.com|127.0.0.1");
  }

  @Test
  void decideWhenSchemeIsLowerCaseThenStillRecognisesTheToken() {
    GateOutcome o = gate(AuthType.BOTH).decide(get("/jira/rest/api/2/issue/KANBAN-1")
        .header("Authorization", "bearer  " + SECRET + " "));
    assertThat(o.kind()).isEqualTo(GateOutcome.Kind.AUTHENTICATED);
    assertThat(calls).containsExactly(SECRET + "|null|127.0.0.1");
  }

  @Test
  void decideWhenTokenRefusedThen401WithChallengesOfTheAuthType() {
    result = new AuthResult.Refused(AuthResult.Reason.REVOKED, "token tok-1 revoked");
    GateOutcome o = gate(AuthType.BOTH).decide(get("/jira/rest/api/2/issue/KANBAN-1")
        .header("Authorization", "Bearer " + SECRET));
    assertThat(o.kind()).isEqualTo(GateOutcome.Kind.REFUSED);
    assertThat(o.status()).isEqualTo(401);
    assertThat(o.message()).isEqualTo(Gate.MSG_TOKEN_NOT_ACCEPTED);
    assertThat(o.challenges()).containsExactly(
        "Basic realm=\"Jira\"", "Bearer realm=\"Jira\", error=\"invalid_token\"");
    assertThat(o.reason()).isEqualTo("token refused: REVOKED (token tok-1 revoked)");
  }

  @Test
  void completeWhenARecognisedTokenIsRefusedThenTheEventNamesTheToken() {
    result = new AuthResult.Refused(AuthResult.Reason.REVOKED, "token is revoked",
        new AuthResult.Recognised("tok-9", "leaked", "alice"));
    Gate g = gate(AuthType.BASIC);
    GateOutcome o = g.decide(get("/jira/rest/x").header("Authorization", basic("alice", SECRET)));
    g.complete(o, o.status());
    AuditEvent e = audit.events().get(0);
    assertThat(e.tokenId()).isEqualTo("tok-9");
    assertThat(e.tokenLabel()).isEqualTo("leaked");
    assertThat(e.owner()).isEqualTo("alice");
    assertThat(e.effectiveUser()).isNull();
    assertThat(e.reason()).isEqualTo("token refused: REVOKED (token is revoked)");
    assertThat(dev.limitto.jira.audit.AuditQuery.all().forToken("tok-9")
        .matches(dev.limitto.jira.audit.AuditEntry.of(e))).isTrue();
  }

  @Test
  void decideWhenTokenExpiredThenSaysSo() {
    result = new AuthResult.Refused(AuthResult.Reason.EXPIRED, "expired");
    GateOutcome o = gate(AuthType.BASIC).decide(get("/jira/rest/x")
        .header("Authorization", basic("alice", SECRET)));
    assertThat(o.status()).isEqualTo(401);
    assertThat(o.message()).isEqualTo(Gate.MSG_TOKEN_EXPIRED);
    assertThat(o.challenges()).containsExactly("Basic realm=\"Jira\"");
  }

  @Test
  void decideWhenAuthenticatorThrowsThenRefusesWith401() {
    authFailure = new IllegalStateException("database down");
    GateOutcome o = gate(AuthType.BASIC).decide(get("/jira/rest/x")
        .header("Authorization", basic("alice", SECRET)));
    assertThat(o.status()).isEqualTo(401);
    assertThat(o.reason()).startsWith("token refused: STORE_UNAVAILABLE");
  }

  @Test
  void decideWhenBearerButAuthTypeBasicThenRefusedWithoutVerifying() {
    GateOutcome o = gate(AuthType.BASIC).decide(get("/jira/rest/x")
        .header("Authorization", "Bearer " + SECRET));
    assertThat(o.status()).isEqualTo(401);
    assertThat(o.message()).isEqualTo(Gate.MSG_BEARER_DISABLED);
    assertThat(calls).isEmpty();
  }

  @Test
  void decideWhenBasicButAuthTypeBearerThenRefusedWithoutVerifying() {
    GateOutcome o = gate(AuthType.BEARER).decide(get("/jira/rest/x")
        .header("Authorization", basic("alice", SECRET)));
    assertThat(o.status()).isEqualTo(401);
    assertThat(o.message()).isEqualTo(Gate.MSG_BASIC_DISABLED);
    assertThat(o.challenges()).containsExactly("Bearer realm=\"Jira\", error=\"invalid_token\"");
    assertThat(calls).isEmpty();
  }

  @Test
  void decideWhenTokenAndSecondAuthorizationThen400() {
    GateOutcome o = gate(AuthType.BOTH).decide(get("/jira/rest/api/2/issue/KANBAN-1")
        .header("Authorization", basic("admin", "pw"))
        .header("Authorization", "Bearer " + SECRET));
    assertThat(o.status()).isEqualTo(400);
    assertThat(o.message()).isEqualTo(Gate.MSG_SEVERAL_CREDENTIALS);
    assertThat(calls).isEmpty();
  }

  @Test
  void decideWhenLoginParameterInQueryThen400() {
    GateOutcome o = gate(AuthType.BASIC).decide(
        get("/jira/rest/api/2/issue/KANBAN-1?a=1&os%5Fpassword=x")
            .header("Authorization", basic("alice", SECRET)));
    assertThat(o.status()).isEqualTo(400);
    assertThat(o.message()).isEqualTo(Gate.MSG_LOGIN_PARAMETERS);
  }

  @Test
  void decideWhenMoreQueryParametersThanTheHostReadsThen400BeforeTheRules() {
    // Tomcat stops reading parameters at its maxParameterCount (1,000 by default): the host
    // would act on fewer parameters than the rules saw, or fail after the rules allowed
    String many = "a=&".repeat(Gate.DEFAULT_MAX_PARAMETERS);
    GateOutcome o = gate(AuthType.BASIC).decide(
        get("/jira/rest/api/2/issue/KANBAN-1?" + many + "jql=x")
            .header("Authorization", basic("alice", SECRET)));
    assertThat(o.status()).isEqualTo(400);
    assertThat(o.message()).isEqualTo(
        String.format(Gate.MSG_TOO_MANY_PARAMETERS, Gate.DEFAULT_MAX_PARAMETERS));
    assertThat(o.reason()).isEqualTo("more than 1000 parameters");
  }

  @Test
  void decideWhenAsManyQueryParametersAsTheLimitThenTheRulesDecide() {
    String many = "a=&".repeat(Gate.DEFAULT_MAX_PARAMETERS - 1) + "b=1&&";
    GateOutcome o = gate(AuthType.BASIC).decide(get("/jira/rest/api/2/issue/KANBAN-1?" + many)
        .header("Authorization", basic("alice", SECRET)));
    assertThat(o.kind()).isEqualTo(GateOutcome.Kind.AUTHENTICATED);
  }

  @Test
  void decideWhenQueryAndFormBodyTogetherExceedTheLimitThen400() {
    result = authenticated("[post].*/rest/api/2/issue/KANBAN-[0-9]+", false);
    Gate gate = Gate.builder().authenticator(authenticator).audit(audit).baseUrl(BASE)
        .maxParameters(3).build();
    byte[] form = "b=1&c=2".getBytes(StandardCharsets.UTF_8);
    GateOutcome o = gate.decide(FakeGateRequest.withBody("POST", "/jira/rest/api/2/issue/KANBAN-1?a=1&d=4", form)
        .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .header("Authorization", basic("alice", SECRET)));
    assertThat(o.status()).isEqualTo(400);
    assertThat(o.message()).isEqualTo(String.format(Gate.MSG_TOO_MANY_PARAMETERS, 3));

    GateOutcome within = gate.decide(FakeGateRequest.withBody("POST", "/jira/rest/api/2/issue/KANBAN-1?a=1", form)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", basic("alice", SECRET)));
    assertThat(within.kind()).isEqualTo(GateOutcome.Kind.AUTHENTICATED);
  }

  @Test
  void decideWhenFormBodyLargerThanTheBodyLimitThen413() {
    result = authenticated("[post].*/rest/api/2/issue/KANBAN-[0-9]+", false);
    byte[] form = "a=1&".repeat(10).getBytes(StandardCharsets.UTF_8); // 40 bytes, limit 16
    GateOutcome o = gate(AuthType.BASIC).decide(
        FakeGateRequest.withBody("POST", "/jira/rest/api/2/issue/KANBAN-1", form)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Authorization", basic("alice", SECRET)));
    assertThat(o.status()).isEqualTo(413);
  }

  @Test
  void maxParametersBelowOneIsRefused() {
    assertThatThrownBy(() -> Gate.builder().maxParameters(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- rules ----

  @Test
  void decideWhenNoLineAllowsThen403NamingTheReason() {
    GateOutcome o = gate(AuthType.BASIC).decide(get("/jira/rest/api/2/issue/SECRET-1")
        .header("Authorization", basic("alice", SECRET)));
    assertThat(o.status()).isEqualTo(403);
    assertThat(o.message()).startsWith(Gate.MSG_NOT_ALLOWED_PREFIX);
    assertThat(o.message().substring(Gate.MSG_NOT_ALLOWED_PREFIX.length())).isEqualTo(o.reason());
    assertThat(new String(o.responseBody(), StandardCharsets.UTF_8))
        .startsWith("{\"errorMessages\":[\"" + Gate.MSG_NOT_ALLOWED_PREFIX)
        .endsWith("\"],\"errors\":{}}");
  }

  @Test
  void decideWhenRulesNeedNoBodyThenBodyIsNotRead() {
    FakeGateRequest r = FakeGateRequest.withBody("GET", "/jira/rest/api/2/issue/KANBAN-1",
        FakeGateRequest.utf8("{\"x\":1}"));
    r.header("Authorization", basic("alice", SECRET));
    assertThat(gate(AuthType.BASIC).decide(r).kind()).isEqualTo(GateOutcome.Kind.AUTHENTICATED);
    assertThat(r.bodyReads).isZero();
    assertThat(r.bodyState()).isEqualTo(ReplayableBody.State.NOT_READ);
  }

  @Test
  void decideWhenBodyTheRulesNeedIsOverTheLimitThen413() {
    result = authenticated("[post].*/comment[JsonData::body==hello.*]", false);
    FakeGateRequest r = FakeGateRequest.withBody("POST", "/jira/rest/comment",
        FakeGateRequest.utf8("{\"body\":\"hello world, and more\"}"));
    r.header("Authorization", basic("alice", SECRET)).header("Content-Type", "application/json");
    GateOutcome o = gate(AuthType.BASIC).decide(r);
    assertThat(o.status()).isEqualTo(413);
    assertThat(o.message()).isEqualTo(String.format(Gate.MSG_BODY_TOO_LARGE, 16));
  }

  @Test
  void decideWhenBodyCannotBeReadThen400() {
    result = authenticated("[post].*/comment[JsonData::body==hello.*]", false);
    FakeGateRequest r = FakeGateRequest.withBrokenBody("POST", "/jira/rest/comment");
    r.header("Authorization", basic("alice", SECRET)).header("Content-Type", "application/json");
    GateOutcome o = gate(AuthType.BASIC).decide(r);
    assertThat(o.status()).isEqualTo(400);
    assertThat(o.message()).isEqualTo(Gate.MSG_BODY_UNREADABLE);
  }

  @Test
  void decideWhenBodyWithinLimitMatchesThenAuthenticated() {
    result = authenticated("[post].*/comment[JsonData::body==hello.*]", false);
    FakeGateRequest r = FakeGateRequest.withBody("POST", "/jira/rest/comment",
        FakeGateRequest.utf8("{\"body\":\"hello\"}"));
    r.header("Authorization", basic("alice", SECRET)).header("Content-Type", "application/json");
    assertThat(gate(AuthType.BASIC).decide(r).kind()).isEqualTo(GateOutcome.Kind.AUTHENTICATED);
    assertThat(r.bodyReads).isEqualTo(1);
  }

  // ---- contextUser ----

  /** A binding that binds anyone (as the container binding does) and knows these users. */
  private static UserBinding knowing(String... active) {
    java.util.Set<String> users = java.util.Set.of(active);
    return new UserBinding() {
      @Override
      public Optional<Scope> bind(String userName, dev.limitto.jira.user.HostRequest request) {
        return Optional.of(Scope.NONE);
      }

      @Override
      public boolean isActive(String userName) {
        return users.contains(userName);
      }
    };
  }

  @Test
  void decideWhenContextUserAndRunAsAllowedThenActsAsThatUser() {
    result = authenticated("", true);
    FakeGateRequest r = get("/jira/rest/api/2/myself")
        .header("Authorization", basic("alice", SECRET)).header("contextUser", " dave ");
    GateOutcome o = gate(AuthType.BASIC, knowing("alice", "dave")).decide(r);
    assertThat(o.effectiveUser()).isEqualTo("dave");
    assertThat(r.authenticatedUser).isEqualTo("dave");
  }

  @Test
  void decideWhenContextUserIsNoActiveUserThen403AuditedWithTheTokenAndTheName() {
    result = authenticated("", true);
    Gate g = gate(AuthType.BASIC, knowing("alice", "dave"));
    FakeGateRequest r = get("/jira/rest/api/2/myself")
        .header("Authorization", basic("alice", SECRET)).header("contextUser", "ghost");
    GateOutcome o = g.decide(r);
    g.complete(o, o.status());
    assertThat(o.status()).isEqualTo(403);
    assertThat(o.message()).isEqualTo(Gate.MSG_UNKNOWN_CONTEXT_USER);
    assertThat(r.authenticatedUser).isNull();
    AuditEvent e = audit.events().get(0);
    assertThat(e.tokenId()).isEqualTo("tok-1");
    assertThat(e.owner()).isEqualTo("alice");
    assertThat(e.effectiveUser()).isNull();
    assertThat(e.reason()).isEqualTo("contextUser ghost is not an active user");
  }

  @Test
  void decideWhenContextUserAndTheBindingKnowsNoUsersThen403() {
    result = authenticated("", true);
    FakeGateRequest r = get("/jira/rest/api/2/myself")
        .header("Authorization", basic("alice", SECRET)).header("contextUser", "ghost");
    GateOutcome o = gate(AuthType.BASIC, UserBinding.container()).decide(r);
    assertThat(o.status()).isEqualTo(403);
    assertThat(o.message()).isEqualTo(Gate.MSG_UNKNOWN_CONTEXT_USER);
    assertThat(r.authenticatedUser).isNull();
  }

  @Test
  void containerBindingWithADirectoryVouchesForItsActiveUsersOnly() {
    UserBinding b = UserBinding.container(
        new dev.limitto.jira.user.InMemoryUserDirectory().add("dave", null));
    assertThat(b.isActive("dave")).isTrue();
    assertThat(b.isActive("ghost")).isFalse();
    assertThat(b.bind("ghost", get("/x"))).isEmpty();
    assertThat(b.bind("dave", get("/x"))).isPresent();
  }

  @Test
  void decideWhenContextUserIsTokenShapedThenTheAuditedNameIsMasked() {
    result = authenticated("", true);
    String shaped = "ltk_" + "Q".repeat(51);
    Gate g = gate(AuthType.BASIC, knowing("alice"));
    GateOutcome o = g.decide(get("/jira/rest/api/2/myself")
        .header("Authorization", basic("alice", SECRET)).header("contextUser", shaped));
    g.complete(o, o.status());
    assertThat(o.status()).isEqualTo(403);
    assertThat(audit.events().get(0).reason())
        .isEqualTo("contextUser " + TokenMask.MASK + " is not an active user");
  }

  @Test
  void decideWhenContextUserAndRunAsNotAllowedThen403() {
    GateOutcome o = gate(AuthType.BASIC).decide(get("/jira/rest/api/2/issue/KANBAN-1")
        .header("Authorization", basic("alice", SECRET)).header("contextUser", "dave"));
    assertThat(o.status()).isEqualTo(403);
    assertThat(o.message()).isEqualTo(Gate.MSG_RUN_AS_NOT_ALLOWED);
  }

  @Test
  void decideWhenContextUserIsBlankThen400() {
    result = authenticated("", true);
    GateOutcome o = gate(AuthType.BASIC).decide(get("/jira/rest/x")
        .header("Authorization", basic("alice", SECRET)).header("contextUser", "  "));
    assertThat(o.status()).isEqualTo(400);
    assertThat(o.message()).isEqualTo(Gate.MSG_BAD_CONTEXT_USER);
  }

  @Test
  void decideWhenBindingKnowsNoSuchContextUserThen403() {
    result = authenticated("", true);
    UserBinding onlyAlice = new UserBinding() {
      @Override
      public Optional<Scope> bind(String user, dev.limitto.jira.user.HostRequest request) {
        return user.equals("alice") ? Optional.of(Scope.NONE) : Optional.empty();
      }

      @Override
      public boolean isActive(String userName) {
        return true; // says yes, but refuses to bind: the bind decides
      }
    };
    GateOutcome o = gate(AuthType.BASIC, onlyAlice).decide(get("/jira/rest/x")
        .header("Authorization", basic("alice", SECRET)).header("contextUser", "ghost"));
    assertThat(o.status()).isEqualTo(403);
    assertThat(o.message()).isEqualTo(Gate.MSG_UNKNOWN_CONTEXT_USER);
  }

  @Test
  void decideWhenOwnerIsInactiveThenContextUserIsRefused() {
    result = authenticated("", true);
    UserBinding ownerGone = new UserBinding() {
      @Override
      public Optional<Scope> bind(String userName, dev.limitto.jira.user.HostRequest request) {
        return Optional.of(Scope.NONE);
      }

      @Override
      public boolean isActive(String userName) {
        return !userName.equals("alice");
      }
    };
    GateOutcome o = gate(AuthType.BASIC, ownerGone).decide(get("/jira/rest/x")
        .header("Authorization", basic("alice", SECRET)).header("contextUser", "dave"));
    assertThat(o.status()).isEqualTo(401);
  }

  @Test
  void decideWhenBindingKnowsNoSuchOwnerThen401() {
    GateOutcome o = gate(AuthType.BASIC, (u, r) -> Optional.empty()).decide(
        get("/jira/rest/api/2/issue/KANBAN-1").header("Authorization", basic("alice", SECRET)));
    assertThat(o.status()).isEqualTo(401);
    assertThat(o.message()).isEqualTo(Gate.MSG_TOKEN_NOT_ACCEPTED);
  }

  @Test
  void bindingMaySetSessionAttributesOnTheRequest() {
    UserBinding seraphLike = (user, request) -> {
      request.setSessionAttribute("seraph_defaultauthenticator_user", user);
      return Optional.of(UserBinding.Scope.NONE);
    };
    FakeGateRequest r = get("/jira/rest/api/2/issue/KANBAN-1")
        .header("Authorization", basic("alice", SECRET));
    gate(AuthType.BASIC, seraphLike).decide(r);
    assertThat(r.sessionAttributes).containsEntry("seraph_defaultauthenticator_user", "alice");
  }

  // ---- audit ----

  @Test
  void completeWhenAuthenticatedThenRecordsOneEventAndClosesTheBinding() {
    List<String> closed = new ArrayList<>();
    Gate g = gate(AuthType.BASIC, (user, request) -> Optional.of(() -> closed.add(user)));
    GateOutcome o = g.decide(get("/jira/rest/api/2/issue/KANBAN-1?jql=secret%20stuff&x")
        .header("Authorization", basic("alice", SECRET)));
    g.complete(o, 201);
    g.complete(o, 500);
    assertThat(closed).containsExactly("alice");
    assertThat(audit.events()).hasSize(1);
    AuditEvent e = audit.events().get(0);
    assertThat(e.time()).isEqualTo(NOW);
    assertThat(e.tokenId()).isEqualTo("tok-1");
    assertThat(e.tokenLabel()).isEqualTo("bot");
    assertThat(e.owner()).isEqualTo("alice");
    assertThat(e.effectiveUser()).isEqualTo("alice");
    assertThat(e.url()).isEqualTo(
        "https://jira.example.com/jira/rest/api/2/issue/KANBAN-1?jql=***&x");
    assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.ALLOWED);
    assertThat(e.matchedLine()).isEqualTo(1);
    assertThat(e.status()).isEqualTo(201);
    assertThat(e.toString()).doesNotContain(SECRET).doesNotContain("secret%20stuff");
  }

  @Test
  void completeWhenRefusedThenRecordsTheReason() {
    Gate g = gate(AuthType.BASIC);
    GateOutcome o = g.decide(get("/jira/rest/api/2/issue/SECRET-1")
        .header("Authorization", basic("alice", SECRET)));
    g.complete(o, o.status());
    AuditEvent e = audit.events().get(0);
    assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.reason()).isEqualTo(o.reason());
    assertThat(e.effectiveUser()).isNull();
    assertThat(e.matchedLine()).isZero();
  }

  @Test
  void completeWhenSinkThrowsThenTheRequestIsNotAffected() {
    Gate g = Gate.builder().authenticator(authenticator).baseUrl(BASE)
        .audit(event -> { throw new IllegalStateException("disk full"); }).build();
    GateOutcome o = g.decide(get("/jira/rest/api/2/issue/KANBAN-1")
        .header("Authorization", basic("alice", SECRET)));
    g.complete(o, 200);
    assertThat(o.kind()).isEqualTo(GateOutcome.Kind.AUTHENTICATED);
  }

  @Test
  void auditUrlEscapesControlCharactersAndBoundsLength() {
    Gate g = gate(AuthType.BASIC);
    assertThat(g.auditUrl("/a\r\nb c", null)).isEqualTo("https://jira.example.com/a%0D%0Ab%20c");
    String longPath = "/" + "p".repeat(Gate.MAX_AUDITED_PATH + 50);
    assertThat(g.auditUrl(longPath, null))
        .hasSize("https://jira.example.com".length() + Gate.MAX_AUDITED_PATH + 3)
        .endsWith("...");
    assertThat(g.auditUrl("/x", "a=1&b=&c")).isEqualTo("https://jira.example.com/x?a=***&b=***&c");
  }

  // ---- response bodies ----

  @Test
  void errorJsonEscapesQuotesControlsAndMarkup() {
    assertThat(GateOutcome.errorJson("a\"b\\c\nd\u0001<e>&"))
        .isEqualTo("{\"errorMessages\":[\"a\\\"b\\\\c\\nd\\u0001\\u003ce\\u003e\\u0026\"],"
            + "\"errors\":{}}");
  }

  @Test
  void boundedKeepsAtMostTheEchoLimit() {
    assertThat(Gate.bounded("x".repeat(Gate.MAX_ECHOED_REASON))).hasSize(Gate.MAX_ECHOED_REASON);
    assertThat(Gate.bounded("x".repeat(Gate.MAX_ECHOED_REASON + 1)))
        .isEqualTo("x".repeat(Gate.MAX_ECHOED_REASON) + "...");
  }

  @Test
  void builderWithoutAuthenticatorIsRejected() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Gate.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a gate needs a TokenAuthenticator");
  }

  @Test
  void builderWithBaseUrlWithoutHostIsRejected() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Gate.builder().authenticator(authenticator).baseUrl("/jira").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("base URL needs a scheme and a host: /jira");
  }
}
