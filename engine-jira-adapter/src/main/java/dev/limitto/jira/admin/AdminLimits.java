package dev.limitto.jira.admin;

/**
 * Limits of the admin API: immutable, with documented defaults. Start from {@link #defaults()}
 * or {@link #builder()}; each error names the limit to raise.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th><th>what happens past it</th></tr>
 *   <tr><td>{@link #maxBodyBytes()}</td><td>1 MiB + 64 KiB</td><td>400 {@code body_too_large},
 *       nothing written (a rule text of the engine's largest size fits)</td></tr>
 *   <tr><td>{@link #maxQueryLength()}</td><td>4096</td><td>400 {@code bad_parameter}</td></tr>
 *   <tr><td>{@link #maxPageSize()}</td><td>200</td><td>400 {@code bad_parameter}</td></tr>
 *   <tr><td>{@link #defaultPageSize()}</td><td>50</td><td>the page size when none is given</td></tr>
 *   <tr><td>{@link #maxAuditWindow()}</td><td>10000</td><td>400 {@code bad_parameter}: {@code
 *       startAt + maxResults} of an audit query (narrow it with {@code since} instead)</td></tr>
 *   <tr><td>{@link #maxJsonDepth()}</td><td>16</td><td>400 {@code malformed_json}</td></tr>
 * </table>
 */
public final class AdminLimits {

  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024 + 64 * 1024;
  public static final int DEFAULT_MAX_QUERY_LENGTH = 4096;
  public static final int DEFAULT_MAX_PAGE_SIZE = 200;
  public static final int DEFAULT_PAGE_SIZE = 50;
  public static final int DEFAULT_MAX_AUDIT_WINDOW = 10_000;
  public static final int DEFAULT_MAX_JSON_DEPTH = 16;

  private static final AdminLimits DEFAULTS = builder().build();

  private final int maxBodyBytes;
  private final int maxQueryLength;
  private final int maxPageSize;
  private final int defaultPageSize;
  private final int maxAuditWindow;
  private final int maxJsonDepth;

  private AdminLimits(Builder b) {
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxQueryLength = b.maxQueryLength;
    this.maxPageSize = b.maxPageSize;
    this.defaultPageSize = Math.min(b.defaultPageSize, b.maxPageSize);
    this.maxAuditWindow = b.maxAuditWindow;
    this.maxJsonDepth = b.maxJsonDepth;
  }

  public static AdminLimits defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Largest request body, in bytes. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Longest query string, in characters. */
  public int maxQueryLength() {
    return maxQueryLength;
  }

  /** Largest {@code maxResults} of a list. */
  public int maxPageSize() {
    return maxPageSize;
  }

  /** {@code maxResults} when none is given. */
  public int defaultPageSize() {
    return defaultPageSize;
  }

  /** Largest {@code startAt + maxResults} of an audit query. */
  public int maxAuditWindow() {
    return maxAuditWindow;
  }

  /** Deepest nesting of a request body. */
  public int maxJsonDepth() {
    return maxJsonDepth;
  }

  @Override
  public String toString() {
    return "AdminLimits{maxBodyBytes=" + maxBodyBytes + ", maxQueryLength=" + maxQueryLength
        + ", maxPageSize=" + maxPageSize + ", defaultPageSize=" + defaultPageSize
        + ", maxAuditWindow=" + maxAuditWindow + ", maxJsonDepth=" + maxJsonDepth + "}";
  }

  /** Builds {@link AdminLimits}; starts at the defaults. */
  public static final class Builder {
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxQueryLength = DEFAULT_MAX_QUERY_LENGTH;
    private int maxPageSize = DEFAULT_MAX_PAGE_SIZE;
    private int defaultPageSize = DEFAULT_PAGE_SIZE;
    private int maxAuditWindow = DEFAULT_MAX_AUDIT_WINDOW;
    private int maxJsonDepth = DEFAULT_MAX_JSON_DEPTH;

    private Builder() {}

    public Builder maxBodyBytes(int v) {
      maxBodyBytes = positive("maxBodyBytes", v);
      return this;
    }

    public Builder maxQueryLength(int v) {
      maxQueryLength = positive("maxQueryLength", v);
      return this;
    }

    public Builder maxPageSize(int v) {
      maxPageSize = positive("maxPageSize", v);
      return this;
    }

    public Builder defaultPageSize(int v) {
      defaultPageSize = positive("defaultPageSize", v);
      return this;
    }

    public Builder maxAuditWindow(int v) {
      maxAuditWindow = positive("maxAuditWindow", v);
      return this;
    }

    public Builder maxJsonDepth(int v) {
      maxJsonDepth = positive("maxJsonDepth", v);
      return this;
    }

    private static int positive(String name, int v) {
      if (v <= 0) {
        throw new IllegalArgumentException(name + " must be positive, was " + v);
      }
      return v;
    }

    public AdminLimits build() {
      return new AdminLimits(this);
    }
  }
}
