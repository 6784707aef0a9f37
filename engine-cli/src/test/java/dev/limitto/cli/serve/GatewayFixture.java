package dev.limitto.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.limitto.cli.data.DataDirectory;
import dev.limitto.cli.data.SampleUsers;
import dev.limitto.cli.gateway.GatewayConfig;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.upstream.UpstreamCredential;
import dev.limitto.jira.upstream.UpstreamCredentials;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A gateway ({@code serve --upstream}) started in this JVM on a fresh data directory, with
 * tokens made before it starts: each restricted token's credential is bound unless asked not
 * to be.
 */
final class GatewayFixture implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  /** The PAT bound to {@link #restricted}: what the upstream must see, and nobody else. */
  static final String BOUND_PAT = "jira-pat-of-the-integration-user-0123456789";

  final Path data;
  final StandaloneServer server;
  final String restricted;
  final String unbound;
  final String restrictedId;

  GatewayFixture(Path tmp, URI upstream, String rules,
      UnaryOperator<GatewayConfig.Builder> config) {
    data = tmp.resolve("data");
    DataDirectory dir = DataDirectory.create(data.toString());
    DataDirectory.OpenStore store = dir.openStore();
    try (TokenService tokens = TokenService.builder().store(store.store()).keys(dir.keys(store))
        .settings(dir.settings()).users(SampleUsers.directory()).build()) {
      tokens.start();
      var issued = tokens.create(TokenRequest.builder().owner(SampleUsers.DEMO).label("bot")
          .restrictions(rules).build(), "test");
      restricted = issued.secret();
      restrictedId = issued.token().id();
      unbound = tokens.create(TokenRequest.builder().owner(SampleUsers.DEMO).label("no upstream")
          .unrestricted().build(), "test").secret();
      UpstreamCredentials.open(store.source(), dir.keys(store))
          .bind(restrictedId, UpstreamCredential.bearer(BOUND_PAT), "test");
    } finally {
      store.store().close();
      store.source().close();
    }
    server = new StandaloneServer(dir)
        .gateway(config.apply(GatewayConfig.builder(upstream)).build());
    server.start(BindAddress.resolve("127.0.0.1"), 0, null);
  }

  int port() {
    return server.port();
  }

  static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  String auth() {
    return basic(SampleUsers.DEMO, restricted);
  }

  /** Stops the gateway (flushing the audit) and returns its request events. */
  List<JsonNode> stopAndReadAudit() throws IOException {
    server.stop();
    List<JsonNode> events = new ArrayList<>();
    try (Stream<Path> files = Files.list(data.resolve(DataDirectory.AUDIT_DIRECTORY))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        for (String line : Files.readAllLines(f)) {
          JsonNode n = JSON.readTree(line);
          if (n.path("type").asText().equals("REQUEST")) {
            events.add(n);
          }
        }
      }
    }
    return events;
  }

  /** Everything of the data directory as text, to look for leaked secrets. */
  String allAuditText() throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.walk(data.resolve(DataDirectory.AUDIT_DIRECTORY))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        sb.append(Files.readString(f, StandardCharsets.ISO_8859_1));
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    server.stop();
  }
}
