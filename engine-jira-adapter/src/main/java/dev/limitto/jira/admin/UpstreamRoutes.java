package dev.limitto.jira.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.upstream.UpstreamCredential;
import dev.limitto.jira.upstream.UpstreamCredentials;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET|PUT|DELETE /tokens/{id}/upstream}: the upstream credential a gateway sends for a
 * token ({@code serve --upstream}), as {@code token create|edit --upstream-bearer-file |
 * --upstream-basic-file} manage it. The secret goes in once and never comes out: answers show
 * its kind, the upstream user of a Basic credential, when and by whom it was bound.
 */
final class UpstreamRoutes {

  /** The fields of {@code PUT}: exactly one. */
  static final Set<String> FIELDS = Set.of("bearer", "basic");
  /** The name of the field in the audit's changed fields. */
  static final String AUDIT_FIELD = "upstreamCredential";

  static final String MSG_NO_GATEWAY = "This server keeps no upstream credentials: they are for"
      + " gateway mode (./limit-to serve --upstream URL).";
  static final String MSG_SECURE = "Secure mode (extender.token.secure.mode=true): a token's"
      + " upstream credential is bound once and not replaced; create a new token instead.";

  private final UpstreamCredentials credentials;
  private final TokenService tokens;
  private final ObjectMapper json;

  UpstreamRoutes(UpstreamCredentials credentials, TokenService tokens, ObjectMapper json) {
    if (credentials == null) {
      throw new ApiError(404, AdminErrors.NOT_FOUND, MSG_NO_GATEWAY);
    }
    this.credentials = credentials;
    this.tokens = tokens;
    this.json = json;
  }

  ObjectNode show(StoredToken t) {
    return describe(t.id(), credentials.describe(t.id()));
  }

  ObjectNode bind(StoredToken t, JsonBody b, String actor) {
    if (b.has("bearer") == b.has("basic")) {
      throw JsonBody.invalid("bearer", "give exactly one of bearer and basic");
    }
    if (t.isRevoked()) {
      throw new ApiError(409, AdminErrors.TOKEN_REVOKED,
          "Token " + t.id() + " is revoked; its upstream credential is not changed.");
    }
    Optional<UpstreamCredentials.Binding> before = credentials.describe(t.id());
    if (tokens.settings().secureMode() && before.isPresent()) {
      throw new ApiError(409, AdminErrors.SECURE_MODE, MSG_SECURE);
    }
    String field = b.has("bearer") ? "bearer" : "basic";
    String value = b.string(field);
    if (value == null) {
      throw JsonBody.invalid(field, "must be a string");
    }
    UpstreamCredential credential;
    try {
      credential = UpstreamCredential.parse(field.equals("bearer")
          ? UpstreamCredential.Kind.BEARER : UpstreamCredential.Kind.BASIC, value);
    } catch (IllegalArgumentException e) {
      // the parser's messages name the problem, never the value
      throw JsonBody.invalid(field, e.getMessage());
    }
    credentials.bind(t.id(), credential, actor);
    tokens.reportChangeBeside(t, AUDIT_FIELD, actor);
    return describe(t.id(), credentials.describe(t.id()));
  }

  ObjectNode unbind(StoredToken t, String actor) {
    boolean removed = credentials.unbind(t.id());
    if (removed) {
      tokens.reportChangeBeside(t, AUDIT_FIELD, actor);
    }
    ObjectNode n = json.createObjectNode();
    n.put("tokenId", t.id());
    n.put("removed", removed);
    return n;
  }

  private ObjectNode describe(String id, Optional<UpstreamCredentials.Binding> binding) {
    ObjectNode n = json.createObjectNode();
    n.put("tokenId", id);
    n.put("bound", binding.isPresent());
    UpstreamCredentials.Binding b = binding.orElse(null);
    n.put("kind", b == null ? null : b.kind().name().toLowerCase(java.util.Locale.ROOT));
    n.put("upstreamUser", b == null ? null : b.upstreamUser());
    n.put("updatedAt", b == null ? null : b.updatedAt().toString());
    n.put("updatedBy", b == null ? null : b.updatedBy());
    return n;
  }
}
