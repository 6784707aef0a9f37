package dev.limitto.jira.token;

import dev.limitto.jira.db.ConnectionSource;
import dev.limitto.jira.db.StoreException;
import dev.limitto.jira.store.StagedRules;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.store.TokenControls;
import dev.limitto.jira.store.TokenStore;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.UserDirectory;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token administration (create, edit, show, revoke, list, import) and the {@link
 * CachingTokenAuthenticator} that verifies them, over one {@link TokenStore}.
 *
 * <pre>{@code
 * TokenService tokens = TokenService.builder()
 *     .store(store).keys(ServerKeys.open(dataDir.resolve(KeyFile.DEFAULT_NAME), store))
 *     .settings(TokenSettings.load(jiraHome.resolve("jira-config.properties")))
 *     .users(directory).listener(auditHook).build();
 * tokens.start();                       // first load, then polling and usage flushes
 * IssuedToken t = tokens.create(TokenRequest.builder().owner("alice").label("ci")
 *     .restrictions("[get] {base}/rest/api/2/search.*").build(), "admin");
 * tokens.authenticator().authenticate(t.secret(), "alice", "10.0.0.1");
 * }</pre>
 *
 * <p>In secure mode ({@link TokenSettings#secureMode()}) the secret is returned once by {@link
 * #create} and never stored in any form; tokens cannot be edited or shown afterwards, only listed
 * and revoked. In standard mode the secret is also stored AES-GCM-encrypted, so {@link #show} can
 * return it, and {@link #edit} may change a token. Every change is reported to the {@link
 * TokenAdminListener}. Thread-safe.
 */
public final class TokenService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

  /** Prefix of the public id of a token created here. */
  public static final String ID_PREFIX = "tok_";
  /** Prefix of the public id of an imported token (its secret has the legacy shape). */
  public static final String IMPORTED_ID_PREFIX = "imp_";
  /** Longest label. */
  public static final int MAX_LABEL_LENGTH = 200;

  public static final String ERR_SECURE_VIEW =
      "token %s: secure mode is on (" + TokenSettings.SECURE_MODE
          + "), so its secret was never stored and cannot be shown again";
  public static final String ERR_SECURE_EDIT =
      "token %s: secure mode is on (" + TokenSettings.SECURE_MODE
          + "), so tokens cannot be changed; revoke it and create a new one";
  public static final String ERR_NO_STORED_SECRET =
      "token %s was created in secure mode: its secret was never stored";
  public static final String ERR_NOT_FOUND = "no token with id %s";
  public static final String ERR_NOTHING_STAGED = "token %s has no staged rules";
  public static final String ERR_SECURE_PROMOTE =
      "token %s: secure mode is on (" + TokenSettings.SECURE_MODE
          + "), so its rules cannot be changed, and promoting staged rules changes them; create"
          + " a new token with the staged rules and revoke this one";
  public static final String ERR_REVOKED = "token %s is revoked and cannot be changed";
  public static final String ERR_LABEL_EMPTY = "label must not be empty";
  public static final String ERR_LABEL_LENGTH =
      "label has %d characters, more than the limit of " + MAX_LABEL_LENGTH;
  public static final String ERR_LABEL_CONTROL = "label must not contain control characters";
  public static final String ERR_OWNER_REQUIRED =
      "an owner is required (or ask for an unbound token)";
  public static final String ERR_OWNER_AND_UNBOUND = "an unbound token has no owner";
  public static final String ERR_OWNER_UNKNOWN = "owner %s is not a user";
  public static final String ERR_UNBOUND_DISABLED =
      "unbound tokens are disabled; set " + TokenSettings.ALLOW_UNBOUND + "=true to allow them";
  public static final String ERR_UNBOUND_BEARER =
      "unbound tokens need Basic auth, but " + TokenSettings.AUTH_TYPE + " is BEARER";
  public static final String ERR_EXPIRY_BOTH = "give an expiry time or a lifetime, not both";
  public static final String ERR_EXPIRY_PAST = "expiry %s is not in the future";
  public static final String ERR_EXPIRY_TOO_LONG =
      "expiry %s is more than the maximum lifetime of %s from now ("
          + TokenSettings.MAX_LIFETIME + ")";
  public static final String ERR_EXPIRY_REQUIRED =
      "a token needs an expiry while a maximum lifetime is set (" + TokenSettings.MAX_LIFETIME + ")";
  public static final String ERR_ACTOR = "the acting admin's user name is required";
  public static final String ERR_RULES_EMPTY =
      "the rules have no effective line (only blank lines and comments), so the token could make"
          + " any request; add a rule line, or ask for an unrestricted token explicitly";
  public static final String ERR_UNRESTRICTED_WITH_RULES =
      "an unrestricted token has no rules: give rules or ask for an unrestricted token, not both";

  /** Longest overlap of a rotation. */
  public static final Duration MAX_OVERLAP = Duration.ofDays(30);
  /** Overlap of a rotation when none is given. */
  public static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);
  public static final String ERR_OVERLAP =
      "overlap %s must be between 0 and " + DurationText.format(MAX_OVERLAP);
  public static final String ERR_ROTATE_EXPIRED =
      "token %s has expired; extend its expiry first (edit) or create a new token";

  private final TokenStore store;
  private final KeyRing keys;
  private final TokenSettings settings;
  private final UserDirectory users;
  private final TokenAdminListener listener;
  private final Clock clock;
  private final SecureRandom random;
  private final TokenRules rules;
  private final CachingTokenAuthenticator authenticator;
  /** The cluster's shared rate-limit buckets, or null in node scope. */
  private final SharedRateLimits sharedRateLimits;
  private final Object lifecycle = new Object();
  /** Held from counting an owner's active tokens to storing the new one (this node only). */
  private final Object creating = new Object();
  private ScheduledExecutorService scheduler;

  private TokenService(Builder b) {
    this.store = Objects.requireNonNull(b.store, "store");
    this.keys = Objects.requireNonNull(b.keys, "keys");
    this.settings = b.settings;
    this.users = Objects.requireNonNull(b.users, "users");
    this.listener = b.listener;
    this.clock = b.clock;
    this.random = b.random;
    this.rules = new TokenRules(settings);
    this.sharedRateLimits = sharedRateLimits(settings, b.rateLimitConnections);
    this.authenticator = new CachingTokenAuthenticator(store, keys, settings, rules, users, clock,
        sharedRateLimits == null ? CachingTokenAuthenticator.RateLimiterFactory.NODE
            : sharedRateLimits::limiter);
  }

  /** The shared buckets of {@link TokenSettings.RateLimitScope#CLUSTER}; null in node scope. */
  private static SharedRateLimits sharedRateLimits(TokenSettings settings,
      ConnectionSource connections) {
    if (settings.rateLimitScope() != TokenSettings.RateLimitScope.CLUSTER) {
      return null;
    }
    if (connections == null) {
      throw new IllegalArgumentException(SharedRateLimits.ERR_NO_DATABASE);
    }
    return SharedRateLimits.open(connections);
  }

  public static Builder builder() {
    return new Builder();
  }

  static boolean isImportedId(String id) {
    return id.startsWith(IMPORTED_ID_PREFIX);
  }

  /** The authenticator over the same store and keys, for the request gate. */
  public CachingTokenAuthenticator authenticator() {
    return authenticator;
  }

  public TokenSettings settings() {
    return settings;
  }

  /**
   * Loads the tokens into memory and starts polling the store every {@link
   * TokenSettings#revocationPollInterval()} and flushing usage every {@link
   * TokenSettings#usageFlushInterval()}, on one daemon thread. A store that is down at start is
   * retried by the polls; until one succeeds, every token is refused.
   */
  public void start() {
    synchronized (lifecycle) {
      if (scheduler != null) {
        return;
      }
      authenticator.refresh();
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "limitto-token-refresh");
                t.setDaemon(true);
                return t;
              });
      long poll = settings.revocationPollInterval().toMillis();
      long flush = settings.usageFlushInterval().toMillis();
      scheduler.scheduleWithFixedDelay(guarded(authenticator::refresh), poll, poll, TimeUnit.MILLISECONDS);
      scheduler.scheduleWithFixedDelay(guarded(authenticator::flushUsage), flush, flush, TimeUnit.MILLISECONDS);
      if (sharedRateLimits != null) {
        long cleanup = SharedRateLimits.CLEANUP_INTERVAL.toMillis();
        scheduler.scheduleWithFixedDelay(guarded(this::removeExpiredBuckets), cleanup, cleanup,
            TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Deletes the shared buckets that are full again; an outage is the limiters' to report. */
  private void removeExpiredBuckets() {
    try {
      sharedRateLimits.removeExpired();
    } catch (RuntimeException e) {
      LOG.debug("Could not delete expired rate-limit buckets: {}", e.getMessage());
    }
  }

  private static Runnable guarded(Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException | Error e) {
        // an exception would cancel the periodic task: log it and keep polling
        LOG.error("Token background task failed", e);
      }
    };
  }

  /** Stops polling and writes the usage counted so far. Does not close the store. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (scheduler != null) {
        scheduler.shutdownNow();
        try {
          scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        scheduler = null;
      }
    }
    authenticator.flushUsage();
  }

  /**
   * Creates a token. The secret is in the result and nowhere else in secure mode.
   *
   * @throws TokenAdminException for a bad label, owner, expiry, allow-list, or a setting that
   *     forbids the request
   * @throws EmptyRulesException when the rule text has no effective line and the request does
   *     not ask for an unrestricted token
   * @throws dev.limitto.engine.RuleSyntaxException when the restrictions do not compile, with
   *     every issue and its line and column
   */
  public IssuedToken create(TokenRequest request, String actor) {
    requireActor(actor);
    return create(request, actor, null);
  }

  /**
   * Creates a token as a user who is not an administrator (a Jira user creating a token on
   * the admin API's {@code POST /tokens}), under {@link TokenSettings#creation()}: for
   * themselves when one of their groups is in {@value TokenSettings#CREATE_SELF_GROUPS} or
   * {@value TokenSettings#CREATE_OTHERS_GROUPS}, for another user when one is in the latter;
   * never an unbound token nor one that may act as other users; an expiry within the most
   * generous lifetime of the groups that allow it ({@value TokenSettings#GROUP_MAX_LIFETIME},
   * capped by {@value TokenSettings#MAX_LIFETIME}); and within the owner's maximum of active
   * tokens. Without an owner in the request, the token is the user's own.
   *
   * @param userName the user creating the token; recorded as its creator
   * @throws TokenPolicyException when the settings forbid it, naming the setting
   * @throws TokenAdminException for bad input, as {@link #create(TokenRequest, String)}
   * @throws EmptyRulesException as {@link #create(TokenRequest, String)}
   * @throws dev.limitto.engine.RuleSyntaxException as {@link #create(TokenRequest, String)}
   */
  public IssuedToken createAsUser(TokenRequest request, String userName) {
    requireActor(userName);
    return create(request, userName.strip(), userName.strip());
  }

  /**
   * What {@link #createAsUser} would refuse before looking at the request's owner: whether this
   * user may create tokens for themselves. For a user interface that offers the form.
   */
  public boolean mayCreateForSelf(String userName) {
    return userName != null && users.isActive(userName)
        && !permittingGroups(userName, true).isEmpty();
  }

  /** @param asUser the non-admin creator, or null for an administrator */
  private IssuedToken create(TokenRequest request, String actor, String asUser) {
    Instant now = now();
    String label = checkLabel(request.label());
    String owner;
    Instant expiresAt;
    if (asUser == null) {
      owner = resolveOwner(request);
      expiresAt = expiry(request.expiresAt(), request.expiresIn(), now, true);
    } else {
      List<String> groups = permitUser(request, asUser);
      owner = request.owner() == null ? asUser : resolveOwner(request);
      boolean self = owner.equalsIgnoreCase(asUser);
      if (!self) {
        groups = permittingGroups(asUser, false);
        if (groups.isEmpty()) {
          throw new TokenPolicyException(TokenPolicyException.Kind.NOT_ALLOWED,
              TokenSettings.CREATE_OTHERS_GROUPS,
              String.format(ERR_CREATE_OTHERS, asUser, owner));
        }
      }
      expiresAt = groupExpiry(request, now, groups, asUser);
    }
    IpAllowList allow = parseAllowList(request.ipAllowList());
    int ruleLines = checkRules(request.restrictions(), request.unrestricted());
    synchronized (creating) {
      checkActiveCount(owner, now);
      return insertNew(request, actor, now, label, owner, expiresAt, allow, ruleLines);
    }
  }

  private IssuedToken insertNew(TokenRequest request, String actor, Instant now, String label,
      String owner, Instant expiresAt, IpAllowList allow, int ruleLines) {

    int keyId = keys.newestKeyId();
    String secret = TokenFormat.generate(keyId, keys, random);
    String id = newId(ID_PREFIX);
    StoredToken token =
        new StoredToken(id, label, owner, actor, now, expiresAt, request.restrictions(),
            allow.entries(), request.runAsAllowed(), null, 0, null, keyId,
            keys.hash(keyId, secret),
            settings.secureMode() ? null : keys.encrypt(id, secret), 1,
            new TokenControls(request.readOnly(), request.rateLimit(), null));
    store.insert(token);
    authenticator.apply(token);
    List<String> fields = new ArrayList<>(List.of("label", "owner", "expiresAt", "restrictions"));
    if (!allow.allowsAny()) {
      fields.add("ipAllowList");
    }
    if (request.runAsAllowed()) {
      fields.add("runAsAllowed");
    }
    if (request.readOnly()) {
      fields.add("readOnly");
    }
    if (request.rateLimit() != null) {
      fields.add("rateLimit");
    }
    report(TokenAdminEvent.Action.CREATE, token, actor, fields, ruleLines);
    return new IssuedToken(secret, token);
  }

  // ---- who may create tokens

  public static final String ERR_CREATE_NOBODY =
      "only administrators may create tokens: no group may (set "
          + TokenSettings.CREATE_SELF_GROUPS + " or " + TokenSettings.CREATE_OTHERS_GROUPS
          + " to let one)";
  public static final String ERR_CREATE_INACTIVE = "%s is not an active user";
  public static final String ERR_CREATE_SELF =
      "%s may not create tokens: none of their groups is in " + TokenSettings.CREATE_SELF_GROUPS
          + " or " + TokenSettings.CREATE_OTHERS_GROUPS;
  public static final String ERR_CREATE_OTHERS =
      "%s may not create tokens for other users (%s): none of their groups is in "
          + TokenSettings.CREATE_OTHERS_GROUPS;
  public static final String ERR_CREATE_UNBOUND =
      "only administrators may create unbound tokens (" + TokenSettings.CREATE_SELF_GROUPS
          + " and " + TokenSettings.CREATE_OTHERS_GROUPS + " allow tokens bound to one user)";
  public static final String ERR_CREATE_RUN_AS =
      "only administrators may create tokens that may act as other users (runAsAllowed); "
          + TokenSettings.CREATE_OTHERS_GROUPS + " allows tokens bound to one user each";
  public static final String ERR_EXPIRY_GROUP =
      "expiry %s is more than the maximum lifetime of %s from now that %s's groups allow ("
          + TokenSettings.GROUP_MAX_LIFETIME + ": %s)";
  public static final String ERR_TOO_MANY =
      "%s already has %d active token(s), the maximum per user ("
          + TokenSettings.MAX_ACTIVE_PER_USER + "=%d); revoke one first";

  /**
   * Checks what {@link #createAsUser} checks before the owner: an active user in a group that
   * may create tokens, asking for neither an unbound nor a run-as token.
   *
   * @return the user's groups that let them create tokens for themselves
   */
  private List<String> permitUser(TokenRequest request, String user) {
    CreationPolicy policy = settings.creation();
    if (!policy.allowsNonAdmins()) {
      throw new TokenPolicyException(TokenPolicyException.Kind.NOT_ALLOWED,
          TokenSettings.CREATE_SELF_GROUPS, ERR_CREATE_NOBODY);
    }
    if (!users.isActive(user)) {
      throw new TokenPolicyException(TokenPolicyException.Kind.NOT_ALLOWED,
          TokenSettings.CREATE_SELF_GROUPS, String.format(ERR_CREATE_INACTIVE, user));
    }
    List<String> groups = permittingGroups(user, true);
    if (groups.isEmpty()) {
      throw new TokenPolicyException(TokenPolicyException.Kind.NOT_ALLOWED,
          TokenSettings.CREATE_SELF_GROUPS, String.format(ERR_CREATE_SELF, user));
    }
    if (request.unbound()) {
      throw new TokenPolicyException(TokenPolicyException.Kind.NOT_ALLOWED,
          TokenSettings.CREATE_OTHERS_GROUPS, ERR_CREATE_UNBOUND);
    }
    if (request.runAsAllowed()) {
      throw new TokenPolicyException(TokenPolicyException.Kind.NOT_ALLOWED,
          TokenSettings.CREATE_OTHERS_GROUPS, ERR_CREATE_RUN_AS);
    }
    return groups;
  }

  /**
   * The user's groups that allow creating a token: for themselves, the groups of both lists
   * (creating for others includes oneself); for others, those of {@value
   * TokenSettings#CREATE_OTHERS_GROUPS}. A directory that cannot answer counts as no group.
   */
  private List<String> permittingGroups(String user, boolean self) {
    CreationPolicy policy = settings.creation();
    List<String> candidates = new ArrayList<>(policy.othersGroups());
    if (self) {
      candidates.addAll(policy.selfGroups());
    }
    List<String> out = new ArrayList<>();
    for (String g : candidates) {
      boolean member;
      try {
        member = users.isInGroup(user, g);
      } catch (RuntimeException e) {
        LOG.warn("User directory could not say whether a user is in group {}; counted as not",
            g, e);
        member = false;
      }
      if (member && out.stream().noneMatch(g::equalsIgnoreCase)) {
        out.add(g);
      }
    }
    return out;
  }

  /**
   * The expiry of a token a user creates: as {@link #expiry}, with the maximum lifetime the most
   * generous of the permitting groups gives (a group without a lifetime of its own gives {@value
   * TokenSettings#MAX_LIFETIME}), never beyond {@value TokenSettings#MAX_LIFETIME}.
   */
  private Instant groupExpiry(TokenRequest request, Instant now, List<String> groups,
      String user) {
    Duration global = settings.maxLifetime();
    Duration most = Duration.ZERO;
    boolean unlimited = false;
    List<String> shown = new ArrayList<>();
    for (String g : groups) {
      Duration d = settings.creation().lifetimeOf(g);
      if (d == null) {
        if (global.isZero()) {
          unlimited = true;
        } else if (global.compareTo(most) > 0) {
          most = global;
        }
        shown.add(g + " (" + TokenSettings.MAX_LIFETIME + ")");
      } else {
        if (d.compareTo(most) > 0) {
          most = d;
        }
        shown.add(g + ":" + DurationText.format(d));
      }
    }
    Duration max = unlimited ? Duration.ZERO : most;
    if (!global.isZero() && (max.isZero() || max.compareTo(global) > 0)) {
      max = global;
    }
    if (max.equals(global)) {
      // the global maximum is what limits: refuse with its own message
      return expiry(request.expiresAt(), request.expiresIn(), now, true);
    }
    Instant expires = expiry(request.expiresAt(), request.expiresIn(), now, false, Duration.ZERO);
    if (expires == null) {
      return now.plus(max);
    }
    if (expires.isAfter(now.plus(max))) {
      throw new TokenPolicyException(TokenPolicyException.Kind.LIFETIME,
          TokenSettings.GROUP_MAX_LIFETIME, String.format(ERR_EXPIRY_GROUP, expires,
              DurationText.format(max), user, String.join(", ", shown)));
    }
    return expires;
  }

  /** Refuses a new token for an owner who has {@value TokenSettings#MAX_ACTIVE_PER_USER} already. */
  private void checkActiveCount(String owner, Instant now) {
    int max = settings.creation().maxActivePerUser();
    if (max == 0 || owner == null) {
      return;
    }
    int active = activeTokens(owner, now);
    if (active >= max) {
      throw new TokenPolicyException(TokenPolicyException.Kind.TOO_MANY,
          TokenSettings.MAX_ACTIVE_PER_USER, String.format(ERR_TOO_MANY, owner, active, max));
    }
  }

  /**
   * How many tokens the owner (user name, ignoring case) has that are neither revoked nor
   * expired: what {@value TokenSettings#MAX_ACTIVE_PER_USER} counts.
   */
  public int activeTokens(String owner) {
    return activeTokens(owner, now());
  }

  private int activeTokens(String owner, Instant now) {
    int n = 0;
    for (StoredToken t : store.list()) {
      if (owner.equalsIgnoreCase(String.valueOf(t.owner())) && !t.isRevoked()
          && (t.expiresAt() == null || t.expiresAt().isAfter(now))) {
        n++;
      }
    }
    return n;
  }

  /**
   * Changes a token (standard mode only). Fields not set in the edit keep their value; a change
   * that sets every field to its current value changes nothing and reports nothing.
   *
   * @throws TokenAdminException in secure mode, for a revoked or unknown token, or bad values
   * @throws EmptyRulesException when new rule text has no effective line (use {@link
   *     TokenEdit.Builder#unrestricted()} to remove the rules)
   * @throws dev.limitto.engine.RuleSyntaxException when new restrictions do not compile
   * @throws StoreException.Conflict when the token changed meanwhile (read it again)
   */
  public StoredToken edit(String id, TokenEdit edit, String actor) {
    requireActor(actor);
    if (settings.secureMode()) {
      throw new TokenAdminException(String.format(ERR_SECURE_EDIT, id));
    }
    StoredToken t = require(id);
    if (t.isRevoked()) {
      throw new TokenAdminException(String.format(ERR_REVOKED, id));
    }
    Instant now = now();
    List<String> changed = new ArrayList<>();
    String label = t.label();
    if (edit.label != null && !edit.label.strip().equals(t.label())) {
      label = checkLabel(edit.label);
      changed.add("label");
    }
    Instant expiresAt = t.expiresAt();
    if (edit.expiryChanged && !Objects.equals(edit.expiresAt, t.expiresAt())) {
      if (edit.expiresAt == null && !settings.maxLifetime().isZero()) {
        throw new TokenAdminException(ERR_EXPIRY_REQUIRED);
      }
      expiresAt = expiry(edit.expiresAt, null, now, false);
      changed.add("expiresAt");
    }
    String restrictions = t.restrictions();
    if (edit.restrictions != null) {
      // checked even when unchanged: an edit must not confirm rules that allow everything
      checkRules(edit.restrictions, edit.unrestricted);
      if (!edit.restrictions.equals(t.restrictions())) {
        restrictions = edit.restrictions;
        changed.add("restrictions");
      }
    }
    List<String> allow = t.ipAllowList();
    if (edit.ipAllowList != null) {
      List<String> parsed = parseAllowList(edit.ipAllowList).entries();
      if (!parsed.equals(t.ipAllowList())) {
        allow = parsed;
        changed.add("ipAllowList");
      }
    }
    boolean runAs = t.runAsAllowed();
    if (edit.runAsAllowed != null && edit.runAsAllowed != t.runAsAllowed()) {
      runAs = edit.runAsAllowed;
      changed.add("runAsAllowed");
    }
    TokenControls controls = t.controls();
    if (edit.readOnly != null && edit.readOnly != controls.readOnly()) {
      controls = controls.withReadOnly(edit.readOnly);
      changed.add("readOnly");
    }
    if (edit.rateLimitChanged && !Objects.equals(edit.rateLimit, controls.rateLimit())) {
      controls = controls.withRateLimit(edit.rateLimit);
      changed.add("rateLimit");
    }
    if (changed.isEmpty()) {
      return t;
    }
    StoredToken updated =
        store.update(
            new StoredToken(t.id(), label, t.owner(), t.createdBy(), t.createdAt(), expiresAt,
                restrictions, allow, runAs, t.revokedAt(), t.usageCount(), t.lastUsedAt(),
                t.hashKeyId(), t.secretHash(), t.encryptedSecret(), t.version(), controls));
    authenticator.apply(updated);
    report(TokenAdminEvent.Action.EDIT, updated, actor, changed, ruleLines(updated).orElse(-1));
    return updated;
  }

  /**
   * Rotates a token's secret: a new secret for the same id, owner, rules, controls and audit
   * history; the old secret keeps working until {@code overlap} has passed, then is refused as
   * rotated ({@link AuthResult.Reason#ROTATED}). A secret an earlier rotation replaced is
   * dropped. Allowed in both modes (in secure mode the new secret is in the result only);
   * revocation ends both secrets at once.
   *
   * @param overlap how long the old secret keeps working, 0 to {@link #MAX_OVERLAP}; null for
   *     {@link #DEFAULT_OVERLAP}
   * @throws TokenAdminException for an unknown, revoked or expired token or a bad overlap
   * @throws StoreException.Conflict when the token changed meanwhile (try again)
   */
  public IssuedToken rotate(String id, Duration overlap, String actor) {
    requireActor(actor);
    Duration o = overlap == null ? DEFAULT_OVERLAP : overlap;
    if (o.isNegative() || o.compareTo(MAX_OVERLAP) > 0) {
      throw new TokenAdminException(String.format(ERR_OVERLAP, DurationText.format(o)));
    }
    StoredToken t = require(id);
    if (t.isRevoked()) {
      throw new TokenAdminException(String.format(ERR_REVOKED, id));
    }
    Instant now = now();
    if (t.expiresAt() != null && !t.expiresAt().isAfter(now)) {
      throw new TokenAdminException(String.format(ERR_ROTATE_EXPIRED, id));
    }
    int keyId = keys.newestKeyId();
    String secret = TokenFormat.generate(keyId, keys, random);
    TokenControls controls = t.controls().withPrevious(
        new TokenControls.PreviousSecret(t.hashKeyId(), t.secretHash(), now.plus(o)));
    StoredToken updated = store.update(t.withSecret(keyId, keys.hash(keyId, secret),
        settings.secureMode() ? null : keys.encrypt(id, secret),
        controls));
    authenticator.apply(updated);
    report(TokenAdminEvent.Action.ROTATE, updated, actor, List.of("secret"),
        ruleLines(updated).orElse(-1));
    return new IssuedToken(secret, updated);
  }

  /** Live tokens with an expiry within {@code within} from now (expired ones not included). */
  public List<StoredToken> expiring(Duration within) {
    Instant now = now();
    Instant until = now.plus(within);
    List<StoredToken> out = new ArrayList<>();
    for (StoredToken t : store.list()) {
      if (!t.isRevoked() && t.expiresAt() != null && t.expiresAt().isAfter(now)
          && !t.expiresAt().isAfter(until)) {
        out.add(t);
      }
    }
    out.sort(java.util.Comparator.comparing(StoredToken::expiresAt));
    return out;
  }

  /**
   * Revokes a token: refused on this node at once, on the other nodes of a cluster within {@link
   * TokenSettings#revocationPollInterval()}. Allowed in both modes.
   *
   * @return whether the token was live and is now revoked
   * @throws TokenAdminException when there is no such token
   */
  public boolean revoke(String id, String actor) {
    requireActor(actor);
    boolean revoked;
    try {
      revoked = store.revoke(id, now());
    } catch (StoreException.NotFound e) {
      throw new TokenAdminException(String.format(ERR_NOT_FOUND, id));
    }
    authenticator.revokedLocally(id);
    if (revoked) {
      StoredToken t = store.findById(id).orElse(null);
      if (t != null) {
        authenticator.apply(t);
        report(TokenAdminEvent.Action.REVOKE, t, actor, List.of(), -1);
      }
    }
    return revoked;
  }

  /**
   * Stages rules beside a token's enforced ones, replacing any staged before: from now on every
   * request of the token is still decided by its enforced rules, and the audit records what the
   * staged rules would have decided. The text is checked as {@link #create} checks rules.
   * Allowed in both modes: staging changes nothing a token may do. Reported as {@code STAGE}.
   *
   * @throws TokenAdminException for an unknown or revoked token
   * @throws EmptyRulesException when the text has no effective line
   * @throws dev.limitto.engine.RuleSyntaxException when the text does not compile
   */
  public StagedRules stage(String id, String restrictions, String actor) {
    requireActor(actor);
    Objects.requireNonNull(restrictions, "restrictions");
    StoredToken t = require(id);
    if (t.isRevoked()) {
      throw new TokenAdminException(String.format(ERR_REVOKED, id));
    }
    int lines = checkRules(restrictions, false);
    StagedRules staged = new StagedRules(id, restrictions, actor, now());
    try {
      store.stage(staged);
    } catch (StoreException.NotFound e) {
      throw new TokenAdminException(String.format(ERR_NOT_FOUND, id));
    }
    authenticator.apply(t, staged);
    report(TokenAdminEvent.Action.STAGE, t, actor, List.of("stagedRestrictions"), lines);
    return staged;
  }

  /**
   * Removes a token's staged rules; reported as {@code UNSTAGE} when there were any. Allowed in
   * both modes.
   *
   * @return whether there were staged rules
   * @throws TokenAdminException for an unknown token
   */
  public boolean unstage(String id, String actor) {
    requireActor(actor);
    StoredToken t = require(id);
    boolean removed;
    try {
      removed = store.unstage(id);
    } catch (StoreException.NotFound e) {
      throw new TokenAdminException(String.format(ERR_NOT_FOUND, id));
    }
    authenticator.apply(t, null);
    if (removed) {
      report(TokenAdminEvent.Action.UNSTAGE, t, actor, List.of("stagedRestrictions"), -1);
    }
    return removed;
  }

  /**
   * Makes a token's staged rules its enforced rules (standard mode only: in secure mode a
   * token's rules never change, and promoting changes them). The staged text is checked again
   * under the current settings; the change is reported as {@code PROMOTE} with the fields an
   * edit of the rules reports ({@code restrictions}, the new rule line count).
   *
   * @throws TokenAdminException in secure mode, for an unknown or revoked token, or a token
   *     without staged rules
   * @throws dev.limitto.engine.RuleSyntaxException when the staged rules no longer compile
   * @throws StoreException.Conflict when the token or its staged rules changed meanwhile
   */
  public StoredToken promote(String id, String actor) {
    requireActor(actor);
    if (settings.secureMode()) {
      throw new TokenAdminException(String.format(ERR_SECURE_PROMOTE, id));
    }
    StoredToken t = require(id);
    if (t.isRevoked()) {
      throw new TokenAdminException(String.format(ERR_REVOKED, id));
    }
    StagedRules staged = store.findStaged(id).orElseThrow(
        () -> new TokenAdminException(String.format(ERR_NOTHING_STAGED, id)));
    int lines = checkRules(staged.restrictions(), false);
    StoredToken updated;
    try {
      updated = store.promote(id, t.version(), staged.restrictions());
    } catch (StoreException.NotFound e) {
      throw new TokenAdminException(String.format(
          store.findById(id).isPresent() ? ERR_NOTHING_STAGED : ERR_NOT_FOUND, id));
    }
    authenticator.apply(updated, null);
    report(TokenAdminEvent.Action.PROMOTE, updated, actor,
        staged.restrictions().equals(t.restrictions()) ? List.of() : List.of("restrictions"),
        lines);
    return updated;
  }

  /** A token's staged rules, if any (never a secret). */
  public Optional<StagedRules> staged(String id) {
    return store.findStaged(id);
  }

  /** Every token, revoked ones included, by creation time. */
  public List<StoredToken> list() {
    return store.list();
  }

  /**
   * The number of effective rule lines of a token: the lines the engine compiles, not counting
   * blank lines and comments; 0 for an unrestricted token (also one stored before rule text
   * without an effective line was refused). Empty when its rules no longer compile under the
   * current settings (base URL, limits): the authenticator then refuses the token.
   */
  public OptionalInt ruleLines(StoredToken token) {
    try {
      return OptionalInt.of(rules.compile(token.restrictions()).lineCount());
    } catch (RuntimeException e) {
      return OptionalInt.empty();
    }
  }

  /** A token's stored fields (never a secret). Allowed in both modes. */
  public Optional<StoredToken> find(String id) {
    return store.findById(id);
  }

  /**
   * A token with its secret, decrypted (standard mode only); reported as a {@code VIEW}.
   *
   * @throws TokenAdminException in secure mode, for an unknown token, or for a token created in
   *     secure mode
   */
  public IssuedToken show(String id, String actor) {
    requireActor(actor);
    if (settings.secureMode()) {
      throw new TokenAdminException(String.format(ERR_SECURE_VIEW, id));
    }
    StoredToken t = require(id);
    byte[] sealed = t.encryptedSecret();
    if (sealed == null) {
      throw new TokenAdminException(String.format(ERR_NO_STORED_SECRET, id));
    }
    String secret = keys.decrypt(id, sealed);
    report(TokenAdminEvent.Action.VIEW, t, actor, List.of(), -1);
    return new IssuedToken(secret, t);
  }

  /**
   * Imports tokens exported from an existing "Limit to" deployment (a JSON array, see
   * docs/tokens.md), keeping their secrets usable. Every entry is checked before anything is
   * written; if any is bad, nothing is written and every problem is reported with its index.
   *
   * @return the imported tokens, in input order
   * @throws TokenImportException listing every problem
   */
  public List<StoredToken> importTokens(String json, String actor) {
    requireActor(actor);
    List<StoredToken> tokens = new TokenImporter(this).prepare(json, actor, now());
    List<StoredToken> written = new ArrayList<>();
    try {
      for (StoredToken t : tokens) {
        store.insert(t);
        written.add(t);
      }
    } catch (RuntimeException e) {
      // the store has no multi-token transaction: make what was written unusable, then report
      for (StoredToken t : written) {
        try {
          store.revoke(t.id(), now());
        } catch (RuntimeException ignored) {
          // the store is failing; the import error below is what the admin must see
        }
        authenticator.revokedLocally(t.id());
      }
      throw TokenImportException.of(new TokenImportException.Problem(-1, 0,
          String.format(TokenImportException.ERR_WRITE, written.size(), tokens.size(),
              e.getMessage())));
    }
    for (StoredToken t : tokens) {
      authenticator.apply(t);
      report(TokenAdminEvent.Action.IMPORT, t, actor,
          t.ipAllowList().isEmpty()
              ? List.of("label", "owner", "expiresAt", "restrictions")
              : List.of("label", "owner", "expiresAt", "restrictions", "ipAllowList"),
          ruleLines(t).orElse(-1));
    }
    return tokens;
  }

  // ---- shared with TokenImporter

  Instant now() {
    // stores keep microseconds; milliseconds round-trip through every store and through JSON
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  KeyRing keys() {
    return keys;
  }

  TokenStore store() {
    return store;
  }

  UserDirectory users() {
    return users;
  }

  String newId(String prefix) {
    byte[] b = new byte[10];
    random.nextBytes(b);
    return prefix + HexFormat.of().formatHex(b);
  }

  static String checkLabel(String label) {
    String l = label == null ? "" : label.strip();
    if (l.isEmpty()) {
      throw new TokenAdminException(ERR_LABEL_EMPTY);
    }
    if (l.length() > MAX_LABEL_LENGTH) {
      throw new TokenAdminException(String.format(ERR_LABEL_LENGTH, l.length()));
    }
    if (l.chars().anyMatch(Character::isISOControl)) {
      throw new TokenAdminException(ERR_LABEL_CONTROL);
    }
    return l;
  }

  /** The owner's user name: as given when it exists, else an e-mail's user. */
  String resolveUser(String nameOrEmail) {
    if (users.isActive(nameOrEmail)) {
      return nameOrEmail;
    }
    if (nameOrEmail.indexOf('@') >= 0) {
      Optional<String> u = users.userNameForEmail(nameOrEmail);
      if (u.isPresent()) {
        return u.get();
      }
    }
    throw new TokenAdminException(String.format(ERR_OWNER_UNKNOWN, nameOrEmail));
  }

  private String resolveOwner(TokenRequest r) {
    if (r.unbound()) {
      if (r.owner() != null) {
        throw new TokenAdminException(ERR_OWNER_AND_UNBOUND);
      }
      if (!settings.allowUnbound()) {
        throw new TokenAdminException(ERR_UNBOUND_DISABLED);
      }
      if (settings.authType() == TokenSettings.AuthType.BEARER) {
        throw new TokenAdminException(ERR_UNBOUND_BEARER);
      }
      return null;
    }
    if (r.owner() == null || r.owner().isBlank()) {
      throw new TokenAdminException(ERR_OWNER_REQUIRED);
    }
    return resolveUser(r.owner().strip());
  }

  /**
   * The expiry to store: {@code at}, or {@code now + in}, or (when neither and {@code
   * defaultToMax}) now plus the maximum lifetime; checked against the maximum lifetime.
   */
  Instant expiry(Instant at, Duration in, Instant now, boolean defaultToMax) {
    return expiry(at, in, now, defaultToMax, settings.maxLifetime());
  }

  private Instant expiry(Instant at, Duration in, Instant now, boolean defaultToMax,
      Duration max) {
    if (at != null && in != null) {
      throw new TokenAdminException(ERR_EXPIRY_BOTH);
    }
    Instant expires = at != null ? at : in != null ? now.plus(in) : null;
    if (expires == null) {
      if (max.isZero() || !defaultToMax) {
        return null;
      }
      return now.plus(max);
    }
    expires = expires.truncatedTo(ChronoUnit.MILLIS);
    if (!expires.isAfter(now)) {
      throw new TokenAdminException(String.format(ERR_EXPIRY_PAST, expires));
    }
    if (!max.isZero() && expires.isAfter(now.plus(max))) {
      throw new TokenAdminException(
          String.format(ERR_EXPIRY_TOO_LONG, expires, DurationText.format(max)));
    }
    return expires;
  }

  /**
   * Compiles rule text and returns its effective line count. Rule text without an effective line
   * is refused unless the admin asked for an unrestricted token, which in turn takes no rule text.
   */
  int checkRules(String restrictions, boolean unrestricted) {
    if (unrestricted) {
      if (!restrictions.isBlank()) {
        throw new TokenAdminException(ERR_UNRESTRICTED_WITH_RULES);
      }
      return 0;
    }
    int lines = rules.compile(restrictions).lineCount();
    if (lines == 0) {
      throw new EmptyRulesException();
    }
    return lines;
  }

  static IpAllowList parseAllowList(List<String> entries) {
    try {
      return IpAllowList.parse(entries);
    } catch (IllegalArgumentException e) {
      throw new TokenAdminException(e.getMessage());
    }
  }

  TokenRules rules() {
    return rules;
  }

  private StoredToken require(String id) {
    return store.findById(id)
        .orElseThrow(() -> new TokenAdminException(String.format(ERR_NOT_FOUND, id)));
  }

  private static void requireActor(String actor) {
    if (actor == null || actor.isBlank()) {
      throw new TokenAdminException(ERR_ACTOR);
    }
  }

  /**
   * Records, as an edit of the token, a change made beside it (its upstream credential in gateway
   * mode): the field's name only, never the value.
   */
  public void reportChangeBeside(StoredToken t, String field, String actor) {
    requireActor(actor);
    report(TokenAdminEvent.Action.EDIT, t, actor, List.of(field), -1);
  }

  private void report(TokenAdminEvent.Action action, StoredToken t, String actor,
      List<String> fields, int ruleLines) {
    try {
      listener.onEvent(
          new TokenAdminEvent(action, t.id(), t.label(), actor, now(), fields, ruleLines));
    } catch (RuntimeException e) {
      LOG.error("Token admin listener failed for {} of token {}", action, t.id(), e);
    }
  }

  /** Builds a {@link TokenService}. Store, keys and users are required. */
  public static final class Builder {
    private TokenStore store;
    private KeyRing keys;
    private TokenSettings settings = TokenSettings.defaults();
    private UserDirectory users;
    private TokenAdminListener listener = TokenAdminListener.NONE;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private ConnectionSource rateLimitConnections;

    private Builder() {}

    public Builder store(TokenStore v) {
      store = Objects.requireNonNull(v, "store");
      return this;
    }

    public Builder keys(KeyRing v) {
      keys = Objects.requireNonNull(v, "keys");
      return this;
    }

    public Builder settings(TokenSettings v) {
      settings = Objects.requireNonNull(v, "settings");
      return this;
    }

    public Builder users(UserDirectory v) {
      users = Objects.requireNonNull(v, "users");
      return this;
    }

    public Builder listener(TokenAdminListener v) {
      listener = Objects.requireNonNull(v, "listener");
      return this;
    }

    /**
     * The token store's database connections, through which {@value
     * TokenSettings#RATE_LIMIT_SCOPE}{@code =cluster} shares the rate-limit buckets (PostgreSQL
     * only; see {@link SharedRateLimits}). Unused in node scope, the default, so a host can always
     * give them.
     */
    public Builder rateLimitConnections(ConnectionSource v) {
      rateLimitConnections = Objects.requireNonNull(v, "rateLimitConnections");
      return this;
    }

    /** The clock for creation, expiry and cache age (tests use a controllable one). */
    public Builder clock(Clock v) {
      clock = Objects.requireNonNull(v, "clock");
      return this;
    }

    /**
     * @throws IllegalArgumentException naming {@value TokenSettings#RATE_LIMIT_SCOPE} when it is
     *     {@code cluster} and the {@link #rateLimitConnections} are missing, not PostgreSQL or
     *     cannot be reached
     */
    public TokenService build() {
      return new TokenService(this);
    }
  }
}
