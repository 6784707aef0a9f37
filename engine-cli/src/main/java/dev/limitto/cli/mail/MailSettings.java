package dev.limitto.cli.mail;

import dev.limitto.jira.notify.ExpirySettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * The standalone server's expiry-warning mail settings, in the data directory's {@code
 * jira-config.properties} next to the token settings. Without {@link #HOST} no mail is sent.
 *
 * @param host SMTP server ({@value #HOST}), or null: warnings off
 * @param port SMTP port ({@value #PORT}; 25, or 465 with {@code ssl})
 * @param tls {@value #TLS}: {@code none}, {@code starttls} (required) or {@code ssl}
 * @param from sender address ({@value #FROM})
 * @param user SMTP login ({@value #USER}), or null for none
 * @param password SMTP password ({@value #PASSWORD}), never logged
 * @param thresholds how long before expiry to warn ({@value #BEFORE}; default 7d,1d)
 * @param admins addresses that receive every warning too ({@value #ADMINS})
 *
 * <p>The two {@code limitto.expiry.} keys are read by the adapter's {@link ExpirySettings},
 * which the Jira app reads too; the SMTP keys are the standalone server's own.
 */
public record MailSettings(String host, int port, Tls tls, String from, String user,
    String password, List<Duration> thresholds, List<String> admins) {

  public static final String HOST = "limitto.mail.smtp.host";
  public static final String PORT = "limitto.mail.smtp.port";
  public static final String TLS = "limitto.mail.smtp.tls";
  public static final String FROM = "limitto.mail.from";
  public static final String USER = "limitto.mail.smtp.user";
  public static final String PASSWORD = "limitto.mail.smtp.password";
  public static final String BEFORE = ExpirySettings.BEFORE;
  public static final String ADMINS = ExpirySettings.ADMINS;
  /** The SMTP keys ({@code limitto.mail.}). */
  static final Set<String> KNOWN = Set.of(HOST, PORT, TLS, FROM, USER, PASSWORD);

  /** How the connection to the SMTP server is protected. */
  public enum Tls { NONE, STARTTLS, SSL }

  /** Reads the settings; unknown {@code limitto.mail.} and {@code limitto.expiry.} keys are refused. */
  public static MailSettings from(Properties p) {
    ExpirySettings expiry = ExpirySettings.from(p);
    for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
      if (k.startsWith("limitto.mail.") && !KNOWN.contains(k)) {
        throw new IllegalArgumentException("unknown setting " + k + " (known: "
            + String.join(", ", new java.util.TreeSet<>(KNOWN)) + ")");
      }
    }
    String host = blankToNull(p.getProperty(HOST));
    Tls tls;
    try {
      tls = Tls.valueOf(p.getProperty(TLS, "starttls").strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(TLS + ": '" + p.getProperty(TLS)
          + "' is not none, starttls or ssl");
    }
    int port;
    String portText = p.getProperty(PORT, tls == Tls.SSL ? "465" : "25").strip();
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(PORT + ": '" + portText + "' is not a port (1 to 65535)");
    }
    String from = blankToNull(p.getProperty(FROM));
    if (host != null && (from == null || from.indexOf('@') < 1)) {
      throw new IllegalArgumentException(FROM + " must be an e-mail address when " + HOST
          + " is set");
    }
    return new MailSettings(host, port, tls, from, blankToNull(p.getProperty(USER)),
        p.getProperty(PASSWORD), expiry.thresholds(), expiry.admins());
  }

  public boolean enabled() {
    return host != null;
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "MailSettings{host=" + host + ", port=" + port + ", tls=" + tls + ", from=" + from
        + ", user=" + user + ", thresholds=" + thresholds + ", admins=" + admins + "}";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
