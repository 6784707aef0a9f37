package dev.limitto.jira.gate;

import dev.limitto.engine.Decision;
import dev.limitto.engine.RuleSet;
import dev.limitto.jira.audit.AuditEvent;
import dev.limitto.jira.audit.AuditSink;
import dev.limitto.jira.token.AuthResult;
import dev.limitto.jira.token.TokenAuthenticator;
import dev.limitto.jira.token.TokenPrincipal;
import dev.limitto.jira.token.TokenSettings.AuthType;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.user.UserBinding;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to one request, without servlet types: pass it through untouched (its
 * credentials are not one of our tokens), let it through as the token's user (the token is
 * valid and its rules allow the request), or refuse it (401, 400, 403, 413, or 500 when the
 * gate itself failed) with a reason. Immutable and thread-safe; one per application.
 *
 * <p>Order of checks, each failing closed: find our token among the credentials; refuse a
 * second credential; verify the token (401); refuse {@code os_username}/{@code os_password}
 * parameters (400); check {@code contextUser} (403 unless the token may act as another user and
 * the user binding confirms that the named user is active); evaluate the token's rules on the
 * request as received (403 with the reason, 413 when the body the rules needed was over the
 * limit); bind the user for the host.
 *
 * <p>A token with staged (report-only) rules is decided by its enforced rules alone; the gate
 * hands the audit event a {@link StagedEvaluation}, a snapshot of the request that the staged
 * rules are evaluated against after the response (see docs/tokens.md, "Staged rules").
 *
 * <p>Finding the token among the credentials is {@link Credentials}'; the audited URL is
 * {@link AuditUrl}'s.
 *
 * <p>Everything the gate says about a request (answer bodies, audit method, URL and reason, log
 * lines) goes through {@link TokenMask}: nothing shaped like a token leaves it.
 */
public final class Gate {

  /** Client message of a 401 for any token that is not accepted (details are in the audit). */
  public static final String MSG_TOKEN_NOT_ACCEPTED = "The API token was not accepted.";
  /** Client message of a 401 for an expired token. */
  public static final String MSG_TOKEN_EXPIRED = "The API token has expired.";
  /** Client message of a 401 for a secret replaced by a rotation whose overlap has ended. */
  public static final String MSG_TOKEN_ROTATED =
      "The API token was replaced by a new one (rotated); use the new token.";
  /** Client message of a 429; formatted with the token's limit and the seconds to wait. */
  public static final String MSG_RATE_LIMITED =
      "This API token may make at most %s requests (burst %d); try again in %d second(s).";
  /**
   * Client message of a 503 when a token's rate limit cannot be checked (its bucket is shared
   * through a database that does not answer); formatted with the seconds to wait.
   */
  public static final String MSG_RATE_LIMIT_UNAVAILABLE =
      "The rate limit of this API token cannot be checked right now; try again in %d second(s).";
  /** Audited reason of that 503. */
  public static final String REASON_RATE_LIMIT_UNAVAILABLE =
      "rate limit unavailable: the shared rate-limit store (" + TokenSettings.RATE_LIMIT_SCOPE
          + "=cluster) did not answer; refused rather than unlimited";
  /** {@code Retry-After} of that 503, in seconds. */
  static final long RATE_LIMIT_UNAVAILABLE_RETRY_SECONDS = 1;
  /** Client message of a 403 for a read-only token's request with another method than GET or HEAD. */
  public static final String MSG_READ_ONLY =
      "This API token is read-only: only GET and HEAD requests are allowed.";
  /** Client message of a 401 for a token sent with Bearer while only Basic is enabled. */
  public static final String MSG_BEARER_DISABLED =
      "Bearer authentication is not enabled for API tokens; use Basic authentication.";
  /** Client message of a 401 for a token sent with Basic while only Bearer is enabled. */
  public static final String MSG_BASIC_DISABLED =
      "Basic authentication is not enabled for API tokens; use Bearer authentication.";
  /** Client message of a 400 for a token request with more than one Authorization header. */
  public static final String MSG_SEVERAL_CREDENTIALS =
      "A request with an API token must carry exactly one Authorization header.";
  /** Client message of a 400 for a token request with login parameters. */
  public static final String MSG_LOGIN_PARAMETERS =
      "A request with an API token must not carry os_username or os_password parameters.";
  /**
   * Client message of a 400 for a token request with more parameters (query and form body
   * together) than the host reads; formatted with the limit.
   */
  public static final String MSG_TOO_MANY_PARAMETERS =
      "A request with an API token may carry at most %d parameters (query and form body"
          + " together); the server would not read the rest.";
  /** Default of {@link Builder#maxParameters}: Tomcat's own default {@code maxParameterCount}. */
  public static final int DEFAULT_MAX_PARAMETERS = 1_000;
  /** Client message of a 400 for a malformed contextUser header. */
  public static final String MSG_BAD_CONTEXT_USER =
      "The contextUser header must appear once and name one user.";
  /** Client message of a 403 for contextUser with a token that may not act as another user. */
  public static final String MSG_RUN_AS_NOT_ALLOWED =
      "This API token may not act as another user (contextUser).";
  /** Client message of a 403 for a contextUser that is not an active user. */
  public static final String MSG_UNKNOWN_CONTEXT_USER =
      "The contextUser is not an active user.";
  /** Client message of a 403 for a request that no rule line allows; the reason follows. */
  public static final String MSG_NOT_ALLOWED_PREFIX =
      "This API token is not allowed to make this request: ";
  /** Client message of a 413; formatted with the limit in bytes. */
  public static final String MSG_BODY_TOO_LARGE =
      "The request body is larger than the limit of %d bytes for requests with this API token"
          + " (Limits.maxBodyBytes).";
  /** Client message of a 400 for a body that could not be read. */
  public static final String MSG_BODY_UNREADABLE = "The request body could not be read.";
  /** Client message of a 500: the gate failed and refused rather than let the request through. */
  public static final String MSG_INTERNAL_ERROR =
      "The request could not be checked and was refused.";

  /** Most characters of a denial reason echoed to the client. */
  public static final int MAX_ECHOED_REASON = 200;
  /** Most characters of the path kept in a logged or audited URL. */
  public static final int MAX_AUDITED_PATH = 2_048;
  /** Most characters of the query kept (values masked) in a logged or audited URL. */
  public static final int MAX_AUDITED_QUERY = 1_024;
  /** The header that asks to run as another user. */
  public static final String CONTEXT_USER_HEADER = "contextUser";
  /** Longest user name accepted in {@link #CONTEXT_USER_HEADER}. */
  public static final int MAX_USER_NAME = 255;

  private static final Logger LOG = LoggerFactory.getLogger(Gate.class);

  private final AuthType authType;
  private final TokenAuthenticator authenticator;
  private final UserBinding userBinding;
  private final AuditSink audit;
  private final Clock clock;
  private final AuditUrl auditUrl;
  private final List<String> challenges;
  private final int maxParameters;

  private Gate(Builder b) {
    this.authType = b.authType;
    this.authenticator = Objects.requireNonNull(b.authenticator, "authenticator");
    this.userBinding = b.userBinding;
    this.audit = b.audit;
    this.clock = b.clock;
    this.auditUrl = new AuditUrl(b.baseUrl);
    this.maxParameters = b.maxParameters;
    List<String> c = new ArrayList<>(2);
    String realm = "realm=\"" + b.realm.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    if (allowsBasic(authType)) {
      c.add("Basic " + realm);
    }
    if (allowsBearer(authType)) {
      c.add("Bearer " + realm + ", error=\"invalid_token\"");
    }
    this.challenges = List.copyOf(c);
  }

  public static Builder builder() {
    return new Builder();
  }

  public AuthType authType() {
    return authType;
  }

  /**
   * Decides a request. Never throws: a failure of the token subsystem, the rules or the user
   * binding refuses the request.
   */
  public GateOutcome decide(GateRequest request) {
    List<String> authorizations = request.headerValues("Authorization");
    if (authorizations.isEmpty()) {
      return GateOutcome.PASS_THROUGH;
    }
    Credentials.Credential credential = null;
    for (String value : authorizations) {
      credential = Credentials.parse(value, authenticator);
      if (credential != null) {
        break;
      }
    }
    if (credential == null) {
      return GateOutcome.PASS_THROUGH;
    }
    GateOutcome.Trace trace = new GateOutcome.Trace(
        clock.instant(), System.nanoTime(), String.valueOf(request.clientAddress()),
        TokenMask.mask(String.valueOf(request.method())),
        TokenMask.mask(auditUrl(request.rawPath(), request.rawQuery())));
    try {
      return decideTokenRequest(request, authorizations, credential, trace);
    } catch (RuntimeException e) {
      LOG.error("Limit-to: refusing {} {}: the gate failed", trace.method, trace.url,
          TokenMask.mask(e));
      return refuse(500, MSG_INTERNAL_ERROR, "gate failure: " + e.getClass().getName(), trace);
    }
  }

  private GateOutcome decideTokenRequest(
      GateRequest request, List<String> authorizations, Credentials.Credential credential,
      GateOutcome.Trace trace) {
    if (authorizations.size() > 1) {
      return refuse(400, MSG_SEVERAL_CREDENTIALS,
          "several Authorization headers (" + authorizations.size() + ")", trace);
    }
    if (credential.bearer() && !allowsBearer(authType)) {
      return refuse401(MSG_BEARER_DISABLED, "Bearer token while auth type is " + authType, trace);
    }
    if (!credential.bearer() && !allowsBasic(authType)) {
      return refuse401(MSG_BASIC_DISABLED, "Basic token while auth type is " + authType, trace);
    }
    AuthResult result;
    try {
      result = authenticator.authenticate(
          credential.secret(), credential.user(), request.clientAddress());
    } catch (RuntimeException e) {
      LOG.error("Limit-to: token verification failed; refusing", TokenMask.mask(e));
      return refuse401(MSG_TOKEN_NOT_ACCEPTED,
          "token refused: " + AuthResult.Reason.STORE_UNAVAILABLE + " ("
              + e.getClass().getName() + ")", trace);
    }
    if (result instanceof AuthResult.Refused refused) {
      trace.recognised = refused.token();
      String message = switch (refused.reason()) {
        case EXPIRED -> MSG_TOKEN_EXPIRED;
        case ROTATED -> MSG_TOKEN_ROTATED;
        default -> MSG_TOKEN_NOT_ACCEPTED;
      };
      return refuse401(message,
          "token refused: " + refused.reason() + " (" + refused.detail() + ")", trace);
    }
    TokenPrincipal principal = ((AuthResult.Authenticated) result).principal();
    trace.principal = principal;

    long wait = principal.rateLimiter().tryAcquire();
    if (wait != 0) {
      // anything but "admitted" refuses: a limit that cannot be checked is not unlimited
      return wait > 0 ? rateLimited(principal, wait, trace) : rateLimitUnavailable(trace);
    }
    if (principal.readOnly() && !isReadMethod(request.method())) {
      // the preset intersects the rules with GET and HEAD: refused before the rules read a body
      return refuse(403, MSG_READ_ONLY, "read-only token: method " + request.method()
          + " is not GET or HEAD", trace);
    }

    if (FormParameters.hasAnyName(
        request.rawQuery(), FormParameters.CREDENTIAL_PARAMETERS, StandardCharsets.UTF_8)) {
      return refuse(400, MSG_LOGIN_PARAMETERS, "os_username or os_password parameter", trace);
    }
    GateOutcome tooMany = parameterCount(request, principal, trace);
    if (tooMany != null) {
      return tooMany;
    }

    String effectiveUser = principal.userName();
    List<String> contextUsers = request.headerValues(CONTEXT_USER_HEADER);
    if (!contextUsers.isEmpty()) {
      if (!principal.runAsAllowed()) {
        return refuse(403, MSG_RUN_AS_NOT_ALLOWED, "contextUser with a token without run-as",
            trace);
      }
      String name = contextUsers.size() == 1 ? contextUsers.get(0).trim() : "";
      if (!validUserName(name)) {
        return refuse(400, MSG_BAD_CONTEXT_USER, "malformed contextUser header", trace);
      }
      if (!userBinding.isActive(name)) {
        // before the rules and the binding: a name the host cannot vouch for is never acted as
        return refuse(403, MSG_UNKNOWN_CONTEXT_USER, "contextUser " + name
            + " is not an active user", trace);
      }
      if (!userBinding.isActive(principal.userName())) {
        return refuse401(MSG_TOKEN_NOT_ACCEPTED, "owner " + principal.userName()
            + " is not an active user", trace);
      }
      effectiveUser = name;
    }

    RuleSet rules = principal.rules();
    Decision decision = rules.evaluate(request);
    ReplayableBody.State body = request.bodyState();
    // the staged rules only get a snapshot here; they are evaluated after the response
    StagedEvaluation staged = principal.staged() == null ? null
        : StagedEvaluation.capture(principal.staged(), request, decision.isAllowed());
    if (body == ReplayableBody.State.FAILED
        || request.bodyState() == ReplayableBody.State.FAILED) {
      // also when only the staged rules' read failed: the host would be given a cut body
      return refuse(400, MSG_BODY_UNREADABLE, "body could not be read", trace);
    }
    if (!decision.isAllowed()) {
      trace.staged = staged;
      if (body == ReplayableBody.State.EXCEEDED) {
        int limit = rules.limits().maxBodyBytes();
        return refuse(413, String.format(Locale.ROOT, MSG_BODY_TOO_LARGE, limit),
            "body larger than " + limit + " bytes; " + decision.reason(), trace);
      }
      return refuse(403, MSG_NOT_ALLOWED_PREFIX + bounded(TokenMask.mask(decision.reason())),
          decision.reason(), trace);
    }

    request.authenticate(effectiveUser, credential.bearer() ? "BEARER" : "BASIC");
    Optional<UserBinding.Scope> scope = userBinding.bind(effectiveUser, request);
    if (scope.isEmpty()) {
      return effectiveUser.equals(principal.userName())
          ? refuse401(MSG_TOKEN_NOT_ACCEPTED, "user " + effectiveUser + " is not active", trace)
          : refuse(403, MSG_UNKNOWN_CONTEXT_USER, "contextUser " + effectiveUser
              + " is not an active user", trace);
    }
    trace.staged = staged;
    GateOutcome outcome =
        GateOutcome.authenticated(principal, effectiveUser, decision.line().orElse(0), trace);
    outcome.scope(scope.get());
    return outcome;
  }

  /**
   * Refuses a request with more parameters than the host reads: the host (Tomcat's {@code
   * maxParameterCount}) would fail on them, or act on the first ones only, after the rules had
   * seen them all. A form body is read (within the body limit) to count its parameters, and the
   * host is then given them from the bytes kept. Null when the count is within the limit.
   */
  private GateOutcome parameterCount(
      GateRequest request, TokenPrincipal principal, GateOutcome.Trace trace) {
    int count = FormParameters.count(request.rawQuery());
    if (count <= maxParameters && FormParameters.isForm(request.method(),
        request.header("Content-Type"))) {
      int limit = principal.rules().limits().maxBodyBytes();
      byte[] form = request.body(limit);
      ReplayableBody.State state = request.bodyState();
      if (state == ReplayableBody.State.FAILED) {
        return refuse(400, MSG_BODY_UNREADABLE, "body could not be read", trace);
      }
      if (state == ReplayableBody.State.EXCEEDED) {
        return refuse(413, String.format(Locale.ROOT, MSG_BODY_TOO_LARGE, limit),
            "form body larger than " + limit + " bytes", trace);
      }
      count += FormParameters.count(form);
    }
    if (count <= maxParameters) {
      return null;
    }
    return refuse(400, String.format(Locale.ROOT, MSG_TOO_MANY_PARAMETERS, maxParameters),
        "more than " + maxParameters + " parameters", trace);
  }

  /**
   * Records the audit event of a token request and closes its user binding; call once the
   * response is complete, with its status. Does nothing for a pass-through or a second call.
   */
  public void complete(GateOutcome outcome, int status) {
    GateOutcome.Trace trace = outcome.trace();
    if (trace == null || !outcome.markCompleted()) {
      return;
    }
    try {
      outcome.scope().close();
    } catch (RuntimeException e) {
      LOG.error("Limit-to: closing the user binding failed", e);
    }
    boolean allowed = outcome.kind() == GateOutcome.Kind.AUTHENTICATED;
    AuditEvent event = new AuditEvent(
        trace.time,
        trace.tokenId(),
        trace.tokenLabel(),
        trace.owner(),
        outcome.effectiveUser(),
        trace.clientAddress,
        trace.method,
        trace.url,
        allowed ? AuditEvent.Outcome.ALLOWED : AuditEvent.Outcome.REFUSED,
        outcome.matchedLine(),
        outcome.reason(),
        status,
        Duration.ofNanos(Math.max(0, System.nanoTime() - trace.startNanos)),
        trace.staged);
    try {
      audit.record(event);
    } catch (RuntimeException e) {
      LOG.error("Limit-to: the audit sink failed", e);
    }
  }

  private GateOutcome refuse401(String message, String reason, GateOutcome.Trace trace) {
    return refused(401, message, challenges, reason, trace);
  }

  private GateOutcome refuse(int status, String message, String reason, GateOutcome.Trace trace) {
    return refused(status, message, List.of(), reason, trace);
  }

  private static GateOutcome refused(
      int status, String message, List<String> challenges, String reason,
      GateOutcome.Trace trace) {
    String maskedReason = TokenMask.mask(reason);
    String id = trace.tokenId();
    LOG.info("Limit-to: refused {} {} from {} with token {}: {} {}", trace.method, trace.url,
        trace.clientAddress, id == null ? "(not recognised)" : id, status,
        bounded(maskedReason));
    return GateOutcome.refused(
        status, TokenMask.mask(message), challenges, maskedReason, trace);
  }

  /** A 429 with {@code Retry-After} in whole seconds, rounded up. */
  private static GateOutcome rateLimited(TokenPrincipal principal, long waitNanos,
      GateOutcome.Trace trace) {
    long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    String rate = principal.rateLimiter().rate();
    long burst = principal.rateLimiter().burst();
    GateOutcome o = refused(429, String.format(Locale.ROOT, MSG_RATE_LIMITED, rate, burst, seconds),
        List.of(), "rate limited: more than " + rate + " (burst " + burst + "); retry after "
            + seconds + " s", trace);
    o.retryAfterSeconds(seconds);
    return o;
  }

  /** A 503: the token's shared bucket could not be asked (fail closed). */
  private static GateOutcome rateLimitUnavailable(GateOutcome.Trace trace) {
    long seconds = RATE_LIMIT_UNAVAILABLE_RETRY_SECONDS;
    GateOutcome o = refused(503,
        String.format(Locale.ROOT, MSG_RATE_LIMIT_UNAVAILABLE, seconds), List.of(),
        REASON_RATE_LIMIT_UNAVAILABLE, trace);
    o.retryAfterSeconds(seconds);
    return o;
  }

  private static boolean isReadMethod(String method) {
    return "GET".equals(method) || "HEAD".equals(method);
  }

  private static boolean allowsBasic(AuthType type) {
    return type != AuthType.BEARER;
  }

  private static boolean allowsBearer(AuthType type) {
    return type != AuthType.BASIC;
  }

  private static boolean validUserName(String name) {
    if (name.isEmpty() || name.length() > MAX_USER_NAME) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** The URL of a request as audited (see {@link AuditUrl}). */
  String auditUrl(String rawPath, String rawQuery) {
    return auditUrl.of(rawPath, rawQuery);
  }

  /** At most {@link #MAX_ECHOED_REASON} characters of a reason. */
  static String bounded(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= MAX_ECHOED_REASON ? s : s.substring(0, MAX_ECHOED_REASON) + "...";
  }

  /** Configures a {@link Gate}. */
  public static final class Builder {
    private AuthType authType = AuthType.BASIC;
    private TokenAuthenticator authenticator;
    private UserBinding userBinding = UserBinding.container();
    private AuditSink audit = AuditSink.discarding();
    private Clock clock = Clock.systemUTC();
    private String baseUrl = TokenSettings.DEFAULT_BASE_URL;
    private String realm = "Jira";
    private int maxParameters = DEFAULT_MAX_PARAMETERS;

    private Builder() {}

    /**
     * Takes the auth type and the base URL from the token settings, so that the gate and the
     * token service read the same {@code limitto.token.auth.type} and {@code
     * limitto.token.base.url}.
     */
    public Builder settings(TokenSettings settings) {
      return authType(settings.authType()).baseUrl(settings.baseUrl());
    }

    /** The auth type ({@code limitto.token.auth.type}); {@link AuthType#BASIC} by default. */
    public Builder authType(AuthType authType) {
      this.authType = Objects.requireNonNull(authType, "authType");
      return this;
    }

    /** Verifies tokens. Required. */
    public Builder authenticator(TokenAuthenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /** Tells the host who the user is; {@link UserBinding#container()} by default. */
    public Builder userBinding(UserBinding userBinding) {
      this.userBinding = Objects.requireNonNull(userBinding, "userBinding");
      return this;
    }

    /** Receives one event per token request; discarding by default. */
    public Builder audit(AuditSink audit) {
      this.audit = Objects.requireNonNull(audit, "audit");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The host's base URL: its origin starts every audited URL. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * The most parameters (query and form body together) a token request may carry; {@value
     * Gate#DEFAULT_MAX_PARAMETERS} by default, Tomcat's default {@code maxParameterCount}. Keep it
     * at most the container's own limit, so that the host always reads every parameter the
     * rules saw.
     */
    public Builder maxParameters(int maxParameters) {
      if (maxParameters < 1) {
        throw new IllegalArgumentException("maxParameters must be at least 1: " + maxParameters);
      }
      this.maxParameters = maxParameters;
      return this;
    }

    /** The realm named in {@code WWW-Authenticate}; {@code Jira} by default. */
    public Builder realm(String realm) {
      this.realm = Objects.requireNonNull(realm, "realm");
      return this;
    }

    public Gate build() {
      if (authenticator == null) {
        throw new IllegalStateException("a gate needs a TokenAuthenticator");
      }
      new AuditUrl(baseUrl);
      return new Gate(this);
    }
  }
}
