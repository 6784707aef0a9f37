package dev.limitto.jira.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.HttpRequestView;
import dev.limitto.engine.RuleSet;
import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.audit.AuditEvent;
import dev.limitto.jira.audit.InMemoryAuditSink;
import dev.limitto.jira.audit.StagedOutcome;
import dev.limitto.jira.token.AuthResult;
import dev.limitto.jira.token.TokenAuthenticator;
import dev.limitto.jira.token.TokenPrincipal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A token with staged (report-only) rules: the answer is always the enforced rules', and the
 * audit entry says where the staged rules would decide otherwise.
 */
class StagedRulesGateTest {

  private static final String SECRET = "tok_" + "a".repeat(40);
  private static final String BASE = "https://jira.example.com/jira";
  private static final String ISSUES = "[get] .*/rest/api/2/issue/KANBAN-[0-9]+\n"
      + "[post] .*/rest/api/2/issue";
  private static final String ISSUES_OF_KANBAN = "[get] .*/rest/api/2/issue/KANBAN-[0-9]+\n"
      + "[post] .*/rest/api/2/issue[JsonData::fields.project.key==KANBAN]";

  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private AuthResult result;

  private final TokenAuthenticator authenticator = new TokenAuthenticator() {
    @Override
    public boolean looksLikeToken(String credential) {
      return credential.startsWith("tok_") && credential.length() == 44;
    }

    @Override
    public AuthResult authenticate(String secret, String presentedUser, String clientAddress) {
      return result;
    }
  };

  private final Gate gate =
      Gate.builder().authenticator(authenticator).audit(audit).baseUrl(BASE).build();

  private void token(String enforced, String staged) {
    RuleSet s = RuleSet.compiler().baseUrl(BASE).compile(staged);
    result = new AuthResult.Authenticated(new TokenPrincipal("tok-1", "bot", "alice",
        RuleSet.compiler().baseUrl(BASE).compile(enforced), false,
        new TokenPrincipal.Staged(s, staged.toLowerCase(Locale.ROOT).contains("[jsondata::"))));
  }

  private static FakeGateRequest withToken(FakeGateRequest r) {
    return r.header("Authorization", "Basic " + Base64.getEncoder()
        .encodeToString(("alice:" + SECRET).getBytes(StandardCharsets.UTF_8)));
  }

  /** Decides and completes like a filter; returns the outcome. */
  private GateOutcome serve(FakeGateRequest r, int status) {
    GateOutcome o = gate.decide(withToken(r));
    gate.complete(o, o.kind() == GateOutcome.Kind.REFUSED ? o.status() : status);
    return o;
  }

  private AuditEntry lastEntry() {
    List<AuditEvent> events = audit.events();
    return AuditEntry.of(events.get(events.size() - 1));
  }

  @Test
  void allowedRequestThatStagedRulesRefuseThenServedAndAuditedAsWouldRefuse() {
    token(ISSUES, "[get] .*/rest/api/2/issue/KANBAN-1");

    GateOutcome o = serve(FakeGateRequest.of("GET", "/jira/rest/api/2/issue/KANBAN-7"), 200);

    assertThat(o.kind()).isEqualTo(GateOutcome.Kind.AUTHENTICATED);
    assertThat(o.matchedLine()).isEqualTo(1);
    AuditEntry e = lastEntry();
    assertThat(e.decision()).isEqualTo(AuditEntry.ALLOWED);
    assertThat(e.matchedLine()).isEqualTo(1);
    assertThat(e.staged().verdict()).isEqualTo(StagedOutcome.Verdict.WOULD_REFUSE);
    assertThat(e.staged().line()).isZero();
    assertThat(e.staged().reason()).isNotBlank();
  }

  @Test
  void refusedRequestThatStagedRulesAllowThenRefusedAndAuditedAsWouldAllowWithTheStagedLine() {
    token(ISSUES, "[get] .*/rest/api/2/project\n[delete] .*/rest/api/2/issue/KANBAN-[0-9]+");

    GateOutcome o = serve(FakeGateRequest.of("DELETE", "/jira/rest/api/2/issue/KANBAN-7"), 0);

    assertThat(o.kind()).isEqualTo(GateOutcome.Kind.REFUSED);
    assertThat(o.status()).isEqualTo(403);
    AuditEntry e = lastEntry();
    assertThat(e.decision()).isEqualTo(AuditEntry.REFUSED);
    assertThat(e.staged()).isEqualTo(new StagedOutcome(StagedOutcome.Verdict.WOULD_ALLOW, 2, null));
  }

  @Test
  void requestBothDecideAlikeThenAuditedAsSame() {
    token(ISSUES, "[get] .*/rest/api/2/issue/.*");

    serve(FakeGateRequest.of("GET", "/jira/rest/api/2/issue/KANBAN-7"), 200);

    assertThat(lastEntry().staged())
        .isEqualTo(new StagedOutcome(StagedOutcome.Verdict.SAME, 1, null));
  }

  @Test
  void tokenWithoutStagedRulesThenNoStagedOutcome() {
    result = new AuthResult.Authenticated(new TokenPrincipal("tok-1", "bot", "alice",
        RuleSet.compiler().baseUrl(BASE).compile(ISSUES), false));

    serve(FakeGateRequest.of("GET", "/jira/rest/api/2/issue/KANBAN-7"), 200);

    assertThat(audit.events().get(0).staged()).isNull();
    assertThat(lastEntry().staged()).isNull();
  }

  @Test
  void stagedRulesAreNotEvaluatedOnTheRequestThreadButWhenTheEntryIsMade() {
    token(ISSUES, "[get] .*/rest/api/2/issue/KANBAN-1");

    serve(FakeGateRequest.of("GET", "/jira/rest/api/2/issue/KANBAN-7"), 200);

    StagedEvaluation check = (StagedEvaluation) audit.events().get(0).staged();
    assertThat(check.evaluated()).isFalse();
    AuditEntry.of(audit.events().get(0));
    assertThat(check.evaluated()).isTrue();
  }

  @Test
  void stagedBodyRuleWhenEnforcedRulesDidNotReadTheBodyThenTheyStillSeeItAndTheHostGetsItAll()
      throws IOException {
    token(ISSUES, ISSUES_OF_KANBAN);
    String body = "{\"fields\":{\"project\":{\"key\":\"JRA\"},\"summary\":\"s\"}}";
    FakeGateRequest r = FakeGateRequest.withBody("POST", "/jira/rest/api/2/issue",
        FakeGateRequest.utf8(body)).header("Content-Type", "application/json");

    GateOutcome o = serve(r, 201);

    assertThat(o.kind()).isEqualTo(GateOutcome.Kind.AUTHENTICATED);
    assertThat(readAll(r.body.replay())).isEqualTo(body);
    AuditEntry e = lastEntry();
    assertThat(e.staged().verdict()).isEqualTo(StagedOutcome.Verdict.WOULD_REFUSE);
    assertThat(e.staged().reason()).contains("fields.project.key");
  }

  @Test
  void stagedBodyRuleThatTheBodyPassesThenSame() {
    token(ISSUES, ISSUES_OF_KANBAN);
    FakeGateRequest r = FakeGateRequest.withBody("POST", "/jira/rest/api/2/issue",
        FakeGateRequest.utf8("{\"fields\":{\"project\":{\"key\":\"KANBAN\"}}}"))
        .header("Content-Type", "application/json");

    serve(r, 201);

    assertThat(lastEntry().staged())
        .isEqualTo(new StagedOutcome(StagedOutcome.Verdict.SAME, 2, null));
  }

  @Test
  void stagedRulesWithoutBodyPredicatesThenTheBodyIsNotRead() {
    token(ISSUES, "[post] .*/rest/api/2/issue");
    FakeGateRequest r = FakeGateRequest.withBody("POST", "/jira/rest/api/2/issue",
        FakeGateRequest.utf8("{}")).header("Content-Type", "application/json");

    serve(r, 201);

    assertThat(r.bodyReads).isZero();
    assertThat(lastEntry().staged().verdict()).isEqualTo(StagedOutcome.Verdict.SAME);
  }

  @Test
  void requestRefusedBeforeTheRulesThenNoStagedOutcome() {
    token(ISSUES, "[get] .*");

    GateOutcome o = serve(FakeGateRequest.of("GET", "/jira/rest/api/2/issue/KANBAN-7?os_username=x"), 0);

    assertThat(o.status()).isEqualTo(400);
    assertThat(audit.events().get(0).staged()).isNull();
  }

  @Test
  void stagedReasonWhenItQuotesATokenShapedTextThenMasked() {
    token("[get] .*", "[get] .*/rest/api/2/issue/KANBAN-1");
    String leaked = "ltk_" + "Q".repeat(30);

    serve(FakeGateRequest.of("GET", "/jira/rest/api/2/issue/" + leaked), 200);

    AuditEntry e = lastEntry();
    assertThat(e.staged().verdict()).isEqualTo(StagedOutcome.Verdict.WOULD_REFUSE);
    assertThat(e.staged().reason()).doesNotContain(leaked);
    assertThat(TokenMask.holdsToken(e.staged().reason())).isFalse();
  }

  @Test
  void snapshotWhenTheEngineAsksForHeadersThenItAsksOnlyForTheOnesItKeeps() {
    // A recording view over requests that exercise every header the engine may read: method
    // override headers and a JSON body's type and encoding.
    Set<String> asked = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    List<RuleSet> rules = List.of(RuleSet.compile(ISSUES_OF_KANBAN),
        RuleSet.compile("[post] .*/x[JsonData::a==1][QueryParam::q==1]"), RuleSet.compile(""));
    for (String method : List.of("GET", "POST", "PUT")) {
      for (RuleSet rs : rules) {
        rs.evaluate(recording(method, "/rest/api/2/issue?q=1", asked));
        rs.evaluate(recording(method, "/x?q=1", asked));
      }
    }
    Set<String> kept = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    kept.addAll(List.of(StagedEvaluation.HEADERS));

    assertThat(asked).isNotEmpty();
    assertThat(kept).containsAll(asked);
  }

  private static HttpRequestView recording(String method, String target, Set<String> asked) {
    int q = target.indexOf('?');
    return new HttpRequestView() {
      @Override
      public String method() {
        return method;
      }

      @Override
      public String rawPath() {
        return target.substring(0, q);
      }

      @Override
      public String rawQuery() {
        return target.substring(q + 1);
      }

      @Override
      public String header(String name) {
        asked.add(name);
        return name.equalsIgnoreCase("Content-Type") ? "application/json" : null;
      }

      @Override
      public byte[] body(int maxBytes) {
        return "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
