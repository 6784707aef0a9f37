package dev.limitto.jira.app;

import dev.limitto.jira.admin.AdminApi;
import dev.limitto.jira.gate.TokenMask;
import dev.limitto.jira.notify.ExpiryNotifier;
import dev.limitto.jira.notify.ExpiryWarning;
import java.util.Objects;

/**
 * Expiry warnings through Jira's mail queue ({@link AppHost#sendMail}): the warning's subject and
 * plain text, and where the admin page is. Names the token's label and id, never its secret
 * (and masks a label that holds anything shaped like a token).
 */
final class HostMailNotifier implements ExpiryNotifier {

  private final AppHost host;
  private final String adminPage;

  HostMailNotifier(AppHost host, String baseUrl) {
    this.host = Objects.requireNonNull(host, "host");
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.adminPage = base + AdminApi.PAGE_PATH;
  }

  @Override
  public void send(ExpiryWarning w) {
    String text = w.body() + "\nIn Jira: Administration > System > Security > Limit-to API tokens ("
        + adminPage + ").\n";
    host.sendMail(w.recipients(), TokenMask.mask(w.subject()), TokenMask.mask(text));
  }
}
