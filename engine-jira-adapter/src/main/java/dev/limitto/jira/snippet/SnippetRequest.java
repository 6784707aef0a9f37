package dev.limitto.jira.snippet;

import java.util.Locale;
import java.util.Objects;

/**
 * The example request a snippet makes: a method, a path with optional query (as it would appear
 * on the request line, appended to the base URL), and an optional JSON body.
 *
 * @param method the HTTP method, e.g. {@code GET}; upper-cased
 * @param pathAndQuery starts with {@code /}, e.g. {@code /rest/api/2/issue/DEMO-1}
 * @param jsonBody the request body (sent as {@code application/json}), or {@code null} for none
 */
public record SnippetRequest(String method, String pathAndQuery, String jsonBody) {

  static final String ERR_METHOD = "method '%s' is not an HTTP method token (letters only)";
  static final String ERR_PATH = "path '%s' must start with '/' and contain no spaces or control"
      + " characters";

  public SnippetRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathAndQuery, "pathAndQuery");
    method = method.toUpperCase(Locale.ROOT);
    if (method.isEmpty() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
      throw new IllegalArgumentException(String.format(ERR_METHOD, method));
    }
    if (!pathAndQuery.startsWith("/")
        || pathAndQuery.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      throw new IllegalArgumentException(String.format(ERR_PATH, pathAndQuery));
    }
  }

  /** A {@code GET} of {@code pathAndQuery}. */
  public static SnippetRequest get(String pathAndQuery) {
    return new SnippetRequest("GET", pathAndQuery, null);
  }

  /** A {@code POST} of a JSON body to {@code path}. */
  public static SnippetRequest post(String path, String jsonBody) {
    return new SnippetRequest("POST", path, Objects.requireNonNull(jsonBody, "jsonBody"));
  }
}
