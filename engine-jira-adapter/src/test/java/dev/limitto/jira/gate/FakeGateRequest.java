package dev.limitto.jira.gate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** A {@link GateRequest} built in memory, recording what the gate did to it. */
final class FakeGateRequest implements GateRequest {

  final String method;
  final String rawPath;
  final String rawQuery;
  final Map<String, List<String>> headers = new LinkedHashMap<>();
  final ReplayableBody body;
  String clientAddress = "127.0.0.1";
  String authenticatedUser;
  String authenticatedScheme;
  int bodyReads;
  final Map<String, Object> attributes = new HashMap<>();
  final Map<String, Object> sessionAttributes = new HashMap<>();

  FakeGateRequest(String method, String target, Supplier<InputStream> bodyStream) {
    this.method = method;
    int q = target.indexOf('?');
    this.rawPath = q < 0 ? target : target.substring(0, q);
    this.rawQuery = q < 0 ? null : target.substring(q + 1);
    this.body = new ReplayableBody(() -> {
      bodyReads++;
      return bodyStream.get();
    });
  }

  static FakeGateRequest of(String method, String target) {
    return withBody(method, target, new byte[0]);
  }

  static FakeGateRequest withBody(String method, String target, byte[] bytes) {
    return new FakeGateRequest(method, target, () -> new ByteArrayInputStream(bytes));
  }

  /** A request whose body stream fails when read (client gone). */
  static FakeGateRequest withBrokenBody(String method, String target) {
    return new FakeGateRequest(method, target, FakeGateRequest::broken);
  }

  FakeGateRequest header(String name, String value) {
    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
    return this;
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
    List<String> v = headerValues(name);
    return v.isEmpty() ? null : String.join(", ", v);
  }

  @Override
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  @Override
  public byte[] body(int maxBytes) {
    return body.read(maxBytes);
  }

  @Override
  public ReplayableBody.State bodyState() {
    return body.state();
  }

  @Override
  public String clientAddress() {
    return clientAddress;
  }

  @Override
  public void authenticate(String userName, String scheme) {
    authenticatedUser = userName;
    authenticatedScheme = scheme;
  }

  @Override
  public void setAttribute(String name, Object value) {
    attributes.put(name, value);
  }

  @Override
  public void setSessionAttribute(String name, Object value) {
    sessionAttributes.put(name, value);
  }

  static InputStream broken() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("connection reset");
      }
    };
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
