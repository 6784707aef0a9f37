package dev.limitto.cli.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.limitto.jira.notify.ExpiryWarner;
import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.store.TokenControls;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Expiry warnings through a real SMTP server (GreenMail) on a free port. */
class SmtpNotifierTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private GreenMail smtp;

  @BeforeEach
  void start() {
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  private MailSettings settings() {
    Properties p = new Properties();
    p.setProperty(MailSettings.HOST, "127.0.0.1");
    p.setProperty(MailSettings.PORT, Integer.toString(smtp.getSmtp().getPort()));
    p.setProperty(MailSettings.TLS, "none");
    p.setProperty(MailSettings.FROM, "limit-to@example.com");
    p.setProperty(MailSettings.ADMINS, "jira-admins@example.com");
    return MailSettings.from(p);
  }

  private ExpiryWarner warner(InMemoryTokenStore store, Instant at) {
    MailSettings s = settings();
    return new ExpiryWarner(store::list, store, new SmtpNotifier(s),
        u -> Optional.of(u + "@example.com"), s.admins(), s.thresholds(), "node-1",
        Clock.fixed(at, ZoneOffset.UTC));
  }

  @Test
  void theWarningArrivesOncePerThresholdNamingLabelAndIdAndHowToRotate() throws Exception {
    InMemoryTokenStore store = new InMemoryTokenStore();
    Instant expires = NOW.plus(Duration.ofDays(5));
    store.insert(new StoredToken("tok_4f2a", "nightly export", "alice", "admin",
        NOW.minus(Duration.ofDays(80)), expires, "", List.of(), false, null, 0, null, 1,
        new byte[] {1, 2, 3}, null, 1, TokenControls.NONE));

    warner(store, NOW).runOnce();
    warner(store, NOW.plusSeconds(3_600)).runOnce();

    MimeMessage[] got = smtp.getReceivedMessages();
    // one mail, two recipients: GreenMail keeps one copy per recipient
    assertThat(got).hasSize(2);
    MimeMessage m = got[0];
    String body = GreenMailUtil.getBody(m);
    System.out.println("received warning mail:\nSubject: " + m.getSubject() + "\nTo: "
        + String.join(", ", GreenMailUtil.getAddressList(m.getAllRecipients())) + "\n\n" + body);
    assertThat(m.getSubject())
        .isEqualTo("API token \"nightly export\" (tok_4f2a) expires on " + expires);
    assertThat(GreenMailUtil.getAddressList(m.getAllRecipients()))
        .contains("alice@example.com").contains("jira-admins@example.com");
    assertThat(body).contains("nightly export", "tok_4f2a",
        "./limit-to token rotate tok_4f2a --overlap 24h").doesNotContain("ltk_");

    warner(store, expires.minus(Duration.ofHours(2))).runOnce();
    assertThat(smtp.getReceivedMessages()).hasSize(4);
    warner(store, expires.plusSeconds(1)).runOnce();
    warner(store, expires.plusSeconds(60)).runOnce();
    assertThat(smtp.getReceivedMessages()).hasSize(6);
    List<String> subjects = new java.util.ArrayList<>();
    for (MimeMessage r : smtp.getReceivedMessages()) {
      subjects.add(r.getSubject());
    }
    assertThat(subjects).filteredOn(x -> x.endsWith("has expired")).hasSize(2)
        .allMatch(x -> x.equals("API token \"nightly export\" (tok_4f2a) has expired"));
  }

  @Test
  void settingsNameTheKeyThatIsWrong() {
    Properties p = new Properties();
    p.setProperty(MailSettings.HOST, "smtp.example.com");
    assertThatThrownBy(() -> MailSettings.from(p))
        .hasMessage("limitto.mail.from must be an e-mail address when limitto.mail.smtp.host is set");
    p.setProperty(MailSettings.FROM, "a@example.com");
    p.setProperty(MailSettings.TLS, "maybe");
    assertThatThrownBy(() -> MailSettings.from(p))
        .hasMessage("limitto.mail.smtp.tls: 'maybe' is not none, starttls or ssl");
    p.setProperty(MailSettings.TLS, "ssl");
    assertThat(MailSettings.from(p).port()).isEqualTo(465);
    p.setProperty("limitto.mail.smtp.hots", "x");
    assertThatThrownBy(() -> MailSettings.from(p)).hasMessageStartingWith(
        "unknown setting limitto.mail.smtp.hots");
    p.remove("limitto.mail.smtp.hots");
    // the expiry keys are read as the Jira app reads them (ExpirySettings)
    p.setProperty(MailSettings.ADMINS, "jira-admins");
    assertThatThrownBy(() -> MailSettings.from(p))
        .hasMessage("limitto.expiry.warn.admins: 'jira-admins' is not an e-mail address");
  }
}
