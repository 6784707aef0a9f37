package dev.limitto.jira.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.limitto.engine.RuleSet;
import dev.limitto.jira.audit.AuditReader;
import dev.limitto.jira.audit.StagedSummary;
import dev.limitto.jira.store.StagedRules;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.TokenAdminException;
import dev.limitto.jira.token.TokenService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staged-rules routes of the {@link AdminApi}, below {@code /tokens/{id}/staged}: show them
 * with the audit's summary of what they would change, stage, unstage and promote. The admin API
 * has done every check of the caller, the cross-site check and the body size before it calls
 * these; the token policy is the {@link TokenService}'s, so every change is audited as the
 * command line's are. Made per request; holds nothing of its own.
 */
final class StagedRulesApi {

  /** Code of a 404 for a token without staged rules. */
  static final String NOTHING_STAGED = "nothing_staged";
  static final Set<String> STAGE_FIELDS = Set.of("limitTo");
  static final Set<String> SHOW_PARAMETERS = Set.of("examples");
  /** Most examples of each kind {@code GET .../staged} returns. */
  static final int MAX_EXAMPLES = 100;

  private static final Logger LOG = LoggerFactory.getLogger(StagedRulesApi.class);

  private final TokenService tokens;
  private final AuditReader audit;
  private final ObjectMapper json;
  private final Clock clock;

  StagedRulesApi(TokenService tokens, AuditReader audit, ObjectMapper json, Clock clock) {
    this.tokens = tokens;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /** {@code GET /tokens/{id}/staged}: the staged rules and, when the audit can be read, what they would change. */
  AdminResponse show(String id, Map<String, String> query) {
    int examples = StagedSummary.DEFAULT_EXAMPLES;
    if (query.containsKey("examples")) {
      try {
        examples = Integer.parseInt(query.get("examples"));
      } catch (NumberFormatException e) {
        examples = -1;
      }
      if (examples < 0 || examples > MAX_EXAMPLES) {
        throw new ApiError(400, AdminErrors.BAD_PARAMETER, "Query parameter 'examples' must be"
            + " a whole number from 0 to " + MAX_EXAMPLES + ".", x -> x.put("parameter",
            "examples"));
      }
    }
    requireToken(id);
    StagedRules staged = call(() -> tokens.staged(id), id).orElseThrow(() -> nothingStaged(id));
    ObjectNode n = view(staged);
    if (audit == null) {
      n.putNull("summary");
    } else {
      StagedSummary s;
      try {
        s = StagedSummary.read(audit, id, staged.stagedAt(), examples);
      } catch (IOException | UncheckedIOException e) {
        LOG.error("Limit-to admin API: the audit log could not be read", e);
        throw new ApiError(503, AdminErrors.AUDIT_UNAVAILABLE, AdminErrors.MSG_AUDIT_READ);
      }
      summary(n.putObject("summary"), s);
    }
    return ok(n);
  }

  /** {@code PUT /tokens/{id}/staged}: stages {@code limitTo}, replacing rules staged before. */
  AdminResponse stage(String id, JsonBody b, AdminCaller caller) {
    String text = b.string("limitTo");
    if (text == null) {
      throw JsonBody.invalid("limitTo", "is required");
    }
    StagedRules staged = call(() -> tokens.stage(id, text, caller.userName()), id);
    ObjectNode n = view(staged);
    n.putNull("summary");
    return ok(n);
  }

  /** {@code DELETE /tokens/{id}/staged}: removes them; says whether there were any. */
  AdminResponse unstage(String id, AdminCaller caller) {
    boolean removed = call(() -> tokens.unstage(id, caller.userName()), id);
    ObjectNode n = json.createObjectNode();
    n.put("tokenId", id);
    n.put("removed", removed);
    return ok(n);
  }

  /** {@code POST /tokens/{id}/staged/promote}: they become the enforced rules; the token. */
  AdminResponse promote(String id, AdminCaller caller) {
    StoredToken t = call(() -> tokens.promote(id, caller.userName()), id);
    return ok(TokenJson.of(json, t, tokens.ruleLines(t), clock.instant()));
  }

  private ObjectNode view(StagedRules s) {
    ObjectNode n = json.createObjectNode();
    n.put("tokenId", s.tokenId());
    n.put("limitTo", s.restrictions());
    n.put("stagedBy", s.stagedBy());
    n.put("stagedAt", s.stagedAt().toString());
    try {
      n.put("ruleLines", RuleSet.compiler().baseUrl(tokens.settings().baseUrl())
          .limits(tokens.settings().limits()).compile(s.restrictions()).lineCount());
    } catch (RuntimeException e) {
      n.putNull("ruleLines"); // no longer compiles under the current settings: not evaluated
    }
    return n;
  }

  private static void summary(ObjectNode o, StagedSummary s) {
    o.put("since", s.since().toString());
    o.put("requests", s.requests());
    o.put("checked", s.checked());
    o.put("wouldRefuse", s.wouldRefuse());
    o.put("wouldAllow", s.wouldAllow());
    examples(o.putArray("wouldRefuseExamples"), s.wouldRefuseExamples());
    examples(o.putArray("wouldAllowExamples"), s.wouldAllowExamples());
  }

  private static void examples(ArrayNode a, List<StagedSummary.Example> examples) {
    for (StagedSummary.Example e : examples) {
      ObjectNode x = a.addObject();
      x.put("method", e.method());
      x.put("url", e.url());
      x.put("enforced", e.enforced());
      x.put("staged", e.staged());
      x.put("count", e.count());
      x.put("last", e.last().toString());
    }
  }

  private void requireToken(String id) {
    if (call(() -> tokens.find(id), id).isEmpty()) {
      throw new ApiError(404, AdminErrors.TOKEN_NOT_FOUND,
          String.format(TokenService.ERR_NOT_FOUND, id));
    }
  }

  private static ApiError nothingStaged(String id) {
    return new ApiError(404, NOTHING_STAGED, String.format(TokenService.ERR_NOTHING_STAGED, id));
  }

  /**
   * Calls the token service and maps its refusals to the admin API's codes (as {@code PUT
   * /tokens/{id}} does), and a missing staged rule set to {@link #NOTHING_STAGED}.
   */
  private static <T> T call(Supplier<T> call, String id) {
    return AdminApi.tokenCall(() -> {
      try {
        return call.get();
      } catch (TokenAdminException e) {
        // the refusals only staging has; every other one as AdminApi maps it
        String m = e.getMessage();
        if (m.equals(String.format(TokenService.ERR_NOTHING_STAGED, id))) {
          throw new ApiError(404, NOTHING_STAGED, m);
        }
        if (m.equals(String.format(TokenService.ERR_SECURE_PROMOTE, id))) {
          throw new ApiError(409, AdminErrors.SECURE_MODE, m);
        }
        throw e;
      }
    }, id);
  }

  private AdminResponse ok(ObjectNode n) {
    try {
      return AdminResponse.of(200, AdminApi.JSON_TYPE, json.writeValueAsBytes(n), List.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree did not serialize", e);
    }
  }
}
