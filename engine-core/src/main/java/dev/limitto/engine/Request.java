package dev.limitto.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A simple immutable {@link HttpRequestView} built from a method, a raw request-target and
 * optional headers and body: what tests, the command line and embedders without a servlet
 * request use.
 *
 * <pre>{@code
 * Request r = Request.builder("POST", "/rest/api/2/issue?x=1")
 *     .header("Content-Type", "application/json")
 *     .body("{\"fields\":{}}")
 *     .build();
 * }</pre>
 */
public final class Request implements HttpRequestView {

  private static final byte[] NO_BODY = new byte[0];

  private final String method;
  private final String rawPath;
  private final String rawQuery;
  // case-insensitive keys, so that a look-up allocates nothing (the engine asks per request)
  private final Map<String, String> headers;
  private final byte[] body;

  private Request(Builder b) {
    this.method = b.method;
    int q = b.target.indexOf('?');
    this.rawPath = q < 0 ? b.target : b.target.substring(0, q);
    this.rawQuery = q < 0 ? null : b.target.substring(q + 1);
    TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(b.headers);
    this.headers = Collections.unmodifiableMap(h);
    this.body = b.body;
  }

  /** A request with no headers and no body. */
  public static Request of(String method, String target) {
    return builder(method, target).build();
  }

  /**
   * Starts a request.
   *
   * @param method the method exactly as on the request line
   * @param target the request-target exactly as on the request line: raw path and optional query
   */
  public static Builder builder(String method, String target) {
    return new Builder(method, target);
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String rawPath() {
    return rawPath;
  }

  @Override
  public String rawQuery() {
    return rawQuery;
  }

  @Override
  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public byte[] body(int maxBytes) {
    int n = Math.min(body.length, maxBytes < Integer.MAX_VALUE ? maxBytes + 1 : maxBytes);
    return n == body.length ? body.clone() : Arrays.copyOf(body, n);
  }

  @Override
  public String toString() {
    return method + " " + rawPath + (rawQuery == null ? "" : "?" + rawQuery);
  }

  /** Builds a {@link Request}. */
  public static final class Builder {
    private final String method;
    private final String target;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] body = NO_BODY;

    private Builder(String method, String target) {
      this.method = Objects.requireNonNull(method, "method");
      this.target = Objects.requireNonNull(target, "target");
    }

    /** Adds a header; a repeated name joins the values with {@code ", "}. */
    public Builder header(String name, String value) {
      Objects.requireNonNull(value, "value");
      headers.merge(name.toLowerCase(Locale.ROOT), value, (a, v) -> a + ", " + v);
      return this;
    }

    /** Sets the body bytes (copied). */
    public Builder body(byte[] body) {
      this.body = body.clone();
      return this;
    }

    /** Sets the body as UTF-8 text. */
    public Builder body(String body) {
      this.body = body.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    public Request build() {
      return new Request(this);
    }
  }
}
