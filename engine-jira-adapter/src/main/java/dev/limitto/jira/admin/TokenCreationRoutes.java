package dev.limitto.jira.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.limitto.jira.token.CreationPolicy;
import dev.limitto.jira.token.TokenPolicyException;
import dev.limitto.jira.token.TokenSettings;
import java.util.function.BiFunction;

/**
 * The one route a logged-in user who is not an administrator may call: {@code POST /tokens},
 * and only while the settings let some group create tokens ({@link
 * dev.limitto.jira.token.CreationPolicy#allowsNonAdmins()}). The token service decides the rest
 * ({@link dev.limitto.jira.token.TokenService#createAsUser}): the user's groups, for whom, the
 * lifetime, the maximum per user. Every other route, and the admin page, stays for
 * administrators only; with the default settings a user gets the same 403 {@code not_admin} on
 * every route as before.
 */
final class TokenCreationRoutes {

  private TokenCreationRoutes() {}

  /** Refuses a non-administrator anything but creating a token, when the settings allow that. */
  static void requireAdminUnlessCreating(AdminCaller caller, AdminRequest request, String[] p,
      TokenSettings settings) {
    if (caller.kind() == AdminCaller.Kind.ADMIN) {
      return;
    }
    boolean creating = request.method().equals("POST") && p.length == 1 && p[0].equals("tokens");
    if (!creating || !settings.creation().allowsNonAdmins()) {
      throw new ApiError(403, AdminErrors.NOT_ADMIN, AdminErrors.MSG_NOT_ADMIN);
    }
  }

  /**
   * A refusal of the creation settings: 403 {@code creation_not_allowed} (who, for whom, what
   * kind), 409 {@code token_limit_reached} (the owner's maximum), 400 {@code
   * invalid_token_request} (the lifetime), each with the service's message and the setting's
   * property name as {@code setting}.
   */
  static ApiError refused(TokenPolicyException e) {
    int status;
    String code;
    switch (e.kind()) {
      case NOT_ALLOWED:
        status = 403;
        code = AdminErrors.CREATION_NOT_ALLOWED;
        break;
      case TOO_MANY:
        status = 409;
        code = AdminErrors.TOKEN_LIMIT_REACHED;
        break;
      default:
        status = 400;
        code = AdminErrors.INVALID_TOKEN_REQUEST;
        break;
    }
    String setting = e.setting();
    return new ApiError(status, code, e.getMessage(), x -> x.put("setting", setting));
  }

  /** The creation settings for {@code GET /settings}: group lists as arrays, lifetimes as an object. */
  static void settings(ArrayNode values, CreationPolicy c,
      BiFunction<String, String, ObjectNode> setting) {
    ArrayNode self = setting.apply(TokenSettings.CREATE_SELF_GROUPS, "createSelfGroups")
        .putArray("value");
    c.selfGroups().forEach(self::add);
    ArrayNode others = setting.apply(TokenSettings.CREATE_OTHERS_GROUPS, "createOthersGroups")
        .putArray("value");
    c.othersGroups().forEach(others::add);
    ObjectNode lifetimes = setting.apply(TokenSettings.GROUP_MAX_LIFETIME, "groupMaxLifetime")
        .putObject("value");
    c.lifetimes().forEach((g, d) -> lifetimes.put(g, d.toString()));
    setting.apply(TokenSettings.MAX_ACTIVE_PER_USER, "maxActivePerUser")
        .put("value", c.maxActivePerUser());
  }
}
