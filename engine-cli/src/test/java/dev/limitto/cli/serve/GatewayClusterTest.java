package dev.limitto.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.data.DataDirectory;
import dev.limitto.cli.data.SampleUsers;
import dev.limitto.cli.gateway.GatewayConfig;
import dev.limitto.cli.gateway.StoreConfig;
import dev.limitto.jira.db.PostgresServer;
import dev.limitto.jira.harness.RawHttp;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyFile;
import dev.limitto.jira.upstream.UpstreamCredential;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway nodes on one throwaway PostgreSQL database ({@link PostgresServer}): a token made
 * on node A works on node B, a revocation on B is refused on A within the poll bound, and the
 * audit events of both nodes land in the one database, none lost.
 */
@Timeout(120)
class GatewayClusterTest {

  @TempDir Path tmp;

  private RecordingUpstream upstream;
  private StandaloneServer a;
  private StandaloneServer b;

  @AfterEach
  void stop() throws Exception {
    for (StandaloneServer s : new StandaloneServer[] {a, b}) {
      if (s != null) {
        s.stop();
      }
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  private StandaloneServer node(Path dir, String url) {
    StandaloneServer s = new StandaloneServer(DataDirectory.create(dir.toString()))
        .gateway(GatewayConfig.builder(URI.create(upstream.origin())).build())
        .store(StoreConfig.of(url, PostgresServer.USER, null, Map.of()));
    s.start(BindAddress.resolve("127.0.0.1"), 0, "http://localhost:8080");
    return s;
  }

  private static int get(StandaloneServer node, String secret) throws Exception {
    return RawHttp.send(node.port(), "GET /rest/api/2/issue/KANBAN-1 HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: " + GatewayFixture.basic(SampleUsers.DEMO, secret) + "\r\n"
        + "Connection: close\r\n\r\n").status();
  }

  @Test
  void twoNodesShareTokensRevocationsAndTheAudit() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    String url = pg.url(pg.newDatabase());
    upstream = new RecordingUpstream();
    a = node(tmp.resolve("a"), url);
    // every node holds the same server keys: the file is copied, as docs/gateway.md says
    Files.createDirectories(tmp.resolve("b"));
    Files.copy(tmp.resolve("a").resolve(KeyFile.DEFAULT_NAME),
        tmp.resolve("b").resolve(KeyFile.DEFAULT_NAME));
    b = node(tmp.resolve("b"), url);

    IssuedToken t = a.tokens().create(TokenRequest.builder().owner(SampleUsers.DEMO)
        .label("cluster").restrictions("[get]{base}/rest/api/2/issue/KANBAN-[0-9]+").build(),
        "test");
    a.upstreamCredentials().bind(t.token().id(), UpstreamCredential.bearer(GatewayFixture.BOUND_PAT),
        "test");
    int upstreamBefore = upstream.count();

    // made on A, used on B: B learns of it from the shared store
    assertThat(get(b, t.secret())).isEqualTo(200);
    assertThat(get(a, t.secret())).isEqualTo(200);
    assertThat(upstream.since(upstreamBefore)).extracting(r -> r.header("authorization"))
        .containsOnly("Bearer " + GatewayFixture.BOUND_PAT);

    // revoked on B: A refuses it within its poll interval plus one poll of slack
    assertThat(b.tokens().revoke(t.token().id(), "test")).isTrue();
    assertThat(get(b, t.secret())).isEqualTo(401);
    Duration bound = TokenSettings.defaults().revocationPollInterval().multipliedBy(2);
    long deadline = System.nanoTime() + bound.toNanos();
    int requestsOnA = 1;
    int status;
    do {
      status = get(a, t.secret());
      requestsOnA++;
      if (status != 401) {
        Thread.sleep(100);
      }
    } while (status != 401 && System.nanoTime() - deadline < 0);
    assertThat(status).as("A refuses the token revoked on B within %s", bound).isEqualTo(401);

    a.stop();
    b.stop();
    a = null;
    b = null;
    try (Connection c = pg.connectionSource(URI.create(url.substring(5)).getPath().substring(1))
        .getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT status) FROM limitto_audit"
            + " WHERE event_type = 'REQUEST' AND token_id = '" + t.token().id() + "'")) {
      r.next();
      // B: 200 and 401; A: 200, the ones before the revocation reached it, and the 401
      assertThat(r.getInt(1)).isEqualTo(2 + requestsOnA);
      assertThat(r.getInt(2)).isEqualTo(2);
    }
  }
}
