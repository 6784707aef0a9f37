package dev.limitto.jira.token;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who may create tokens besides the administrators: the groups whose members may create tokens
 * for themselves ({@value TokenSettings#CREATE_SELF_GROUPS}) and for other users ({@value
 * TokenSettings#CREATE_OTHERS_GROUPS}), a maximum lifetime per group ({@value
 * TokenSettings#GROUP_MAX_LIFETIME}), and the most active tokens one user may own ({@value
 * TokenSettings#MAX_ACTIVE_PER_USER}). Part of {@link TokenSettings}; immutable.
 *
 * <p>{@link #NONE}, the default, is today's behaviour: only administrators create tokens, with no
 * maximum of tokens per user. Group names are compared ignoring case, as Jira does.
 */
public final class CreationPolicy {

  /** No group may create tokens; no maximum of active tokens per user. */
  public static final CreationPolicy NONE =
      new CreationPolicy(List.of(), List.of(), Map.of(), 0);

  static final String ERR_GROUP_CONTROL = "%s: group name %s contains a control character";
  static final String ERR_LIFETIME_ENTRY =
      "%s: '%s' is not GROUP:DURATION (e.g. jira-users:30d, ci-admins:365d)";
  static final String ERR_LIFETIME_TWICE = "%s: group %s is given twice";
  static final String ERR_LIFETIME_ZERO = "%s: the lifetime of group %s must be positive, was %s";
  static final String ERR_LIFETIME_UNKNOWN_GROUP =
      "%s: group %s may not create tokens (it is in neither " + TokenSettings.CREATE_SELF_GROUPS
          + " nor " + TokenSettings.CREATE_OTHERS_GROUPS + "), so a lifetime for it has no effect";

  private final List<String> selfGroups;
  private final List<String> othersGroups;
  /** Lower-cased group name to its lifetime, in the order written. */
  private final Map<String, Duration> lifetimes;
  /** Lower-cased group name to the name as written. */
  private final Map<String, String> lifetimeNames;
  private final int maxActivePerUser;

  private CreationPolicy(List<String> selfGroups, List<String> othersGroups,
      Map<String, Duration> lifetimes, int maxActivePerUser) {
    this.selfGroups = List.copyOf(selfGroups);
    this.othersGroups = List.copyOf(othersGroups);
    Map<String, Duration> l = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    for (Map.Entry<String, Duration> e : lifetimes.entrySet()) {
      l.put(key(e.getKey()), e.getValue());
      names.put(key(e.getKey()), e.getKey());
    }
    this.lifetimes = Collections.unmodifiableMap(l);
    this.lifetimeNames = Collections.unmodifiableMap(names);
    this.maxActivePerUser = maxActivePerUser;
  }

  /**
   * A policy; checked as {@link TokenSettings.Builder#build()} does.
   *
   * @param selfGroups groups whose members may create tokens for themselves
   * @param othersGroups groups whose members may create tokens for any user, themselves included
   * @param lifetimes the longest lifetime a member of a group may give, by group
   * @param maxActivePerUser most active tokens one user may own; 0 for no maximum
   * @throws IllegalArgumentException naming the setting, for a bad value
   */
  public static CreationPolicy of(List<String> selfGroups, List<String> othersGroups,
      Map<String, Duration> lifetimes, int maxActivePerUser) {
    Objects.requireNonNull(selfGroups, TokenSettings.CREATE_SELF_GROUPS);
    Objects.requireNonNull(othersGroups, TokenSettings.CREATE_OTHERS_GROUPS);
    Objects.requireNonNull(lifetimes, TokenSettings.GROUP_MAX_LIFETIME);
    List<String> self = groups(TokenSettings.CREATE_SELF_GROUPS, selfGroups);
    List<String> others = groups(TokenSettings.CREATE_OTHERS_GROUPS, othersGroups);
    if (maxActivePerUser < 0) {
      throw new IllegalArgumentException(String.format(TokenSettings.ERR_NEGATIVE,
          TokenSettings.MAX_ACTIVE_PER_USER, maxActivePerUser));
    }
    Set<String> creating = new LinkedHashSet<>();
    self.forEach(g -> creating.add(key(g)));
    others.forEach(g -> creating.add(key(g)));
    Set<String> seen = new LinkedHashSet<>();
    for (Map.Entry<String, Duration> e : lifetimes.entrySet()) {
      String g = e.getKey().strip();
      Duration d = Objects.requireNonNull(e.getValue(), TokenSettings.GROUP_MAX_LIFETIME);
      checkGroup(TokenSettings.GROUP_MAX_LIFETIME, g);
      if (!seen.add(key(g))) {
        throw new IllegalArgumentException(
            String.format(ERR_LIFETIME_TWICE, TokenSettings.GROUP_MAX_LIFETIME, g));
      }
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(String.format(ERR_LIFETIME_ZERO,
            TokenSettings.GROUP_MAX_LIFETIME, g, DurationText.format(d)));
      }
      if (!creating.contains(key(g))) {
        throw new IllegalArgumentException(
            String.format(ERR_LIFETIME_UNKNOWN_GROUP, TokenSettings.GROUP_MAX_LIFETIME, g));
      }
    }
    if (self.isEmpty() && others.isEmpty() && lifetimes.isEmpty() && maxActivePerUser == 0) {
      return NONE;
    }
    return new CreationPolicy(self, others, lifetimes, maxActivePerUser);
  }

  /** A comma-separated group list as the settings file writes it; blank entries are skipped. */
  static List<String> parseGroups(String setting, String text) {
    List<String> out = new ArrayList<>();
    for (String g : text.split(",")) {
      if (!g.isBlank()) {
        out.add(g.strip());
      }
    }
    return groups(setting, out);
  }

  /**
   * {@code GROUP:DURATION, …} as the settings file writes it; the group is everything before the
   * last colon, so a group name may contain colons (not commas).
   */
  static Map<String, Duration> parseLifetimes(String setting, String text) {
    Map<String, Duration> out = new LinkedHashMap<>();
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int colon = entry.lastIndexOf(':');
      String group = colon < 0 ? "" : entry.substring(0, colon).strip();
      if (group.isEmpty()) {
        throw new IllegalArgumentException(
            String.format(ERR_LIFETIME_ENTRY, setting, entry.strip()));
      }
      Duration d = TokenSettings.duration(setting, entry.substring(colon + 1));
      if (out.keySet().stream().anyMatch(group::equalsIgnoreCase)) {
        throw new IllegalArgumentException(String.format(ERR_LIFETIME_TWICE, setting, group));
      }
      out.put(group, d);
    }
    return out;
  }

  private static List<String> groups(String setting, List<String> in) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String g : in) {
      String s = Objects.requireNonNull(g, setting).strip();
      if (s.isEmpty()) {
        continue;
      }
      checkGroup(setting, s);
      out.putIfAbsent(key(s), s);
    }
    return List.copyOf(out.values());
  }

  private static void checkGroup(String setting, String g) {
    if (g.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(String.format(ERR_GROUP_CONTROL, setting,
          g.replaceAll("\\p{Cntrl}", "?")));
    }
  }

  static String key(String group) {
    return group.strip().toLowerCase(Locale.ROOT);
  }

  /** Groups whose members may create tokens for themselves ({@value TokenSettings#CREATE_SELF_GROUPS}). */
  public List<String> selfGroups() {
    return selfGroups;
  }

  /**
   * Groups whose members may create tokens for any user, themselves included ({@value
   * TokenSettings#CREATE_OTHERS_GROUPS}).
   */
  public List<String> othersGroups() {
    return othersGroups;
  }

  /** The maximum lifetime of each group that has one ({@value TokenSettings#GROUP_MAX_LIFETIME}). */
  public Map<String, Duration> lifetimes() {
    Map<String, Duration> out = new LinkedHashMap<>();
    lifetimes.forEach((k, v) -> out.put(lifetimeNames.get(k), v));
    return Collections.unmodifiableMap(out);
  }

  /** The lifetime written for a group, or null when none is. */
  Duration lifetimeOf(String group) {
    return lifetimes.get(key(group));
  }

  /** Most active tokens one user may own ({@value TokenSettings#MAX_ACTIVE_PER_USER}); 0 for none. */
  public int maxActivePerUser() {
    return maxActivePerUser;
  }

  /** Whether any user who is not an administrator may create tokens. */
  public boolean allowsNonAdmins() {
    return !selfGroups.isEmpty() || !othersGroups.isEmpty();
  }

  @Override
  public String toString() {
    return "CreationPolicy{self=" + selfGroups + ", others=" + othersGroups + ", lifetimes="
        + lifetimes() + ", maxActivePerUser=" + maxActivePerUser + "}";
  }
}
