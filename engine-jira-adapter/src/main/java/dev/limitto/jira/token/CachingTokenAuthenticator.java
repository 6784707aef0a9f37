package dev.limitto.jira.token;

import dev.limitto.engine.RuleSet;
import dev.limitto.jira.store.StagedRules;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.store.TokenControls;
import dev.limitto.jira.store.TokenStore;
import dev.limitto.jira.token.AuthResult.Reason;
import dev.limitto.jira.token.AuthResult.Refused;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.UserDirectory;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies tokens from memory. The hot path is: check the shape and checksum, HMAC the secret
 * under the key the token names, look the hash up in an in-memory map, check revocation, expiry,
 * address and user. No I/O and no lock; no allocation for a known bound token presented from an
 * IPv4 address (see {@code TokenVerifyBenchmark}).
 *
 * <p>The map is filled from the store: everything at the first {@link #refresh()}, a token the map
 * does not know on first use when its keyed tag verifies (so forged tokens never reach the store;
 * tokens issued before the tag are all in memory already), bounded (at most {@link
 * TokenSettings#maxConcurrentStoreLookups()} look-ups at once, unknown hashes remembered for {@link TokenSettings#negativeCacheTtl()} in a
 * map of at most {@link TokenSettings#negativeCacheMaxEntries()}), and every change since the last
 * poll by {@link #refresh()}, which {@link TokenService#start()} runs every {@link
 * TokenSettings#revocationPollInterval()}. A revocation on another node is therefore seen within
 * one poll interval; a revocation through this node's {@link TokenService} at once.
 *
 * <p>Fails closed: until the first successful refresh, and whenever the last successful refresh is
 * older than {@link TokenSettings#cacheMaxStaleness()}, every token is refused with {@link
 * Reason#STORE_UNAVAILABLE}. Store outages are logged once when they start and once when they end;
 * logs never contain a secret.
 *
 * <p>Usage counts and last-used times are kept in memory and written by {@link #flushUsage()}.
 *
 * <p>A token's rules are compiled the first time one of its requests needs them, through a
 * bounded {@link RuleSetCache} shared by all tokens with the same rule text, and then held by the
 * token's entry: a refresh loads thousands of tokens without compiling any, and a request of a
 * known token never compiles. A text that does not compile refuses the token (logged once per
 * entry). {@link #ruleSetStats()} shows the cache's size, hit rate and compile time.
 */
public final class CachingTokenAuthenticator implements TokenAuthenticator {

  private static final Logger LOG = LoggerFactory.getLogger(CachingTokenAuthenticator.class);

  static final String DETAIL_UNKNOWN = "no such token";
  static final String DETAIL_UNKNOWN_KEY = "token names no server key of this installation";
  static final String DETAIL_FORGED =
      "token was not issued by this installation (its tag does not verify)";
  static final String DETAIL_REVOKED = "token is revoked";
  static final String DETAIL_EXPIRED = "token has expired";
  static final String DETAIL_ROTATED =
      "token secret was replaced by a rotation and its overlap window has ended";
  static final String DETAIL_ADDRESS = "client address is not in the token's allow-list";
  static final String DETAIL_WRONG_USER = "presented user is not the token's owner";
  static final String DETAIL_NO_SUCH_USER = "presented user does not exist";
  static final String DETAIL_UNBOUND_DISABLED =
      "unbound tokens are disabled (" + TokenSettings.ALLOW_UNBOUND + ")";
  static final String DETAIL_UNBOUND_NEEDS_USER = "an unbound token needs Basic auth with a user";
  static final String DETAIL_STALE =
      "token store not reached recently enough to vouch for revocations ("
          + TokenSettings.MAX_STALENESS + ")";
  static final String DETAIL_STORE_DOWN = "token store unavailable";
  static final String DETAIL_LOOKUP_LIMIT =
      "too many concurrent token look-ups (" + TokenSettings.MAX_LOOKUPS + ")";
  static final String DETAIL_BROKEN = "token restrictions do not compile; token refused";

  static final String LOG_STORE_DOWN =
      "Token store unavailable ({}); refusing tokens that cannot be verified from memory";
  static final String LOG_STORE_BACK = "Token store reachable again";
  static final String LOG_BROKEN = "Restrictions of token {} do not compile; it is refused: {}";
  static final String LOG_USAGE_FAILED = "Could not write token usage ({}); will retry";
  static final String LOG_STAGED_BROKEN =
      "Staged rules of token {} do not compile; they are not evaluated: {}";
  /** How a line starts a body predicate (LIMIT-TO.md §2), in lower case. */
  private static final String JSON_PREDICATE = "[jsondata::";

  private static final Refused NULL = refused(Reason.MALFORMED, TokenFormat.DETAIL_NULL);
  private static final Refused NOT_OURS = refused(Reason.MALFORMED, TokenFormat.DETAIL_NOT_OURS);
  private static final Refused[] BAD = {
    null,
    refused(Reason.MALFORMED, TokenFormat.detail(TokenFormat.BAD_LENGTH)),
    refused(Reason.MALFORMED, TokenFormat.detail(TokenFormat.BAD_NON_ASCII)),
    refused(Reason.MALFORMED, TokenFormat.detail(TokenFormat.BAD_ALPHABET)),
    refused(Reason.MALFORMED, TokenFormat.detail(TokenFormat.BAD_CHECKSUM)),
  };
  private static final Refused UNKNOWN = refused(Reason.UNKNOWN, DETAIL_UNKNOWN);
  private static final Refused UNKNOWN_KEY = refused(Reason.UNKNOWN, DETAIL_UNKNOWN_KEY);
  private static final Refused FORGED = refused(Reason.UNKNOWN, DETAIL_FORGED);
  private static final Refused REVOKED = refused(Reason.REVOKED, DETAIL_REVOKED);
  private static final Refused EXPIRED = refused(Reason.EXPIRED, DETAIL_EXPIRED);
  private static final Refused ROTATED = refused(Reason.ROTATED, DETAIL_ROTATED);
  private static final Refused ADDRESS = refused(Reason.ADDRESS_NOT_ALLOWED, DETAIL_ADDRESS);
  private static final Refused WRONG_USER = refused(Reason.WRONG_USER, DETAIL_WRONG_USER);
  private static final Refused NO_SUCH_USER = refused(Reason.WRONG_USER, DETAIL_NO_SUCH_USER);
  private static final Refused UNBOUND_DISABLED =
      refused(Reason.UNBOUND_NOT_ALLOWED, DETAIL_UNBOUND_DISABLED);
  private static final Refused UNBOUND_NEEDS_USER =
      refused(Reason.UNBOUND_NOT_ALLOWED, DETAIL_UNBOUND_NEEDS_USER);
  private static final Refused STALE = refused(Reason.STORE_UNAVAILABLE, DETAIL_STALE);
  private static final Refused STORE_DOWN = refused(Reason.STORE_UNAVAILABLE, DETAIL_STORE_DOWN);
  private static final Refused LOOKUP_LIMIT = refused(Reason.STORE_UNAVAILABLE, DETAIL_LOOKUP_LIMIT);
  private static final Refused BROKEN = refused(Reason.UNKNOWN, DETAIL_BROKEN);

  private final TokenStore store;
  private final KeyRing keys;
  private final TokenSettings settings;
  private final TokenRules rules;
  private final UserDirectory users;
  private final Clock clock;

  /** Known tokens by secret hash. */
  private final Map<HashKey, Entry> byHash = new ConcurrentHashMap<>();
  /** Secret hash of each known token id (to drop the old hash when a token is re-keyed). */
  private final Map<String, HashKey> hashById = new ConcurrentHashMap<>();
  /** Hash of the secret each token's last rotation replaced, while the store keeps it. */
  private final Map<String, HashKey> previousHashById = new ConcurrentHashMap<>();
  /** Rate limiters by token id: a token's bucket survives a refresh or edit of its entry. */
  private final Map<String, HeldLimiter> limiters = new ConcurrentHashMap<>();
  /** Where buckets live: in memory (node scope) or in the shared database (cluster scope). */
  private final RateLimiterFactory limiterFactory;
  /** Hashes the store did not know, with the time (epoch ms) until which that answer holds. */
  private final Map<HashKey, Long> unknown = new ConcurrentHashMap<>();
  /** Ids revoked through this node: revocation is final even if an older read races it. */
  private final Set<String> revokedHere = ConcurrentHashMap.newKeySet();
  private final Map<String, Usage> usage = new ConcurrentHashMap<>();
  private final Semaphore lookups;
  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
  private final RuleSetCache ruleSets =
      new RuleSetCache(this::compileNow, RuleSetCache.DEFAULT_MAX_ENTRIES);

  /** Key ids under which imported legacy secrets are hashed (usually one). */
  private volatile int[] legacyKeyIds = new int[0];
  private final Object refreshLock = new Object();
  /** Change sequence seen by the last refresh; -1 before the first. Guarded by refreshLock. */
  private long sequence = -1;
  /** Epoch ms after which the cache is too old to trust; MIN_VALUE until the first refresh. */
  private volatile long freshUntil = Long.MIN_VALUE;
  private volatile boolean storeDownLogged;
  private volatile boolean usageFailureLogged;

  CachingTokenAuthenticator(
      TokenStore store, KeyRing keys, TokenSettings settings, TokenRules rules,
      UserDirectory users, Clock clock) {
    this(store, keys, settings, rules, users, clock, RateLimiterFactory.NODE);
  }

  CachingTokenAuthenticator(
      TokenStore store, KeyRing keys, TokenSettings settings, TokenRules rules,
      UserDirectory users, Clock clock, RateLimiterFactory limiterFactory) {
    this.limiterFactory = limiterFactory;
    this.store = store;
    this.rules = rules;
    this.keys = keys;
    this.settings = settings;
    this.users = users;
    this.clock = clock;
    this.lookups = new Semaphore(settings.maxConcurrentStoreLookups());
  }

  private static Refused refused(Reason reason, String detail) {
    return new Refused(reason, detail);
  }

  @Override
  public boolean looksLikeToken(String credential) {
    if (credential == null) {
      return false;
    }
    if (TokenFormat.hasOurPrefix(credential)) {
      return true;
    }
    // a legacy-shaped credential is ours only when it is one of the imported secrets
    return legacyKeyIds.length > 0
        && TokenFormat.isLegacyShaped(credential)
        && findLegacy(credential, scratch.get()) != null;
  }

  @Override
  public AuthResult authenticate(String secret, String presentedUser, String clientAddress) {
    if (secret == null) {
      return NULL;
    }
    Scratch s = scratch.get();
    Entry e;
    if (secret.startsWith(TokenFormat.PREFIX)) {
      int keyId = TokenFormat.parse(secret, s.ascii, s.crc);
      if (keyId < 0) {
        return BAD[-keyId];
      }
      if (clock.millis() > freshUntil) {
        return STALE;
      }
      int length = secret.length();
      if (!keys.hashInto(keyId, s.ascii, length, s.hash)) {
        return UNKNOWN_KEY;
      }
      s.probe.rehash();
      e = byHash.get(s.probe);
      if (e == null) {
        if (length != TokenFormat.LENGTH) {
          // untagged tokens predate the tag: every one of them was loaded at start
          return UNKNOWN;
        }
        if (!TokenFormat.tagVerifies(s.ascii, keyId, keys, s.mac, s.tag)) {
          // the checksum is public, the tag is not: a forgery never reaches the store
          return FORGED;
        }
        Object loaded = loadOnMiss(keyId, s.probe);
        if (loaded instanceof Refused r) {
          return r;
        }
        e = (Entry) loaded;
      }
    } else if (legacyKeyIds.length > 0 && TokenFormat.isLegacyShaped(secret)) {
      if (clock.millis() > freshUntil) {
        return STALE;
      }
      e = findLegacy(secret, s);
      if (e == null) {
        // every imported secret is in memory: an unknown legacy-shaped credential is not ours
        return NOT_OURS;
      }
    } else {
      return NOT_OURS;
    }
    return check(e, presentedUser, clientAddress);
  }

  private Entry findLegacy(String secret, Scratch s) {
    TokenFormat.ascii(secret, s.ascii);
    for (int keyId : legacyKeyIds) {
      if (keys.hashInto(keyId, s.ascii, secret.length(), s.hash)) {
        s.probe.rehash();
        Entry e = byHash.get(s.probe);
        if (e != null && e.legacy && e.keyId == keyId) {
          return e;
        }
      }
    }
    return null;
  }

  private AuthResult check(Entry e, String presentedUser, String clientAddress) {
    if (e.revoked) {
      return e.refused(REVOKED);
    }
    long now = clock.millis();
    if (now >= e.acceptedUntil) {
      return e.refused(ROTATED);
    }
    if (now >= e.expiresAt) {
      return e.refused(EXPIRED);
    }
    if (e.broken) {
      return e.refused(BROKEN);
    }
    if (!e.allowList.allows(clientAddress)) {
      return e.refused(ADDRESS);
    }
    RuleSet rules = e.rules(ruleSets);
    if (rules == null) {
      return e.refused(BROKEN);
    }
    AuthResult result;
    if (e.owner == null) {
      if (!settings.allowUnbound()) {
        return e.refused(UNBOUND_DISABLED);
      }
      if (presentedUser == null || presentedUser.isEmpty()) {
        return e.refused(UNBOUND_NEEDS_USER);
      }
      String user = resolveUser(presentedUser);
      if (user == null) {
        return e.refused(NO_SUCH_USER);
      }
      result = new AuthResult.Authenticated(new TokenPrincipal(e.id, e.label, user, rules,
          e.runAsAllowed, e.readOnly, e.limiter, e.staged(ruleSets)));
    } else {
      if (presentedUser != null && !presentedUser.equalsIgnoreCase(e.owner)) {
        if (presentedUser.indexOf('@') < 0) {
          return e.refused(WRONG_USER);
        }
        Optional<String> byMail = users.userNameForEmail(presentedUser);
        if (byMail.isEmpty() || !byMail.get().equalsIgnoreCase(e.owner)) {
          return e.refused(WRONG_USER);
        }
      }
      result = e.authenticated(rules, ruleSets);
    }
    Usage u = e.usage;
    u.count.increment();
    if (now > u.lastUsed) {
      u.lastUsed = now;
    }
    return result;
  }

  private String resolveUser(String presented) {
    if (presented.indexOf('@') >= 0) {
      Optional<String> byMail = users.userNameForEmail(presented);
      if (byMail.isPresent()) {
        return byMail.get();
      }
    }
    return users.isActive(presented) ? presented : null;
  }

  /** Looks a hash up in the store; returns an {@link Entry} or a {@link Refused}. */
  private Object loadOnMiss(int keyId, HashKey probe) {
    long now = clock.millis();
    Long until = unknown.get(probe);
    if (until != null) {
      if (until > now) {
        return UNKNOWN;
      }
      unknown.remove(probe, until);
    }
    if (!lookups.tryAcquire()) {
      return LOOKUP_LIMIT;
    }
    byte[] hash = probe.copy();
    try {
      Optional<StoredToken> found = store.findBySecretHash(keyId, hash);
      if (found.isEmpty()) {
        rememberUnknown(new HashKey(hash), now);
        return UNKNOWN;
      }
      StoredToken t = found.get();
      if (t.hashKeyId() != keyId || !MessageDigest.isEqual(t.secretHash(), hash)) {
        return UNKNOWN;
      }
      return apply(t, store.findStaged(t.id()).orElse(null));
    } catch (RuntimeException ex) {
      storeFailed(ex);
      return STORE_DOWN;
    } finally {
      lookups.release();
    }
  }

  private void rememberUnknown(HashKey key, long now) {
    long ttl = settings.negativeCacheTtl().toMillis();
    if (ttl <= 0 || settings.negativeCacheMaxEntries() == 0) {
      return;
    }
    if (unknown.size() >= settings.negativeCacheMaxEntries()) {
      unknown.values().removeIf(until -> until <= now);
      if (unknown.size() >= settings.negativeCacheMaxEntries()) {
        // full of live entries: a flood of distinct fakes; the look-up limit bounds the store load
        return;
      }
    }
    unknown.put(key, now + ttl);
  }

  /**
   * Polls the store for changes since the last poll and applies them; the first call loads every
   * token. Safe to call from any thread; runs one at a time. A failure is logged once per outage
   * and leaves the cache as it was, to age out after {@link TokenSettings#cacheMaxStaleness()}.
   *
   * @return whether the store answered
   */
  public boolean refresh() {
    synchronized (refreshLock) {
      try {
        long started = clock.millis();
        if (sequence < 0) {
          // sequence first, then everything: a change made in between is seen again next poll
          TokenStore.Changes c = store.changesSince(0);
          Map<String, StagedRules> staged = store.listStaged();
          for (StoredToken t : store.list()) {
            apply(t, staged.get(t.id()));
          }
          sequence = c.sequence();
          ruleSets.warmUp(); // the first token's first request then meets warm code
        } else {
          TokenStore.Changes c = store.changesSince(sequence);
          Map<String, StagedRules> staged = c.changed().isEmpty() ? Map.of() : store.listStaged();
          for (StoredToken t : c.changed()) {
            apply(t, staged.get(t.id()));
          }
          sequence = c.sequence();
        }
        freshUntil = started + settings.cacheMaxStaleness().toMillis();
        if (storeDownLogged) {
          storeDownLogged = false;
          LOG.info(LOG_STORE_BACK);
        }
        return true;
      } catch (RuntimeException ex) {
        storeFailed(ex);
        return false;
      }
    }
  }

  private void storeFailed(RuntimeException ex) {
    if (!storeDownLogged) {
      storeDownLogged = true;
      // the message of a store exception never holds a secret (StoreException contract)
      LOG.warn(LOG_STORE_DOWN, ex.getClass().getSimpleName() + ": " + ex.getMessage());
    }
  }

  /**
   * Takes a token as stored into the map (newer versions win; revocation is final), under its
   * secret's hash and, after a rotation, under the hash of the secret it replaced, whose entry
   * is accepted until the overlap ends and refused as {@link Reason#ROTATED} after; keeping the
   * staged rules its entry had, for a change that did not touch them.
   */
  Entry apply(StoredToken t) {
    HashKey known = hashById.get(t.id());
    Entry old = known == null ? null : byHash.get(known);
    return apply(t, old != null && old.id.equals(t.id()) ? old.stagedText : null);
  }

  /** Takes a token as stored, with its staged rules ({@code null}: none), into the map. */
  Entry apply(StoredToken t, StagedRules staged) {
    return apply(t, staged == null ? null : staged.restrictions());
  }

  private Entry apply(StoredToken t, String stagedText) {
    HashKey key = new HashKey(t.secretHash());
    Entry fresh = compile(t, stagedText);
    Entry result = put(key, fresh);
    if (result.version > fresh.version) {
      return result; // an older read of the token: the newer one already holds its hashes
    }
    unknown.remove(key);
    TokenControls.PreviousSecret replaced = t.controls().previous();
    HashKey pk = replaced == null ? null : new HashKey(replaced.hash());
    if (pk != null) {
      // first the replaced secret's entry, so that it is never missing while the keys move
      put(pk, fresh.asPrevious(replaced.keyId(), replaced.until().toEpochMilli()));
      unknown.remove(pk);
      if (fresh.legacy) {
        addLegacyKeyId(replaced.keyId());
      }
    }
    HashKey oldMain = hashById.put(t.id(), key);
    HashKey oldPrevious = pk == null ? previousHashById.remove(t.id())
        : previousHashById.put(t.id(), pk);
    for (HashKey gone : new HashKey[] {oldMain, oldPrevious}) {
      if (gone != null && !gone.equals(key) && !gone.equals(pk)) {
        Entry e = byHash.get(gone);
        if (e != null && e.id.equals(t.id())) {
          byHash.remove(gone, e);
        }
      }
    }
    if (fresh.legacy) {
      addLegacyKeyId(t.hashKeyId());
    }
    return result;
  }

  private Entry put(HashKey key, Entry fresh) {
    Entry[] result = new Entry[1];
    byHash.compute(key, (k, old) -> {
      if (old != null && old.id.equals(fresh.id) && old.version > fresh.version) {
        result[0] = old;
        return old;
      }
      Entry next = old != null && old.revoked && old.id.equals(fresh.id) ? fresh.asRevoked() : fresh;
      result[0] = next;
      return next;
    });
    return result[0];
  }

  /** Marks a token revoked at once (called by the node that revoked it). */
  void revokedLocally(String id) {
    revokedHere.add(id);
    for (HashKey key : new HashKey[] {hashById.get(id), previousHashById.get(id)}) {
      if (key != null) {
        byHash.computeIfPresent(key, (k, e) -> e.id.equals(id) ? e.asRevoked() : e);
      }
    }
  }

  private synchronized void addLegacyKeyId(int keyId) {
    for (int k : legacyKeyIds) {
      if (k == keyId) {
        return;
      }
    }
    int[] next = java.util.Arrays.copyOf(legacyKeyIds, legacyKeyIds.length + 1);
    next[next.length - 1] = keyId;
    // newest key first: most imports happen after the latest rotation
    java.util.Arrays.sort(next);
    for (int i = 0; i < next.length / 2; i++) {
      int tmp = next[i];
      next[i] = next[next.length - 1 - i];
      next[next.length - 1 - i] = tmp;
    }
    legacyKeyIds = next;
  }

  private Entry compile(StoredToken t, String stagedText) {
    Usage u = usage.computeIfAbsent(t.id(), id -> new Usage());
    boolean revoked = t.isRevoked() || revokedHere.contains(t.id());
    long expiresAt = t.expiresAt() == null ? Long.MAX_VALUE : t.expiresAt().toEpochMilli();
    IpAllowList allow = IpAllowList.any();
    boolean broken = false;
    // revoked and expired tokens are refused before their rules matter; rules compile on use
    if (!revoked && expiresAt > clock.millis()) {
      try {
        allow = IpAllowList.parse(t.ipAllowList());
      } catch (RuntimeException ex) {
        broken = true;
        LOG.warn(LOG_BROKEN, t.id(), ex.getMessage());
      }
    } else if (!revoked) {
      broken = true; // expired: if its expiry is extended, the change makes a new entry
    }
    return new Entry(t, stagedText, revoked, expiresAt, allow, broken, u, limiterFor(t));
  }

  /** The token's rate limiter: kept while its limit stays the same, so its bucket does too. */
  private TokenRateLimiter limiterFor(StoredToken t) {
    TokenControls.RateLimit limit = t.controls().rateLimit();
    if (limit == null) {
      limiters.remove(t.id());
      return TokenRateLimiter.NONE;
    }
    return limiters.compute(t.id(),
        (id, old) -> old != null && old.limit.equals(limit) ? old
            : new HeldLimiter(limit, limiterFactory.create(id, limit))).limiter;
  }

  /** Makes a token's rate limiter: node scope in memory, cluster scope in the shared database. */
  @FunctionalInterface
  interface RateLimiterFactory {
    /** A Bucket4j bucket in this node's memory. */
    RateLimiterFactory NODE = (id, limit) -> new BucketRateLimiter(limit);

    TokenRateLimiter create(String tokenId, TokenControls.RateLimit limit);
  }

  /** A token's limiter with the limit it was made for. */
  private record HeldLimiter(TokenControls.RateLimit limit, TokenRateLimiter limiter) {}

  /** Compiles rule text with this installation's base URL and limits, for the cache. */
  private RuleSet compileNow(String restrictions) {
    return rules.compile(restrictions);
  }

  /** The rule-set cache's size, hit rate, evictions and compile time (status, metrics). */
  public RuleSetCache.Stats ruleSetStats() {
    return ruleSets.stats();
  }

  /**
   * Writes the usage counted since the last flush to the store in one batch. On failure the
   * counts are kept for the next flush.
   */
  public void flushUsage() {
    Map<String, Long> deltas = new HashMap<>();
    Map<String, Instant> last = new HashMap<>();
    for (Map.Entry<String, Usage> me : usage.entrySet()) {
      Usage u = me.getValue();
      long n = u.count.sumThenReset();
      if (n > 0) {
        deltas.put(me.getKey(), n);
        last.put(me.getKey(), Instant.ofEpochMilli(u.lastUsed));
      }
    }
    if (deltas.isEmpty()) {
      return;
    }
    try {
      store.recordUsage(deltas, last);
      usageFailureLogged = false;
    } catch (RuntimeException ex) {
      deltas.forEach((id, n) -> usage.get(id).count.add(n));
      if (!usageFailureLogged) {
        usageFailureLogged = true;
        LOG.warn(LOG_USAGE_FAILED, ex.getClass().getSimpleName() + ": " + ex.getMessage());
      }
    }
  }

  /** Number of unknown hashes currently remembered (tests, metrics). */
  int unknownRemembered() {
    return unknown.size();
  }

  /** A secret hash as a map key; equality is constant-time. */
  static final class HashKey {
    private final byte[] bytes;
    private int hash;

    HashKey(byte[] bytes) {
      this.bytes = bytes;
      rehash();
    }

    /** Recomputes the hash code after the bytes were overwritten (the per-thread probe). */
    void rehash() {
      // the bytes are an HMAC output: any four of them are uniformly distributed
      hash = (bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8
          | (bytes[3] & 0xFF);
    }

    byte[] copy() {
      return bytes.clone();
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof HashKey k && MessageDigest.isEqual(k.bytes, bytes);
    }
  }

  /** Per-thread buffers of the hot path. */
  private static final class Scratch {
    final byte[] ascii = new byte[Math.max(TokenFormat.LENGTH, TokenFormat.LEGACY_MAX_LENGTH)];
    final byte[] hash = new byte[KeyRing.HASH_BYTES];
    final HashKey probe = new HashKey(hash);
    final CRC32 crc = new CRC32();
    final byte[] mac = new byte[KeyRing.TAG_BYTES];
    final byte[] tag = new byte[TokenFormat.TAG_CHARS];
  }

  /** Usage of one token since the last flush. */
  static final class Usage {
    final LongAdder count = new LongAdder();
    volatile long lastUsed;
  }

  /**
   * A known token: immutable but for the usage counter and its rule set, compiled on first use
   * and then kept (a racy second compile is harmless: both come from the cache).
   */
  static final class Entry {
    final String id;
    final String label;
    final String owner;
    final long version;
    final int keyId;
    final boolean legacy;
    final boolean revoked;
    final long expiresAt;
    final IpAllowList allowList;
    final boolean runAsAllowed;
    final boolean broken;
    final Usage usage;
    final boolean readOnly;
    final TokenRateLimiter limiter;
    /**
     * Epoch ms from which this secret is refused as rotated: {@code Long.MAX_VALUE} for the
     * token's current secret, the overlap's end for the secret its last rotation replaced.
     */
    final long acceptedUntil;
    private final StoredToken source;
    private volatile RuleSet rules; // null until first use
    private volatile boolean rulesFailed; // the rules did not compile: refused, logged once
    /** The answer for a bound token, built once its rules are. */
    private volatile AuthResult.Authenticated authenticated;
    /** The staged (report-only) rule text, or null when none. */
    final String stagedText;
    private volatile TokenPrincipal.Staged staged; // null until first use, or when none
    private volatile boolean stagedFailed; // the staged rules did not compile: not evaluated

    Entry(StoredToken t, String stagedText, boolean revoked, long expiresAt, IpAllowList allow,
        boolean broken, Usage usage, TokenRateLimiter limiter) {
      this(t, stagedText, revoked, expiresAt, allow, broken, usage, limiter, t.hashKeyId(),
          Long.MAX_VALUE);
    }

    private Entry(StoredToken t, String stagedText, boolean revoked, long expiresAt,
        IpAllowList allow, boolean broken, Usage usage, TokenRateLimiter limiter, int keyId,
        long acceptedUntil) {
      this.source = t;
      this.stagedText = stagedText;
      this.id = t.id();
      this.label = t.label();
      this.owner = t.owner();
      this.version = t.version();
      this.keyId = keyId;
      this.limiter = limiter;
      this.readOnly = t.controls().readOnly();
      this.acceptedUntil = acceptedUntil;
      this.legacy = TokenService.isImportedId(t.id());
      this.revoked = revoked;
      this.expiresAt = expiresAt;
      this.allowList = allow;
      this.runAsAllowed = t.runAsAllowed();
      this.broken = broken;
      this.usage = usage;
    }

    /** This token's rule set, compiled through {@code cache} on first use; null: it does not compile. */
    RuleSet rules(RuleSetCache cache) {
      RuleSet r = rules;
      if (r != null || rulesFailed) {
        return r;
      }
      try {
        r = cache.get(source.restrictions());
      } catch (RuntimeException ex) {
        rulesFailed = true;
        LOG.warn(LOG_BROKEN, id, ex.getMessage());
        return null;
      }
      rules = r;
      return r;
    }

    /**
     * This token's staged rules, compiled through {@code cache} on first use; null when it has
     * none or they do not compile (logged once: the enforced rules still decide).
     */
    TokenPrincipal.Staged staged(RuleSetCache cache) {
      TokenPrincipal.Staged st = staged;
      if (st != null || stagedText == null || stagedFailed) {
        return st;
      }
      try {
        st = new TokenPrincipal.Staged(cache.get(stagedText),
            stagedText.toLowerCase(java.util.Locale.ROOT).contains(JSON_PREDICATE));
      } catch (RuntimeException ex) {
        stagedFailed = true;
        LOG.warn(LOG_STAGED_BROKEN, id, ex.getMessage());
        return null;
      }
      staged = st;
      return st;
    }

    /** The answer for this bound token, with its rule set and staged rules. */
    AuthResult.Authenticated authenticated(RuleSet rules, RuleSetCache cache) {
      AuthResult.Authenticated a = authenticated;
      if (a == null) {
        a = new AuthResult.Authenticated(
            new TokenPrincipal(id, label, owner, rules, runAsAllowed, readOnly, limiter,
                staged(cache)));
        authenticated = a;
      }
      return a;
    }

    /**
     * A refusal of this token, naming it (allocates: refusals are off the hot path, so that a
     * node's thousands of entries do not each hold one in advance).
     */
    Refused refused(Refused why) {
      return new Refused(why.reason(), why.detail(), new AuthResult.Recognised(id, label, owner));
    }

    Entry asRevoked() {
      return revoked ? this : new Entry(source, stagedText, true, expiresAt, allowList, broken,
          usage, limiter, keyId, acceptedUntil);
    }

    /** The entry of the secret a rotation replaced: the same token, accepted until {@code until}. */
    Entry asPrevious(int previousKeyId, long until) {
      return new Entry(source, stagedText, revoked, expiresAt, allowList, broken, usage, limiter,
          previousKeyId, until);
    }
  }
}
