package dev.limitto.jira.notify;

import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.store.WarningClaims;
import dev.limitto.jira.token.DurationText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the expiry warnings that are due and sends each once. A token gets a warning when it is
 * within a threshold of its expiry (by default 7 days and 1 day) and one when it has expired;
 * when several thresholds are due at once (a token created 3 days before its expiry) only the
 * nearest is sent and the others are claimed with it. Each warning is first claimed in the
 * store ({@link WarningClaims}), so that of the nodes of a cluster, which all run a warner, one
 * sends it. A warning whose delivery fails is logged and not sent again (at most once: never a
 * flood of mails from a retry loop). An extended expiry is a new one, warned of again.
 *
 * <p>Tokens that expired more than the largest threshold ago are not warned of (their owners
 * knew, or the token predates the warnings).
 */
public final class ExpiryWarner {

  private static final Logger LOG = LoggerFactory.getLogger(ExpiryWarner.class);

  /** The default thresholds. */
  public static final List<Duration> DEFAULT_THRESHOLDS =
      List.of(Duration.ofDays(7), Duration.ofDays(1));

  private final Supplier<List<StoredToken>> tokens;
  private final WarningClaims claims;
  private final ExpiryNotifier notifier;
  private final Function<String, Optional<String>> mailOf;
  private final List<String> admins;
  private final List<Duration> thresholds;
  private final String node;
  private final Clock clock;

  /**
   * @param tokens every token (e.g. {@code TokenService::list})
   * @param claims the store's warning claims
   * @param notifier delivers the warnings
   * @param mailOf the e-mail address of a user name, if any
   * @param admins addresses that receive every warning too
   * @param thresholds how long before expiry to warn (at least one, each positive)
   * @param node this node's name, recorded with its claims
   */
  public ExpiryWarner(Supplier<List<StoredToken>> tokens, WarningClaims claims,
      ExpiryNotifier notifier, Function<String, Optional<String>> mailOf, List<String> admins,
      List<Duration> thresholds, String node, Clock clock) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.claims = Objects.requireNonNull(claims, "claims");
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    this.mailOf = Objects.requireNonNull(mailOf, "mailOf");
    this.admins = List.copyOf(admins);
    List<Duration> t = new ArrayList<>(thresholds);
    if (t.isEmpty() || t.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
      throw new IllegalArgumentException("expiry warning thresholds must be positive durations");
    }
    t.sort(Comparator.reverseOrder());
    this.thresholds = List.copyOf(t);
    this.node = Objects.requireNonNull(node, "node");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Looks once for due warnings, claims and sends them.
   *
   * @return the warnings this node sent (or tried to send)
   */
  public List<ExpiryWarning> runOnce() {
    Instant now = clock.instant();
    List<ExpiryWarning> sent = new ArrayList<>();
    for (StoredToken t : tokens.get()) {
      Instant expires = t.expiresAt();
      if (t.isRevoked() || expires == null) {
        continue;
      }
      String due = due(expires, now);
      if (due == null) {
        continue;
      }
      if (!claimFrom(t, due, now)) {
        continue;
      }
      ExpiryWarning w = new ExpiryWarning(t.id(), t.label(), t.owner(), expires, due,
          recipients(t));
      if (w.recipients().isEmpty()) {
        LOG.warn("Limit-to: expiry warning {} of token {} has no recipient (owner without"
            + " e-mail, no admin addresses)", due, t.id());
        continue;
      }
      try {
        notifier.send(w);
        sent.add(w);
      } catch (RuntimeException e) {
        LOG.error("Limit-to: could not send expiry warning {} of token {}: {}", due, t.id(),
            e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    return sent;
  }

  /** The nearest due threshold ({@code expired} once expired), or null when none is due. */
  private String due(Instant expires, Instant now) {
    if (!now.isBefore(expires)) {
      return now.isAfter(expires.plus(thresholds.get(0))) ? null : ExpiryWarning.EXPIRED;
    }
    String due = null;
    for (Duration d : thresholds) { // largest first: the last one due is the nearest
      if (!now.isBefore(expires.minus(d))) {
        due = DurationText.format(d);
      }
    }
    return due;
  }

  /**
   * Claims {@code due} and every larger threshold of this expiry; true when {@code due} was this
   * node's to claim.
   */
  private boolean claimFrom(StoredToken t, String due, Instant now) {
    boolean mine = claims.claimWarning(t.id(), t.expiresAt(), due, node, now);
    if (mine) {
      for (Duration d : thresholds) {
        String name = DurationText.format(d);
        if (name.equals(due)) {
          break;
        }
        claims.claimWarning(t.id(), t.expiresAt(), name, node, now);
      }
    }
    return mine;
  }

  private List<String> recipients(StoredToken t) {
    Set<String> to = new LinkedHashSet<>();
    if (t.owner() != null) {
      mailOf.apply(t.owner()).ifPresent(to::add);
    }
    to.addAll(admins);
    return List.copyOf(to);
  }
}
