package dev.limitto.jira.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One request to the admin API as a servlet binding hands it over: no servlet types, every value
 * as received. Immutable; build with {@link #builder(String, String)}.
 *
 * <p>The binding reads at most {@link AdminLimits#maxBodyBytes()} + 1 bytes of the body, so that
 * {@link AdminApi} can tell an oversized body from one exactly at the limit without the binding
 * deciding anything.
 */
public final class AdminRequest {

  private final String method;
  private final String path;
  private final String rawQuery;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final String remoteUser;
  private final boolean tokenAuthenticated;
  private final String requestOrigin;
  private final boolean bodyUnreadable;

  private AdminRequest(Builder b) {
    this.method = b.method;
    this.path = b.path;
    this.rawQuery = b.rawQuery;
    Map<String, List<String>> h = new LinkedHashMap<>();
    b.headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    this.headers = Map.copyOf(h);
    this.body = b.body.clone();
    this.remoteUser = b.remoteUser;
    this.tokenAuthenticated = b.tokenAuthenticated;
    this.requestOrigin = b.requestOrigin;
    this.bodyUnreadable = b.bodyUnreadable;
  }

  /**
   * @param method the HTTP method as received
   * @param path the path as received (not decoded), without the context path, e.g. {@code
   *     /rest/limit-to/1.0/tokens}
   */
  public static Builder builder(String method, String path) {
    return new Builder(method, path);
  }

  public String method() {
    return method;
  }

  /** The undecoded path without the context path. */
  public String path() {
    return path;
  }

  /** The undecoded query string, or {@code null}. */
  public String rawQuery() {
    return rawQuery;
  }

  /** Every value of a header (case-insensitive name), in order; empty when absent. */
  public List<String> headers(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** The first value of a header, or {@code null}. */
  public String header(String name) {
    List<String> v = headers(name);
    return v.isEmpty() ? null : v.get(0);
  }

  /** The body bytes read (at most the limit plus one). */
  public byte[] body() {
    return body.clone();
  }

  int bodyLength() {
    return body.length;
  }

  byte[] bodyUnsafe() {
    return body;
  }

  /**
   * The user the host says is logged in ({@code getRemoteUser()}; in Jira the user of the
   * session), or {@code null}.
   */
  public String remoteUser() {
    return remoteUser;
  }

  /**
   * Whether the Limit-to filter authenticated this request with one of its tokens (the request
   * attribute {@link dev.limitto.jira.gate.GateRequest#TOKEN_AUTHENTICATED_ATTRIBUTE}).
   */
  public boolean tokenAuthenticated() {
    return tokenAuthenticated;
  }

  /**
   * The origin this request was addressed to, {@code scheme://host[:port]} from the request's
   * scheme and {@code Host} header, as a same-origin check compares a browser's {@code Origin}
   * header with; {@code null} when unknown.
   */
  public String requestOrigin() {
    return requestOrigin;
  }

  /** Whether reading the body failed (the client went away or sent a broken body). */
  public boolean bodyUnreadable() {
    return bodyUnreadable;
  }

  @Override
  public String toString() {
    // never the headers: they hold credentials
    return "AdminRequest{" + method + " " + path + "}";
  }

  /** Builds an {@link AdminRequest}. */
  public static final class Builder {
    private final String method;
    private final String path;
    private String rawQuery;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private String remoteUser;
    private boolean tokenAuthenticated;
    private String requestOrigin;
    private boolean bodyUnreadable;

    private Builder(String method, String path) {
      this.method = Objects.requireNonNull(method, "method");
      this.path = Objects.requireNonNull(path, "path");
    }

    public Builder rawQuery(String v) {
      rawQuery = v;
      return this;
    }

    /** Adds one value of a header (names are case-insensitive). */
    public Builder header(String name, String value) {
      headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder body(byte[] v) {
      body = Objects.requireNonNull(v, "body");
      return this;
    }

    public Builder remoteUser(String v) {
      remoteUser = v;
      return this;
    }

    public Builder tokenAuthenticated(boolean v) {
      tokenAuthenticated = v;
      return this;
    }

    public Builder requestOrigin(String v) {
      requestOrigin = v;
      return this;
    }

    public Builder bodyUnreadable(boolean v) {
      bodyUnreadable = v;
      return this;
    }

    public AdminRequest build() {
      return new AdminRequest(this);
    }
  }
}
