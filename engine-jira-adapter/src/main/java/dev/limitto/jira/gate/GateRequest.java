package dev.limitto.jira.gate;

import dev.limitto.engine.HttpRequestView;
import dev.limitto.jira.user.HostRequest;
import java.util.List;

/**
 * The request as the {@link Gate} sees it, implemented by each servlet filter over its own
 * request type. Besides what the rules look at ({@link HttpRequestView}) it gives every value of
 * a header, the client address, what became of the body, and the switch that turns the request
 * into a single-principal token request.
 *
 * <p>{@link #body(int)} must read the body at most once and keep what it read, so that the host
 * later receives exactly the same bytes (see {@link ReplayableBody}).
 */
public interface GateRequest extends HttpRequestView, HostRequest {

  /**
   * Request attribute set, to the token's authentication scheme, on every request the filter
   * authenticated with a Limit-to token; the admin API refuses such requests.
   */
  String TOKEN_AUTHENTICATED_ATTRIBUTE = "dev.limitto.jira.gate.tokenAuthenticated";

  /**
   * Request attribute set, to the token's id, on every request the filter let through as a
   * token's user: what a gateway looks up the token's upstream credential by.
   */
  String TOKEN_ID_ATTRIBUTE = "dev.limitto.jira.gate.tokenId";

  /** Every value of a header (case-insensitive name), in order; empty when absent. */
  List<String> headerValues(String name);

  /** The client's IP address as the container reports it (never a forwarded-for header). */
  String clientAddress();

  /** What {@link #body(int)} found, or {@link ReplayableBody.State#NOT_READ} when never asked. */
  ReplayableBody.State bodyState();

  /**
   * From now on, present the request to the host as {@code userName} authenticated by an API
   * token through {@code scheme} ({@code "BASIC"} or {@code "BEARER"}): remote user and principal
   * set; no {@code Authorization}, {@code Cookie} or {@code contextUser} header; no cookies, no
   * requested session, a private session; no {@code os_username} or {@code os_password}
   * parameter; the body replayed byte for byte.
   */
  void authenticate(String userName, String scheme);
}
