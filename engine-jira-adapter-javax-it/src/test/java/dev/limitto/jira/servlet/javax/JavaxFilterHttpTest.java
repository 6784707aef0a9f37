package dev.limitto.jira.servlet.javax;

import dev.limitto.jira.harness.FilterHttpContract;
import dev.limitto.jira.harness.ServedLog;
import java.nio.file.Path;
import java.util.List;

/** The javax filter (Jira 9 and 10) in an embedded Tomcat 9, over loopback HTTP. */
class JavaxFilterHttpTest extends FilterHttpContract {

  @Override
  protected TestServer startServer(List<Mount> mounts, ServedLog log, Path baseDir)
      throws Exception {
    return JavaxTomcat.start(mounts, log, baseDir);
  }
}
