package dev.limitto.jira.harness;

import java.nio.charset.StandardCharsets;

/**
 * What the sample REST application does, independent of the servlet API: it serves whatever
 * reaches it (any method, any path), records it, and answers 200 with a short JSON body. The
 * route {@code /login} (outside {@code /rest}, so outside the filter) opens a session for the
 * user named in its {@code user} parameter, like a browser login, so that tests can send a
 * live session cookie along with a token.
 */
public final class SampleApp {

  /** Route of the sample login (not under /rest). */
  public static final String LOGIN_ROUTE = "/login";
  /** Session attribute holding the logged-in user. */
  public static final String SESSION_USER = "user";

  private SampleApp() {}

  /** The JSON answer for a served request. */
  public static byte[] answer(Served s) {
    return ("{\"served\":\"" + s.method().replaceAll("[^A-Za-z]", "?") + "\",\"user\":"
        + (s.remoteUser() == null ? "null" : "\"" + s.remoteUser().replaceAll("[^A-Za-z0-9@.]", "?") + "\"")
        + "}").getBytes(StandardCharsets.UTF_8);
  }
}
