package dev.limitto.jira.store;

import static dev.limitto.jira.store.TokenBuilder.BASE;
import static dev.limitto.jira.store.TokenBuilder.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.limitto.jira.db.ConnectionSource;
import dev.limitto.jira.db.SchemaMigrator;
import dev.limitto.jira.db.StoreException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a {@link JdbcTokenStore} adds to the store contract on a real database: schema
 * migration, atomic writes under injected failures, safe error messages, and several stores
 * (nodes) sharing one database.
 */
abstract class JdbcTokenStoreContract extends TokenStoreContract {

  /** Connections to a new, empty database. */
  protected abstract ConnectionSource newDatabase() throws Exception;

  /** The number of the newest migration step. */
  static final int LATEST = JdbcTokenStore.MIGRATIONS.size();
  /** Every step's number, 1 to {@link #LATEST}. */
  static final Integer[] ALL_VERSIONS =
      java.util.stream.IntStream.rangeClosed(1, LATEST).boxed().toArray(Integer[]::new);

  /** Connections to the database of the store under test. */
  protected ConnectionSource source;

  @Override
  protected TokenStore openStore() throws Exception {
    source = newDatabase();
    return JdbcTokenStore.open(source);
  }

  @Test
  void openCreatesTheSchemaAtTheLatestVersionWithOneRowPerMigration() throws Exception {
    assertThat(versions(source)).containsExactly(ALL_VERSIONS);
    assertThat(indexNames(source)).contains("limitto_token_change_seq_idx", "limitto_token_created_idx");
  }

  @Test
  void reopeningKeepsTokensAndMigratesNothingAgain() throws Exception {
    store.insert(token("tok_a").build());
    store.close();

    store = JdbcTokenStore.open(source);

    assertThat(store.findById("tok_a")).contains(token("tok_a").build());
    assertThat(versions(source)).containsExactly(ALL_VERSIONS);
  }

  @Test
  void openOnAVersionOneSchemaAppliesVersionTwoAndKeepsTheTokens() throws Exception {
    ConnectionSource older = newDatabase();
    new SchemaMigrator(JdbcTokenStore.COMPONENT, JdbcTokenStore.MIGRATIONS.subList(0, 1))
        .migrate(older);
    assertThat(versions(older)).containsExactly(1);
    assertThat(indexNames(older)).doesNotContain("limitto_token_change_seq_idx");

    try (TokenStore upgraded = JdbcTokenStore.open(older)) {
      upgraded.insert(token("tok_a").build());
      assertThat(upgraded.findById("tok_a")).isPresent();
    }

    assertThat(versions(older)).containsExactly(ALL_VERSIONS);
    assertThat(indexNames(older)).contains("limitto_token_change_seq_idx");
  }

  @Test
  void migrationsOutOfOrderAreRefused() {
    SchemaMigrator.Migration second = JdbcTokenStore.MIGRATIONS.get(1);

    assertThatThrownBy(() -> new SchemaMigrator("tokens", List.of(second)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("migrations of tokens must be numbered 1, 2, 3, ... in order; step 1 is not");
  }

  @Test
  void openWhenTheSchemaIsNewerThanThisReleaseThenRefuses() throws Exception {
    try (Connection c = source.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO limitto_schema_version (component, version, description, applied_at)"
                    + " VALUES ('tokens', " + (LATEST + 1) + ", 'from the future',"
                    + " CURRENT_TIMESTAMP)")) {
      p.executeUpdate();
    }

    assertThatThrownBy(() -> JdbcTokenStore.open(source))
        .isExactlyInstanceOf(StoreException.class)
        .hasMessage(
            "the tokens tables are at schema version " + (LATEST + 1) + " but this release knows"
                + " only up to " + LATEST + ";"
                + " refusing to use a schema it does not understand (upgrade this node)");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void nodesStartingTogetherMigrateOnceWithoutErrors() throws Exception {
    ConnectionSource fresh = newDatabase();
    int nodes = 4;
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<TokenStore>> opened = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      Callable<TokenStore> open =
          () -> {
            go.await();
            return JdbcTokenStore.open(fresh);
          };
      opened.add(pool.submit(open));
    }
    go.countDown();
    List<TokenStore> stores = new ArrayList<>();
    for (Future<TokenStore> f : opened) {
      stores.add(f.get());
    }
    pool.shutdown();

    assertThat(versions(fresh)).containsExactly(ALL_VERSIONS);
    stores.get(0).insert(token("tok_a").build());
    for (TokenStore s : stores) {
      assertThat(s.findById("tok_a")).isPresent();
      s.close();
    }
  }

  @Test
  void aRevocationOnOneNodeIsSeenByAnotherNodesPolling() {
    store.insert(token("tok_a").build());
    try (TokenStore other = JdbcTokenStore.open(source)) {
      long seen = other.changesSince(0).sequence();

      assertThat(store.revoke("tok_a", BASE.plusSeconds(1))).isTrue();

      TokenStore.Changes changes = other.changesSince(seen);
      assertThat(changes.changed()).extracting(StoredToken::id).containsExactly("tok_a");
      assertThat(changes.changed().get(0).revokedAt()).isEqualTo(BASE.plusSeconds(1));
      assertThat(other.findById("tok_a").orElseThrow().isRevoked()).isTrue();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void concurrentWritersOnSeveralNodesGetDistinctOrderedSequences() throws Exception {
    int nodes = 3;
    int perNode = 10;
    List<TokenStore> stores = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      stores.add(JdbcTokenStore.open(source));
    }
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    List<Future<Void>> done = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      TokenStore s = stores.get(n);
      int node = n;
      Callable<Void> work =
          () -> {
            for (int i = 0; i < perNode; i++) {
              s.insert(token("tok_" + node + "_" + i).build());
            }
            return null;
          };
      done.add(pool.submit(work));
    }
    for (Future<Void> f : done) {
      f.get();
    }
    pool.shutdown();

    TokenStore.Changes all = store.changesSince(0);
    assertThat(all.changed()).hasSize(nodes * perNode);
    assertThat(all.sequence()).isEqualTo(nodes * perNode);
    stores.forEach(TokenStore::close);
  }

  @ParameterizedTest(name = "connection dies: {0}")
  @ValueSource(booleans = {false, true})
  void insertFailingAtAnyStepLeavesNoTrace(boolean connectionDies) throws Exception {
    store.insert(token("tok_a").build());
    atEveryFailurePoint(connectionDies, s -> s.insert(token("tok_b").build()));
    assertThat(store.findById("tok_b")).contains(token("tok_b").build());
  }

  @ParameterizedTest(name = "connection dies: {0}")
  @ValueSource(booleans = {false, true})
  void updateFailingAtAnyStepLeavesTheOldToken(boolean connectionDies) throws Exception {
    store.insert(token("tok_a").build());
    StoredToken a = store.findById("tok_a").orElseThrow();
    atEveryFailurePoint(
        connectionDies,
        s -> s.update(TokenBuilder.from(a).label("edited").hash(2, TokenBuilder.sha256("n")).build()));
    assertThat(store.findById("tok_a").orElseThrow().label()).isEqualTo("edited");
  }

  @ParameterizedTest(name = "connection dies: {0}")
  @ValueSource(booleans = {false, true})
  void revokeFailingAtAnyStepLeavesTheTokenLive(boolean connectionDies) throws Exception {
    store.insert(token("tok_a").build());
    atEveryFailurePoint(connectionDies, s -> s.revoke("tok_a", BASE));
    assertThat(store.findById("tok_a").orElseThrow().isRevoked()).isTrue();
  }

  @ParameterizedTest(name = "connection dies: {0}")
  @ValueSource(booleans = {false, true})
  void recordUsageFailingAtAnyStepAddsNothing(boolean connectionDies) throws Exception {
    store.insert(token("tok_a").build());
    store.insert(token("tok_b").build());
    atEveryFailurePoint(
        connectionDies, s -> s.recordUsage(Map.of("tok_a", 2L, "tok_b", 3L), Map.of("tok_a", BASE)));
    assertThat(store.findById("tok_a").orElseThrow().usageCount()).isEqualTo(2);
    assertThat(store.findById("tok_b").orElseThrow().usageCount()).isEqualTo(3);
  }

  @Test
  void failureMessagesNeverQuoteTheDriver() throws Exception {
    FaultyConnectionSource faulty = new FaultyConnectionSource(source);
    try (TokenStore s = JdbcTokenStore.open(faulty)) {
      faulty.failAt(1, false);

      assertThatThrownBy(() -> s.insert(token("tok_a").build()))
          .isExactlyInstanceOf(StoreException.class)
          .hasMessage(
              "token store insert failed (SQLState XX000, vendor code 0); driver message withheld"
                  + " as it may quote stored values")
          .satisfies(e -> assertThat(stackTraceOf(e)).doesNotContain("00112233"));
    }
  }

  @Test
  void uncheckedDriverExceptionBecomesStoreExceptionWithoutItsMessage() throws Exception {
    boolean[] broken = {false};
    ConnectionSource buggy =
        () -> {
          Connection real = source.getConnection();
          if (!broken[0]) {
            return real;
          }
          return (Connection)
              java.lang.reflect.Proxy.newProxyInstance(
                  Connection.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare")) {
                      throw new IllegalStateException(FaultyConnectionSource.FAULT_MESSAGE);
                    }
                    return method.invoke(real, args);
                  });
        };
    try (TokenStore s = JdbcTokenStore.open(buggy)) {
      broken[0] = true;

      assertThatThrownBy(() -> s.findById("tok_a"))
          .isExactlyInstanceOf(StoreException.class)
          .hasMessage(
              "token store find by id failed: the JDBC driver threw"
                  + " java.lang.IllegalStateException; its message is withheld as it may quote"
                  + " stored values")
          .hasNoCause();
      assertThatThrownBy(() -> s.revoke("tok_a", BASE))
          .isExactlyInstanceOf(StoreException.class)
          .hasNoCause();
    }
  }

  @Test
  void unreachableDatabaseThenStoreExceptionSayingSo() throws Exception {
    boolean[] down = {false};
    ConnectionSource flaky =
        () -> {
          if (down[0]) {
            throw new SQLException("Connection refused", "08001");
          }
          return source.getConnection();
        };
    try (TokenStore s = JdbcTokenStore.open(flaky)) {
      s.insert(token("tok_a").build());
      down[0] = true;

      assertThatThrownBy(() -> s.findBySecretHash(1, token("tok_a").secretHash))
          .isExactlyInstanceOf(StoreException.class)
          .hasMessage("token store unavailable: cannot reach the database (during find by secret hash)");
      assertThatThrownBy(() -> s.revoke("tok_a", BASE))
          .isExactlyInstanceOf(StoreException.class)
          .hasMessage("token store unavailable: cannot reach the database (during revoke)");
    }
  }

  @Test
  void openWhenTheDatabaseIsUnreachableThenStoreException() {
    ConnectionSource none =
        () -> {
          throw new SQLException("Connection refused", "08001");
        };

    assertThatThrownBy(() -> JdbcTokenStore.open(none))
        .isExactlyInstanceOf(StoreException.class)
        .hasMessage("token store unavailable: cannot reach the database (during schema check)");
  }

  /**
   * Runs {@code write} on a store whose connections fail at step 1, 2, 3, ... until it
   * succeeds; after each failure the database must look exactly as before (tokens and change
   * sequence). A half-done write would show here, or make the retry conflict with itself.
   */
  private void atEveryFailurePoint(boolean connectionDies, Consumer<TokenStore> write) {
    List<StoredToken> before = store.list();
    TokenStore.Changes changesBefore = store.changesSince(0);
    FaultyConnectionSource faulty = new FaultyConnectionSource(source);
    try (TokenStore s = JdbcTokenStore.open(faulty)) {
      for (int step = 1; step <= 50; step++) {
        faulty.failAt(step, connectionDies);
        try {
          write.accept(s);
        } catch (StoreException e) {
          assertThat(e).isExactlyInstanceOf(StoreException.class);
          assertThat(store.list()).as("tokens after a failure at step %d", step).isEqualTo(before);
          assertThat(store.changesSince(0))
              .as("changes after a failure at step %d", step)
              .isEqualTo(changesBefore);
          continue;
        }
        assertThat(step).as("faults were injected into at least two steps").isGreaterThan(2);
        return;
      }
    }
    throw new AssertionError("the write never succeeded");
  }

  private static String stackTraceOf(Throwable e) {
    java.io.StringWriter w = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }

  static List<Integer> versions(ConnectionSource s) throws SQLException {
    List<Integer> out = new ArrayList<>();
    try (Connection c = s.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT version FROM limitto_schema_version WHERE component = 'tokens'"
                    + " ORDER BY version");
        ResultSet r = p.executeQuery()) {
      while (r.next()) {
        out.add(r.getInt(1));
      }
    }
    return out;
  }

  static List<String> indexNames(ConnectionSource s) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = s.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      for (String table : List.of("limitto_token", "LIMITTO_TOKEN")) {
        try (ResultSet r = md.getIndexInfo(null, c.getSchema(), table, false, false)) {
          while (r.next()) {
            String name = r.getString("INDEX_NAME");
            if (name != null) {
              out.add(name.toLowerCase(Locale.ROOT));
            }
          }
        }
      }
    }
    return out;
  }

  @Test
  @Timeout(60)
  void nodesClaimingTheSameWarningsTogetherSendEachOnce() throws Exception {
    int nodes = 4;
    List<TokenStore> stores = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      stores.add(JdbcTokenStore.open(source));
    }
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> won = new ArrayList<>();
      for (int n = 0; n < nodes; n++) {
        WarningClaims claims = (WarningClaims) stores.get(n);
        String node = "node-" + n;
        won.add(pool.submit(() -> {
          start.await();
          int mine = 0;
          for (int t = 0; t < 25; t++) {
            for (String threshold : List.of("7d", "1d", "expired")) {
              if (claims.claimWarning("tok_" + t, BASE, threshold, node, BASE)) {
                mine++;
              }
            }
          }
          return mine;
        }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> f : won) {
        total += f.get(50, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(25 * 3);
    } finally {
      pool.shutdownNow();
      stores.forEach(TokenStore::close);
    }
  }
}
