package dev.limitto.engine.internal.target;

import dev.limitto.engine.HttpRequestView;
import dev.limitto.engine.Limits;
import dev.limitto.engine.Request;
import java.util.Map;

/** Small helpers shared by the request-target tests. */
final class TestViews {

  static final String ORIGIN = "https://jira.example.com";

  private TestViews() {}

  /** Parses a raw request-target ("path?query") as a GET with default limits. */
  static RequestTarget parse(String target) {
    return RequestTarget.parse(Request.of("GET", target), ORIGIN, Limits.defaults());
  }

  /** A view with exactly the given raw path and query, which {@link Request} cannot build. */
  static HttpRequestView view(String rawPath, String rawQuery) {
    return new RawView(rawPath, rawQuery, Map.of());
  }

  /** A request view that hands over its parts exactly as given. */
  record RawView(String rawPath, String rawQuery, Map<String, String> headers)
      implements HttpRequestView {

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String header(String name) {
      for (Map.Entry<String, String> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return null;
    }

    @Override
    public byte[] body(int maxBytes) {
      return new byte[0];
    }
  }
}
