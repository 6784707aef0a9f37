package dev.limitto.engine;

/**
 * The limits a rule set is compiled and evaluated under (LIMIT-TO.md §7). Immutable; start from
 * {@link #defaults()} or {@link #builder()}.
 *
 * <p>Every message that reports a limit names the setting to change, e.g. {@code "line has 5000
 * characters, more than the limit of 4096 (Limits.maxLineLength)"}.
 */
public final class Limits {

  /** Default for {@link #maxLines()}. */
  public static final int DEFAULT_MAX_LINES = 1_000;
  /** Default for {@link #maxLineLength()}. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 4_096;
  /** Default for {@link #maxRegexProgramSize()}. */
  public static final int DEFAULT_MAX_REGEX_PROGRAM_SIZE = 10_000;
  /** Default for {@link #maxPathLength()}. */
  public static final int DEFAULT_MAX_PATH_LENGTH = 8 * 1024;
  /** Default for {@link #maxQueryLength()}. */
  public static final int DEFAULT_MAX_QUERY_LENGTH = 16 * 1024;
  /** Default for {@link #maxBodyBytes()}. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  /** Default for {@link #maxJsonDepth()}. */
  public static final int DEFAULT_MAX_JSON_DEPTH = 64;

  private static final Limits DEFAULTS = builder().build();

  private final int maxLines;
  private final int maxLineLength;
  private final int maxRegexProgramSize;
  private final int maxPathLength;
  private final int maxQueryLength;
  private final int maxBodyBytes;
  private final int maxJsonDepth;

  private Limits(Builder b) {
    this.maxLines = b.maxLines;
    this.maxLineLength = b.maxLineLength;
    this.maxRegexProgramSize = b.maxRegexProgramSize;
    this.maxPathLength = b.maxPathLength;
    this.maxQueryLength = b.maxQueryLength;
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxJsonDepth = b.maxJsonDepth;
  }

  /** The documented defaults of LIMIT-TO.md §7. */
  public static Limits defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this object's values. */
  public Builder toBuilder() {
    return new Builder()
        .maxLines(maxLines)
        .maxLineLength(maxLineLength)
        .maxRegexProgramSize(maxRegexProgramSize)
        .maxPathLength(maxPathLength)
        .maxQueryLength(maxQueryLength)
        .maxBodyBytes(maxBodyBytes)
        .maxJsonDepth(maxJsonDepth);
  }

  /** Most lines (counting blank lines and comments) a rule set may have. */
  public int maxLines() {
    return maxLines;
  }

  /** Most characters one line may have. */
  public int maxLineLength() {
    return maxLineLength;
  }

  /** Most RE2 program instructions one compiled regex may have. */
  public int maxRegexProgramSize() {
    return maxRegexProgramSize;
  }

  /** Most characters of a raw request path; a longer path is denied. */
  public int maxPathLength() {
    return maxPathLength;
  }

  /** Most characters of a raw query string; a longer query string is denied. */
  public int maxQueryLength() {
    return maxQueryLength;
  }

  /** Most body bytes read for {@code JsonData}; a larger body fails the predicate. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Deepest JSON nesting accepted for {@code JsonData}; deeper fails the predicate. */
  public int maxJsonDepth() {
    return maxJsonDepth;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Limits l
        && l.maxLines == maxLines
        && l.maxLineLength == maxLineLength
        && l.maxRegexProgramSize == maxRegexProgramSize
        && l.maxPathLength == maxPathLength
        && l.maxQueryLength == maxQueryLength
        && l.maxBodyBytes == maxBodyBytes
        && l.maxJsonDepth == maxJsonDepth;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        maxLines, maxLineLength, maxRegexProgramSize, maxPathLength, maxQueryLength,
        maxBodyBytes, maxJsonDepth);
  }

  @Override
  public String toString() {
    return "Limits{maxLines=" + maxLines
        + ", maxLineLength=" + maxLineLength
        + ", maxRegexProgramSize=" + maxRegexProgramSize
        + ", maxPathLength=" + maxPathLength
        + ", maxQueryLength=" + maxQueryLength
        + ", maxBodyBytes=" + maxBodyBytes
        + ", maxJsonDepth=" + maxJsonDepth + "}";
  }

  /** Builds {@link Limits}; every value must be positive. */
  public static final class Builder {
    private int maxLines = DEFAULT_MAX_LINES;
    private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
    private int maxRegexProgramSize = DEFAULT_MAX_REGEX_PROGRAM_SIZE;
    private int maxPathLength = DEFAULT_MAX_PATH_LENGTH;
    private int maxQueryLength = DEFAULT_MAX_QUERY_LENGTH;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxJsonDepth = DEFAULT_MAX_JSON_DEPTH;

    private Builder() {}

    public Builder maxLines(int v) {
      maxLines = positive(v, "maxLines");
      return this;
    }

    public Builder maxLineLength(int v) {
      maxLineLength = positive(v, "maxLineLength");
      return this;
    }

    public Builder maxRegexProgramSize(int v) {
      maxRegexProgramSize = positive(v, "maxRegexProgramSize");
      return this;
    }

    public Builder maxPathLength(int v) {
      maxPathLength = positive(v, "maxPathLength");
      return this;
    }

    public Builder maxQueryLength(int v) {
      maxQueryLength = positive(v, "maxQueryLength");
      return this;
    }

    /** At most {@code Integer.MAX_VALUE - 1}, so that one byte past the limit can be read. */
    public Builder maxBodyBytes(int v) {
      maxBodyBytes = positive(v, "maxBodyBytes");
      if (v == Integer.MAX_VALUE) {
        throw new IllegalArgumentException("Limits.maxBodyBytes must be below Integer.MAX_VALUE");
      }
      return this;
    }

    public Builder maxJsonDepth(int v) {
      maxJsonDepth = positive(v, "maxJsonDepth");
      return this;
    }

    public Limits build() {
      return new Limits(this);
    }

    private static int positive(int v, String name) {
      if (v <= 0) {
        throw new IllegalArgumentException("Limits." + name + " must be positive, was " + v);
      }
      return v;
    }
  }
}
