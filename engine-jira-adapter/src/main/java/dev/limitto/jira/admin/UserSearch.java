package dev.limitto.jira.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.limitto.jira.user.UserDirectory;
import dev.limitto.jira.user.UserSummary;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /users?query=…&maxResults=…}: the users an admin may pick as a token's owner,
 * from the host's {@link UserDirectory} (Jira's user search, the standalone server's sample
 * users). Field names follow Jira's own user search ({@code displayName}, {@code emailAddress}),
 * with Limit-to's {@code userName} for the name a token stores.
 */
final class UserSearch {

  static final Set<String> PARAMETERS = Set.of("query", "maxResults");
  /** Longest query: as long as a user name or e-mail address can sensibly be. */
  static final int MAX_QUERY_LENGTH = 255;
  /** Users answered when {@code maxResults} is not given: one picker's list. */
  static final int DEFAULT_MAX_RESULTS = 20;
  static final String USERS_UNAVAILABLE = "users_unavailable";
  static final String MSG_USERS_UNAVAILABLE = "The host's users cannot be searched; try again.";

  private static final Logger LOG = LoggerFactory.getLogger(UserSearch.class);

  private UserSearch() {}

  /** The answer's JSON; the query's parameters are known and single (AdminApi checked). */
  static ObjectNode answer(UserDirectory users, Map<String, String> q, AdminLimits limits,
      ObjectMapper json) {
    String query = q.getOrDefault("query", "").trim();
    if (query.length() > MAX_QUERY_LENGTH) {
      throw bad("query", "must be at most " + MAX_QUERY_LENGTH + " characters");
    }
    int max = DEFAULT_MAX_RESULTS;
    if (q.containsKey("maxResults")) {
      try {
        max = Integer.parseInt(q.get("maxResults"));
      } catch (NumberFormatException e) {
        max = -1;
      }
      if (max < 1 || max > limits.maxPageSize()) {
        throw bad("maxResults", "must be a whole number from 1 to " + limits.maxPageSize());
      }
    }
    List<UserSummary> found;
    try {
      // one more than asked, to tell whether the list is complete
      found = users == null ? List.of() : users.search(query, max + 1);
    } catch (RuntimeException e) {
      LOG.error("Limit-to admin API: the user search failed", e);
      throw new ApiError(503, USERS_UNAVAILABLE, MSG_USERS_UNAVAILABLE);
    }
    ObjectNode n = json.createObjectNode();
    n.put("query", query);
    n.put("maxResults", max);
    n.put("isLast", found.size() <= max);
    ArrayNode values = n.putArray("values");
    for (int i = 0; i < found.size() && i < max; i++) {
      UserSummary u = found.get(i);
      ObjectNode o = values.addObject();
      o.put("userName", u.userName());
      o.put("displayName", u.displayName());
      o.put("emailAddress", u.email());
    }
    return n;
  }

  private static ApiError bad(String name, String what) {
    return new ApiError(400, AdminErrors.BAD_PARAMETER,
        "Query parameter '" + name + "' " + what + ".", x -> x.put("parameter", name));
  }
}
