package dev.limitto.jira.admin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the admin API answers, for a binding to write as it is: status, headers in order, body.
 * Immutable.
 *
 * @param status the HTTP status
 * @param headers name and value pairs, in the order to write them
 * @param body the body (JSON, UTF-8), possibly empty
 */
public record AdminResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

  public AdminResponse {
    headers = List.copyOf(headers);
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body as text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The first value of a header (case-insensitive), or {@code null}. */
  public String header(String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  static AdminResponse of(int status, String contentType, byte[] body,
      List<Map.Entry<String, String>> extra) {
    List<Map.Entry<String, String>> h = new ArrayList<>();
    if (body.length > 0) {
      h.add(Map.entry("Content-Type", Objects.requireNonNull(contentType)));
    }
    // an admin answer may hold a secret (a new token) or the store's contents: never cached
    h.add(Map.entry("Cache-Control", "no-store"));
    h.add(Map.entry("X-Content-Type-Options", "nosniff"));
    h.addAll(extra);
    return new AdminResponse(status, h, body);
  }

  @Override
  public String toString() {
    return "AdminResponse{" + status + "}";
  }
}
