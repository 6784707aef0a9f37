package dev.limitto.jira.token;

import dev.limitto.engine.RuleSet;
import java.util.Objects;

/**
 * How the rule text of a token becomes its {@link RuleSet}: the engine's compiler with the base
 * URL and limits of the token settings. One instance serves the token service (which counts the
 * effective lines when a token is created, edited or imported) and the authenticator (which
 * compiles the rules it caches), so that the lines counted are the lines checked.
 */
final class TokenRules {

  private final TokenSettings settings;

  TokenRules(TokenSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Compiles a token's rule text.
   *
   * @throws dev.limitto.engine.RuleSyntaxException when the text does not compile under the
   *     current settings
   */
  RuleSet compile(String restrictions) {
    return RuleSet.compiler()
        .baseUrl(settings.baseUrl())
        .limits(settings.limits())
        .compile(restrictions);
  }
}
