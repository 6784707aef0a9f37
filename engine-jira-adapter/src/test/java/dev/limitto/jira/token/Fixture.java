package dev.limitto.jira.token;

import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.store.TokenStore;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** One node's token service over a counting in-memory store, with a hand-moved clock. */
final class Fixture {

  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  static final String ADMIN = "admin";
  static final String RULES = "[get].*/rest/api/2/issue/KANBAN-1";

  final MutableClock clock;
  final CountingStore store;
  final InMemoryUserDirectory users =
      new InMemoryUserDirectory().add("alice", "alice@example.com").add("bob", "bob@example.com");
  final List<TokenAdminEvent> events = new CopyOnWriteArrayList<>();
  final KeyRing keys;
  final TokenService service;

  Fixture() {
    this(TokenSettings.defaults());
  }

  Fixture(TokenSettings settings) {
    this(settings, new InMemoryTokenStore(), KeyRing.generate(), new MutableClock(START));
  }

  Fixture(TokenSettings settings, TokenStore backing, KeyRing keys, MutableClock clock) {
    this.clock = clock;
    this.store = new CountingStore(backing);
    this.keys = keys;
    this.service = TokenService.builder().store(store).keys(keys).settings(settings).users(users)
        .listener(events::add).clock(clock).build();
    service.authenticator().refresh();
  }

  /** Another node: same backing store, same keys and clock, its own cache. */
  Fixture otherNode(TokenSettings settings, TokenStore backing) {
    return new Fixture(settings, backing, keys, clock);
  }

  CachingTokenAuthenticator auth() {
    return service.authenticator();
  }

  IssuedToken create(String owner) {
    return service.create(TokenRequest.builder().owner(owner).label("ci for " + owner)
        .restrictions(RULES).build(), ADMIN);
  }
}
