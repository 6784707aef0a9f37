package dev.limitto.jira.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.audit.InMemoryAuditSink;
import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For all requests carrying something shaped like a Limit-to token in the method, a path
 * segment, a query name, a query value or a header (plain, in other case, or percent-encoded),
 * whatever the gate decides (401 for an unknown token, 403 for a denial or a refused run-as),
 * neither the answer's body, nor the audit event, nor the gate's log holds it.
 */
class TokenMaskProperties {

  private static final String RULES = String.join("\n",
      "[get].*/rest/api/2/issue/KANBAN-[0-9]+",
      "[post].*/rest/api/2/issue/KANBAN-1/comment[JsonData::body==hello.*]",
      "[get].*/rest/api/2/search[QueryParam::jql==project = KANBAN]");
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private static TokenService tokens;
  private static String restricted;
  private static String runAs;
  private static String unknown;

  @BeforeContainer
  static void issue() {
    KeyRing keys = KeyRing.generate();
    InMemoryUserDirectory users = new InMemoryUserDirectory().add("alice", null);
    tokens = TokenService.builder().store(new InMemoryTokenStore()).keys(keys)
        .settings(TokenSettings.defaults()).users(users).build();
    tokens.start();
    restricted = tokens.create(TokenRequest.builder().owner("alice").label("bot")
        .restrictions(RULES).build(), "admin").secret();
    runAs = tokens.create(TokenRequest.builder().owner("alice").label("desk")
        .restrictions(RULES).runAsAllowed(true).build(), "admin").secret();
    try (TokenService elsewhere = TokenService.builder().store(new InMemoryTokenStore())
        .keys(keys).settings(TokenSettings.defaults()).users(users).build()) {
      unknown = elsewhere.create(TokenRequest.builder().owner("alice").label("x").unrestricted()
          .build(),
          "admin").secret();
    }
  }

  @AfterContainer
  static void close() {
    tokens.close();
  }

  /** Where the planted token goes. */
  enum Place { METHOD, PATH_SEGMENT, QUERY_NAME, QUERY_VALUE, CONTENT_TYPE, CONTEXT_USER }

  /** How it is written. */
  enum Form { PLAIN, UPPER_PREFIX, ENCODED_UNDERSCORE, ENCODED_LOWER, ENCODED_L, DOUBLE, ALL_ENCODED }

  /** Which credential the request carries. */
  enum Credential { RESTRICTED, RUN_AS, UNKNOWN, THE_PLANTED_TOKEN }

  @Provide
  Arbitrary<String> tails() {
    return Arbitraries.strings().withChars(BASE62.toCharArray()).ofLength(51);
  }

  static String written(String tail, Form form) {
    return switch (form) {
      case PLAIN -> "ltk_" + tail;
      case UPPER_PREFIX -> "LTK_" + tail;
      case ENCODED_UNDERSCORE -> "ltk%5F" + tail;
      case ENCODED_LOWER -> "ltk%5f" + tail;
      case ENCODED_L -> "%6Ctk_" + tail;
      case DOUBLE -> "ltk%255F" + tail;
      case ALL_ENCODED -> {
        StringBuilder sb = new StringBuilder();
        for (byte b : ("ltk_" + tail).getBytes(StandardCharsets.US_ASCII)) {
          sb.append('%').append(String.format(Locale.ROOT, "%02X", b));
        }
        yield sb.toString();
      }
    };
  }

  @Property(tries = 400)
  void nothingShapedLikeATokenLeavesTheGate(
      @ForAll("tails") String tail, @ForAll Place place, @ForAll Form form,
      @ForAll Credential credential) {
    String planted = written(tail, form);
    String method = "GET";
    String target = "/rest/api/2/issue/KANBAN-1";
    FakeGateRequest r;
    switch (place) {
      case METHOD -> method = planted;
      case PATH_SEGMENT -> target = "/rest/api/2/issue/" + planted + "/comment";
      case QUERY_NAME -> target = "/rest/api/2/search?" + planted + "=1&jql=x";
      case QUERY_VALUE -> target = "/rest/api/2/search?jql=" + planted;
      default -> { }
    }
    if (place == Place.CONTENT_TYPE) {
      method = "POST";
      target = "/rest/api/2/issue/KANBAN-1/comment";
      r = FakeGateRequest.withBody(method, target, FakeGateRequest.utf8("{\"body\":\"hello\"}"));
      r.header("Content-Type", "text/plain; x=" + planted);
    } else {
      r = FakeGateRequest.of(method, target);
    }
    if (place == Place.CONTEXT_USER) {
      r.header("contextUser", planted);
    }
    String secret = switch (credential) {
      case RESTRICTED -> restricted;
      case RUN_AS -> runAs;
      case UNKNOWN -> unknown;
      case THE_PLANTED_TOKEN -> "ltk_" + tail;
    };
    r.header("Authorization", "Basic " + Base64.getEncoder()
        .encodeToString(("alice:" + secret).getBytes(StandardCharsets.UTF_8)));

    InMemoryAuditSink audit = new InMemoryAuditSink();
    Gate gate = Gate.builder().settings(TokenSettings.defaults())
        .authenticator(tokens.authenticator()).audit(audit)
        .userBinding(dev.limitto.jira.user.UserBinding.container(
            new InMemoryUserDirectory().add("alice", null)))
        .build();
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    GateOutcome o;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      o = gate.decide(r);
      gate.complete(o, o.kind() == GateOutcome.Kind.REFUSED ? o.status() : 200);
    } finally {
      System.setErr(original);
    }
    String body = new String(o.responseBody(), StandardCharsets.UTF_8);
    String log = captured.toString(StandardCharsets.UTF_8);
    String event = audit.events().toString();
    for (String out : List.of(body, log, event, String.valueOf(o.reason()))) {
      assertThat(out).doesNotContain(tail.substring(0, 24)).doesNotContain(tail.substring(27))
          .doesNotContain(planted).doesNotContain(restricted).doesNotContain(runAs)
          .doesNotContain(unknown);
    }
  }

  @Property(tries = 300)
  void maskOfAnyTextHoldsNoTokenAndMaskingTwiceChangesNothing(
      @ForAll("texts") String text) {
    String masked = TokenMask.mask(text);
    assertThat(java.util.regex.Pattern.compile("(?i)ltk_[0-9A-Za-z]").matcher(masked).find())
        .as(masked).isFalse();
    assertThat(TokenMask.mask(masked)).isEqualTo(masked);
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> noise = Arbitraries.strings().withChars("ltkLTK_%5Ff6C0aZ/ ?=&".toCharArray())
        .ofMaxLength(30);
    return Combinators.combine(noise, tails(), Arbitraries.of(Form.values()), noise)
        .as((a, tail, form, b) -> a + written(tail, form) + b);
  }
}
