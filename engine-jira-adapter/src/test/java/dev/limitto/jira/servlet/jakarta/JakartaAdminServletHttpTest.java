package dev.limitto.jira.servlet.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.limitto.jira.admin.AdminApi;
import dev.limitto.jira.admin.AdminErrors;
import dev.limitto.jira.admin.HostAdminAuthenticator;
import dev.limitto.jira.gate.Gate;
import dev.limitto.jira.harness.TempDirs;
import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin servlet as Jira runs it, in a real Tomcat 11: the Limit-to filter first (before
 * login), then the host's own login, which makes a user the request's remote user, then the
 * admin API with {@link HostAdminAuthenticator}, for which only {@code admin} is an
 * administrator. A Limit-to token of that administrator reaches the API looking like the
 * administrator's login: the filter's mark is what refuses it.
 */
@Timeout(60)
class JakartaAdminServletHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The host's own logins (as Jira's passwords). */
  private static final Map<String, String> LOGINS = Map.of("admin", "admin-pw", "alice", "alice-pw");

  @TempDir Path dir;

  private Tomcat tomcat;
  private TokenService tokens;
  private String api;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    tomcat = new Tomcat();
    tomcat.setBaseDir(dir.toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    tomcat.init();
    String base = "http://127.0.0.1:" + connector.getLocalPort();
    TokenSettings settings = TokenSettings.builder().baseUrl(base).build();
    tokens = TokenService.builder().store(new InMemoryTokenStore()).keys(KeyRing.generate())
        .settings(settings).users(new InMemoryUserDirectory().add("admin", "admin@example.com")
            .add("alice", "alice@example.com")).build();
    tokens.start();
    Gate gate = Gate.builder().settings(settings).authenticator(tokens.authenticator())
        .realm("test").build();
    AdminApi adminApi = AdminApi.builder().tokens(tokens)
        .authenticator(new HostAdminAuthenticator("admin"::equals)).build();

    Context ctx = tomcat.addContext("", dir.toString());
    Tomcat.addServlet(ctx, "admin", new AdminServlet(adminApi));
    ctx.addServletMappingDecoded(AdminApi.BASE_PATH + "/*", "admin");
    filter(ctx, "limit-to", new LimitToFilter(gate));
    filter(ctx, "host-login", new HostLogin());
    tomcat.start();
    api = base + AdminApi.BASE_PATH;
  }

  private static void filter(Context ctx, String name, Filter f) {
    FilterDef def = new FilterDef();
    def.setFilterName(name);
    def.setFilter(f);
    ctx.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName(name);
    map.addURLPattern("/rest/*");
    ctx.addFilterMap(map);
  }

  @AfterEach
  void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
    tokens.close();
    TempDirs.forgetTomcatDirectories();
  }

  /** The host's login: Basic with a host password makes that user the remote user. */
  static final class HostLogin implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest r = (HttpServletRequest) req;
      String h = r.getHeader("Authorization");
      if (r.getRemoteUser() == null && h != null && h.startsWith("Basic ")) {
        String[] up = new String(Base64.getDecoder().decode(h.substring(6)),
            StandardCharsets.UTF_8).split(":", 2);
        if (up.length == 2 && up[1].equals(LOGINS.get(up[0]))) {
          req = new HttpServletRequestWrapper(r) {
            @Override
            public String getRemoteUser() {
              return up[0];
            }
          };
        }
      }
      chain.doFilter(req, res);
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(String path, String auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path))
        .timeout(Duration.ofSeconds(20));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String code(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body()).path("code").asText();
  }

  @Test
  void anonymous_then401WithoutABrowserPasswordDialog() throws Exception {
    HttpResponse<String> r = get("/tokens", null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(code(r)).isEqualTo(AdminErrors.NOT_AUTHENTICATED);
    assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void loggedInUserWhoIsNotAdmin_then403NotAdmin() throws Exception {
    HttpResponse<String> r = get("/tokens", basic("alice", "alice-pw"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(code(r)).isEqualTo(AdminErrors.NOT_ADMIN);
  }

  @Test
  void administrator_then200() throws Exception {
    HttpResponse<String> r = get("/tokens", basic("admin", "admin-pw"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).path("total").asInt()).isZero();
  }

  @Test
  void administratorsLimitToTokenWhoseRulesAllowTheApi_then403TokenNotAllowed() throws Exception {
    String secret = tokens.create(TokenRequest.builder().owner("admin").label("leaked")
        .restrictions("[get,post]{base}/rest/limit-to/1\\.0/.*").build(), "admin").secret();
    HttpResponse<String> r = get("/tokens", basic("admin", secret));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(code(r)).isEqualTo(AdminErrors.TOKEN_NOT_ALLOWED);
    assertThat(r.body()).doesNotContain(secret);
  }
}
