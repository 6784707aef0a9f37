package dev.limitto.jira.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The limitto.expiry.* keys, shared by the standalone server and the Jira app, and the schedule. */
class ExpirySettingsTest {

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void defaultsAreSevenDaysAndOneDayAndNoAdmins_otherNamespacesAreIgnored() {
    ExpirySettings s = ExpirySettings.from(props("limitto.token.auth.type", "BOTH",
        "limitto.mail.smtp.host", "smtp.example.com"));
    assertThat(s).isEqualTo(ExpirySettings.DEFAULTS);
    assertThat(s.thresholds()).containsExactly(Duration.ofDays(7), Duration.ofDays(1));
    assertThat(s.admins()).isEmpty();
  }

  @Test
  void thresholdsAndAdminsAreRead() {
    ExpirySettings s = ExpirySettings.from(props(ExpirySettings.BEFORE, " 14d, 3d ,12h",
        ExpirySettings.ADMINS, "jira-admins@example.com, sec@example.com,,jira-admins@example.com"));
    assertThat(s.thresholds())
        .containsExactly(Duration.ofDays(14), Duration.ofDays(3), Duration.ofHours(12));
    assertThat(s.admins()).containsExactly("jira-admins@example.com", "sec@example.com");
  }

  @Test
  void aWrongValueOrAnUnknownKeyIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> ExpirySettings.from(props(ExpirySettings.BEFORE, "7d,soon")))
        .hasMessage("limitto.expiry.warn.before: 'soon' is not a positive duration (e.g. 7d,1d)");
    assertThatThrownBy(() -> ExpirySettings.from(props(ExpirySettings.BEFORE, "7d,,1d")))
        .hasMessage("limitto.expiry.warn.before: '' is not a positive duration (e.g. 7d,1d)");
    assertThatThrownBy(() -> ExpirySettings.from(props(ExpirySettings.BEFORE, "0d")))
        .hasMessage("limitto.expiry.warn.before: '0d' is not a positive duration (e.g. 7d,1d)");
    assertThatThrownBy(() -> ExpirySettings.from(props(ExpirySettings.ADMINS, "jira-admins")))
        .hasMessage("limitto.expiry.warn.admins: 'jira-admins' is not an e-mail address");
    assertThatThrownBy(() -> ExpirySettings.from(props(ExpirySettings.ADMINS, "a@x.org b@x.org")))
        .hasMessage("limitto.expiry.warn.admins: 'a@x.org b@x.org' is not an e-mail address");
    assertThatThrownBy(() -> ExpirySettings.from(props("limitto.expiry.warn.befor", "7d")))
        .hasMessage("unknown setting limitto.expiry.warn.befor (known: limitto.expiry.warn.admins,"
            + " limitto.expiry.warn.before)");
  }

  @Test
  void theScheduleLooksOnItsOwnThreadAndCloseStopsIt() throws Exception {
    CountDownLatch looked = new CountDownLatch(2);
    List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExpirySchedule schedule = ExpirySchedule.start(() -> {
      threads.add(Thread.currentThread().getName());
      looked.countDown();
      if (looked.getCount() == 1) {
        throw new IllegalStateException("store down"); // logged; the next look still runs
      }
    }, "limitto-expiry-test", Duration.ZERO, Duration.ofMillis(10));
    try {
      assertThat(looked.await(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      schedule.close();
    }
    assertThat(threads).allMatch("limitto-expiry-test"::equals);
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
        t -> t.getName().equals("limitto-expiry-test") && t.isAlive());
  }
}
