package dev.limitto.jira.harness;

import dev.limitto.engine.RuleSet;
import dev.limitto.jira.token.AuthResult;
import dev.limitto.jira.token.TokenAuthenticator;
import dev.limitto.jira.token.TokenPrincipal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small test implementation of the token contract: tokens {@code ltt_} plus 43 base64url
 * characters, kept in a map, users known by name or by {@code name@example.com}. The gate's
 * end-to-end tests also run against the real token service; this one keeps the gate's own unit
 * tests independent of it.
 */
public final class SimpleTokenFixture implements TokenFixture, TokenAuthenticator {

  private static final String PREFIX = "ltt_";
  private static final int LENGTH = PREFIX.length() + 43;

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Entry> tokens = new ConcurrentHashMap<>();

  private record Entry(String id, Spec spec, TokenPrincipal principal) {}

  @Override
  public TokenAuthenticator authenticator() {
    return this;
  }

  @Override
  public String issue(Spec spec) {
    String secret = newSecret();
    RuleSet rules = RuleSet.compiler().baseUrl(BASE_URL).limits(LIMITS).compile(spec.rules());
    String id = "tok_" + tokens.size();
    tokens.put(secret, new Entry(id, spec,
        new TokenPrincipal(id, spec.label(), spec.owner(), rules, spec.runAsAllowed())));
    return secret;
  }

  @Override
  public String unknownToken() {
    return newSecret();
  }

  private String newSecret() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  @Override
  public boolean looksLikeToken(String credential) {
    return credential.startsWith(PREFIX) && credential.length() == LENGTH;
  }

  @Override
  public AuthResult authenticate(String secret, String presentedUser, String clientAddress) {
    Entry e = tokens.get(secret);
    if (e == null) {
      return new AuthResult.Refused(AuthResult.Reason.UNKNOWN, "no such token");
    }
    Spec s = e.spec();
    if (s.revoked()) {
      return new AuthResult.Refused(AuthResult.Reason.REVOKED, "token " + e.id() + " revoked");
    }
    if (s.expiresAt() != null && !Instant.now().isBefore(s.expiresAt())) {
      return new AuthResult.Refused(AuthResult.Reason.EXPIRED, "token " + e.id() + " expired");
    }
    if (!s.ipAllowList().isEmpty() && !s.ipAllowList().contains(clientAddress)) {
      return new AuthResult.Refused(AuthResult.Reason.ADDRESS_NOT_ALLOWED,
          "address " + clientAddress + " not allowed for token " + e.id());
    }
    if (presentedUser != null && !presentedUser.equals(s.owner())
        && !presentedUser.equals(s.owner() + "@example.com")) {
      return new AuthResult.Refused(AuthResult.Reason.WRONG_USER,
          "user " + presentedUser + " is not the owner of token " + e.id());
    }
    return new AuthResult.Authenticated(e.principal());
  }
}
