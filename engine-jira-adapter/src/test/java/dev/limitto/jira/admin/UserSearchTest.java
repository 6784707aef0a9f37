package dev.limitto.jira.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import dev.limitto.jira.user.UserDirectory;
import dev.limitto.jira.user.UserSummary;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /users}: the owner picker's search of the host's users. */
class UserSearchTest {

  private final InMemoryUserDirectory users = new InMemoryUserDirectory()
      .add("admin", "admin@example.com").add("alice", "alice@example.com")
      .add("Alfred", "fred@corp.example").add("bob", null);
  private final TokenService tokens = TokenService.builder().store(new InMemoryTokenStore())
      .keys(KeyRing.generate()).settings(TokenSettings.defaults()).users(users).build();

  @AfterEach
  void close() {
    tokens.close();
  }

  private AdminApi api(UserDirectory directory) {
    AdminApi.Builder b = AdminApi.builder().tokens(tokens)
        .authenticator(new HostAdminAuthenticator("admin"::equals));
    if (directory != null) {
      b.users(directory);
    }
    return b.build();
  }

  private static AdminResponse get(AdminApi api, String user, String query) {
    return api.handle(AdminRequest.builder("GET", AdminApi.BASE_PATH + "/users")
        .rawQuery(query).remoteUser(user).build());
  }

  @Test
  void search_byPartOfNameOrEmail_thenMatchingUsersByName() {
    AdminResponse r = get(api(users), "admin", "query=AL");
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    JsonNode n = ApiFixture.body(r);
    assertThat(n.path("values").findValuesAsText("userName")).containsExactly("Alfred", "alice");
    assertThat(n.path("values").get(1).path("emailAddress").asText()).isEqualTo("alice@example.com");
    assertThat(n.path("values").get(1).path("displayName").asText()).isEqualTo("alice");
    assertThat(n.path("isLast").asBoolean()).isTrue();
    JsonNode byEmail = ApiFixture.body(get(api(users), "admin", "query=corp.example"));
    assertThat(byEmail.path("values").findValuesAsText("userName")).containsExactly("Alfred");
  }

  @Test
  void search_withMaxResults_thenThatManyAndNotLast() {
    JsonNode n = ApiFixture.body(get(api(users), "admin", "maxResults=2"));
    assertThat(n.path("values").findValuesAsText("userName")).containsExactly("admin", "Alfred");
    assertThat(n.path("isLast").asBoolean()).isFalse();
    assertThat(n.path("maxResults").asInt()).isEqualTo(2);
  }

  @Test
  void search_badParameters_then400NamingTheParameter() {
    for (String q : List.of("maxResults=0", "maxResults=201", "maxResults=x",
        "query=" + "a".repeat(256), "name=alice")) {
      AdminResponse r = get(api(users), "admin", q);
      assertThat(r.status()).as(q).isEqualTo(400);
      assertThat(ApiFixture.body(r).path("code").asText()).isEqualTo(AdminErrors.BAD_PARAMETER);
      assertThat(ApiFixture.body(r).path("parameter").asText()).as(q)
          .isIn("maxResults", "query", "name");
    }
  }

  @Test
  void search_byNonAdmin_then403AndAnonymous_then401() {
    assertThat(get(api(users), "alice", "query=a").status()).isEqualTo(403);
    assertThat(get(api(users), null, "query=a").status()).isEqualTo(401);
  }

  @Test
  void search_withoutDirectory_thenNobody() {
    JsonNode n = ApiFixture.body(get(api(null), "admin", "query=a"));
    assertThat(n.path("values").isEmpty()).isTrue();
  }

  @Test
  void search_whenDirectoryFails_then503WithoutDetail() {
    UserDirectory broken = new UserDirectory() {
      @Override
      public Optional<String> userNameForEmail(String email) {
        return Optional.empty();
      }

      @Override
      public boolean isActive(String userName) {
        return false;
      }

      @Override
      public List<UserSummary> search(String query, int max) {
        throw new IllegalStateException("directory down at ldap://secret-host");
      }
    };
    AdminResponse r = get(api(broken), "admin", "query=a");
    assertThat(r.status()).isEqualTo(503);
    assertThat(ApiFixture.body(r).path("code").asText()).isEqualTo(UserSearch.USERS_UNAVAILABLE);
    assertThat(r.bodyText()).doesNotContain("secret-host");
  }
}
