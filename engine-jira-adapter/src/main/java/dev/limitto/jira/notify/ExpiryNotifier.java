package dev.limitto.jira.notify;

/**
 * Delivers expiry warnings: over SMTP in the standalone server ({@code SmtpNotifier} of the
 * command line), through Jira's mail queue inside Jira, or anything else an embedder provides.
 * Called from the warner's own thread, never on a request.
 */
public interface ExpiryNotifier {

  /**
   * Sends one warning to its recipients.
   *
   * @throws RuntimeException when it could not be handed over (logged; the warning is not sent
   *     again, see {@link ExpiryWarner})
   */
  void send(ExpiryWarning warning);
}
