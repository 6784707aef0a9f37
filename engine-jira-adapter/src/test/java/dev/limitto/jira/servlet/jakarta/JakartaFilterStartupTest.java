package dev.limitto.jira.servlet.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.harness.RawHttp;
import dev.limitto.jira.harness.ServedLog;
import dev.limitto.jira.harness.TempDirs;
import dev.limitto.jira.harness.ServiceTokenFixture;
import dev.limitto.jira.harness.TokenFixture;
import dev.limitto.jira.gate.Gate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The filter built by the container from its class name, as web.xml would. */
@Timeout(60)
class JakartaFilterStartupTest {

  /** Tomcat's base directory, removed by JUnit after each test. */
  @TempDir
  Path dir;

  private Tomcat tomcat(ServedLog log, Object gateAttribute) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(dir.toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context ctx = tomcat.addContext("", dir.toString());
    if (gateAttribute != null) {
      ctx.getServletContext().setAttribute(LimitToFilter.GATE_ATTRIBUTE, gateAttribute);
    }
    Tomcat.addServlet(ctx, "sample", new SampleRestServlet(log));
    ctx.addServletMappingDecoded("/*", "sample");
    FilterDef def = new FilterDef();
    def.setFilterName("limit-to");
    def.setFilterClass(LimitToFilter.class.getName());
    ctx.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("limit-to");
    map.addURLPattern("/rest/*");
    ctx.addFilterMap(map);
    tomcat.start();
    return tomcat;
  }

  private static int port(Tomcat t) {
    return t.getConnector().getLocalPort();
  }

  @Test
  void filterWithoutGateFailsToStartAndNothingIsServed() throws Exception {
    ServedLog log = new ServedLog();
    Tomcat t = tomcat(log, null);
    try {
      RawHttp.Response r = RawHttp.send(port(t),
          "GET /rest/api/2/serverInfo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(r.status()).isNotEqualTo(200);
      assertThat(log.all()).isEmpty();
    } finally {
      t.stop();
      t.destroy();
      TempDirs.forgetTomcatDirectories();
    }
  }

  @Test
  void filterTakesItsGateFromTheServletContext() throws Exception {
    ServedLog log = new ServedLog();
    try (TokenFixture tokens = new ServiceTokenFixture()) {
      String secret = tokens.issue(TokenFixture.Spec.of("bot", "alice", "[get].*/rest/api/2/myself"));
      Gate gate = Gate.builder().settings(tokens.settings())
          .authenticator(tokens.authenticator()).build();
      Tomcat t = tomcat(log, gate);
      try {
        String auth = Base64.getEncoder().encodeToString(
            ("alice:" + secret).getBytes(StandardCharsets.UTF_8));
        RawHttp.Response ok = RawHttp.send(port(t), "GET /rest/api/2/myself HTTP/1.1\r\nHost: x\r\n"
            + "Authorization: Basic " + auth + "\r\nConnection: close\r\n\r\n");
        RawHttp.Response denied = RawHttp.send(port(t), "GET /rest/api/2/user HTTP/1.1\r\n"
            + "Host: x\r\nAuthorization: Basic " + auth + "\r\nConnection: close\r\n\r\n");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(log.all()).hasSize(1);
        assertThat(log.all().get(0).remoteUser()).isEqualTo("alice");
      } finally {
        t.stop();
        t.destroy();
        TempDirs.forgetTomcatDirectories();
      }
    }
  }
}
