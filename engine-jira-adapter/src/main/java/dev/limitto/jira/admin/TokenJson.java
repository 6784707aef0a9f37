package dev.limitto.jira.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.limitto.jira.store.StoredToken;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * A token as the admin API shows it. Field names follow Extender's token API where it has one
 * ({@code label}, {@code userName}, {@code limitTo}, {@code ip}, {@code validUntil}, {@code
 * dateCreated}, {@code counter}); docs/rest-api.md maps every field. Never a secret, a hash or a
 * ciphertext.
 */
final class TokenJson {

  /** What a token is now: its {@code state} field. */
  enum State {
    ACTIVE,
    EXPIRED,
    REVOKED;

    String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    static State of(StoredToken t, Instant now) {
      if (t.isRevoked()) {
        return REVOKED;
      }
      if (t.expiresAt() != null && !t.expiresAt().isAfter(now)) {
        return EXPIRED;
      }
      return ACTIVE;
    }
  }

  private TokenJson() {}

  /**
   * @param ruleLines the token's effective rule lines ({@link
   *     dev.limitto.jira.token.TokenService#ruleLines}); empty when its rules no longer compile
   */
  static ObjectNode of(ObjectMapper json, StoredToken t, OptionalInt ruleLines, Instant now) {
    ObjectNode n = json.createObjectNode();
    n.put("id", t.id());
    n.put("label", t.label());
    n.put("userName", t.owner());
    n.put("state", State.of(t, now).json());
    n.put("limitTo", t.restrictions());
    if (ruleLines.isPresent()) {
      n.put("ruleLines", ruleLines.getAsInt());
      n.put("unrestricted", ruleLines.getAsInt() == 0);
    } else {
      // the rules no longer compile under the current settings: the token is refused
      n.putNull("ruleLines");
      n.put("unrestricted", false);
    }
    ArrayNode ip = n.putArray("ip");
    t.ipAllowList().forEach(ip::add);
    n.put("validUntil", text(t.expiresAt()));
    n.put("dateCreated", text(t.createdAt()));
    n.put("createdBy", t.createdBy());
    n.put("counter", t.usageCount());
    n.put("lastUsed", text(t.lastUsedAt()));
    n.put("revokedAt", text(t.revokedAt()));
    n.put("runAsAllowed", t.runAsAllowed());
    n.put("readOnly", t.controls().readOnly());
    dev.limitto.jira.store.TokenControls.RateLimit rate = t.controls().rateLimit();
    if (rate == null) {
      n.putNull("rateLimit");
      n.putNull("burst");
    } else {
      n.put("rateLimit", dev.limitto.jira.token.RateLimitText.rate(rate));
      n.put("burst", rate.burst());
    }
    dev.limitto.jira.store.TokenControls.PreviousSecret prev = t.controls().previous();
    n.put("previousSecretUntil", prev == null ? null : prev.until().toString());
    return n;
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }
}
