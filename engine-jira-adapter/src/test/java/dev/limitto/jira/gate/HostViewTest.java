package dev.limitto.jira.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the host sees of a request: the policy both servlet bindings apply. */
class HostViewTest {

  private static HostView view(String body) {
    return new HostView(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void beforeAuthenticationNothingIsHidden() {
    HostView v = view("");
    assertThat(v.hides("Authorization")).isFalse();
    assertThat(v.authenticated()).isFalse();
    Map<String, String[]> container = Map.of("os_username", new String[] {"bob"});
    assertThat(v.parameters(() -> container, "os_username=bob", "GET", null, null))
        .isSameAs(container);
  }

  @Test
  void afterAuthenticationCredentialsAreHiddenInAnyCase() {
    HostView v = view("");
    v.authenticate("alice", "BASIC");
    assertThat(v.hides("AUTHORIZATION")).isTrue();
    assertThat(v.hides("cookie")).isTrue();
    assertThat(v.hides("ContextUser")).isTrue();
    assertThat(v.hides("Accept")).isFalse();
    assertThat(v.visibleHeaderNames(List.of("Accept", "Cookie", "authorization").iterator()))
        .containsExactly("Accept");
    assertThat(v.parameters(() -> Map.of("os_password", new String[] {"x"},
        "jql", new String[] {"a"}), "jql=a&os_password=x", "GET", null, null))
        .containsOnlyKeys("jql");
  }

  @Test
  void aFormBodyTheGateReadIsGivenToTheHostFromTheBytesKept() {
    HostView v = view("a=1&os_username=bob&b=%C3%A9");
    v.body(1_000);
    v.authenticate("alice", "BEARER");
    Map<String, String[]> p = v.parameters(Map::of, "q=x", "POST",
        "application/x-www-form-urlencoded", "UTF-8");
    assertThat(p).containsOnlyKeys("q", "a", "b");
    assertThat(p.get("b")).containsExactly("\u00e9");
  }

  @Test
  void thePrivateSessionIsMadeOnlyWhenAskedFor() {
    HostView v = view("");
    v.authenticate("alice", "BASIC");
    assertThat((Object) v.session(false, () -> "made")).isNull();
    assertThat((Object) v.session(true, () -> "made")).isEqualTo("made");
    assertThat((Object) v.session(true, () -> "again")).isEqualTo("made");
  }

  @Test
  void refusalHeadersAreTheGatesWholeAnswer() {
    GateOutcome.Trace trace = new GateOutcome.Trace(
        java.time.Instant.EPOCH, 0, "127.0.0.1", "POST", "https://jira.example.com/x");
    GateOutcome o413 = GateOutcome.refused(413, "too big", List.of(), "r", trace);
    assertThat(o413.responseHeaders()).containsExactly(
        Map.entry("Cache-Control", "no-store"),
        Map.entry("X-Content-Type-Options", "nosniff"),
        Map.entry("Connection", "close"),
        Map.entry("Content-Type", "application/json;charset=UTF-8"));
    GateOutcome o401 = GateOutcome.refused(
        401, "no", List.of("Basic realm=\"Jira\""), "r", trace);
    assertThat(o401.responseHeaders()).containsExactly(
        Map.entry("WWW-Authenticate", "Basic realm=\"Jira\""),
        Map.entry("Cache-Control", "no-store"),
        Map.entry("X-Content-Type-Options", "nosniff"),
        Map.entry("Content-Type", "application/json;charset=UTF-8"));
    assertThat(GateOutcome.PASS_THROUGH.responseHeaders()).isEmpty();
  }
}
