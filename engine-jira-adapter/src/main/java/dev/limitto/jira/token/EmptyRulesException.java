package dev.limitto.jira.token;

/**
 * Rule text with no effective line (empty, or only blank lines and comments) was given for a
 * token that was not asked for as unrestricted. Such a rule set allows every request, so it is
 * refused rather than silently turned into an unrestricted token: an admin who wants one asks for
 * it explicitly ({@link TokenRequest.Builder#unrestricted()}, {@link TokenEdit.Builder#unrestricted()}).
 */
public final class EmptyRulesException extends TokenAdminException {

  private static final long serialVersionUID = 1L;

  EmptyRulesException() {
    super(TokenService.ERR_RULES_EMPTY);
  }
}
