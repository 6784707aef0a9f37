package dev.limitto.jira.store;

/** The store contract against {@link InMemoryTokenStore}. */
class InMemoryTokenStoreTest extends TokenStoreContract {

  @Override
  protected TokenStore openStore() {
    return new InMemoryTokenStore();
  }
}
