package dev.limitto.jira.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One expiry warning: a token is about to expire (or has), named by its label and id, never by
 * its secret.
 *
 * @param tokenId the token's public id
 * @param label the token's label
 * @param owner the token's owner, or {@code null} for an unbound token
 * @param expiresAt when it expires
 * @param threshold how long before the expiry this warning is ({@code 7d}), or {@link
 *     #EXPIRED}
 * @param recipients e-mail addresses: the owner's and the admins'
 */
public record ExpiryWarning(String tokenId, String label, String owner, Instant expiresAt,
    String threshold, List<String> recipients) {

  /** The threshold of the warning sent once a token has expired. */
  public static final String EXPIRED = "expired";

  public ExpiryWarning {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(threshold, "threshold");
    recipients = List.copyOf(recipients);
  }

  public boolean expired() {
    return threshold.equals(EXPIRED);
  }

  public String subject() {
    return expired()
        ? "API token \"" + label + "\" (" + tokenId + ") has expired"
        : "API token \"" + label + "\" (" + tokenId + ") expires on " + expiresAt;
  }

  /** Plain text: what expires when, and how to rotate or extend it. */
  public String body() {
    String who = owner == null ? "an unbound token (any user)" : "owned by " + owner;
    StringBuilder b = new StringBuilder();
    b.append("The Limit-to API token \"").append(label).append("\" (id ").append(tokenId)
        .append("), ").append(who).append(", ")
        .append(expired() ? "expired on " : "expires on ").append(expiresAt).append(".\n\n");
    if (expired()) {
      b.append("Requests made with it are refused (401). Ask an admin to extend its expiry\n")
          .append("(./limit-to token edit ").append(tokenId).append(" --expires-in 30d) or to\n")
          .append("create a new token.\n");
    } else {
      b.append("To keep the client working, ask an admin to extend its expiry\n")
          .append("  ./limit-to token edit ").append(tokenId).append(" --expires-in 30d\n")
          .append("or to rotate it and give the client the new secret in time:\n")
          .append("  ./limit-to token rotate ").append(tokenId).append(" --overlap 24h\n")
          .append("(admin API: POST /rest/limit-to/1.0/tokens/").append(tokenId)
          .append("/rotate).\n");
    }
    b.append("\nThis is an automatic message; it names the token, never its secret.\n");
    return b.toString();
  }

  /** Parses a threshold such as {@code 7d}. */
  static Duration duration(String threshold) {
    return dev.limitto.jira.token.DurationText.parse(threshold);
  }
}
