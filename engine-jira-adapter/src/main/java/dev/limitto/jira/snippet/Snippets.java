package dev.limitto.jira.snippet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.limitto.jira.token.TokenSettings.AuthType;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Ready-to-run code that calls the API with one token: a {@code curl} command line and a
 * JavaScript {@code fetch} call, both using the configured auth type.
 *
 * <p>Which credential a snippet sends: {@link AuthType#BASIC} sends the owner's user name and the
 * token with Basic auth; {@link AuthType#BEARER} sends {@code Authorization: Bearer}; {@link
 * AuthType#BOTH} sends Bearer for a token with an owner (the user name then cannot be mistyped)
 * and Basic for an unbound token, which only works with Basic.
 *
 * <p>Redirects: curl follows them only with {@code -L}, and then turns a POST into a GET on a 301,
 * 302 or 303 unless {@code --post301 --post302 --post303} are given; a POST snippet carries them,
 * with a comment saying why. {@code fetch} does the same as browsers (POST becomes GET on 301, 302
 * and 303); a POST snippet sets {@code redirect: "error"} so that this fails loudly instead.
 *
 * <p>Every value is quoted for its language: single quotes for the POSIX shell (a {@code '} inside
 * becomes {@code '\''}), JSON string literals for JavaScript. Immutable and thread-safe.
 */
public final class Snippets {

  static final String ERR_BASE_URL = "base URL '%s' must be an absolute http or https URL";
  static final String ERR_USER_COLON =
      "user name '%s' contains ':', which Basic authentication cannot carry";
  static final String ERR_USER_REQUIRED = "Basic authentication needs the owner's user name";

  /** The comment above a curl POST snippet. */
  public static final String CURL_POST_NOTE =
      "# curl -L turns a POST into a GET after a 301, 302 or 303 redirect;"
          + " --post301 --post302 --post303 keep it a POST.";
  /** The comment inside a JavaScript POST snippet. */
  public static final String JS_POST_NOTE =
      "// fetch turns a POST into a GET after a 301, 302 or 303 redirect, as browsers do;"
          + " redirect: \"error\" makes that fail instead.";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final AuthType authType;
  private final String user;
  private final String secret;

  private Snippets(String baseUrl, AuthType authType, String user, String secret) {
    this.baseUrl = baseUrl;
    this.authType = authType;
    this.user = user;
    this.secret = secret;
  }

  /**
   * Snippets for one token.
   *
   * @param baseUrl the application's base URL, e.g. {@code https://jira.example.com/jira}
   * @param authType the configured auth type
   * @param user the token's owner, or {@code null} for an unbound token (then the user name in a
   *     Basic snippet is a placeholder {@code YOUR_USER_NAME})
   * @param secret the token as the client presents it
   * @throws IllegalArgumentException for a base URL that is not absolute http(s), or a user name
   *     that Basic auth cannot carry
   */
  public static Snippets of(String baseUrl, AuthType authType, String user, String secret) {
    Objects.requireNonNull(authType, "authType");
    Objects.requireNonNull(secret, "secret");
    String base = checkBaseUrl(Objects.requireNonNull(baseUrl, "baseUrl"));
    if (user != null && user.indexOf(':') >= 0) {
      throw new IllegalArgumentException(String.format(ERR_USER_COLON, user));
    }
    return new Snippets(base, authType, user, secret);
  }

  private static String checkBaseUrl(String baseUrl) {
    try {
      URI uri = new URI(baseUrl);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
          || scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        throw new IllegalArgumentException(String.format(ERR_BASE_URL, baseUrl));
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(String.format(ERR_BASE_URL, baseUrl));
    }
    return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** Whether these snippets send Basic auth (else Bearer). */
  public boolean usesBasic() {
    return authType == AuthType.BASIC || (authType == AuthType.BOTH && user == null);
  }

  /** The full URL the request goes to. */
  public String url(SnippetRequest request) {
    return baseUrl + request.pathAndQuery();
  }

  /** A curl command over several lines ({@code \} continuations), with a comment for a POST. */
  public String curl(SnippetRequest request) {
    return curl(request, false, " \\\n  ");
  }

  /**
   * A curl command on one line (a comment for a POST stays on a line of its own before it).
   *
   * @param showHeaders whether curl prints the status line and response headers ({@code -i})
   */
  public String curlOneLine(SnippetRequest request, boolean showHeaders) {
    return curl(request, showHeaders, " ");
  }

  private String curl(SnippetRequest request, boolean showHeaders, String separator) {
    boolean post = request.method().equals("POST");
    List<String> parts = new ArrayList<>();
    parts.add(showHeaders ? "curl -sS -i -L" : "curl -sS -L");
    if (post) {
      // POST is implied by --data-binary; an explicit -X POST would also keep POST on a 303,
      // where the server asks for a GET
      parts.add("--post301 --post302 --post303");
    }
    if (usesBasic()) {
      parts.add("-u " + shell(basicUser() + ":" + secret));
    } else {
      parts.add("-H " + shell("Authorization: Bearer " + secret));
    }
    parts.add("-H " + shell("Accept: application/json"));
    if (!post && !request.method().equals("GET")) {
      parts.add("-X " + request.method());
    }
    if (request.jsonBody() != null) {
      parts.add("-H " + shell("Content-Type: application/json"));
      parts.add("--data-binary " + shell(request.jsonBody()));
    } else if (post) {
      parts.add("--data-binary ''");
    }
    parts.add(shell(url(request)));
    String command = String.join(separator, parts);
    return post ? CURL_POST_NOTE + "\n" + command : command;
  }

  /**
   * A JavaScript {@code fetch} call (Node.js 18 or later, or a browser) that prints the status
   * and the response body; plain script syntax, no top-level {@code await}.
   */
  public String javascript(SnippetRequest request) {
    boolean post = request.method().equals("POST");
    StringBuilder js = new StringBuilder();
    js.append("// ").append(request.method()).append(' ').append(request.pathAndQuery())
        .append(" with a Limit-to API token\n");
    js.append("fetch(").append(js(url(request))).append(", {\n");
    js.append("  method: ").append(js(request.method())).append(",\n");
    js.append("  headers: {\n");
    if (usesBasic()) {
      String pair = basicUser() + ":" + secret;
      js.append("    // Basic base64(\"").append(jsComment(basicUser())).append(":<token>\")\n");
      js.append("    \"Authorization\": ").append(js("Basic " + Base64.getEncoder()
          .encodeToString(pair.getBytes(StandardCharsets.UTF_8)))).append(",\n");
    } else {
      js.append("    \"Authorization\": ").append(js("Bearer " + secret)).append(",\n");
    }
    js.append("    \"Accept\": \"application/json\",\n");
    if (request.jsonBody() != null) {
      js.append("    \"Content-Type\": \"application/json\",\n");
    }
    js.append("  },\n");
    if (request.jsonBody() != null) {
      js.append("  body: ").append(jsBody(request.jsonBody())).append(",\n");
    }
    if (post) {
      js.append("  ").append(JS_POST_NOTE).append('\n');
      js.append("  redirect: \"error\",\n");
    }
    js.append("})\n");
    js.append("  .then(async (response) => {\n");
    js.append("    console.log(response.status, response.statusText);\n");
    js.append("    console.log(await response.text());\n");
    js.append("  })\n");
    js.append("  .catch((error) => {\n");
    js.append("    console.error(error);\n");
    js.append("    process.exitCode = 1;\n");
    js.append("  });\n");
    return js.toString();
  }

  private String basicUser() {
    if (user == null) {
      return "YOUR_USER_NAME";
    }
    if (user.isEmpty()) {
      throw new IllegalArgumentException(ERR_USER_REQUIRED);
    }
    return user;
  }

  /** POSIX shell single-quoting: the only character that needs care inside is the quote. */
  static String shell(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** A JavaScript string literal (JSON's is one, and escapes every control character). */
  static String js(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A body as {@code JSON.stringify(<value>)} when it is JSON, else as a string literal. */
  private static String jsBody(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && !node.isMissingNode()) {
        return "JSON.stringify(" + JSON.writeValueAsString(node) + ")";
      }
    } catch (JsonProcessingException e) {
      // not JSON: send it as written
    }
    return js(body);
  }

  /** Text safe inside a {@code //} comment: no line breaks. */
  private static String jsComment(String s) {
    return s.replaceAll("[\\r\\n\\u2028\\u2029]", "?");
  }

  @Override
  public String toString() {
    return "Snippets{" + baseUrl + ", " + authType + ", user=" + user + "}";
  }
}
