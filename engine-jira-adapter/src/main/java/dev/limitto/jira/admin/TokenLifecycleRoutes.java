package dev.limitto.jira.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.store.TokenControls;
import dev.limitto.jira.token.DurationText;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.RateLimitText;
import dev.limitto.jira.token.ReadOnlyLint;
import dev.limitto.jira.token.TokenAdminException;
import dev.limitto.jira.token.TokenEdit;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The token lifecycle in the admin API: {@code POST /tokens/{id}/rotate}, {@code GET
 * /tokens/expiring}, and the {@code readOnly}, {@code rateLimit} and {@code burst} fields of
 * create and edit. {@link AdminApi} routes to it and maps the token service's refusals.
 */
final class TokenLifecycleRoutes {

  static final Set<String> ROTATE_FIELDS = Set.of("overlap");
  static final Set<String> EXPIRING_PARAMETERS = Set.of("within");
  /** What {@code /tokens/expiring} covers without {@code within}. */
  static final Duration DEFAULT_WITHIN = Duration.ofDays(7);
  /** The longest {@code within}. */
  static final Duration MAX_WITHIN = Duration.ofDays(3_650);
  /** The fields create and edit take for the lifecycle, besides their own. */
  static final Set<String> CONTROL_FIELDS = Set.of("readOnly", "rateLimit", "burst");

  private final TokenService tokens;
  private final ObjectMapper json;
  private final Clock clock;

  TokenLifecycleRoutes(TokenService tokens, ObjectMapper json, Clock clock) {
    this.tokens = tokens;
    this.json = json;
    this.clock = clock;
  }

  /** The fields of create or edit with the control fields added. */
  static Set<String> withControls(Set<String> fields) {
    java.util.HashSet<String> all = new java.util.HashSet<>(fields);
    all.addAll(CONTROL_FIELDS);
    return Set.copyOf(all);
  }

  /** {@code POST /tokens/{id}/rotate} with {@code {"overlap":"24h"}} (optional). */
  IssuedToken rotate(String id, JsonBody b, AdminCaller caller) {
    String text = b.string("overlap");
    Duration overlap = null;
    if (text != null) {
      try {
        overlap = text.strip().equals("0") ? Duration.ZERO : DurationText.parse(text);
      } catch (IllegalArgumentException e) {
        throw JsonBody.invalid("overlap", "must be a duration such as 0, 30m, 24h or 7d");
      }
    }
    return tokens.rotate(id, overlap, caller.userName());
  }

  /** The answer of a rotation: the token, its new secret (shown once here) and the overlap end. */
  ObjectNode rotated(IssuedToken issued) {
    ObjectNode n = token(issued.token());
    n.put("secret", issued.secret());
    return n;
  }

  /** {@code GET /tokens/expiring?within=7d}: live tokens expiring within the window, soonest first. */
  ObjectNode expiring(Map<String, String> q) {
    Duration within = DEFAULT_WITHIN;
    if (q.containsKey("within")) {
      try {
        within = DurationText.parse(q.get("within"));
      } catch (IllegalArgumentException e) {
        throw badWithin();
      }
      if (within.compareTo(MAX_WITHIN) > 0) {
        throw badWithin();
      }
    }
    List<StoredToken> list = tokens.expiring(within);
    ObjectNode n = json.createObjectNode();
    n.put("within", DurationText.format(within));
    ArrayNode values = n.putArray("values");
    list.forEach(t -> values.add(token(t)));
    n.put("total", list.size());
    return n;
  }

  private static ApiError badWithin() {
    return new ApiError(400, AdminErrors.BAD_PARAMETER, "Query parameter 'within' must be a"
        + " duration such as 12h or 7d, at most " + DurationText.format(MAX_WITHIN) + ".",
        x -> x.put("parameter", "within"));
  }

  /** Reads {@code readOnly}, {@code rateLimit} and {@code burst} of a create. */
  static void create(JsonBody b, TokenRequest.Builder t) {
    Boolean readOnly = b.bool("readOnly");
    if (readOnly != null) {
      t.readOnly(readOnly);
    }
    if (b.has("rateLimit") || b.has("burst")) {
      t.rateLimit(rateLimit(b));
    }
  }

  /** Reads {@code readOnly}, {@code rateLimit} ({@code null} removes it) and {@code burst} of an edit. */
  static void edit(JsonBody b, TokenEdit.Builder e) {
    Boolean readOnly = b.bool("readOnly");
    if (readOnly != null) {
      e.readOnly(readOnly);
    }
    if (b.has("rateLimit") || b.has("burst")) {
      e.rateLimit(rateLimit(b));
    }
  }

  private static TokenControls.RateLimit rateLimit(JsonBody b) {
    String rate = b.string("rateLimit");
    Integer burst = b.integer("burst", 1, (int) RateLimitText.MAX_BURST);
    if (rate == null) {
      if (burst != null) {
        throw JsonBody.invalid("burst", "needs a rateLimit");
      }
      return null;
    }
    try {
      return RateLimitText.parse(rate, burst == null ? null : burst.longValue());
    } catch (TokenAdminException e) {
      throw JsonBody.invalid("rateLimit", "must be COUNT/UNIT with UNIT s, m or h (e.g. 5/s); "
          + e.getMessage());
    }
  }

  /** Adds {@code warnings} for a read-only token whose rules name or admit other methods. */
  static void warnings(ObjectNode n, StoredToken t) {
    if (t.controls().readOnly()) {
      List<String> w = ReadOnlyLint.warnings(t.restrictions());
      if (!w.isEmpty()) {
        ArrayNode a = n.putArray("warnings");
        w.forEach(a::add);
      }
    }
  }

  private ObjectNode token(StoredToken t) {
    return TokenJson.of(json, t, tokens.ruleLines(t), clock.instant());
  }
}
