package dev.limitto.jira.token;

/**
 * Receives every administrative change of a token (create, edit, view of the secret, revoke,
 * import), e.g. to write it to Jira's audit log. Called synchronously after the change is stored;
 * an exception thrown here is logged and does not undo the change. Events never carry the secret.
 */
@FunctionalInterface
public interface TokenAdminListener {

  /** A listener that ignores every event. */
  TokenAdminListener NONE = event -> {};

  void onEvent(TokenAdminEvent event);
}
