package dev.limitto.cli.mail;

import dev.limitto.cli.UsageException;
import dev.limitto.cli.data.SampleUsers;
import dev.limitto.jira.notify.ExpirySchedule;
import dev.limitto.jira.notify.ExpiryWarner;
import dev.limitto.jira.store.TokenStore;
import dev.limitto.jira.store.WarningClaims;
import dev.limitto.jira.token.TokenService;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone server's expiry warnings: when {@value MailSettings#HOST} is set, looks for due
 * warnings a minute after start and then every 15 minutes ({@link ExpirySchedule}), and mails
 * them over SMTP. Each node of a cluster runs one; the store's claims make each warning go out once.
 */
public final class ExpiryMailer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExpiryMailer.class);

  private final ExpirySchedule schedule;

  private ExpiryMailer(ExpirySchedule schedule) {
    this.schedule = schedule;
  }

  /**
   * Starts the warnings configured in {@code settingsFile}, or returns null when no SMTP host is
   * set.
   *
   * @throws UsageException naming a bad mail setting
   */
  public static ExpiryMailer start(Path settingsFile, TokenStore store, TokenService tokens) {
    MailSettings s;
    try {
      s = MailSettings.from(read(settingsFile));
    } catch (IllegalArgumentException e) {
      throw new UsageException(settingsFile + ": " + e.getMessage());
    }
    if (!s.enabled() || !(store instanceof WarningClaims claims)) {
      return null;
    }
    ExpiryWarner warner = new ExpiryWarner(tokens::list, claims, new SmtpNotifier(s),
        u -> Optional.ofNullable(SampleUsers.find(u)).map(SampleUsers.User::email), s.admins(),
        s.thresholds(), ExpirySchedule.nodeName(), Clock.systemUTC());
    ExpirySchedule schedule = ExpirySchedule.start(warner::runOnce, "limitto-expiry-mail");
    LOG.info("Limit-to: expiry warnings by mail through {}:{} ({})", s.host(), s.port(), s.tls());
    return new ExpiryMailer(schedule);
  }

  private static Properties read(Path file) {
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
        p.load(r);
      } catch (IOException e) {
        throw new UsageException("cannot read settings file " + file + ": " + e.getMessage());
      }
    }
    return p;
  }

  @Override
  public void close() {
    schedule.close();
  }
}
