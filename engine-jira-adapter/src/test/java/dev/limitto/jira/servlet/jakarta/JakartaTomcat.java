package dev.limitto.jira.servlet.jakarta;

import dev.limitto.jira.harness.FilterHttpContract;
import dev.limitto.jira.harness.TempDirs;
import dev.limitto.jira.harness.ServedLog;
import jakarta.servlet.Filter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * An embedded Tomcat 11 on a free loopback port: per mount, a context with the sample
 * application on every path and the jakarta {@link LimitToFilter} on {@code /rest/*}, as
 * atlassian-plugin.xml declares it. Public for the Jira app's bundle tests, which mount the
 * filter of the bundle instead.
 */
public final class JakartaTomcat implements FilterHttpContract.TestServer {

  private final Tomcat tomcat;
  private final int port;

  private JakartaTomcat(Tomcat tomcat, int port) {
    this.tomcat = tomcat;
    this.port = port;
  }

  static JakartaTomcat start(List<FilterHttpContract.Mount> mounts, ServedLog log, Path baseDir)
      throws Exception {
    Map<String, Filter> filters = new LinkedHashMap<>();
    for (FilterHttpContract.Mount m : mounts) {
      filters.put(m.contextPath(), new LimitToFilter(m.gate()));
    }
    return start(filters, log, baseDir);
  }

  /** The same with any filter per context path, e.g. one created inside an OSGi bundle. */
  public static JakartaTomcat start(Map<String, Filter> filters, ServedLog log, Path baseDir)
      throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    for (Map.Entry<String, Filter> m : filters.entrySet()) {
      Context ctx = tomcat.addContext(m.getKey(), baseDir.toString());
      Tomcat.addServlet(ctx, "sample", new SampleRestServlet(log));
      ctx.addServletMappingDecoded("/*", "sample");
      FilterDef def = new FilterDef();
      def.setFilterName("limit-to");
      def.setFilter(m.getValue());
      ctx.addFilterDef(def);
      FilterMap map = new FilterMap();
      map.setFilterName("limit-to");
      map.addURLPattern("/rest/*");
      map.setDispatcher("REQUEST");
      ctx.addFilterMap(map);
    }
    tomcat.start();
    return new JakartaTomcat(tomcat, connector.getLocalPort());
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String container() {
    return "Tomcat " + org.apache.catalina.util.ServerInfo.getServerNumber() + " (jakarta)";
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
    TempDirs.forgetTomcatDirectories();
  }
}
