package dev.limitto.jira.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.audit.AuditReader;
import dev.limitto.jira.audit.ListAuditReader;
import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An admin API over an in-memory token service, whose admin events become the audit log it
 * reads. The host's login is {@link HostAdminAuthenticator}: {@code admin} is an administrator,
 * every other user is not.
 */
final class ApiFixture {

  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final String BASE = "http://jira.example.com";
  static final ObjectMapper JSON = new ObjectMapper();

  final List<AuditEntry> audit = new CopyOnWriteArrayList<>();
  final InMemoryTokenStore store = new InMemoryTokenStore();
  /** The host's users; tests add groups with {@code users.add(name, null, group…)}. */
  final InMemoryUserDirectory users = new InMemoryUserDirectory().add("admin", "admin@example.com")
      .add("alice", "alice@example.com").add("bob", "bob@example.com");
  final TokenService tokens;
  final AdminApi api;

  ApiFixture() {
    this(TokenSettings.defaults(), AdminLimits.defaults());
  }

  ApiFixture(TokenSettings settings, AdminLimits limits) {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    tokens = TokenService.builder().store(store).keys(KeyRing.generate())
        .settings(settings.toBuilder().baseUrl(BASE).build())
        .users(users)
        .listener(e -> audit.add(AuditEntry.of(e))).clock(clock).build();
    tokens.authenticator().refresh();
    AuditReader reader = ListAuditReader.over(audit);
    api = AdminApi.builder().tokens(tokens).audit(reader).limits(limits)
        .authenticator(new HostAdminAuthenticator("admin"::equals))
        .settingSource(p -> p.equals(TokenSettings.SECURE_MODE) ? "/jira/jira-config.properties"
            : "default")
        .clock(clock).build();
  }

  /** A request of the admin, with the XSRF header on every method but GET. */
  static AdminRequest.Builder admin(String method, String path) {
    AdminRequest.Builder b = AdminRequest.builder(method, AdminApi.BASE_PATH + path)
        .remoteUser("admin").requestOrigin(BASE);
    if (!method.equals("GET")) {
      b.header(AdminApi.XSRF_HEADER, AdminApi.XSRF_NO_CHECK);
    }
    return b;
  }

  static AdminRequest.Builder json(AdminRequest.Builder b, String body) {
    return b.header("Content-Type", "application/json").body(body.getBytes(StandardCharsets.UTF_8));
  }

  AdminResponse call(AdminRequest.Builder b) {
    return api.handle(b.build());
  }

  static JsonNode body(AdminResponse r) {
    try {
      return JSON.readTree(r.bodyText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates a token through the API and returns its JSON. */
  JsonNode create(String body) {
    AdminResponse r = call(json(admin("POST", "/tokens"), body));
    if (r.status() != 201) {
      throw new AssertionError("create answered " + r.status() + ": " + r.bodyText());
    }
    return body(r);
  }
}
