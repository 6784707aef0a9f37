package dev.limitto.jira.servlet.javax;

import dev.limitto.jira.harness.FilterHttpContract;
import dev.limitto.jira.harness.TempDirs;
import dev.limitto.jira.harness.ServedLog;
import java.nio.file.Path;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * An embedded Tomcat 9 on a free loopback port: per mount, a context with the sample
 * application on every path and the javax {@link LimitToFilter} on {@code /rest/*}, as
 * atlassian-plugin.xml declares it.
 */
final class JavaxTomcat implements FilterHttpContract.TestServer {

  private final Tomcat tomcat;
  private final int port;

  private JavaxTomcat(Tomcat tomcat, int port) {
    this.tomcat = tomcat;
    this.port = port;
  }

  static JavaxTomcat start(List<FilterHttpContract.Mount> mounts, ServedLog log, Path baseDir)
      throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    for (FilterHttpContract.Mount m : mounts) {
      Context ctx = tomcat.addContext(m.contextPath(), baseDir.toString());
      Tomcat.addServlet(ctx, "sample", new SampleRestServlet(log));
      ctx.addServletMappingDecoded("/*", "sample");
      FilterDef def = new FilterDef();
      def.setFilterName("limit-to");
      def.setFilter(new LimitToFilter(m.gate()));
      ctx.addFilterDef(def);
      FilterMap map = new FilterMap();
      map.setFilterName("limit-to");
      map.addURLPattern("/rest/*");
      map.setDispatcher("REQUEST");
      ctx.addFilterMap(map);
    }
    tomcat.start();
    return new JavaxTomcat(tomcat, connector.getLocalPort());
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String container() {
    return "Tomcat " + org.apache.catalina.util.ServerInfo.getServerNumber() + " (javax)";
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
    TempDirs.forgetTomcatDirectories();
  }
}
