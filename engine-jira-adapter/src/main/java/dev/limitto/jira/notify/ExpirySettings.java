package dev.limitto.jira.notify;

import dev.limitto.jira.token.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * When to warn of a token's expiry and who else gets every warning: the {@value #PREFIX} keys,
 * read the same way by the standalone server (next to its SMTP settings) and by the Jira app
 * (from Jira's {@code jira-config.properties}; the mail goes through Jira's mail queue there).
 *
 * @param thresholds how long before expiry to warn ({@value #BEFORE}; default {@code 7d,1d})
 * @param admins addresses that receive every warning too ({@value #ADMINS}; default none)
 */
public record ExpirySettings(List<Duration> thresholds, List<String> admins) {

  /** The namespace of these settings. */
  public static final String PREFIX = "limitto.expiry.";
  public static final String BEFORE = "limitto.expiry.warn.before";
  public static final String ADMINS = "limitto.expiry.warn.admins";
  /** Every key of {@value #PREFIX}. */
  public static final Set<String> KNOWN = Set.of(BEFORE, ADMINS);

  /** A key of the namespace that is not one of {@link #KNOWN}. */
  public static final String ERR_UNKNOWN = "unknown setting %s (known: %s)";
  /** A threshold that is not a positive duration. */
  public static final String ERR_THRESHOLD = BEFORE + ": '%s' is not a positive duration (e.g. 7d,1d)";
  /** An admin entry that is not an e-mail address. */
  public static final String ERR_ADMIN = ADMINS + ": '%s' is not an e-mail address";

  /** The defaults: 7 days and 1 day before, no admin addresses. */
  public static final ExpirySettings DEFAULTS =
      new ExpirySettings(ExpiryWarner.DEFAULT_THRESHOLDS, List.of());

  public ExpirySettings {
    thresholds = List.copyOf(thresholds);
    admins = List.copyOf(admins);
  }

  /**
   * Reads the {@value #PREFIX} keys of {@code p}; other keys are ignored.
   *
   * @throws IllegalArgumentException naming the key and the value that is wrong, or an unknown
   *     key of the namespace (a misspelt key would otherwise silently mean the default)
   */
  public static ExpirySettings from(Properties p) {
    for (String k : new TreeSet<>(p.stringPropertyNames())) {
      if (k.startsWith(PREFIX) && !KNOWN.contains(k)) {
        throw new IllegalArgumentException(
            String.format(ERR_UNKNOWN, k, String.join(", ", new TreeSet<>(KNOWN))));
      }
    }
    List<Duration> before = new ArrayList<>();
    String beforeText = p.getProperty(BEFORE);
    if (beforeText == null || beforeText.isBlank()) {
      before.addAll(DEFAULTS.thresholds());
    } else {
      for (String t : beforeText.split(",", -1)) {
        before.add(threshold(t.strip()));
      }
    }
    List<String> admins = new ArrayList<>();
    for (String a : p.getProperty(ADMINS, "").split(",")) {
      String s = a.strip();
      if (s.isEmpty()) {
        continue;
      }
      int at = s.indexOf('@');
      if (at < 1 || at != s.lastIndexOf('@') || at == s.length() - 1
          || s.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>' || c == ',' || c == ';')) {
        throw new IllegalArgumentException(String.format(ERR_ADMIN, s));
      }
      if (!admins.contains(s)) {
        admins.add(s);
      }
    }
    return new ExpirySettings(before, admins);
  }

  private static Duration threshold(String t) {
    Duration d;
    try {
      d = DurationText.parse(t);
    } catch (IllegalArgumentException e) {
      d = null;
    }
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(String.format(ERR_THRESHOLD, t));
    }
    return d;
  }
}
