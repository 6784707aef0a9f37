package dev.limitto.jira.admin;

/**
 * The stable error codes of the admin API ({@code {"code":"…","message":"…"}}), with the
 * message texts that are fixed. Scripts branch on the code; the message is for people and may
 * name the field, the parameter or the limit. docs/rest-api.md lists every code.
 */
public final class AdminErrors {

  private AdminErrors() {}

  // 401 and 403: who may call
  public static final String NOT_AUTHENTICATED = "not_authenticated";
  public static final String NOT_ADMIN = "not_admin";
  public static final String TOKEN_NOT_ALLOWED = "token_not_allowed";
  public static final String XSRF_CHECK_FAILED = "xsrf_check_failed";
  /** 403: the settings do not let this user create this token (see TokenCreationRoutes). */
  public static final String CREATION_NOT_ALLOWED = "creation_not_allowed";
  /** 409: the owner has the most active tokens one user may own. */
  public static final String TOKEN_LIMIT_REACHED = "token_limit_reached";

  // 400: the request
  public static final String MALFORMED_JSON = "malformed_json";
  public static final String UNKNOWN_FIELD = "unknown_field";
  public static final String INVALID_FIELD = "invalid_field";
  public static final String BODY_TOO_LARGE = "body_too_large";
  public static final String BODY_UNREADABLE = "body_unreadable";
  public static final String BAD_PARAMETER = "bad_parameter";
  public static final String INVALID_TOKEN_REQUEST = "invalid_token_request";
  public static final String RULE_SYNTAX = "rule_syntax";
  public static final String RULES_EMPTY = "rules_empty";

  // 404, 405, 409, 415
  public static final String NOT_FOUND = "not_found";
  public static final String TOKEN_NOT_FOUND = "token_not_found";
  public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
  public static final String SECURE_MODE = "secure_mode";
  public static final String TOKEN_REVOKED = "token_revoked";
  public static final String CONFLICT = "conflict";
  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";

  // 5xx
  public static final String AUDIT_UNAVAILABLE = "audit_unavailable";
  public static final String STORE_UNAVAILABLE = "store_unavailable";
  public static final String INTERNAL_ERROR = "internal_error";

  public static final String MSG_NOT_AUTHENTICATED =
      "Sign in as an administrator to use the Limit-to admin API.";
  public static final String MSG_NOT_ADMIN =
      "Only administrators may use the Limit-to admin API.";
  public static final String MSG_TOKEN_NOT_ALLOWED =
      "The Limit-to admin API does not accept Limit-to API tokens, whatever their rules say;"
          + " sign in as an administrator.";
  public static final String MSG_XSRF =
      "A %s request needs the header X-Atlassian-Token: no-check, or an Origin header of this"
          + " server (cross-site requests are refused).";
  public static final String MSG_MALFORMED_JSON =
      "The request body is not valid JSON (line %d, column %d).";
  public static final String MSG_NOT_OBJECT = "The request body must be one JSON object.";
  public static final String MSG_EMPTY_BODY = "The request needs a JSON body.";
  public static final String MSG_TOO_DEEP =
      "The request body nests deeper than the limit of %d (AdminLimits.maxJsonDepth).";
  public static final String MSG_DUPLICATE_FIELD = "The request body has the field '%s' twice.";
  public static final String MSG_UNKNOWN_FIELD = "Unknown field '%s' (known: %s).";
  public static final String MSG_BODY_TOO_LARGE =
      "The request body is larger than the limit of %d bytes (AdminLimits.maxBodyBytes);"
          + " nothing was changed.";
  public static final String MSG_BODY_UNREADABLE =
      "The request body could not be read; nothing was changed.";
  public static final String MSG_MEDIA_TYPE =
      "The request body must be sent with Content-Type: application/json.";
  public static final String MSG_QUERY_TOO_LONG =
      "The query string is longer than the limit of %d characters (AdminLimits.maxQueryLength).";
  public static final String MSG_UNKNOWN_PARAMETER = "Unknown query parameter '%s' (known: %s).";
  public static final String MSG_REPEATED_PARAMETER = "Query parameter '%s' is given twice.";
  public static final String MSG_BAD_ENCODING = "The query string is not valid percent-encoded UTF-8.";
  public static final String MSG_NOT_FOUND = "No such resource: %s %s.";
  public static final String MSG_METHOD = "Method %s is not allowed on %s (allowed: %s).";
  public static final String MSG_AUDIT_UNAVAILABLE = "The audit log cannot be read here.";
  public static final String MSG_AUDIT_READ = "The audit log could not be read.";
  public static final String MSG_STORE = "The token store is not available; try again.";
  public static final String MSG_CONFLICT =
      "The token was changed meanwhile; read it again and repeat the change.";
  public static final String MSG_INTERNAL = "The request failed on the server; the server log has the"
      + " details.";
}
