package dev.limitto.benchmarks;

import dev.limitto.engine.HttpRequestView;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request as an adapter would present it: method, raw path, raw query, headers looked up
 * case-insensitively without copying, and a body. Built once per workload entry, so that a
 * measured decision pays only for what the engine itself does.
 */
public final class BenchRequest implements HttpRequestView {

  private static final byte[] NO_BODY = new byte[0];

  final String method;
  final String rawPath;
  final String rawQuery;
  final Map<String, String> headers;
  final byte[] body;

  BenchRequest(String method, String target, Map<String, String> headers, byte[] body) {
    this.method = method;
    int q = target.indexOf('?');
    this.rawPath = q < 0 ? target : target.substring(0, q);
    this.rawQuery = q < 0 ? null : target.substring(q + 1);
    TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    this.headers = h;
    this.body = body == null ? NO_BODY : body;
  }

  static BenchRequest of(String method, String target) {
    return new BenchRequest(method, target, Map.of(), null);
  }

  static BenchRequest json(String method, String target, String json) {
    return new BenchRequest(
        method,
        target,
        Map.of("Content-Type", "application/json"),
        json.getBytes(StandardCharsets.UTF_8));
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

  /**
   * The body itself when within {@code maxBytes + 1}, not a copy: the engine only reads it, and a
   * copy would be this class's cost, not the engine's.
   */
  @Override
  public byte[] body(int maxBytes) {
    return body.length <= (long) maxBytes + 1 ? body : java.util.Arrays.copyOf(body, maxBytes + 1);
  }

  @Override
  public String toString() {
    return method + " " + rawPath + (rawQuery == null ? "" : "?" + rawQuery);
  }
}
