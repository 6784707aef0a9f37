package dev.limitto.jira.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The user search of directories and bindings. */
class UserDirectorySearchTest {

  private final InMemoryUserDirectory users = new InMemoryUserDirectory()
      .add("carol", "carol@example.com").add("Alice", "alice@example.com").add("bob", null);

  @Test
  void inMemory_emptyQuery_thenEveryUserByNameUpToMax() {
    assertThat(users.search("", 10)).extracting(UserSummary::userName)
        .containsExactly("Alice", "bob", "carol");
    assertThat(users.search("", 2)).extracting(UserSummary::userName)
        .containsExactly("Alice", "bob");
    assertThat(users.search("", 0)).isEmpty();
  }

  @Test
  void inMemory_query_thenCaseInsensitiveOnNameAndEmail() {
    assertThat(users.search("ALI", 10)).containsExactly(
        new UserSummary("Alice", "Alice", "alice@example.com"));
    assertThat(users.search("example.com", 10)).extracting(UserSummary::userName)
        .containsExactly("Alice", "carol");
  }

  @Test
  void containerBinding_searchesItsDirectory() {
    assertThat(UserBinding.container(users).search("bo", 5)).containsExactly(
        new UserSummary("bob", "bob", null));
  }

  @Test
  void bindingWithoutUsers_findsNobody() {
    assertThat(UserBinding.container().search("", 5)).isEmpty();
    UserDirectory bare = new UserDirectory() {
      @Override
      public Optional<String> userNameForEmail(String email) {
        return Optional.empty();
      }

      @Override
      public boolean isActive(String userName) {
        return true;
      }
    };
    assertThat(bare.search("", 5)).isEmpty();
  }
}
