package dev.limitto.jira.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.audit.AuditQuery;
import dev.limitto.jira.audit.JdbcAuditLog;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.TokenEdit;
import dev.limitto.jira.token.TokenRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's expiry warnings through the host's mail queue and its token administration events
 * in the host's audit log, with the app's own wiring on a host playing Jira (outside OSGi: only
 * JDK types cross {@link AppHost}, as in the bundle tests).
 */
class AppMailAndAuditTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String RULES = "[get]{base}/rest/api/2/myself";
  private static final String ADMINS = "jira-admins@example.com";

  @TempDir
  Path sharedHome;

  private final String database = "limit-to-app-" + UUID.randomUUID();
  private final TestJiraHost.MovableClock clock = new TestJiraHost.MovableClock(T0);
  private final List<LimitToApp> apps = new ArrayList<>();
  private final List<TestJiraHost> hosts = new ArrayList<>();

  /** A node: its own host (mail queue, audit log) on the shared database and shared home. */
  private TestJiraHost node() {
    TestJiraHost h = new TestJiraHost(database, sharedHome, clock);
    h.settings.setProperty("limitto.expiry.warn.admins", ADMINS);
    hosts.add(h);
    return h;
  }

  private LimitToApp start(TestJiraHost h) {
    LimitToApp app = new LimitToApp(h);
    app.start();
    apps.add(app);
    return app;
  }

  @AfterEach
  void stop() throws Exception {
    for (LimitToApp a : apps) {
      a.close();
    }
    if (!hosts.isEmpty()) {
      hosts.get(0).dropDatabase();
    }
  }

  private static IssuedToken create(LimitToApp app, String label, Duration expiresIn) {
    return app.tokens().create(TokenRequest.builder().owner("alice").label(label)
        .expiresIn(expiresIn).restrictions(RULES).build(), "admin");
  }

  @Test
  void aWarningPerThresholdGoesThroughJirasMailQueueToTheOwnerAndTheAdmins_namingLabelAndId() {
    TestJiraHost jira = node();
    LimitToApp app = start(jira);
    IssuedToken t = create(app, "nightly export", Duration.ofDays(10));
    String id = t.token().id();
    Instant expires = t.token().expiresAt();

    assertThat(app.lookForExpiryWarnings()).isEmpty();
    clock.set(expires.minus(Duration.ofDays(7)).plusSeconds(60));
    assertThat(app.lookForExpiryWarnings()).hasSize(1);
    assertThat(app.lookForExpiryWarnings()).isEmpty();
    clock.set(expires.minus(Duration.ofHours(2)));
    app.lookForExpiryWarnings();
    clock.set(expires.plusSeconds(1));
    app.lookForExpiryWarnings();
    clock.advance(Duration.ofHours(1));
    app.lookForExpiryWarnings();

    assertThat(jira.mails).hasSize(3);
    TestJiraHost.Mail first = jira.mails.get(0);
    System.out.println("queued in Jira's mail queue:\nTo: " + String.join(", ", first.to())
        + "\nSubject: " + first.subject() + "\n\n" + first.text());
    for (TestJiraHost.Mail m : jira.mails) {
      assertThat(m.to()).containsExactly("alice@example.com", ADMINS);
      assertThat(m.subject()).contains("\"nightly export\"", "(" + id + ")");
      assertThat(m.text()).contains("nightly export", id, "owned by alice",
          "https://jira.example.com/plugins/servlet/limit-to/admin");
      assertThat(m.subject() + m.text()).doesNotContain(t.secret()).doesNotContain("ltk_");
    }
    assertThat(jira.mails).extracting(TestJiraHost.Mail::subject).containsExactly(
        "API token \"nightly export\" (" + id + ") expires on " + expires,
        "API token \"nightly export\" (" + id + ") expires on " + expires,
        "API token \"nightly export\" (" + id + ") has expired");
  }

  @Test
  void twoNodesOnOneDatabaseSendEachWarningOnce() throws Exception {
    TestJiraHost jira1 = node();
    TestJiraHost jira2 = node();
    LimitToApp node1 = start(jira1);
    LimitToApp node2 = start(jira2);
    IssuedToken t = create(node1, "sync", Duration.ofDays(10));
    Instant expires = t.token().expiresAt();

    // both nodes look at the same moments, once in turn and once at the same time
    clock.set(expires.minus(Duration.ofDays(7)).plusSeconds(60));
    node2.lookForExpiryWarnings();
    node1.lookForExpiryWarnings();
    clock.set(expires.minus(Duration.ofHours(2)));
    List<Object> sent = new CopyOnWriteArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (LimitToApp n : List.of(node1, node2)) {
      Thread th = new Thread(() -> {
        try {
          go.await();
          sent.addAll(n.lookForExpiryWarnings());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      th.start();
      threads.add(th);
    }
    go.countDown();
    for (Thread th : threads) {
      th.join();
    }
    assertThat(sent).hasSize(1);
    clock.set(expires.plusSeconds(1));
    node1.lookForExpiryWarnings();
    node2.lookForExpiryWarnings();

    List<TestJiraHost.Mail> all = new ArrayList<>(jira1.mails);
    all.addAll(jira2.mails);
    System.out.println("node 1 queued " + jira1.mails.size() + ", node 2 queued "
        + jira2.mails.size() + " of " + all.size() + " mails");
    assertThat(all).extracting(TestJiraHost.Mail::subject)
        .filteredOn(s -> s.endsWith("expires on " + expires)).hasSize(2);
    assertThat(all).extracting(TestJiraHost.Mail::subject)
        .filteredOn(s -> s.endsWith("has expired")).hasSize(1);
    assertThat(all).hasSize(3);
  }

  @Test
  void whileJiraCannotSendMailNoWarningIsClaimed_itGoesOutOnceMailWorks() {
    TestJiraHost jira = node();
    LimitToApp app = start(jira);
    IssuedToken t = create(app, "report", Duration.ofDays(10));
    clock.set(t.token().expiresAt().minus(Duration.ofDays(7)).plusSeconds(60));
    jira.mailEnabled = false;
    assertThat(app.lookForExpiryWarnings()).isEmpty();
    assertThat(jira.mails).isEmpty();
    jira.mailEnabled = true;
    assertThat(app.lookForExpiryWarnings()).hasSize(1);
    assertThat(jira.mails).hasSize(1);
  }

  @Test
  void adminEventsReachJirasAuditLog_andLimitTosOwnAuditTable_neverASecret() throws Exception {
    TestJiraHost jira = node();
    LimitToApp app = start(jira);
    IssuedToken t = create(app, "nightly export", Duration.ofDays(30));
    String id = t.token().id();
    app.tokens().edit(id, TokenEdit.builder().label("nightly export (v2)").build(), "admin");
    IssuedToken rotated = app.tokens().rotate(id, Duration.ofHours(1), "admin");
    IssuedToken shown = app.tokens().show(id, "admin");
    // an admin pastes a secret into a label: it is masked on its way to Jira's audit log
    IssuedToken pasted = create(app, "copy of " + t.secret(), Duration.ofDays(1));
    jira.auditFailure = new IllegalStateException("audit service down");
    app.tokens().revoke(pasted.token().id(), "admin"); // Jira's audit fails: logged, still done
    jira.auditFailure = null;
    app.tokens().revoke(id, "admin");

    System.out.println("Jira's audit log received:");
    jira.events.forEach(e -> System.out.println("  " + e));
    assertThat(jira.events).extracting(TestJiraHost.AdminEvent::action)
        .containsExactly("CREATE", "EDIT", "ROTATE", "VIEW", "CREATE", "REVOKE");
    TestJiraHost.AdminEvent created = jira.events.get(0);
    assertThat(created.tokenId()).isEqualTo(id);
    assertThat(created.label()).isEqualTo("nightly export");
    assertThat(created.actor()).isEqualTo("admin");
    assertThat(created.time()).isEqualTo(T0);
    assertThat(created.ruleLines()).isEqualTo(1);
    assertThat(jira.events.get(1).changedFields()).containsExactly("label");
    assertThat(jira.events.get(1).label()).isEqualTo("nightly export (v2)");
    assertThat(jira.events.get(2).changedFields()).containsExactly("secret");
    assertThat(jira.events.get(4).label()).isEqualTo("copy of ltk_***");
    assertThat(jira.events.get(5).tokenId()).isEqualTo(id);
    assertThat(jira.events.get(5).changedFields()).isEmpty();
    for (TestJiraHost.AdminEvent e : jira.events) {
      assertThat(e.toString()).doesNotContain(t.secret(), rotated.secret(), shown.secret(),
          pasted.secret()).doesNotContain("ltk_" + t.secret().substring(4, 10));
    }
    assertThat(app.tokens().find(pasted.token().id()).orElseThrow().isRevoked()).isTrue();

    app.close(); // flushes the app's own audit
    List<String> own = new ArrayList<>();
    JdbcAuditLog.open(jira::openConnection).read(AuditQuery.all(), e -> {
      if (e.type() == AuditEntry.Type.ADMIN) {
        own.add(e.action());
      }
    });
    assertThat(own).containsExactlyInAnyOrder("CREATE", "EDIT", "ROTATE", "VIEW", "CREATE",
        "REVOKE", "REVOKE");
  }

  @Test
  void aWrongExpirySettingKeepsTheAppFromStarting_namingTheKey() {
    TestJiraHost jira = node();
    jira.settings.setProperty("limitto.expiry.warn.before", "7d,soon");
    LimitToApp app = new LimitToApp(jira);
    assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class).hasMessage(
        "jira-config.properties: limitto.expiry.warn.before: 'soon' is not a positive duration"
            + " (e.g. 7d,1d)");
    assertThat(app.isRunning()).isFalse();
    jira.settings.setProperty("limitto.expiry.warn.before", "7d");
    jira.settings.setProperty("limitto.expiry.warn.admin", ADMINS);
    assertThatThrownBy(app::start).hasMessageStartingWith(
        "jira-config.properties: unknown setting limitto.expiry.warn.admin");
  }

  @Test
  void theWarningsRunOnAThreadOfTheAppThatCloseStops() {
    LimitToApp app = start(node());
    assertThat(expiryThreadAlive()).isTrue();
    app.close();
    assertThat(expiryThreadAlive()).isFalse();
  }

  private static boolean expiryThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(th -> th.getName().equals(LimitToApp.EXPIRY_THREAD) && th.isAlive());
  }
}
