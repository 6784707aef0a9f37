package dev.limitto.jira.gate;

import dev.limitto.engine.Decision;
import dev.limitto.engine.HttpRequestView;
import dev.limitto.engine.RuleSet;
import dev.limitto.jira.audit.StagedCheck;
import dev.limitto.jira.audit.StagedOutcome;
import dev.limitto.jira.token.TokenPrincipal;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token's staged rules against one request, evaluated off the response path. On the request
 * thread the gate only takes a snapshot of what the rules can look at (method, raw target, the
 * headers the engine reads, the body the gate kept); the staged rules run when {@link
 * #outcome()} is first called, which the audit dispatcher's writer thread does after the
 * response. The answer is always the enforced rules'; this only tells the audit what the staged
 * ones would have said. Thread-safe; never throws.
 */
final class StagedEvaluation implements StagedCheck {

  /**
   * The headers the engine reads (LIMIT-TO.md §4 and §5: method override headers, and the JSON
   * body's content type and encoding); the snapshot keeps these and no other, so that no
   * credential or cookie is held past the request. StagedEvaluationTest checks the engine asks
   * for no other.
   */
  static final String[] HEADERS = {
    "Content-Type", "Content-Encoding", "X-HTTP-Method-Override", "X-HTTP-Method",
    "X-Method-Override"
  };

  private static final Logger LOG = LoggerFactory.getLogger(StagedEvaluation.class);
  private static final byte[] NO_BODY = new byte[0];

  private final RuleSet rules;
  private final boolean enforcedAllowed;
  private final Snapshot request;
  private StagedOutcome outcome; // guarded by this
  private boolean evaluated; // guarded by this

  private StagedEvaluation(RuleSet rules, boolean enforcedAllowed, Snapshot request) {
    this.rules = rules;
    this.enforcedAllowed = enforcedAllowed;
    this.request = request;
  }

  /**
   * Takes the snapshot of a request whose enforced rules decided {@code enforcedAllowed}. When
   * the staged rules may read a JSON body that the enforced rules did not, the body is read now
   * (within the body limit; the host is given the same bytes, as always): after the response it
   * is gone.
   */
  static StagedEvaluation capture(
      TokenPrincipal.Staged staged, GateRequest request, boolean enforcedAllowed) {
    String[] values = new String[HEADERS.length];
    for (int i = 0; i < HEADERS.length; i++) {
      values[i] = request.header(HEADERS[i]);
    }
    int limit = staged.rules().limits().maxBodyBytes();
    byte[] body = null;
    if (request.bodyState() != ReplayableBody.State.NOT_READ
        || (staged.readsBody() && mayBeJson(values[0]))) {
      body = request.body(limit);
    }
    return new StagedEvaluation(staged.rules(), enforcedAllowed,
        new Snapshot(request.method(), request.rawPath(), request.rawQuery(), values, body));
  }

  /** Whether the engine could read this body for a {@code JsonData} predicate (§5). */
  private static boolean mayBeJson(String contentType) {
    return contentType != null
        && contentType.trim().toLowerCase(Locale.ROOT).startsWith("application/json");
  }

  @Override
  public synchronized StagedOutcome outcome() {
    if (!evaluated) {
      evaluated = true;
      outcome = evaluate();
    }
    return outcome;
  }

  /** Whether the staged rules have been evaluated yet (tests: never on the request thread). */
  synchronized boolean evaluated() {
    return evaluated;
  }

  private StagedOutcome evaluate() {
    Decision d;
    try {
      d = rules.evaluate(request);
    } catch (RuntimeException e) {
      LOG.warn("Limit-to: evaluating staged rules failed; the audit records no staged outcome",
          TokenMask.mask(e));
      return null;
    }
    StagedOutcome.Verdict verdict = d.isAllowed() == enforcedAllowed
        ? StagedOutcome.Verdict.SAME
        : d.isAllowed() ? StagedOutcome.Verdict.WOULD_ALLOW : StagedOutcome.Verdict.WOULD_REFUSE;
    return new StagedOutcome(verdict, d.line().orElse(0),
        d.isAllowed() ? null : TokenMask.mask(d.reason()));
  }

  /** What the staged rules may look at, kept past the request. */
  private static final class Snapshot implements HttpRequestView {
    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final String[] headers;
    private final byte[] body;

    Snapshot(String method, String rawPath, String rawQuery, String[] headers, byte[] body) {
      this.method = method;
      this.rawPath = rawPath;
      this.rawQuery = rawQuery;
      this.headers = headers;
      this.body = body;
    }

    @Override
    public String method() {
      return method;
    }

    @Override
    public String rawPath() {
      return rawPath;
    }

    @Override
    public String rawQuery() {
      return rawQuery;
    }

    @Override
    public String header(String name) {
      for (int i = 0; i < HEADERS.length; i++) {
        if (HEADERS[i].equalsIgnoreCase(name)) {
          return headers[i];
        }
      }
      return null;
    }

    @Override
    public byte[] body(int maxBytes) {
      return body == null ? NO_BODY : body;
    }
  }
}
