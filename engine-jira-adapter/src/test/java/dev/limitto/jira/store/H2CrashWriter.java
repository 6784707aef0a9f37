package dev.limitto.jira.store;

import dev.limitto.jira.db.H2ConnectionSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Child process of {@link H2TokenStoreCrashTest}: writes tokens to an H2 store in a loop until
 * it is killed, and prints a line after each write returns (so after its commit). The expected
 * content of every token at every stage is defined here, for the parent to check against.
 */
final class H2CrashWriter {

  private static final int MAX_TOKENS_PER_RUN = 2_000;

  private H2CrashWriter() {}

  /** Stages a token goes through, in order. */
  enum Stage {
    INSERTED,
    UPDATED,
    REVOKED,
    USED
  }

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    H2ConnectionSource source = H2ConnectionSource.inDirectory(dir);
    TokenStore store = JdbcTokenStore.open(source);
    // Ids are written in order and each is inserted only after the previous one's writes, so a
    // restarted writer continues after the tokens already there.
    int start = store.list().size();
    // Bounded, and stops when nobody reads its output: it must never outlive its test for long.
    for (int i = start; i < start + MAX_TOKENS_PER_RUN && !System.out.checkError(); i++) {
      store.insert(expected(i, Stage.INSERTED));
      report(i, Stage.INSERTED);
      store.update(edit(i));
      report(i, Stage.UPDATED);
      store.revoke(id(i), revokedAt(i));
      report(i, Stage.REVOKED);
      store.recordUsage(Map.of(id(i), 3L), Map.of(id(i), usedAt(i)));
      report(i, Stage.USED);
    }
  }

  private static void report(int i, Stage stage) {
    System.out.println(i + " " + stage);
    System.out.flush();
  }

  static String id(int i) {
    return "tok_" + i;
  }

  /** The token as stored after {@code stage}. */
  static StoredToken expected(int i, Stage stage) {
    TokenBuilder b =
        TokenBuilder.token(id(i))
            .createdAt(TokenBuilder.BASE.plusSeconds(i))
            // Large fields, so that a row spans many bytes of the file and a torn write would show.
            .restrictions(("[get].*/rest/api/2/issue/KANBAN-" + i + "\n").repeat(200))
            .label("token " + i + " 🚀".repeat(50));
    if (stage.compareTo(Stage.UPDATED) >= 0) {
      b.label("edited " + i)
          .restrictions("")
          .hash(2, TokenBuilder.sha256("rotated " + i))
          .encryptedSecret(TokenBuilder.sha256("cipher " + i))
          .version(2);
    }
    if (stage.compareTo(Stage.REVOKED) >= 0) {
      b.revokedAt(revokedAt(i)).version(3);
    }
    if (stage == Stage.USED) {
      b.usage(3, usedAt(i));
    }
    return b.build();
  }

  private static StoredToken edit(int i) {
    return TokenBuilder.from(expected(i, Stage.UPDATED)).version(1).build();
  }

  private static Instant revokedAt(int i) {
    return TokenBuilder.BASE.plusSeconds(10_000 + i);
  }

  private static Instant usedAt(int i) {
    return TokenBuilder.BASE.plusSeconds(20_000 + i);
  }
}
