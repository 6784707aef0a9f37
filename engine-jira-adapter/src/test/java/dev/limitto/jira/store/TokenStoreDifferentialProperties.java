package dev.limitto.jira.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.db.H2ConnectionSource;
import dev.limitto.jira.db.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For all sequences of store operations, the H2-backed {@link JdbcTokenStore} answers exactly
 * as the in-memory reference: same results, same conflicts and messages, same versions and change
 * sequences, same final content. Ids and hashes come from small pools so that duplicates, stale
 * versions and unknown ids are frequent.
 */
class TokenStoreDifferentialProperties {

  private static Path dir;
  private static H2ConnectionSource source;
  private static JdbcTokenStore jdbc;

  @BeforeContainer
  static void openDatabase() throws Exception {
    dir = Files.createTempDirectory("limitto-store-diff-");
    source = H2ConnectionSource.inDirectory(dir);
    jdbc = JdbcTokenStore.open(source);
  }

  @AfterContainer
  static void closeDatabase() throws Exception {
    jdbc.close();
    source.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** One call on a store; {@link #apply} returns what the call returned, or its failure. */
  sealed interface Op {
    Object apply(TokenStore s);
  }

  record Insert(String id, int hash, int createdSecond) implements Op {
    public Object apply(TokenStore s) {
      s.insert(
          TokenBuilder.token(id)
              .hash(1, TokenBuilder.sha256("h" + hash))
              .createdAt(TokenBuilder.BASE.plusSeconds(createdSecond))
              .build());
      return "inserted";
    }
  }

  record Update(String id, int hash, String label, boolean stale) implements Op {
    public Object apply(TokenStore s) {
      long version = s.findById(id).map(StoredToken::version).orElse(1L) - (stale ? 1 : 0);
      return s.update(
          TokenBuilder.token(id).label(label).hash(2, TokenBuilder.sha256("h" + hash))
              .version(version).build());
    }
  }

  record Revoke(String id, int second) implements Op {
    public Object apply(TokenStore s) {
      return s.revoke(id, TokenBuilder.BASE.plusSeconds(second));
    }
  }

  record Usage(String id, long delta, int second) implements Op {
    public Object apply(TokenStore s) {
      s.recordUsage(Map.of(id, delta), Map.of(id, TokenBuilder.BASE.plusSeconds(second)));
      return "used";
    }
  }

  record FindByHash(int keyId, int hash) implements Op {
    public Object apply(TokenStore s) {
      return s.findBySecretHash(keyId, TokenBuilder.sha256("h" + hash));
    }
  }

  record ChangesSince(int mark) implements Op {
    public Object apply(TokenStore s) {
      return s.changesSince(mark);
    }
  }

  @Property(tries = 30)
  void jdbcStoreAnswersLikeTheInMemoryReference(@ForAll("operations") List<Op> ops)
      throws Exception {
    reset();
    TokenStore reference = new InMemoryTokenStore();
    for (Op op : ops) {
      assertThat(outcome(jdbc, op)).as("%s", op).isEqualTo(outcome(reference, op));
    }
    assertThat(jdbc.list()).isEqualTo(reference.list());
    assertThat(jdbc.changesSince(0)).isEqualTo(reference.changesSince(0));
  }

  private static Object outcome(TokenStore s, Op op) {
    try {
      return op.apply(s);
    } catch (StoreException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private static void reset() throws Exception {
    try (Connection c = source.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM limitto_token");
      s.execute("UPDATE limitto_token_sequence SET seq = 0");
    }
  }

  @Provide
  Arbitrary<List<Op>> operations() {
    Arbitrary<String> id = Arbitraries.of("tok_a", "tok_b", "tok_c");
    Arbitrary<Integer> hash = Arbitraries.integers().between(0, 5);
    Arbitrary<Integer> second = Arbitraries.integers().between(0, 100);
    Arbitrary<Op> insert = Combinators.combine(id, hash, second).as(Insert::new);
    Arbitrary<Op> update =
        Combinators.combine(id, hash, Arbitraries.of("x", "Ünïcødé 🚀", ""), Arbitraries.of(true, false))
            .as(Update::new);
    Arbitrary<Op> revoke = Combinators.combine(id, second).as(Revoke::new);
    Arbitrary<Op> usage =
        Combinators.combine(id, Arbitraries.longs().between(0, 5), second).as(Usage::new);
    Arbitrary<Op> find =
        Combinators.combine(Arbitraries.integers().between(1, 2), hash).as(FindByHash::new);
    Arbitrary<Op> changes = Arbitraries.integers().between(0, 12).map(ChangesSince::new);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, insert),
            net.jqwik.api.Tuple.of(3, update),
            net.jqwik.api.Tuple.of(2, revoke),
            net.jqwik.api.Tuple.of(3, usage),
            net.jqwik.api.Tuple.of(2, find),
            net.jqwik.api.Tuple.of(2, changes))
        .list()
        // jqwik favours short lists; a history needs length to reach interesting states.
        .ofMinSize(10)
        .ofMaxSize(30);
  }

}
