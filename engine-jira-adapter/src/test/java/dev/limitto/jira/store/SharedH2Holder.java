package dev.limitto.jira.store;

import static dev.limitto.jira.store.TokenBuilder.token;

import dev.limitto.jira.db.H2ConnectionSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Child process of {@link H2SharedConnectionSourceTest}: opens the shared database first (so it
 * is the one serving it), inserts {@code tok_child}, prints {@code ready}, and after one line on
 * stdin prints the ids it now sees and exits.
 */
final class SharedH2Holder {

  private SharedH2Holder() {}

  public static void main(String[] args) throws Exception {
    H2ConnectionSource source = H2ConnectionSource.shared(Path.of(args[0]));
    TokenStore store = JdbcTokenStore.open(source);
    store.insert(token("tok_child").build());
    System.out.println("ready");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    System.out.println(store.list().stream().map(StoredToken::id).sorted().collect(Collectors.joining(",")));
    System.out.flush();
  }
}
