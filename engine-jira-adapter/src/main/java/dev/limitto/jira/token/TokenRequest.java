package dev.limitto.jira.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an admin asks for when creating a token. Build with {@link #builder()}; every check happens
 * in {@link TokenService#create}, which names the field and the limit on error. A request gives
 * either rules ({@link Builder#restrictions}) or asks explicitly for an unrestricted token
 * ({@link Builder#unrestricted()}).
 */
public final class TokenRequest {

  private final String owner;
  private final boolean unbound;
  private final String label;
  private final Instant expiresAt;
  private final Duration expiresIn;
  private final String restrictions;
  private final List<String> ipAllowList;
  private final boolean runAsAllowed;
  private final boolean unrestricted;
  private final boolean readOnly;
  private final dev.limitto.jira.store.TokenControls.RateLimit rateLimit;

  private TokenRequest(Builder b) {
    this.readOnly = b.readOnly;
    this.rateLimit = b.rateLimit;
    this.owner = b.owner;
    this.unbound = b.unbound;
    this.label = b.label;
    this.expiresAt = b.expiresAt;
    this.expiresIn = b.expiresIn;
    this.restrictions = b.restrictions;
    this.ipAllowList = List.copyOf(b.ipAllowList);
    this.runAsAllowed = b.runAsAllowed;
    this.unrestricted = b.unrestricted;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether the token is read-only: its rules are intersected with "GET and HEAD only". */
  public boolean readOnly() {
    return readOnly;
  }

  /** The token's rate limit, or null for none. */
  public dev.limitto.jira.store.TokenControls.RateLimit rateLimit() {
    return rateLimit;
  }

  /** User name or e-mail of the owner; null for an unbound token. */
  public String owner() {
    return owner;
  }

  public boolean unbound() {
    return unbound;
  }

  public String label() {
    return label;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public Duration expiresIn() {
    return expiresIn;
  }

  public String restrictions() {
    return restrictions;
  }

  public List<String> ipAllowList() {
    return ipAllowList;
  }

  public boolean runAsAllowed() {
    return runAsAllowed;
  }

  /** Whether the admin asked for a token without rules (then {@link #restrictions()} is empty). */
  public boolean unrestricted() {
    return unrestricted;
  }

  /** Builds a {@link TokenRequest}. */
  public static final class Builder {
    private String owner;
    private boolean unbound;
    private String label = "";
    private Instant expiresAt;
    private Duration expiresIn;
    private String restrictions = "";
    private List<String> ipAllowList = List.of();
    private boolean runAsAllowed;
    private boolean unrestricted;

    private boolean readOnly;
    private dev.limitto.jira.store.TokenControls.RateLimit rateLimit;

    private Builder() {}

    /** The user the token authenticates as (user name, or an e-mail resolved to one). */
    public Builder owner(String v) {
      owner = v;
      return this;
    }

    /** A token without owner, usable by any user with Basic auth, if the admin allows it. */
    public Builder unbound() {
      unbound = true;
      return this;
    }

    public Builder label(String v) {
      label = Objects.requireNonNull(v, "label");
      return this;
    }

    /** Absolute expiry; exclusive with {@link #expiresIn}. */
    public Builder expiresAt(Instant v) {
      expiresAt = v;
      return this;
    }

    /** Expiry relative to creation; exclusive with {@link #expiresAt}. */
    public Builder expiresIn(Duration v) {
      expiresIn = v;
      return this;
    }

    /**
     * "Limit to" rule text. It must have at least one effective line (not blank, not a comment):
     * rule text without one would allow everything, and is refused by {@link TokenService#create}
     * with {@link EmptyRulesException}. For a token that may do anything, call {@link
     * #unrestricted()} instead.
     */
    public Builder restrictions(String v) {
      restrictions = Objects.requireNonNull(v, "restrictions");
      return this;
    }

    /** Addresses and CIDR ranges; empty (the default) for any address. */
    public Builder ipAllowList(List<String> v) {
      ipAllowList = Objects.requireNonNull(v, "ipAllowList");
      return this;
    }

    /** Whether the {@code contextUser} header may switch the effective user. */
    public Builder runAsAllowed(boolean v) {
      runAsAllowed = v;
      return this;
    }

    /**
     * Asks for a token without rules, which may make any request its owner may make. Exclusive
     * with {@link #restrictions}; without either, {@link TokenService#create} refuses the request.
     */
    public Builder unrestricted() {
      unrestricted = true;
      return this;
    }

    /** The read-only preset: only GET and HEAD requests that the rules allow. */
    public Builder readOnly(boolean v) {
      readOnly = v;
      return this;
    }

    /** A rate limit (see {@link RateLimitText#parse}); null for none. */
    public Builder rateLimit(dev.limitto.jira.store.TokenControls.RateLimit v) {
      rateLimit = v;
      return this;
    }

    public TokenRequest build() {
      return new TokenRequest(this);
    }
  }
}
