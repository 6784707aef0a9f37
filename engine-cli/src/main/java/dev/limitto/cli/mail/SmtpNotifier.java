package dev.limitto.cli.mail;

import dev.limitto.jira.notify.ExpiryNotifier;
import dev.limitto.jira.notify.ExpiryWarning;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/** Sends expiry warnings as plain-text mails over SMTP (Jakarta Mail, Eclipse Angus). */
public final class SmtpNotifier implements ExpiryNotifier {

  /** Connect, read and write timeouts in milliseconds. */
  static final String TIMEOUT_MILLIS = "10000";

  private final MailSettings settings;
  private final Session session;

  public SmtpNotifier(MailSettings settings) {
    if (!settings.enabled()) {
      throw new IllegalArgumentException(MailSettings.HOST + " is not set");
    }
    this.settings = settings;
    Properties p = new Properties();
    String proto = settings.tls() == MailSettings.Tls.SSL ? "smtps" : "smtp";
    p.put("mail.transport.protocol", proto);
    p.put("mail." + proto + ".host", settings.host());
    p.put("mail." + proto + ".port", Integer.toString(settings.port()));
    p.put("mail." + proto + ".connectiontimeout", TIMEOUT_MILLIS);
    p.put("mail." + proto + ".timeout", TIMEOUT_MILLIS);
    p.put("mail." + proto + ".writetimeout", TIMEOUT_MILLIS);
    if (settings.tls() == MailSettings.Tls.STARTTLS) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    if (settings.tls() != MailSettings.Tls.NONE) {
      p.put("mail." + proto + ".ssl.checkserveridentity", "true");
    }
    Authenticator auth = null;
    if (settings.user() != null) {
      p.put("mail." + proto + ".auth", "true");
      auth = new Authenticator() {
        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
          return new PasswordAuthentication(settings.user(),
              settings.password() == null ? "" : settings.password());
        }
      };
    }
    this.session = Session.getInstance(p, auth);
  }

  @Override
  public void send(ExpiryWarning w) {
    try {
      MimeMessage m = new MimeMessage(session);
      m.setFrom(new InternetAddress(settings.from(), true));
      for (String to : w.recipients()) {
        m.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
      }
      m.setSubject(w.subject(), StandardCharsets.UTF_8.name());
      m.setText(w.body(), StandardCharsets.UTF_8.name());
      m.setSentDate(new Date());
      Transport.send(m);
    } catch (MessagingException e) {
      // the message names the server or the address, never a password
      throw new IllegalStateException("SMTP delivery to " + settings.host() + ":"
          + settings.port() + " failed: " + e.getClass().getSimpleName(), e);
    }
  }
}
