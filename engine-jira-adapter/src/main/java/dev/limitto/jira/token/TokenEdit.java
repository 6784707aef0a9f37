package dev.limitto.jira.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Changes to a token in standard mode: only the fields set here change. Build with {@link
 * #builder()}; checked by {@link TokenService#edit} like a new token.
 */
public final class TokenEdit {

  final String label;
  final Instant expiresAt;
  final boolean expiryChanged;
  final String restrictions;
  final List<String> ipAllowList;
  final Boolean runAsAllowed;
  /** Whether the edit removes the rules on purpose ({@link #restrictions} is then empty). */
  final boolean unrestricted;
  /** New read-only preset, or null to keep it. */
  final Boolean readOnly;
  /** New rate limit, when {@link #rateLimitChanged}; null then removes it. */
  final dev.limitto.jira.store.TokenControls.RateLimit rateLimit;
  final boolean rateLimitChanged;

  private TokenEdit(Builder b) {
    this.readOnly = b.readOnly;
    this.rateLimit = b.rateLimit;
    this.rateLimitChanged = b.rateLimitChanged;
    this.label = b.label;
    this.expiresAt = b.expiresAt;
    this.expiryChanged = b.expiryChanged;
    this.restrictions = b.restrictions;
    this.ipAllowList = b.ipAllowList == null ? null : List.copyOf(b.ipAllowList);
    this.runAsAllowed = b.runAsAllowed;
    this.unrestricted = b.unrestricted;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TokenEdit}. */
  public static final class Builder {
    private String label;
    private Instant expiresAt;
    private boolean expiryChanged;
    private String restrictions;
    private List<String> ipAllowList;
    private Boolean runAsAllowed;
    private boolean unrestricted;
    private Boolean readOnly;
    private dev.limitto.jira.store.TokenControls.RateLimit rateLimit;
    private boolean rateLimitChanged;

    private Builder() {}

    /** Sets or clears the read-only preset (only GET and HEAD requests the rules allow). */
    public Builder readOnly(boolean v) {
      readOnly = v;
      return this;
    }

    /** New rate limit; {@code null} removes it. */
    public Builder rateLimit(dev.limitto.jira.store.TokenControls.RateLimit v) {
      rateLimit = v;
      rateLimitChanged = true;
      return this;
    }

    public Builder label(String v) {
      label = Objects.requireNonNull(v, "label");
      return this;
    }

    /** New expiry; {@code null} removes it (refused while a maximum lifetime is set). */
    public Builder expiresAt(Instant v) {
      expiresAt = v;
      expiryChanged = true;
      return this;
    }

    /**
     * New rule text; it must have at least one effective line, else {@link TokenService#edit}
     * refuses it ({@link EmptyRulesException}). To remove the rules, use {@link #unrestricted()}.
     */
    public Builder restrictions(String v) {
      restrictions = Objects.requireNonNull(v, "restrictions");
      unrestricted = false;
      return this;
    }

    /** Removes the token's rules on purpose: from now on it may make any request. */
    public Builder unrestricted() {
      restrictions = "";
      unrestricted = true;
      return this;
    }

    /** New allow-list; an empty list removes it (any address). */
    public Builder ipAllowList(List<String> v) {
      ipAllowList = Objects.requireNonNull(v, "ipAllowList");
      return this;
    }

    public Builder runAsAllowed(boolean v) {
      runAsAllowed = v;
      return this;
    }

    public TokenEdit build() {
      return new TokenEdit(this);
    }
  }
}
