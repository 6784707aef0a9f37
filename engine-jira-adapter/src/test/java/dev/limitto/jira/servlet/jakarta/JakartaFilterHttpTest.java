package dev.limitto.jira.servlet.jakarta;

import dev.limitto.jira.harness.FilterHttpContract;
import dev.limitto.jira.harness.ServedLog;
import java.nio.file.Path;
import java.util.List;

/** The jakarta filter (Jira 11) in an embedded Tomcat 11, over loopback HTTP. */
class JakartaFilterHttpTest extends FilterHttpContract {

  @Override
  protected TestServer startServer(List<Mount> mounts, ServedLog log, Path baseDir)
      throws Exception {
    return JakartaTomcat.start(mounts, log, baseDir);
  }
}
