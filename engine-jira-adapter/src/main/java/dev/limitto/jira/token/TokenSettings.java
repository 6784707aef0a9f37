package dev.limitto.jira.token;

import dev.limitto.engine.Limits;
import dev.limitto.engine.RuleSet;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of the token subsystem: immutable, with documented defaults. Start from {@link
 * #defaults()} or {@link #builder()}, or read them from a {@code jira-config.properties}-style file
 * with {@link #load(Path)}. Every error names the property to fix.
 *
 * <table>
 *   <caption>Properties</caption>
 *   <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #SECURE_MODE}</td><td>false</td><td>secure mode: secrets shown once, never
 *       stored, tokens immutable</td></tr>
 *   <tr><td>{@value #MAX_LIFETIME}</td><td>365d</td><td>longest expiry allowed; {@code 0} for
 *       none</td></tr>
 *   <tr><td>{@value #ALLOW_UNBOUND}</td><td>false</td><td>allow tokens without owner (Basic auth
 *       only)</td></tr>
 *   <tr><td>{@value #AUTH_TYPE}</td><td>BASIC</td><td>BASIC, BEARER or BOTH</td></tr>
 *   <tr><td>{@value #POLL_INTERVAL}</td><td>2s</td><td>how often each node polls the store for
 *       changes (revocations by other nodes are seen within this time)</td></tr>
 *   <tr><td>{@value #MAX_STALENESS}</td><td>10s</td><td>when the store could not be polled for
 *       longer, every token is refused (fail closed)</td></tr>
 *   <tr><td>{@value #NEGATIVE_TTL}</td><td>5s</td><td>how long an unknown token is remembered as
 *       unknown</td></tr>
 *   <tr><td>{@value #NEGATIVE_MAX}</td><td>10000</td><td>most unknown tokens remembered</td></tr>
 *   <tr><td>{@value #MAX_LOOKUPS}</td><td>4</td><td>most concurrent store look-ups for tokens not
 *       in memory; more are refused</td></tr>
 *   <tr><td>{@value #USAGE_FLUSH}</td><td>30s</td><td>how often usage counts are written</td></tr>
 *   <tr><td>{@value #BASE_URL}</td><td>{@value #DEFAULT_BASE_URL}</td>
 *       <td>base URL the restrictions are compiled with</td></tr>
 *   <tr><td>{@value #CREATE_SELF_GROUPS}</td><td>(none)</td><td>groups whose members may create
 *       tokens for themselves (see {@link CreationPolicy})</td></tr>
 *   <tr><td>{@value #CREATE_OTHERS_GROUPS}</td><td>(none)</td><td>groups whose members may
 *       create tokens for any user</td></tr>
 *   <tr><td>{@value #GROUP_MAX_LIFETIME}</td><td>(none)</td><td>{@code GROUP:DURATION, …}: the
 *       longest lifetime a member of a group may give</td></tr>
 *   <tr><td>{@value #MAX_ACTIVE_PER_USER}</td><td>0</td><td>most active tokens one user may
 *       own; {@code 0} for no maximum</td></tr>
 *   <tr><td>{@value #RATE_LIMIT_SCOPE}</td><td>node</td><td>{@code node}: each node keeps its
 *       own bucket per token; {@code cluster}: one bucket per token in the shared PostgreSQL
 *       store (see {@link SharedRateLimits})</td></tr>
 * </table>
 *
 * <p>Durations are written {@code 500ms}, {@code 2s}, {@code 15m}, {@code 12h}, {@code 30d} or as
 * ISO-8601 ({@code PT2S}).
 *
 * <p>Only the keys above are accepted in this subsystem's namespaces, {@code limitto.token.} and
 * {@code extender.token.}: any other key there is refused with the nearest known key ("did you
 * mean"), and so is a key outside them that is within two edits of a known key (a misspelt
 * namespace). Every other key of the file (Jira's own, other apps') is left alone.
 */
public final class TokenSettings {

  /** How a token is presented. */
  public enum AuthType {
    /** User name or e-mail as Basic user, token as Basic password. */
    BASIC,
    /** {@code Authorization: Bearer <token>}. */
    BEARER,
    /** Either. */
    BOTH
  }

  /** Where a token's rate-limit bucket lives ({@value #RATE_LIMIT_SCOPE}). */
  public enum RateLimitScope {
    /** In each node's memory: a cluster of N nodes allows up to N times a token's rate. */
    NODE,
    /** In the shared PostgreSQL store: every node draws from the same bucket. */
    CLUSTER
  }

  public static final String SECURE_MODE = "extender.token.secure.mode";
  public static final String MAX_LIFETIME = "limitto.token.max.lifetime";
  public static final String ALLOW_UNBOUND = "limitto.token.allow.unbound";
  public static final String AUTH_TYPE = "limitto.token.auth.type";
  public static final String POLL_INTERVAL = "limitto.token.revocation.poll.interval";
  public static final String MAX_STALENESS = "limitto.token.cache.max.staleness";
  public static final String NEGATIVE_TTL = "limitto.token.negative.cache.ttl";
  public static final String NEGATIVE_MAX = "limitto.token.negative.cache.max.entries";
  public static final String MAX_LOOKUPS = "limitto.token.store.max.concurrent.lookups";
  public static final String USAGE_FLUSH = "limitto.token.usage.flush.interval";
  public static final String BASE_URL = "limitto.token.base.url";
  public static final String CREATE_SELF_GROUPS = "limitto.token.create.self.groups";
  public static final String CREATE_OTHERS_GROUPS = "limitto.token.create.others.groups";
  public static final String GROUP_MAX_LIFETIME = "limitto.token.group.max.lifetime";
  public static final String MAX_ACTIVE_PER_USER = "limitto.token.max.active.per.user";
  public static final String RATE_LIMIT_SCOPE = "limitto.token.rate.limit.scope";

  /**
   * The base URL used when none is configured: a Jira (or {@code ./limit-to serve}) on this
   * machine's port 8080. The engine itself has no default; this is the host's.
   */
  public static final String DEFAULT_BASE_URL = "http://localhost:8080";

  static final Set<String> KNOWN =
      Set.of(SECURE_MODE, MAX_LIFETIME, ALLOW_UNBOUND, AUTH_TYPE, POLL_INTERVAL, MAX_STALENESS,
          NEGATIVE_TTL, NEGATIVE_MAX, MAX_LOOKUPS, USAGE_FLUSH, BASE_URL, CREATE_SELF_GROUPS,
          CREATE_OTHERS_GROUPS, GROUP_MAX_LIFETIME, MAX_ACTIVE_PER_USER, RATE_LIMIT_SCOPE);
  /** Key prefixes that belong to this subsystem: every key under them must be known. */
  static final List<String> NAMESPACES = List.of("limitto.token.", "extender.token.");
  /** A key outside the namespaces this close to a known key is a misspelt namespace. */
  private static final int MAX_NAMESPACE_EDITS = 2;

  /** An unknown key of our namespaces, with the nearest known one. */
  public static final String ERR_UNKNOWN = "unknown setting %s (did you mean %s?)";
  /** An unknown key of our namespaces that is not close to any known one. */
  public static final String ERR_UNKNOWN_NO_SUGGESTION = "unknown setting %s (known settings: %s)";
  /** Prefix of an error found in a settings file: the file and the 1-based line of the key. */
  static final String ERR_AT = "%s:%d: %s";
  static final String ERR_BOOLEAN = "%s: '%s' is not true or false";
  public static final String ERR_DURATION = "%s: '%s' is not a duration (e.g. 500ms, 2s, 15m, 12h, 30d)";
  static final String ERR_INTEGER = "%s: '%s' is not a whole number";
  static final String ERR_AUTH_TYPE = "%s: '%s' is not BASIC, BEARER or BOTH";
  static final String ERR_RATE_LIMIT_SCOPE = "%s: '%s' is not node or cluster";
  static final String ERR_POSITIVE = "%s must be positive, was %s";
  static final String ERR_NEGATIVE = "%s must not be negative, was %s";
  static final String ERR_STALENESS =
      "%s (%s) must be at least %s (%s): otherwise every token is refused between two polls";
  static final String ERR_READ = "cannot read settings file %s: %s";

  private static final TokenSettings DEFAULTS = builder().build();

  private final boolean secureMode;
  private final Duration maxLifetime;
  private final boolean allowUnbound;
  private final AuthType authType;
  private final Duration revocationPollInterval;
  private final Duration cacheMaxStaleness;
  private final Duration negativeCacheTtl;
  private final int negativeCacheMaxEntries;
  private final int maxConcurrentStoreLookups;
  private final Duration usageFlushInterval;
  private final String baseUrl;
  private final Limits limits;
  private final CreationPolicy creation;
  private final RateLimitScope rateLimitScope;

  private TokenSettings(Builder b) {
    this.secureMode = b.secureMode;
    this.maxLifetime = b.maxLifetime;
    this.allowUnbound = b.allowUnbound;
    this.authType = b.authType;
    this.revocationPollInterval = b.revocationPollInterval;
    this.cacheMaxStaleness = b.cacheMaxStaleness;
    this.negativeCacheTtl = b.negativeCacheTtl;
    this.negativeCacheMaxEntries = b.negativeCacheMaxEntries;
    this.maxConcurrentStoreLookups = b.maxConcurrentStoreLookups;
    this.usageFlushInterval = b.usageFlushInterval;
    this.baseUrl = b.baseUrl;
    this.limits = b.limits;
    this.creation = b.creation;
    this.rateLimitScope = b.rateLimitScope;
  }

  /** Every setting at its documented default. */
  public static TokenSettings defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.secureMode = secureMode;
    b.maxLifetime = maxLifetime;
    b.allowUnbound = allowUnbound;
    b.authType = authType;
    b.revocationPollInterval = revocationPollInterval;
    b.cacheMaxStaleness = cacheMaxStaleness;
    b.negativeCacheTtl = negativeCacheTtl;
    b.negativeCacheMaxEntries = negativeCacheMaxEntries;
    b.maxConcurrentStoreLookups = maxConcurrentStoreLookups;
    b.usageFlushInterval = usageFlushInterval;
    b.baseUrl = baseUrl;
    b.limits = limits;
    b.creation = creation;
    b.rateLimitScope = rateLimitScope;
    return b;
  }

  /**
   * Reads settings from a {@code jira-config.properties}-style file; a missing file means the
   * defaults.
   *
   * @throws IllegalArgumentException naming the property, when a value is invalid
   */
  public static TokenSettings load(Path file) {
    if (!Files.exists(file)) {
      return defaults();
    }
    Properties p = new Properties();
    List<String> lines;
    try {
      // read once, parsed by Properties itself, so that values are exactly what Jira reads
      String text = Files.readString(file, StandardCharsets.ISO_8859_1);
      p.load(new StringReader(text));
      lines = text.lines().toList();
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(String.format(ERR_READ, file, e.getMessage()), e);
    }
    try {
      return fromProperties(p);
    } catch (SettingException e) {
      Integer line = keyLines(lines).get(e.key);
      throw new IllegalArgumentException(line == null
          ? file + ": " + e.getMessage()
          : String.format(ERR_AT, file, line, e.getMessage()));
    }
  }

  /**
   * The 1-based line where each key of a properties text is defined (its last definition, which
   * is the one {@link Properties} keeps). Each logical line is parsed by {@link Properties}
   * itself, so escapes and continuations are read exactly as for the values.
   */
  static Map<String, Integer> keyLines(List<String> lines) {
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int start = i;
      String first = lines.get(i).stripLeading();
      if (first.isEmpty() || first.charAt(0) == '#' || first.charAt(0) == '!') {
        continue; // blank or comment: a comment line never continues
      }
      StringBuilder logical = new StringBuilder(lines.get(i));
      while (continues(lines.get(i)) && i + 1 < lines.size()) {
        i++;
        logical.append('\n').append(lines.get(i));
      }
      Properties one = new Properties();
      try {
        one.load(new StringReader(logical.toString()));
      } catch (IOException | IllegalArgumentException e) {
        continue; // the whole file loaded, so this cannot happen; the line is just not named
      }
      for (String key : one.stringPropertyNames()) {
        at.put(key, start + 1);
      }
    }
    return at;
  }

  /** Whether a natural line ends with an odd number of backslashes, i.e. continues. */
  private static boolean continues(String line) {
    int n = 0;
    for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }

  /**
   * Reads settings from properties; absent properties keep their defaults.
   *
   * @throws IllegalArgumentException naming the property, when a value is invalid
   */
  public static TokenSettings fromProperties(Properties p) {
    for (String name : new TreeSet<>(p.stringPropertyNames())) {
      checkKnown(name);
    }
    try {
      return read(p);
    } catch (SettingException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      // a value the builder refused (e.g. negative): it names the property in its message
      throw new SettingException(keyNamedIn(p, e.getMessage()), e.getMessage());
    }
  }

  /** Refuses an unknown key of our namespaces, or one that looks like a misspelt known key. */
  private static void checkKnown(String name) {
    if (KNOWN.contains(name)) {
      return;
    }
    boolean ours = NAMESPACES.stream().anyMatch(name::startsWith);
    String nearest = null;
    int best = Integer.MAX_VALUE;
    for (String known : new TreeSet<>(KNOWN)) {
      int d = distance(name, known);
      if (d < best) {
        best = d;
        nearest = known;
      }
    }
    if (ours && best <= suggestionLimit(nearest)) {
      throw new SettingException(name, String.format(ERR_UNKNOWN, name, nearest));
    }
    if (ours) {
      throw new SettingException(name, String.format(ERR_UNKNOWN_NO_SUGGESTION, name,
          String.join(", ", new TreeSet<>(KNOWN))));
    }
    if (best <= MAX_NAMESPACE_EDITS) {
      throw new SettingException(name, String.format(ERR_UNKNOWN, name, nearest));
    }
  }

  /** How far a key may be from a known one to be suggested: a third of its last part, at least 2. */
  private static int suggestionLimit(String known) {
    String tail = NAMESPACES.stream().filter(known::startsWith).findFirst()
        .map(ns -> known.substring(ns.length())).orElse(known);
    return Math.max(2, tail.length() / 3);
  }

  /**
   * Edit distance between a key and a known key: of the whole keys, or of the parts after the
   * namespace plus one (so that a key written in the other namespace is still recognised).
   */
  static int distance(String key, String known) {
    int d = levenshtein(key, known);
    for (String ns : NAMESPACES) {
      for (String other : NAMESPACES) {
        if (key.startsWith(ns) && known.startsWith(other)) {
          d = Math.min(d, levenshtein(key.substring(ns.length()),
              known.substring(other.length())) + 1);
        }
      }
    }
    return d;
  }

  private static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** The known key of {@code p} that an error message names, or null. */
  private static String keyNamedIn(Properties p, String message) {
    String named = null;
    for (String key : KNOWN) {
      if (p.getProperty(key) != null && message.contains(key)
          && (named == null || message.indexOf(key) < message.indexOf(named))) {
        named = key;
      }
    }
    return named;
  }

  private static TokenSettings read(Properties p) {
    Builder b = builder();
    String v;
    if ((v = value(p, SECURE_MODE)) != null) {
      b.secureMode(bool(SECURE_MODE, v));
    }
    if ((v = value(p, MAX_LIFETIME)) != null) {
      b.maxLifetime(setting(MAX_LIFETIME, v));
    }
    if ((v = value(p, ALLOW_UNBOUND)) != null) {
      b.allowUnbound(bool(ALLOW_UNBOUND, v));
    }
    if ((v = value(p, AUTH_TYPE)) != null) {
      try {
        b.authType(AuthType.valueOf(v.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new SettingException(AUTH_TYPE, String.format(ERR_AUTH_TYPE, AUTH_TYPE, v));
      }
    }
    if ((v = value(p, POLL_INTERVAL)) != null) {
      b.revocationPollInterval(setting(POLL_INTERVAL, v));
    }
    if ((v = value(p, MAX_STALENESS)) != null) {
      b.cacheMaxStaleness(setting(MAX_STALENESS, v));
    }
    if ((v = value(p, NEGATIVE_TTL)) != null) {
      b.negativeCacheTtl(setting(NEGATIVE_TTL, v));
    }
    if ((v = value(p, NEGATIVE_MAX)) != null) {
      b.negativeCacheMaxEntries(integer(NEGATIVE_MAX, v));
    }
    if ((v = value(p, MAX_LOOKUPS)) != null) {
      b.maxConcurrentStoreLookups(integer(MAX_LOOKUPS, v));
    }
    if ((v = value(p, USAGE_FLUSH)) != null) {
      b.usageFlushInterval(setting(USAGE_FLUSH, v));
    }
    if ((v = value(p, BASE_URL)) != null) {
      b.baseUrl(v);
    }
    if ((v = value(p, RATE_LIMIT_SCOPE)) != null) {
      b.rateLimitScope(rateLimitScope(v));
    }
    readCreation(p, b);
    return b.build();
  }

  /** The settings of {@link CreationPolicy}, read together: they are checked against each other. */
  private static void readCreation(Properties p, Builder b) {
    String self = value(p, CREATE_SELF_GROUPS);
    String others = value(p, CREATE_OTHERS_GROUPS);
    String lifetimes = value(p, GROUP_MAX_LIFETIME);
    String max = value(p, MAX_ACTIVE_PER_USER);
    if (self == null && others == null && lifetimes == null && max == null) {
      return;
    }
    List<String> selfGroups = List.of();
    List<String> othersGroups = List.of();
    Map<String, Duration> groupLifetimes = Map.of();
    try {
      if (self != null) {
        selfGroups = CreationPolicy.parseGroups(CREATE_SELF_GROUPS, self);
      }
      if (others != null) {
        othersGroups = CreationPolicy.parseGroups(CREATE_OTHERS_GROUPS, others);
      }
      if (lifetimes != null) {
        groupLifetimes = CreationPolicy.parseLifetimes(GROUP_MAX_LIFETIME, lifetimes);
      }
    } catch (IllegalArgumentException e) {
      throw new SettingException(keyNamedIn(p, e.getMessage()), e.getMessage());
    }
    int maxActive = max == null ? 0 : integer(MAX_ACTIVE_PER_USER, max);
    b.creation(CreationPolicy.of(selfGroups, othersGroups, groupLifetimes, maxActive));
  }

  private static RateLimitScope rateLimitScope(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "node" -> RateLimitScope.NODE;
      case "cluster" -> RateLimitScope.CLUSTER;
      default -> throw new SettingException(RATE_LIMIT_SCOPE,
          String.format(ERR_RATE_LIMIT_SCOPE, RATE_LIMIT_SCOPE, v));
    };
  }

  /** A duration setting; an error names the key, so that a file can name its line. */
  private static Duration setting(String name, String v) {
    try {
      return duration(name, v);
    } catch (IllegalArgumentException e) {
      throw new SettingException(name, e.getMessage());
    }
  }

  /** An invalid setting, with the key it is about (null when none), for {@link #load}. */
  private static final class SettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    final String key;

    SettingException(String key, String message) {
      super(message);
      this.key = key;
    }
  }

  private static String value(Properties p, String name) {
    String v = p.getProperty(name);
    return v == null ? null : v.strip();
  }

  private static boolean bool(String name, String v) {
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new SettingException(name, String.format(ERR_BOOLEAN, name, v));
  }

  private static int integer(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new SettingException(name, String.format(ERR_INTEGER, name, v));
    }
  }

  /**
   * Parses a duration as the settings file writes it ({@code 500ms}, {@code 2s}, {@code 15m},
   * {@code 12h}, {@code 30d}, {@code 0} or ISO-8601), e.g. for a command line's {@code
   * --expires-in}.
   *
   * @param name what the value is, named in the error message
   * @throws IllegalArgumentException ({@link #ERR_DURATION}) when the text is not a duration
   */
  public static Duration parseDuration(String name, String text) {
    return duration(name, text);
  }

  static Duration duration(String name, String v) {
    String s = v.strip().toLowerCase(Locale.ROOT);
    try {
      if (s.equals("0")) {
        return Duration.ZERO;
      }
      if (s.startsWith("p")) {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      }
      int unitAt = 0;
      while (unitAt < s.length() && Character.isDigit(s.charAt(unitAt))) {
        unitAt++;
      }
      if (unitAt == 0 || unitAt > 12) {
        throw new IllegalArgumentException(String.format(ERR_DURATION, name, v));
      }
      long n = Long.parseLong(s.substring(0, unitAt));
      switch (s.substring(unitAt)) {
        case "ms":
          return Duration.ofMillis(n);
        case "s":
          return Duration.ofSeconds(n);
        case "m":
          return Duration.ofMinutes(n);
        case "h":
          return Duration.ofHours(n);
        case "d":
          return Duration.ofDays(n);
        default:
          throw new IllegalArgumentException(String.format(ERR_DURATION, name, v));
      }
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(String.format(ERR_DURATION, name, v));
    }
  }

  /** Secure mode ({@value #SECURE_MODE}); default false. */
  public boolean secureMode() {
    return secureMode;
  }

  /** Longest expiry allowed from creation ({@value #MAX_LIFETIME}); zero for none; default 365 days. */
  public Duration maxLifetime() {
    return maxLifetime;
  }

  /** Whether unbound tokens may be created and used ({@value #ALLOW_UNBOUND}); default false. */
  public boolean allowUnbound() {
    return allowUnbound;
  }

  /** How tokens are presented ({@value #AUTH_TYPE}); default BASIC. */
  public AuthType authType() {
    return authType;
  }

  /** How often the store is polled for changes ({@value #POLL_INTERVAL}); default 2 s. */
  public Duration revocationPollInterval() {
    return revocationPollInterval;
  }

  /** Oldest successful poll still trusted ({@value #MAX_STALENESS}); default 10 s. */
  public Duration cacheMaxStaleness() {
    return cacheMaxStaleness;
  }

  /** How long an unknown token is remembered as unknown ({@value #NEGATIVE_TTL}); default 5 s. */
  public Duration negativeCacheTtl() {
    return negativeCacheTtl;
  }

  /** Most unknown tokens remembered ({@value #NEGATIVE_MAX}); default 10000. */
  public int negativeCacheMaxEntries() {
    return negativeCacheMaxEntries;
  }

  /** Most concurrent store look-ups for tokens not in memory ({@value #MAX_LOOKUPS}); default 4. */
  public int maxConcurrentStoreLookups() {
    return maxConcurrentStoreLookups;
  }

  /** How often usage counters are written to the store ({@value #USAGE_FLUSH}); default 30 s. */
  public Duration usageFlushInterval() {
    return usageFlushInterval;
  }

  /** Base URL restrictions are compiled with ({@value #BASE_URL}). */
  public String baseUrl() {
    return baseUrl;
  }

  /** Limits restrictions are compiled with; default {@link Limits#defaults()}. */
  public Limits limits() {
    return limits;
  }

  /**
   * Who may create tokens besides administrators, with per-group lifetimes and the maximum of
   * active tokens per user; default {@link CreationPolicy#NONE} (administrators only, no maximum).
   */
  public CreationPolicy creation() {
    return creation;
  }

  /**
   * Where each token's rate-limit bucket lives ({@value #RATE_LIMIT_SCOPE}); default {@link
   * RateLimitScope#NODE}.
   */
  public RateLimitScope rateLimitScope() {
    return rateLimitScope;
  }

  @Override
  public String toString() {
    return "TokenSettings{secureMode=" + secureMode + ", maxLifetime=" + maxLifetime
        + ", allowUnbound=" + allowUnbound + ", authType=" + authType
        + ", revocationPollInterval=" + revocationPollInterval
        + ", cacheMaxStaleness=" + cacheMaxStaleness + ", negativeCacheTtl=" + negativeCacheTtl
        + ", negativeCacheMaxEntries=" + negativeCacheMaxEntries
        + ", maxConcurrentStoreLookups=" + maxConcurrentStoreLookups
        + ", usageFlushInterval=" + usageFlushInterval + ", baseUrl=" + baseUrl
        + ", creation=" + creation + ", rateLimitScope=" + rateLimitScope + "}";
  }

  /** Builds {@link TokenSettings}; starts at the defaults. */
  public static final class Builder {
    private boolean secureMode;
    private Duration maxLifetime = Duration.ofDays(365);
    private boolean allowUnbound;
    private AuthType authType = AuthType.BASIC;
    private Duration revocationPollInterval = Duration.ofSeconds(2);
    private Duration cacheMaxStaleness = Duration.ofSeconds(10);
    private Duration negativeCacheTtl = Duration.ofSeconds(5);
    private int negativeCacheMaxEntries = 10_000;
    private int maxConcurrentStoreLookups = 4;
    private Duration usageFlushInterval = Duration.ofSeconds(30);
    private String baseUrl = DEFAULT_BASE_URL;
    private Limits limits = Limits.defaults();
    private CreationPolicy creation = CreationPolicy.NONE;
    private RateLimitScope rateLimitScope = RateLimitScope.NODE;

    private Builder() {}

    public Builder secureMode(boolean v) {
      secureMode = v;
      return this;
    }

    /** Zero for no maximum. */
    public Builder maxLifetime(Duration v) {
      maxLifetime = nonNegative(MAX_LIFETIME, v);
      return this;
    }

    public Builder allowUnbound(boolean v) {
      allowUnbound = v;
      return this;
    }

    public Builder authType(AuthType v) {
      authType = Objects.requireNonNull(v, AUTH_TYPE);
      return this;
    }

    public Builder revocationPollInterval(Duration v) {
      revocationPollInterval = positive(POLL_INTERVAL, v);
      return this;
    }

    public Builder cacheMaxStaleness(Duration v) {
      cacheMaxStaleness = positive(MAX_STALENESS, v);
      return this;
    }

    public Builder negativeCacheTtl(Duration v) {
      negativeCacheTtl = nonNegative(NEGATIVE_TTL, v);
      return this;
    }

    public Builder negativeCacheMaxEntries(int v) {
      if (v < 0) {
        throw new IllegalArgumentException(String.format(ERR_NEGATIVE, NEGATIVE_MAX, v));
      }
      negativeCacheMaxEntries = v;
      return this;
    }

    public Builder maxConcurrentStoreLookups(int v) {
      if (v <= 0) {
        throw new IllegalArgumentException(String.format(ERR_POSITIVE, MAX_LOOKUPS, v));
      }
      maxConcurrentStoreLookups = v;
      return this;
    }

    public Builder usageFlushInterval(Duration v) {
      usageFlushInterval = positive(USAGE_FLUSH, v);
      return this;
    }

    public Builder baseUrl(String v) {
      baseUrl = Objects.requireNonNull(v, BASE_URL);
      return this;
    }

    public Builder limits(Limits v) {
      limits = Objects.requireNonNull(v, "limits");
      return this;
    }

    /** Who may create tokens; see {@link CreationPolicy#of}. */
    public Builder creation(CreationPolicy v) {
      creation = Objects.requireNonNull(v, "creation");
      return this;
    }

    /** Where rate-limit buckets live; {@link RateLimitScope#CLUSTER} needs PostgreSQL. */
    public Builder rateLimitScope(RateLimitScope v) {
      rateLimitScope = Objects.requireNonNull(v, RATE_LIMIT_SCOPE);
      return this;
    }

    /**
     * @throws IllegalArgumentException when the staleness bound is shorter than the poll interval
     */
    public TokenSettings build() {
      if (cacheMaxStaleness.compareTo(revocationPollInterval) < 0) {
        throw new IllegalArgumentException(
            String.format(ERR_STALENESS, MAX_STALENESS, cacheMaxStaleness, POLL_INTERVAL,
                revocationPollInterval));
      }
      return new TokenSettings(this);
    }

    private static Duration positive(String name, Duration v) {
      Objects.requireNonNull(v, name);
      if (v.isNegative() || v.isZero()) {
        throw new IllegalArgumentException(String.format(ERR_POSITIVE, name, v));
      }
      return v;
    }

    private static Duration nonNegative(String name, Duration v) {
      Objects.requireNonNull(v, name);
      if (v.isNegative()) {
        throw new IllegalArgumentException(String.format(ERR_NEGATIVE, name, v));
      }
      return v;
    }
  }
}
