package dev.limitto.jira.app;

import dev.limitto.jira.gate.TokenMask;
import dev.limitto.jira.token.TokenAdminEvent;
import dev.limitto.jira.token.TokenAdminListener;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every administrative change of a token goes to Limit-to's own audit first, then to Jira's
 * audit log ({@link AppHost#recordAdminEvent}); a failure of either is logged and keeps neither
 * the other nor the change from happening. Events never carry a secret; the label, which an
 * admin typed, is masked should it hold anything shaped like a token.
 */
final class HostAdminAudit implements TokenAdminListener {

  private static final Logger LOG = LoggerFactory.getLogger(HostAdminAudit.class);

  private final TokenAdminListener own;
  private final AppHost host;

  HostAdminAudit(TokenAdminListener own, AppHost host) {
    this.own = Objects.requireNonNull(own, "own");
    this.host = Objects.requireNonNull(host, "host");
  }

  @Override
  public void onEvent(TokenAdminEvent e) {
    try {
      own.onEvent(e);
    } catch (RuntimeException x) {
      LOG.error("Limit-to: the audit did not take {} of token {}: {}", e.action(), e.tokenId(),
          TokenMask.mask(x.getClass().getSimpleName() + ": " + x.getMessage()));
    }
    try {
      host.recordAdminEvent(e.action().name(), e.tokenId(), TokenMask.mask(e.label()),
          e.actor(), e.time(), e.changedFields(), e.ruleLines());
    } catch (RuntimeException x) {
      LOG.error("Limit-to: Jira's audit log did not take {} of token {}: {}", e.action(),
          e.tokenId(), TokenMask.mask(x.getClass().getSimpleName() + ": " + x.getMessage()));
    }
  }
}
