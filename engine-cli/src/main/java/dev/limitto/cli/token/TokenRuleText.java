package dev.limitto.cli.token;

/** The stored "Limit to" text of a token, for commands outside the token family (diff, suggest). */
public final class TokenRuleText {

  private TokenRuleText() {}

  /**
   * The rule text of token {@code id} in data directory {@code data} (empty when unrestricted).
   *
   * @throws dev.limitto.cli.UsageException when the directory or the token does not exist
   */
  public static String of(String data, String id) {
    TokenCommand.DataOptions options = new TokenCommand.DataOptions();
    options.data = data;
    return TokenCommand.run(options, null, s -> TokenCommand.require(s, id).restrictions());
  }
}
