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

  private TokenEdit(Builder b) {
    this.label = b.label;
    this.expiresAt = b.expiresAt;
    this.expiryChanged = b.expiryChanged;
    this.restrictions = b.restrictions;
    this.ipAllowList = b.ipAllowList == null ? null : List.copyOf(b.ipAllowList);
    this.runAsAllowed = b.runAsAllowed;
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

    private Builder() {}

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

    public Builder restrictions(String v) {
      restrictions = Objects.requireNonNull(v, "restrictions");
      return this;
    }

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
