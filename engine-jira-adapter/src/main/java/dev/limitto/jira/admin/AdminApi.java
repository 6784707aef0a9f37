package dev.limitto.jira.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.limitto.engine.Decision;
import dev.limitto.engine.LineExplanation;
import dev.limitto.engine.Request;
import dev.limitto.engine.RuleIssue;
import dev.limitto.engine.RuleSet;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.engine.lint.LintFinding;
import dev.limitto.engine.lint.RuleLinter;
import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.audit.AuditJson;
import dev.limitto.jira.audit.AuditQuery;
import dev.limitto.jira.audit.AuditReader;
import dev.limitto.jira.audit.AuditedTraffic;
import dev.limitto.jira.db.StoreException;
import dev.limitto.jira.gate.PercentCodec;
import dev.limitto.jira.gate.TokenMask;
import dev.limitto.jira.snippet.SnippetRequest;
import dev.limitto.jira.snippet.Snippets;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.EmptyRulesException;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.TokenAdminException;
import dev.limitto.jira.token.TokenEdit;
import dev.limitto.jira.token.TokenPolicyException;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.upstream.UpstreamCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token-management REST API ({@value #BASE_PATH}/…), servlet-neutral: a binding converts its
 * request into an {@link AdminRequest}, calls {@link #handle}, and writes the {@link
 * AdminResponse} as it is. Every policy is here: who may call, the cross-site check, limits,
 * error codes. Token policy itself is the {@link TokenService}'s, which this only calls, so every
 * change is audited as the command line's are. Immutable and thread-safe; docs/rest-api.md
 * describes the routes, {@code openapi.json} next to this class describes them for tools.
 *
 * <p>Order of checks, each failing closed: a path outside the API (404); a request
 * authenticated by, or carrying, a Limit-to token (403 {@code token_not_allowed}, whatever the
 * token's rules say, so that a leaked token cannot mint tokens); the caller (401, or 403 for a
 * user who is not an administrator); the route (404, 405); for every method but GET, the
 * cross-site check ({@code X-Atlassian-Token: no-check} or an {@code Origin} of this server,
 * else 403); the body size (400); the query and the body (400, naming the parameter or field);
 * only then the operation.
 */
public final class AdminApi {

  /** Where the API lives: Atlassian's {@code /rest/<plugin>/<version>} convention. */
  public static final String BASE_PATH = "/rest/limit-to/1.0";
  /**
   * The admin page (Jira's servlet-module URL), and below it its files; served to administrators
   * only, with a strict Content-Security-Policy ({@link AdminPage}).
   */
  public static final String PAGE_PATH = "/plugins/servlet/limit-to/admin";
  /** Atlassian's XSRF header and the value that marks a non-browser call. */
  public static final String XSRF_HEADER = "X-Atlassian-Token";
  public static final String XSRF_NO_CHECK = "no-check";
  /** The classpath resource (next to this class) served at {@code /openapi.json}. */
  static final String OPENAPI_RESOURCE = "openapi.json";
  /** Content type of every JSON answer. */
  static final String JSON_TYPE = "application/json;charset=UTF-8";
  /** The request shown by the snippets of a new token. */
  static final String SNIPPET_PATH = "/rest/api/2/myself";

  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  private static final Pattern TOKEN_ID = Pattern.compile("[A-Za-z0-9_]{1,64}");
  private static final String TOKEN_PREFIX = "ltk_";

  /** The routes, as {@code METHOD path} with {@code {id}} for a token id. */
  enum Route {
    OPENAPI("GET", "/openapi.json"),
    LIST_TOKENS("GET", "/tokens"),
    CREATE_TOKEN("POST", "/tokens"),
    EXPIRING_TOKENS("GET", "/tokens/expiring"),
    ROTATE_TOKEN("POST", "/tokens/{id}/rotate"),
    GET_TOKEN("GET", "/tokens/{id}"),
    EDIT_TOKEN("PUT", "/tokens/{id}"),
    REVOKE_TOKEN("DELETE", "/tokens/{id}"),
    LINT_RULES("POST", "/rules/lint"),
    TRY_RULES("POST", "/rules/try"),
    EXPLAIN_RULES("POST", "/rules/explain"),
    EXPLAIN_TOKEN("GET", "/tokens/{id}/explain"),
    DIFF_RULES("POST", "/rules/diff"),
    SUGGEST_RULES("GET", "/tokens/{id}/suggest"),
    AUDIT("GET", "/audit"),
    AUDIT_DAILY("GET", "/audit/daily"),
    SETTINGS("GET", "/settings"),
    USERS("GET", "/users"),
    GET_STAGED("GET", "/tokens/{id}/staged"),
    STAGE_RULES("PUT", "/tokens/{id}/staged"),
    UNSTAGE_RULES("DELETE", "/tokens/{id}/staged"),
    PROMOTE_STAGED("POST", "/tokens/{id}/staged/promote"),
    GET_UPSTREAM("GET", "/tokens/{id}/upstream"),
    BIND_UPSTREAM("PUT", "/tokens/{id}/upstream"),
    UNBIND_UPSTREAM("DELETE", "/tokens/{id}/upstream");

    final String method;
    final String path;
    final String[] segments;

    Route(String method, String path) {
      this.method = method;
      this.path = path;
      this.segments = path.substring(1).split("/");
    }

    boolean matches(String[] p) {
      if (p.length != segments.length) {
        return false;
      }
      for (int i = 0; i < p.length; i++) {
        if (segments[i].equals("{id}") ? !TOKEN_ID.matcher(p[i]).matches()
            : !segments[i].equals(p[i])) {
          return false;
        }
      }
      return true;
    }
  }

  static final Set<String> CREATE_FIELDS = Set.of("label", "userName", "unbound", "limitTo",
      "unrestricted", "ip", "validUntil", "validDays", "runAsAllowed");
  static final Set<String> EDIT_FIELDS = Set.of(
      "label", "limitTo", "unrestricted", "ip", "validUntil", "runAsAllowed");
  static final Set<String> LINT_FIELDS = Set.of("limitTo", "baseUrl");
  static final Set<String> TRY_FIELDS = Set.of("limitTo", "tokenId", "baseUrl", "request");
  static final Set<String> TRY_REQUEST_FIELDS = Set.of("method", "target", "headers", "body");
  static final Set<String> LIST_PARAMETERS = Set.of("owner", "state", "label", "startAt", "maxResults");
  static final Set<String> AUDIT_PARAMETERS = Set.of("token", "refused", "since", "startAt", "maxResults");
  static final Set<String> DAILY_PARAMETERS = Set.of("token", "since");
  /** Days {@code /audit/daily} counts when {@code since} is not given: today and the 13 before. */
  static final int DEFAULT_DAILY_DAYS = 14;
  /** Most days {@code /audit/daily} counts: a year and a day. */
  static final int MAX_DAILY_DAYS = 366;
  /** Longest validDays: a hundred years (the maximum lifetime setting usually refuses sooner). */
  static final int MAX_VALID_DAYS = 36_500;

  private final TokenService tokens;
  private final AuditReader audit;
  private final AdminAuthenticator authenticator;
  private final AdminLimits limits;
  private final Function<String, String> settingSource;
  private final Clock clock;
  private final ObjectMapper json;
  private final byte[] openApi;
  private final String configuredOrigin;
  private final AdminPage page;
  private final dev.limitto.jira.user.UserDirectory users;
  private final UpstreamCredentials upstream;

  private AdminApi(Builder b) {
    this.tokens = Objects.requireNonNull(b.tokens, "tokens");
    this.authenticator = Objects.requireNonNull(b.authenticator, "authenticator");
    this.audit = b.audit;
    this.limits = b.limits;
    this.settingSource = b.settingSource;
    this.clock = b.clock;
    this.json = JsonBody.mapper(limits);
    this.openApi = loadOpenApi();
    this.configuredOrigin = origin(tokens.settings().baseUrl());
    this.page = new AdminPage();
    this.users = b.users;
    this.upstream = b.upstream;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every route as {@code METHOD /path} below {@link #BASE_PATH}, {@code {id}} for a token id. */
  public static List<String> routes() {
    List<String> out = new ArrayList<>();
    for (Route r : Route.values()) {
      out.add(r.method + " " + r.path);
    }
    return List.copyOf(out);
  }

  public AdminLimits limits() {
    return limits;
  }

  /** Answers one request. Never throws: a failure is a 500 with a JSON body, logged here. */
  public AdminResponse handle(AdminRequest request) {
    Route route = null;
    try {
      String path = request.path();
      if (path.equals(PAGE_PATH) || path.startsWith(PAGE_PATH + "/")) {
        return page(request, path.substring(PAGE_PATH.length()));
      }
      if (!path.startsWith(BASE_PATH + "/")) {
        throw notFound(request);
      }
      AdminCaller caller = caller(request, true);
      String[] p = path.substring(BASE_PATH.length() + 1).split("/", -1);
      TokenCreationRoutes.requireAdminUnlessCreating(caller, request, p, tokens.settings());
      route = route(request, p);
      if (!request.method().equals("GET")) {
        checkCrossSite(request);
      }
      if (request.bodyUnreadable()) {
        throw new ApiError(400, AdminErrors.BODY_UNREADABLE, AdminErrors.MSG_BODY_UNREADABLE,
            null, List.of(Map.entry("Connection", "close")));
      }
      if (request.bodyLength() > limits.maxBodyBytes()) {
        // the rest of the body is unread: do not let it be taken for a next request
        throw new ApiError(400, AdminErrors.BODY_TOO_LARGE,
            String.format(AdminErrors.MSG_BODY_TOO_LARGE, limits.maxBodyBytes()), null,
            List.of(Map.entry("Connection", "close")));
      }
      return answer(route, request, p, caller);
    } catch (ApiError e) {
      return error(e);
    } catch (RuntimeException | Error e) {
      // the route's name, never the raw path or any header: they may hold a credential
      LOG.error("Limit-to admin API: {} failed", route == null ? "request" : route,
          TokenMask.mask(e));
      return error(new ApiError(500, AdminErrors.INTERNAL_ERROR, AdminErrors.MSG_INTERNAL));
    }
  }

  /**
   * The page and its files, after the same checks of the caller as the API's: a leaked token
   * cannot even load the page. Every answer, errors included, carries the page's security
   * headers.
   */
  private AdminResponse page(AdminRequest request, String rest) {
    AdminResponse r;
    try {
      caller(request);
      if (!request.method().equals("GET")) {
        throw new ApiError(405, AdminErrors.METHOD_NOT_ALLOWED,
            String.format(AdminErrors.MSG_METHOD, safeMethod(request.method()),
                JsonBody.printable(request.path()), "GET"), null, List.of(Map.entry("Allow", "GET")));
      }
      return page.answer(rest, request);
    } catch (ApiError e) {
      r = error(e);
    }
    List<Map.Entry<String, String>> h = new ArrayList<>(r.headers());
    h.removeIf(e -> e.getKey().equalsIgnoreCase("X-Content-Type-Options"));
    h.addAll(AdminPage.securityHeaders());
    return new AdminResponse(r.status(), h, r.body());
  }

  // ---- who may call

  private AdminCaller caller(AdminRequest r) {
    return caller(r, false);
  }

  /**
   * @param users whether a logged-in user who is not an administrator is returned rather than
   *     refused (for the one route such a user may call, see {@link TokenCreationRoutes})
   */
  private AdminCaller caller(AdminRequest r, boolean users) {
    if (r.tokenAuthenticated() || carriesToken(r)) {
      throw new ApiError(403, AdminErrors.TOKEN_NOT_ALLOWED, AdminErrors.MSG_TOKEN_NOT_ALLOWED);
    }
    AdminCaller caller = authenticator.identify(r);
    if (caller == null || caller.kind() == AdminCaller.Kind.ANONYMOUS) {
      String challenge = authenticator.challenge();
      throw new ApiError(401, AdminErrors.NOT_AUTHENTICATED, AdminErrors.MSG_NOT_AUTHENTICATED,
          null, challenge == null ? List.of() : List.of(Map.entry("WWW-Authenticate", challenge)));
    }
    if (caller.kind() != AdminCaller.Kind.ADMIN
        && !(users && caller.kind() == AdminCaller.Kind.USER)) {
      throw new ApiError(403, AdminErrors.NOT_ADMIN, AdminErrors.MSG_NOT_ADMIN);
    }
    return caller;
  }

  /**
   * Whether an {@code Authorization} header holds something a token verifier would take for a
   * Limit-to token: as Bearer value, Basic user or Basic password. Checked here as well as by
   * the filter's mark, so that a deployment without the filter in front still refuses tokens.
   */
  private boolean carriesToken(AdminRequest r) {
    for (String h : r.headers("Authorization")) {
      String v = h.trim();
      if (v.contains(TOKEN_PREFIX) || TokenMask.holdsToken(v)) {
        return true;
      }
      int sp = v.indexOf(' ');
      String credential = sp < 0 ? v : v.substring(sp + 1).trim();
      if (looksLikeToken(credential)) {
        return true;
      }
      if (sp > 0 && v.regionMatches(true, 0, "Basic", 0, 5)) {
        String[] basic = BasicPasswordAuthenticator.basic(v);
        if (basic != null && (TokenMask.holdsToken(basic[0]) || TokenMask.holdsToken(basic[1])
            || basic[0].contains(TOKEN_PREFIX) || basic[1].contains(TOKEN_PREFIX)
            || looksLikeToken(basic[1]))) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean looksLikeToken(String credential) {
    try {
      return tokens.authenticator().looksLikeToken(credential);
    } catch (RuntimeException e) {
      // cannot tell: refuse as a token rather than let it be tried as a password
      return true;
    }
  }

  private static Route route(AdminRequest r, String[] p) {
    List<String> allowed = new ArrayList<>();
    for (Route route : Route.values()) {
      if (route.matches(p)) {
        if (route.method.equals(r.method())) {
          return route;
        }
        allowed.add(route.method);
      }
    }
    if (allowed.isEmpty()) {
      throw notFound(r);
    }
    String allow = String.join(", ", allowed);
    throw new ApiError(405, AdminErrors.METHOD_NOT_ALLOWED,
        String.format(AdminErrors.MSG_METHOD, safeMethod(r.method()), JsonBody.printable(r.path()),
            allow), null, List.of(Map.entry("Allow", allow)));
  }

  private static ApiError notFound(AdminRequest r) {
    return new ApiError(404, AdminErrors.NOT_FOUND,
        String.format(AdminErrors.MSG_NOT_FOUND, safeMethod(r.method()), JsonBody.printable(r.path())));
  }

  private static String safeMethod(String m) {
    return m.matches("[A-Z]{1,16}") ? m : "(method)";
  }

  /**
   * The cross-site check of a state-changing call: Atlassian's {@code X-Atlassian-Token:
   * no-check} (a cross-site form cannot set a header, and a cross-site script may not without a
   * CORS pre-flight, which this API never grants), or one {@code Origin} header naming the origin
   * the request was sent to or the configured base URL's.
   */
  private void checkCrossSite(AdminRequest r) {
    List<String> xsrf = r.headers(XSRF_HEADER);
    if (xsrf.size() == 1) {
      String v = xsrf.get(0).trim();
      if (v.equalsIgnoreCase(XSRF_NO_CHECK) || v.equalsIgnoreCase("nocheck")) {
        return;
      }
    }
    List<String> origins = r.headers("Origin");
    if (origins.size() == 1) {
      String o = origin(origins.get(0).trim());
      if (o != null && (o.equals(origin(r.requestOrigin())) || o.equals(configuredOrigin))) {
        return;
      }
    }
    throw new ApiError(403, AdminErrors.XSRF_CHECK_FAILED,
        String.format(AdminErrors.MSG_XSRF, safeMethod(r.method())));
  }

  /** {@code scheme://host:port}, lower case, with the default port made explicit; or null. */
  static String origin(String url) {
    if (url == null || url.isEmpty() || url.equals("null")) {
      return null;
    }
    try {
      URI u = new URI(url);
      String scheme = u.getScheme();
      String host = u.getHost();
      if (scheme == null || host == null) {
        return null;
      }
      scheme = scheme.toLowerCase(Locale.ROOT);
      int port = u.getPort();
      if (port < 0) {
        port = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
      }
      return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  // ---- the routes

  private AdminResponse answer(Route route, AdminRequest r, String[] p, AdminCaller caller) {
    Map<String, String> q;
    switch (route) {
      case OPENAPI:
        query(r, Set.of());
        return AdminResponse.of(200, JSON_TYPE, openApi, List.of());
      case LIST_TOKENS:
        return listTokens(query(r, LIST_PARAMETERS));
      case CREATE_TOKEN:
        query(r, Set.of());
        return createToken(body(r, TokenLifecycleRoutes.withControls(CREATE_FIELDS)), caller);
      case EXPIRING_TOKENS:
        return ok(200, new TokenLifecycleRoutes(tokens, json, clock)
            .expiring(query(r, TokenLifecycleRoutes.EXPIRING_PARAMETERS)));
      case ROTATE_TOKEN:
        query(r, Set.of());
        require(p[1]);
        return ok(200, new TokenLifecycleRoutes(tokens, json, clock).rotated(tokenCall(() ->
            new TokenLifecycleRoutes(tokens, json, clock).rotate(p[1],
                body(r, TokenLifecycleRoutes.ROTATE_FIELDS), caller), p[1])));
      case GET_TOKEN:
        query(r, Set.of());
        return ok(200, token(require(p[1])));
      case EDIT_TOKEN:
        query(r, Set.of());
        return editToken(p[1], body(r, TokenLifecycleRoutes.withControls(EDIT_FIELDS)), caller);
      case REVOKE_TOKEN:
        query(r, Set.of());
        return revokeToken(p[1], caller);
      case LINT_RULES:
        query(r, Set.of());
        return lint(body(r, LINT_FIELDS));
      case TRY_RULES:
        query(r, Set.of());
        return tryRules(body(r, TRY_FIELDS));
      case EXPLAIN_RULES:
        query(r, Set.of());
        return ok(200, RuleExplanations.ofBody(json, body(r, RuleExplanations.FIELDS)));
      case EXPLAIN_TOKEN:
        query(r, Set.of());
        return ok(200, RuleExplanations.of(json, require(p[1]).restrictions()));
      case DIFF_RULES:
        query(r, Set.of());
        return diffRules(body(r, RuleAnalysisRoutes.DIFF_FIELDS));
      case SUGGEST_RULES:
        return suggestRules(p[1], query(r, RuleAnalysisRoutes.SUGGEST_PARAMETERS));
      case AUDIT:
        q = query(r, AUDIT_PARAMETERS);
        return audit(q);
      case AUDIT_DAILY:
        return auditDaily(query(r, DAILY_PARAMETERS));
      case SETTINGS:
        query(r, Set.of());
        return settings();
      case GET_UPSTREAM:
        query(r, Set.of());
        return ok(200, new UpstreamRoutes(upstream, tokens, json).show(require(p[1])));
      case BIND_UPSTREAM:
        query(r, Set.of());
        return ok(200, new UpstreamRoutes(upstream, tokens, json)
            .bind(require(p[1]), body(r, UpstreamRoutes.FIELDS), caller.userName()));
      case UNBIND_UPSTREAM:
        query(r, Set.of());
        return ok(200, new UpstreamRoutes(upstream, tokens, json)
            .unbind(require(p[1]), caller.userName()));
      case USERS:
        return ok(200, UserSearch.answer(users, query(r, UserSearch.PARAMETERS), limits, json));
      case GET_STAGED:
        return new StagedRulesApi(tokens, audit, json, clock)
            .show(p[1], query(r, StagedRulesApi.SHOW_PARAMETERS));
      case STAGE_RULES:
        query(r, Set.of());
        return new StagedRulesApi(tokens, audit, json, clock)
            .stage(p[1], body(r, StagedRulesApi.STAGE_FIELDS), caller);
      case UNSTAGE_RULES:
        query(r, Set.of());
        return new StagedRulesApi(tokens, audit, json, clock).unstage(p[1], caller);
      case PROMOTE_STAGED:
        query(r, Set.of());
        return new StagedRulesApi(tokens, audit, json, clock).promote(p[1], caller);
      default:
        throw new IllegalStateException("route " + route);
    }
  }

  private AdminResponse listTokens(Map<String, String> q) {
    String owner = q.get("owner");
    TokenJson.State state = null;
    if (q.containsKey("state")) {
      try {
        state = TokenJson.State.valueOf(q.get("state").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw badParameter("state", "must be active, expired or revoked");
      }
    }
    String label = q.containsKey("label") ? q.get("label").toLowerCase(Locale.ROOT) : null;
    int start = intParameter(q, "startAt", 0, 0, Integer.MAX_VALUE);
    int max = intParameter(q, "maxResults", limits.defaultPageSize(), 1, limits.maxPageSize());
    Instant now = now();
    List<StoredToken> matching = new ArrayList<>();
    for (StoredToken t : storeCall(tokens::list)) {
      if (owner != null && !owner.equalsIgnoreCase(String.valueOf(t.owner()))) {
        continue;
      }
      if (state != null && TokenJson.State.of(t, now) != state) {
        continue;
      }
      if (label != null && !t.label().toLowerCase(Locale.ROOT).contains(label)) {
        continue;
      }
      matching.add(t);
    }
    ObjectNode page = page(start, max, matching.size());
    ArrayNode values = page.putArray("values");
    for (int i = start; i < matching.size() && i < (long) start + max; i++) {
      values.add(token(matching.get(i)));
    }
    return ok(200, page);
  }

  private ObjectNode page(int start, int max, long total) {
    ObjectNode page = json.createObjectNode();
    page.put("startAt", start);
    page.put("maxResults", max);
    page.put("total", total);
    page.put("isLast", (long) start + max >= total);
    return page;
  }

  private AdminResponse createToken(JsonBody b, AdminCaller caller) {
    TokenRequest.Builder t = TokenRequest.builder();
    String user = b.string("userName");
    if (user != null) {
      t.owner(user);
    }
    if (Boolean.TRUE.equals(b.bool("unbound"))) {
      t.unbound();
    }
    String label = b.string("label");
    if (label != null) {
      t.label(label);
    }
    t.expiresAt(b.instant("validUntil"));
    Integer days = b.integer("validDays", 1, MAX_VALID_DAYS);
    if (days != null) {
      t.expiresIn(Duration.ofDays(days));
    }
    String limitTo = b.string("limitTo");
    if (limitTo != null) {
      t.restrictions(limitTo);
    }
    if (Boolean.TRUE.equals(b.bool("unrestricted"))) {
      t.unrestricted();
    }
    List<String> ip = b.stringList("ip");
    if (ip != null) {
      t.ipAllowList(ip);
    }
    Boolean runAs = b.bool("runAsAllowed");
    if (runAs != null) {
      t.runAsAllowed(runAs);
    }
    TokenLifecycleRoutes.create(b, t);
    IssuedToken issued = tokenCall(() -> caller.kind() == AdminCaller.Kind.ADMIN
        ? tokens.create(t.build(), caller.userName())
        : tokens.createAsUser(t.build(), caller.userName()), null);
    ObjectNode n = token(issued.token());
    TokenLifecycleRoutes.warnings(n, issued.token());
    n.put("secret", issued.secret());
    snippets(n, issued);
    return AdminResponse.of(201, JSON_TYPE, bytes(n),
        List.of(Map.entry("Location", BASE_PATH + "/tokens/" + issued.token().id())));
  }

  /** curl and fetch snippets for the new token, as {@code token snippet} prints them. */
  private void snippets(ObjectNode n, IssuedToken issued) {
    TokenSettings s = tokens.settings();
    Snippets snippets;
    try {
      snippets = Snippets.of(s.baseUrl(), s.authType(), issued.token().owner(), issued.secret());
    } catch (IllegalArgumentException e) {
      return; // a base URL or owner a snippet cannot carry: the token itself is still shown
    }
    ObjectNode o = n.putObject("snippets");
    o.put("curl", snippets.curl(SnippetRequest.get(SNIPPET_PATH)));
    o.put("javascript", snippets.javascript(SnippetRequest.get(SNIPPET_PATH)));
  }

  private AdminResponse editToken(String id, JsonBody b, AdminCaller caller) {
    TokenEdit.Builder e = TokenEdit.builder();
    String label = b.string("label");
    if (label != null) {
      e.label(label);
    }
    if (b.has("validUntil")) {
      e.expiresAt(b.instant("validUntil"));
    }
    String limitTo = b.string("limitTo");
    Boolean unrestricted = b.bool("unrestricted");
    if (limitTo != null && Boolean.TRUE.equals(unrestricted)) {
      throw JsonBody.invalid("unrestricted", "cannot be true together with limitTo");
    }
    if (limitTo != null) {
      e.restrictions(limitTo);
    }
    if (Boolean.TRUE.equals(unrestricted)) {
      e.unrestricted();
    }
    List<String> ip = b.stringList("ip");
    if (ip != null) {
      e.ipAllowList(ip);
    }
    Boolean runAs = b.bool("runAsAllowed");
    if (runAs != null) {
      e.runAsAllowed(runAs);
    }
    TokenLifecycleRoutes.edit(b, e);
    StoredToken t = tokenCall(() -> tokens.edit(id, e.build(), caller.userName()), id);
    ObjectNode n = token(t);
    TokenLifecycleRoutes.warnings(n, t);
    return ok(200, n);
  }

  private AdminResponse revokeToken(String id, AdminCaller caller) {
    require(id);
    tokenCall(() -> tokens.revoke(id, caller.userName()), id);
    return ok(200, token(require(id)));
  }

  private AdminResponse lint(JsonBody b) {
    String text = b.string("limitTo");
    if (text == null) {
      throw JsonBody.invalid("limitTo", "is required");
    }
    String base = baseUrl(b);
    List<LintFinding> findings;
    try {
      findings = RuleLinter.lint(text, base);
    } catch (IllegalArgumentException e) {
      throw JsonBody.invalid("baseUrl", "must be an absolute http or https URL without query");
    }
    ObjectNode n = json.createObjectNode();
    ArrayNode issues = n.putArray("issues");
    for (LintFinding f : findings) {
      ObjectNode i = issues.addObject();
      i.put("line", f.line());
      i.put("column", f.column());
      i.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
      i.put("check", f.check().name());
      i.put("message", f.message());
      i.put("sourceLine", f.sourceLine());
    }
    return ok(200, n);
  }

  private String baseUrl(JsonBody b) {
    String base = b.string("baseUrl");
    return base != null ? base : tokens.settings().baseUrl();
  }

  private AdminResponse diffRules(JsonBody b) {
    RuleAnalysisRoutes.checkDiffBody(b);
    String old = b.has("oldToken") ? require(tokenId("oldToken", b.string("oldToken")))
        .restrictions() : b.string("oldLimitTo");
    String base = baseUrl(b);
    try {
      RuleSet.compiler().baseUrl(base);
    } catch (IllegalArgumentException e) {
      throw JsonBody.invalid("baseUrl", "must be an absolute http or https URL without query");
    }
    return ok(200, new RuleAnalysisRoutes(json).diff(old, b.string("newLimitTo"), base));
  }

  private AdminResponse suggestRules(String id, Map<String, String> q) {
    StoredToken token = require(id);
    if (audit == null) {
      throw new ApiError(503, AdminErrors.AUDIT_UNAVAILABLE, AdminErrors.MSG_AUDIT_UNAVAILABLE);
    }
    Instant from = since(q.getOrDefault("since", RuleAnalysisRoutes.DEFAULT_SINCE));
    AuditedTraffic.Traffic traffic;
    try {
      traffic = AuditedTraffic.allowed(audit, id, from, limits.maxAuditWindow());
    } catch (IOException e) {
      LOG.error("Limit-to admin API: the audit could not be read", e);
      throw new ApiError(503, AdminErrors.AUDIT_UNAVAILABLE, AdminErrors.MSG_AUDIT_READ);
    }
    if (traffic.requests().isEmpty()) {
      throw badParameter("since", "no allowed request of this token in the audit since " + from
          + ": nothing to learn from");
    }
    return ok(200, new RuleAnalysisRoutes(json)
        .suggest(traffic, token.restrictions(), tokens.settings().baseUrl()));
  }

  private static String tokenId(String field, String v) {
    if (v == null || !TOKEN_ID.matcher(v).matches()) {
      throw JsonBody.invalid(field, "is not a token id");
    }
    return v;
  }

  private AdminResponse tryRules(JsonBody b) {
    String text = b.string("limitTo");
    String tokenId = b.string("tokenId");
    if ((text == null) == (tokenId == null)) {
      throw JsonBody.invalid("limitTo", "or tokenId is required, and only one of them");
    }
    if (tokenId != null) {
      if (!TOKEN_ID.matcher(tokenId).matches()) {
        throw JsonBody.invalid("tokenId", "is not a token id");
      }
      text = require(tokenId).restrictions();
    }
    JsonBody req = b.object("request", TRY_REQUEST_FIELDS);
    if (req == null) {
      throw JsonBody.invalid("request", "is required");
    }
    String method = req.string("method");
    String target = req.string("target");
    if (method == null || !method.matches("[A-Za-z]{1,32}")) {
      throw JsonBody.invalid("request.method", "must be an HTTP method such as GET");
    }
    if (target == null || !target.startsWith("/")) {
      throw JsonBody.invalid("request.target",
          "must be a request-target starting with / (path and optional query)");
    }
    Request.Builder rb = Request.builder(method.toUpperCase(Locale.ROOT), target);
    for (String[] h : req.stringMap("headers")) {
      rb.header(h[0], h[1]);
    }
    String body = req.string("body");
    if (body != null) {
      rb.body(body);
    }
    RuleSet rules;
    try {
      rules = RuleSet.compiler().baseUrl(baseUrl(b)).limits(tokens.settings().limits())
          .compile(text);
    } catch (RuleSyntaxException e) {
      throw ruleSyntax(e);
    } catch (IllegalArgumentException e) {
      throw JsonBody.invalid("baseUrl", "must be an absolute http or https URL without query");
    }
    Request request = rb.build();
    Decision d = rules.evaluate(request);
    ObjectNode n = json.createObjectNode();
    n.put("decision", d.outcome().name());
    n.put("unrestricted", d.isUnrestricted());
    if (d.line().isPresent()) {
      n.put("line", d.line().getAsInt());
    } else {
      n.putNull("line");
    }
    n.put("reason", d.reason());
    ArrayNode lines = n.putArray("lines");
    for (LineExplanation e : rules.explain(request)) {
      ObjectNode l = lines.addObject();
      l.put("line", e.line());
      l.put("matched", e.matched());
      l.put("detail", e.detail());
    }
    return ok(200, n);
  }

  private AdminResponse audit(Map<String, String> q) {
    AuditQuery query = tokenQuery(q);
    if (q.containsKey("refused")) {
      String v = q.get("refused");
      if (v.equals("true")) {
        query = query.onlyRefused();
      } else if (!v.equals("false")) {
        throw badParameter("refused", "must be true or false");
      }
    }
    if (q.containsKey("since")) {
      query = query.since(since(q.get("since")));
    }
    int start = intParameter(q, "startAt", 0, 0, limits.maxAuditWindow());
    int max = intParameter(q, "maxResults", limits.defaultPageSize(), 1, limits.maxPageSize());
    if ((long) start + max > limits.maxAuditWindow()) {
      throw badParameter("startAt", "plus maxResults must be at most " + limits.maxAuditWindow()
          + " (AdminLimits.maxAuditWindow); narrow the query with since");
    }
    // newest first: keep the last start + max entries of the oldest-first read
    int window = start + max;
    ArrayDeque<AuditEntry> last = new ArrayDeque<>(Math.min(window, 1024));
    AuditReader.ReadSummary summary;
    try {
      summary = audit.read(query, e -> {
        if (last.size() == window) {
          last.removeFirst();
        }
        last.addLast(e);
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.error("Limit-to admin API: the audit log could not be read", e);
      throw new ApiError(503, AdminErrors.AUDIT_UNAVAILABLE, AdminErrors.MSG_AUDIT_READ);
    }
    ObjectNode page = page(start, max, summary.matched());
    page.put("unreadableLines", summary.unreadableLines());
    ArrayNode values = page.putArray("values");
    List<AuditEntry> newest = new ArrayList<>(last);
    for (int i = newest.size() - 1 - start; i >= 0 && values.size() < max; i--) {
      try {
        values.add(json.readTree(AuditJson.toJson(newest.get(i))));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("audit JSON did not parse", e);
      }
    }
    return ok(200, page);
  }

  /**
   * The audit query of {@code /audit} and {@code /audit/daily} narrowed by their {@code token}
   * parameter; 503 when this API has no audit to read.
   */
  private AuditQuery tokenQuery(Map<String, String> q) {
    if (audit == null) {
      throw new ApiError(503, AdminErrors.AUDIT_UNAVAILABLE, AdminErrors.MSG_AUDIT_UNAVAILABLE);
    }
    AuditQuery query = AuditQuery.all();
    if (q.containsKey("token")) {
      String t = q.get("token");
      if (!TOKEN_ID.matcher(t).matches()) {
        throw badParameter("token", "is not a token id");
      }
      query = query.forToken(t);
    }
    return query;
  }

  /**
   * Requests allowed and refused per day (UTC), oldest day first, every day from the day of
   * {@code since} to today present (zeros included), so that a chart needs no arithmetic of
   * its own. Administration entries are not counted.
   */
  private AdminResponse auditDaily(Map<String, String> q) {
    AuditQuery query = tokenQuery(q);
    LocalDate today = LocalDate.ofInstant(now(), ZoneOffset.UTC);
    LocalDate first = q.containsKey("since")
        ? LocalDate.ofInstant(since(q.get("since")), ZoneOffset.UTC)
        : today.minusDays(DEFAULT_DAILY_DAYS - 1);
    if (first.isAfter(today)) {
      first = today;
    }
    if (first.plusDays(MAX_DAILY_DAYS).isBefore(today.plusDays(1))) {
      throw badParameter("since", "must be at most " + MAX_DAILY_DAYS
          + " days back (AdminApi.MAX_DAILY_DAYS)");
    }
    query = query.since(first.atStartOfDay(ZoneOffset.UTC).toInstant());
    int days = (int) (today.toEpochDay() - first.toEpochDay()) + 1;
    long[] allowed = new long[days];
    long[] refused = new long[days];
    long firstDay = first.toEpochDay();
    AuditReader.ReadSummary summary;
    try {
      summary = audit.read(query, e -> {
        if (e.type() != AuditEntry.Type.REQUEST) {
          return;
        }
        long i = LocalDate.ofInstant(e.time(), ZoneOffset.UTC).toEpochDay()
            - firstDay;
        if (i >= 0 && i < days) {
          if (e.refused()) {
            refused[(int) i]++;
          } else {
            allowed[(int) i]++;
          }
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.error("Limit-to admin API: the audit log could not be read", e);
      throw new ApiError(503, AdminErrors.AUDIT_UNAVAILABLE, AdminErrors.MSG_AUDIT_READ);
    }
    ObjectNode n = json.createObjectNode();
    if (query.tokenId() != null) {
      n.put("token", query.tokenId());
    } else {
      n.putNull("token");
    }
    n.put("unreadableLines", summary.unreadableLines());
    ArrayNode values = n.putArray("days");
    for (int i = 0; i < days; i++) {
      ObjectNode d = values.addObject();
      d.put("day", first.plusDays(i).toString());
      d.put("allowed", allowed[i]);
      d.put("refused", refused[i]);
    }
    return ok(200, n);
  }

  private Instant since(String v) {
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      // not an instant: a duration back from now
    }
    try {
      Duration d = TokenSettings.parseDuration("since", v);
      return now().minus(d);
    } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
      throw badParameter("since", "must be a duration back from now (45s, 30m, 1h, 2d) or an"
          + " ISO-8601 instant (2026-03-01T10:00:00Z)");
    }
  }

  private AdminResponse settings() {
    TokenSettings s = tokens.settings();
    ObjectNode n = json.createObjectNode();
    ArrayNode values = n.putArray("settings");
    setting(values, TokenSettings.AUTH_TYPE, "authType").put("value", s.authType().name());
    setting(values, TokenSettings.SECURE_MODE, "secureMode").put("value", s.secureMode());
    setting(values, TokenSettings.MAX_LIFETIME, "maxLifetime")
        .put("value", s.maxLifetime().isZero() ? null : s.maxLifetime().toString());
    setting(values, TokenSettings.ALLOW_UNBOUND, "allowUnbound").put("value", s.allowUnbound());
    setting(values, TokenSettings.POLL_INTERVAL, "revocationPollInterval")
        .put("value", s.revocationPollInterval().toString());
    setting(values, TokenSettings.BASE_URL, "baseUrl").put("value", s.baseUrl());
    TokenCreationRoutes.settings(values, s.creation(),
        (property, name) -> setting(values, property, name));
    return ok(200, n);
  }

  private ObjectNode setting(ArrayNode values, String property, String name) {
    ObjectNode o = values.addObject();
    o.put("name", name);
    o.put("property", property);
    String source;
    try {
      source = settingSource.apply(property);
    } catch (RuntimeException e) {
      source = null;
    }
    o.put("source", source == null ? "unknown" : source);
    return o;
  }

  // ---- calling the token service

  private ObjectNode token(StoredToken t) {
    return TokenJson.of(json, t, tokens.ruleLines(t), now());
  }

  private StoredToken require(String id) {
    return storeCall(() -> tokens.find(id)).orElseThrow(() -> new ApiError(404,
        AdminErrors.TOKEN_NOT_FOUND, String.format(TokenService.ERR_NOT_FOUND, id)));
  }

  private static <T> T storeCall(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (StoreException e) {
      LOG.error("Limit-to admin API: token store failed", e);
      throw new ApiError(503, AdminErrors.STORE_UNAVAILABLE, AdminErrors.MSG_STORE);
    }
  }

  /**
   * Calls the token service and maps its refusals to stable codes. The messages are the
   * service's own, which name the field or the setting and never hold a secret.
   */
  static <T> T tokenCall(java.util.function.Supplier<T> call, String id) {
    try {
      return call.get();
    } catch (RuleSyntaxException e) {
      throw ruleSyntax(e);
    } catch (EmptyRulesException e) {
      throw new ApiError(400, AdminErrors.RULES_EMPTY, e.getMessage(),
          x -> x.put("field", "limitTo"));
    } catch (TokenPolicyException e) {
      throw TokenCreationRoutes.refused(e);
    } catch (TokenAdminException e) {
      String m = e.getMessage();
      if (id != null && m.equals(String.format(TokenService.ERR_NOT_FOUND, id))) {
        throw new ApiError(404, AdminErrors.TOKEN_NOT_FOUND, m);
      }
      if (id != null && m.equals(String.format(TokenService.ERR_SECURE_EDIT, id))) {
        throw new ApiError(409, AdminErrors.SECURE_MODE, m);
      }
      if (id != null && m.equals(String.format(TokenService.ERR_REVOKED, id))) {
        throw new ApiError(409, AdminErrors.TOKEN_REVOKED, m);
      }
      throw new ApiError(400, AdminErrors.INVALID_TOKEN_REQUEST, m);
    } catch (StoreException.Conflict e) {
      throw new ApiError(409, AdminErrors.CONFLICT, AdminErrors.MSG_CONFLICT);
    } catch (StoreException e) {
      LOG.error("Limit-to admin API: token store failed", e);
      throw new ApiError(503, AdminErrors.STORE_UNAVAILABLE, AdminErrors.MSG_STORE);
    }
  }

  static ApiError ruleSyntax(RuleSyntaxException e) {
    return new ApiError(400, AdminErrors.RULE_SYNTAX,
        "The rules do not compile: " + e.issues().size() + " error(s).", x -> {
          ArrayNode a = x.putArray("issues");
          for (RuleIssue i : e.issues()) {
            ObjectNode o = a.addObject();
            o.put("line", i.line());
            o.put("column", i.column());
            o.put("severity", "error");
            o.put("message", i.message());
            o.put("sourceLine", i.sourceLine());
          }
        });
  }

  // ---- request parts

  private JsonBody body(AdminRequest r, Set<String> known) {
    String type = r.header("Content-Type");
    if (type == null || !isJson(type)) {
      throw new ApiError(415, AdminErrors.UNSUPPORTED_MEDIA_TYPE, AdminErrors.MSG_MEDIA_TYPE);
    }
    return JsonBody.parse(json, r.bodyUnsafe(), limits, known);
  }

  /** {@code application/json}, with no parameter or a UTF-8 charset. */
  static boolean isJson(String contentType) {
    String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
    if (!parts[0].trim().equals("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i].trim().replace("\"", "");
      if (!param.isEmpty() && !param.equals("charset=utf-8")) {
        return false;
      }
    }
    return true;
  }

  /** The query's parameters, each at most once, every one known. */
  private Map<String, String> query(AdminRequest r, Set<String> known) {
    String raw = r.rawQuery();
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    if (raw.length() > limits.maxQueryLength()) {
      throw new ApiError(400, AdminErrors.BAD_PARAMETER,
          String.format(AdminErrors.MSG_QUERY_TOO_LONG, limits.maxQueryLength()));
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!known.contains(name)) {
        String shown = JsonBody.printable(name);
        throw new ApiError(400, AdminErrors.BAD_PARAMETER,
            String.format(AdminErrors.MSG_UNKNOWN_PARAMETER, shown, new TreeSet<>(known)),
            x -> x.put("parameter", shown));
      }
      if (out.put(name, value) != null) {
        throw new ApiError(400, AdminErrors.BAD_PARAMETER,
            String.format(AdminErrors.MSG_REPEATED_PARAMETER, name), x -> x.put("parameter", name));
      }
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return PercentCodec.decodeStrict(s);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, AdminErrors.BAD_PARAMETER, AdminErrors.MSG_BAD_ENCODING);
    }
  }

  private static int intParameter(Map<String, String> q, String name, int dflt, int min, int max) {
    String v = q.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw badParameter(name, "must be a whole number from " + min + " to " + max);
  }

  private static ApiError badParameter(String name, String what) {
    return new ApiError(400, AdminErrors.BAD_PARAMETER,
        "Query parameter '" + name + "' " + what + ".", x -> x.put("parameter", name));
  }

  // ---- answers

  private Instant now() {
    return clock.instant();
  }

  private AdminResponse ok(int status, JsonNode n) {
    return AdminResponse.of(status, JSON_TYPE, bytes(n), List.of());
  }

  private byte[] bytes(JsonNode n) {
    try {
      return json.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree did not serialize", e);
    }
  }

  private AdminResponse error(ApiError e) {
    ObjectNode n = json.createObjectNode();
    n.put("code", e.code);
    n.put("message", e.getMessage());
    if (e.extra != null) {
      e.extra.accept(n);
    }
    return AdminResponse.of(e.status, JSON_TYPE, bytes(n), e.headers);
  }

  private static byte[] loadOpenApi() {
    try (InputStream in = AdminApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + OPENAPI_RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds an {@link AdminApi}. The token service and the authenticator are required. */
  public static final class Builder {
    private TokenService tokens;
    private AuditReader audit;
    private AdminAuthenticator authenticator;
    private AdminLimits limits = AdminLimits.defaults();
    private Function<String, String> settingSource = p -> null;
    private Clock clock = Clock.systemUTC();
    private dev.limitto.jira.user.UserDirectory users;
    private UpstreamCredentials upstream;

    private Builder() {}

    /**
     * Whom {@code GET /users} finds (the owner picker); without one it finds nobody, and the
     * picker offers only the owners of existing tokens.
     */
    public Builder users(dev.limitto.jira.user.UserDirectory v) {
      users = Objects.requireNonNull(v, "users");
      return this;
    }

    /**
     * The upstream credentials of gateway mode ({@code serve --upstream}), for the routes of
     * {@code /tokens/{id}/upstream}; without them those routes answer 404.
     */
    public Builder upstream(UpstreamCredentials v) {
      upstream = Objects.requireNonNull(v, "upstream");
      return this;
    }

    public Builder tokens(TokenService v) {
      tokens = Objects.requireNonNull(v, "tokens");
      return this;
    }

    /** Where {@code /audit} reads; without one it answers 503 {@code audit_unavailable}. */
    public Builder audit(AuditReader v) {
      audit = Objects.requireNonNull(v, "audit");
      return this;
    }

    public Builder authenticator(AdminAuthenticator v) {
      authenticator = Objects.requireNonNull(v, "authenticator");
      return this;
    }

    public Builder limits(AdminLimits v) {
      limits = Objects.requireNonNull(v, "limits");
      return this;
    }

    /**
     * Where each setting came from, by property name (e.g. {@code "default"}, the settings
     * file's path, a command-line option), for {@code /settings}; {@code null} for unknown.
     */
    public Builder settingSource(Function<String, String> v) {
      settingSource = Objects.requireNonNull(v, "settingSource");
      return this;
    }

    public Builder clock(Clock v) {
      clock = Objects.requireNonNull(v, "clock");
      return this;
    }

    public AdminApi build() {
      return new AdminApi(this);
    }
  }
}
