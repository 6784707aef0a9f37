package dev.limitto.jira.harness;

import dev.limitto.engine.Limits;
import dev.limitto.jira.token.TokenAuthenticator;
import dev.limitto.jira.token.TokenSettings;
import java.time.Instant;
import java.util.List;

/** Issues tokens for the HTTP tests and verifies them, behind the gate's only token contract. */
public interface TokenFixture extends AutoCloseable {

  /** Base URL the rules are compiled with and the gate audits under. */
  String BASE_URL = "http://jira.example.com";

  /** Limits of every test token: a small body limit so that oversized bodies stay small. */
  Limits LIMITS = Limits.builder().maxBodyBytes(4096).build();

  TokenAuthenticator authenticator();

  /** The token settings (auth type, base URL, limits) the gate is configured from. */
  TokenSettings settings();

  /** Issues a token and returns its secret. */
  String issue(Spec spec);

  /** The users that exist (owners, and whom run-as tokens may act as). */
  dev.limitto.jira.user.UserDirectory users();

  /** The id of the token issued with this label. */
  String tokenId(String label);

  /** A credential shaped like a token of this fixture that was never issued. */
  String unknownToken();

  @Override
  void close();

  /** What a token is: owner, rules, run-as, allow-list, expiry, revocation. */
  record Spec(
      String label,
      String owner,
      String rules,
      boolean runAsAllowed,
      List<String> ipAllowList,
      Instant expiresAt,
      boolean revoked) {

    public Spec {
      ipAllowList = List.copyOf(ipAllowList);
    }

    public static Spec of(String label, String owner, String rules) {
      return new Spec(label, owner, rules, false, List.of(), null, false);
    }

    public Spec runAs() {
      return new Spec(label, owner, rules, true, ipAllowList, expiresAt, revoked);
    }

    public Spec allowList(String... cidrs) {
      return new Spec(label, owner, rules, runAsAllowed, List.of(cidrs), expiresAt, revoked);
    }

    public Spec expiredAt(Instant at) {
      return new Spec(label, owner, rules, runAsAllowed, ipAllowList, at, revoked);
    }

    public Spec revokedNow() {
      return new Spec(label, owner, rules, runAsAllowed, ipAllowList, expiresAt, true);
    }
  }
}
