package dev.limitto.jira.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.audit.AuditDispatcher;
import dev.limitto.jira.audit.JsonLinesAuditWriter;
import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import dev.limitto.jira.user.UserBinding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused request's query values and body never reach the 403 response or the audit log, not
 * even through the denial reason: the reason names the rule that failed, not what the request
 * carried.
 */
class DenialPrivacyTest {

  static final String RULES = """
      [get].*/rest/api/2/search[QueryParam::jql==project = KANBAN.*]
      [post].*/rest/api/2/issue[JsonData::fields.project.key==KANBAN]
      """;
  static final String QUERY_SECRET = "qsecret4711";
  static final String BODY_SECRET = "bsecret0815";

  @TempDir Path dir;

  private TokenService tokens;
  private AuditDispatcher audit;
  private Gate gate;
  private String basic;

  @BeforeEach
  void setUp() throws Exception {
    audit = AuditDispatcher.builder().writer(JsonLinesAuditWriter.open(dir)).start();
    tokens = TokenService.builder().store(new InMemoryTokenStore()).keys(KeyRing.generate())
        .settings(TokenSettings.defaults())
        .users(new InMemoryUserDirectory().add("alice", "alice@example.com"))
        .listener(audit).build();
    tokens.start();
    IssuedToken token = tokens.create(TokenRequest.builder().owner("alice").label("privacy")
        .restrictions(RULES).build(), "admin");
    gate = Gate.builder().authType(TokenSettings.AuthType.BASIC)
        .authenticator(tokens.authenticator()).audit(audit).userBinding(UserBinding.container())
        .baseUrl("https://jira.example.com").build();
    basic = "Basic " + Base64.getEncoder().encodeToString(
        ("alice:" + token.secret()).getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void tearDown() {
    tokens.close();
    audit.close();
  }

  @Test
  void refusedRequestsWhenAuditedThenNoQueryValueNorBodyValueIsWrittenOrAnswered()
      throws Exception {
    List<String> answers = new ArrayList<>();
    // a query value that fails its predicate
    answers.add(refuse(FakeGateRequest.of("GET",
        "/rest/api/2/search?jql=project+%3D+" + QUERY_SECRET), 403,
        "line 1: QueryParam jql value does not match project = KANBAN.*"));
    // a query string that is rejected after the value (malformed percent-encoding)
    answers.add(refuse(FakeGateRequest.of("GET",
        "/rest/api/2/search?jql=" + QUERY_SECRET + "%zz"), 403,
        "request rejected: query string contains malformed percent-encoding"));
    // a body value that fails its predicate
    answers.add(refuse(FakeGateRequest.withBody("POST", "/rest/api/2/issue",
            FakeGateRequest.utf8("{\"fields\":{\"project\":{\"key\":\"" + BODY_SECRET + "\"}}}"))
        .header("Content-Type", "application/json"), 403, "line 2: JsonData"));
    audit.close();

    List<String> written = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        written.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    }
    assertThat(written).hasSize(4); // the token's creation and the three refusals
    assertThat(written).filteredOn(l -> l.contains("\"REFUSED\"") || l.contains("DENY")
        || l.contains("403")).hasSize(3);
    for (String text : concat(answers, written)) {
      assertThat(text).doesNotContain(QUERY_SECRET).doesNotContain(BODY_SECRET);
    }
  }

  /** Decides a request that must be refused; returns the response body the client would get. */
  private String refuse(FakeGateRequest request, int status, String reasonStart) {
    request.clientAddress = "10.0.0.1";
    GateOutcome o = gate.decide(request.header("Authorization", basic));
    assertThat(o.kind()).as("%s", o).isEqualTo(GateOutcome.Kind.REFUSED);
    assertThat(o.status()).isEqualTo(status);
    assertThat(o.reason()).startsWith(reasonStart);
    gate.complete(o, status);
    return new String(o.responseBody(), StandardCharsets.UTF_8) + "\n" + o.message();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
