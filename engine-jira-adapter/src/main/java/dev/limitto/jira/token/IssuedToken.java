package dev.limitto.jira.token;

import dev.limitto.jira.store.StoredToken;
import java.util.Objects;

/**
 * A token together with its secret: returned once by {@link TokenService#create} and, in standard
 * mode only, by {@link TokenService#show}. {@link #toString()} never prints the secret.
 *
 * @param secret the token as the client presents it
 * @param token the token as stored
 */
public record IssuedToken(String secret, StoredToken token) {

  public IssuedToken {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(token, "token");
  }

  @Override
  public String toString() {
    return "IssuedToken{" + token + "}";
  }
}
