package dev.limitto.jira.token;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** For any credential that is not a checksum-valid token, no store call is made and nothing throws. */
class TokenAuthenticatorProperties {

  private final Fixture fixture = new Fixture();

  @Provide
  Arbitrary<String> credentials() {
    Arbitrary<String> any = Arbitraries.strings().ofMaxLength(300);
    Arbitrary<String> prefixed = Arbitraries.strings().ofMaxLength(80).map(s -> TokenFormat.PREFIX + s);
    Arbitrary<String> base62 = Arbitraries.strings().withCharRange('0', '9').withCharRange('A', 'Z')
        .withCharRange('a', 'z').ofLength(TokenFormat.LENGTH - TokenFormat.PREFIX.length())
        .map(s -> TokenFormat.PREFIX + s);
    return Arbitraries.oneOf(any, prefixed, base62);
  }

  @Property(tries = 2000)
  void authenticateWhenChecksumDoesNotHoldThenMalformedWithoutStoreCall(
      @ForAll("credentials") String credential) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    boolean wellFormed = TokenFormat.parse(credential, new byte[TokenFormat.LENGTH], crc) >= 0;
    int before = fixture.store.calls.get();
    AuthResult r = fixture.auth().authenticate(credential, "alice", "192.0.2.1");
    if (!wellFormed) {
      assertThat(r).isInstanceOfSatisfying(AuthResult.Refused.class,
          refused -> assertThat(refused.reason()).isEqualTo(AuthResult.Reason.MALFORMED));
      assertThat(fixture.store.calls.get()).isEqualTo(before);
    } else {
      // a random 51-character base62 tail passes the CRC about once in 4 billion tries
      assertThat(r).isInstanceOf(AuthResult.Refused.class);
    }
    assertThat(r.toString()).doesNotContain(credential.length() > 8 ? credential : "\u0000");
  }
}
