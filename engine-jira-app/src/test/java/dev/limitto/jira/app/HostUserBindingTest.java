package dev.limitto.jira.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's user binding answers group membership from Jira, and fails closed without it. */
class HostUserBindingTest {

  @TempDir
  Path home;

  @Test
  void isInGroupAsksTheHost() {
    TestJiraHost host = new TestJiraHost("groups", home,
        new TestJiraHost.MovableClock(Instant.parse("2026-03-01T10:00:00Z")));
    HostUserBinding users = new HostUserBinding(host);

    assertThat(users.isInGroup("alice", "developers")).isTrue();
    assertThat(users.isInGroup("alice", "jira-administrators")).isFalse();
    assertThat(users.isInGroup("bob", "developers")).isFalse();
    assertThat(users.isInGroup(null, "developers")).isFalse();
  }

  @Test
  void aHostThatCannotTellLetsNoGroupIn() {
    // a host implementing only what it must: every default method as AppHost defines it
    AppHost silent = (AppHost) Proxy.newProxyInstance(AppHost.class.getClassLoader(),
        new Class<?>[] {AppHost.class}, (proxy, method, args) -> {
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          throw new UnsupportedOperationException(method.getName());
        });
    assertThat(new HostUserBinding(silent).isInGroup("alice", "developers")).isFalse();
  }
}
