package dev.limitto.cli.serve;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * A real upstream HTTP server for gateway tests: an embedded Tomcat of its own that records
 * exactly what reached it (method, raw target, every header, the body) and answers 200 with a
 * small JSON body. A few paths answer differently: {@code /echo} sends the body back, {@code
 * /cookie} sets a session cookie, {@code /away} redirects to another origin, {@code /self}
 * redirects to its own origin.
 */
class RecordingUpstream implements AutoCloseable {

  /** One request as the upstream received it. */
  record Received(String method, String target, String decodedPath,
      Map<String, List<String>> headers, byte[] body) {

    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null ? null : String.join(",", v);
    }

    /** Method and the decoded, normalised path the upstream routes on. */
    String route() {
      return method + " " + decodedPath;
    }
  }

  /** An upstream that keeps no record, for load: memory stays flat over millions of requests. */
  static final class Quiet extends RecordingUpstream {
    Quiet() throws Exception {
      super();
    }

    @Override
    boolean records() {
      return false;
    }
  }

  boolean records() {
    return true;
  }

  private final Tomcat tomcat = new Tomcat();
  private final Path baseDir;
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final int port;

  private final String previousHome = System.getProperty("catalina.home");
  private final String previousBase = System.getProperty("catalina.base");

  RecordingUpstream() throws Exception {
    baseDir = Files.createTempDirectory("limit-to-upstream");
    tomcat.setBaseDir(baseDir.toString());
    Connector c = new Connector("HTTP/1.1");
    c.setPort(0);
    c.setProperty("address", "127.0.0.1");
    tomcat.setConnector(c);
    Context ctx = tomcat.addContext("", baseDir.toString());
    Tomcat.addServlet(ctx, "record", new Recorder());
    ctx.addServletMappingDecoded("/*", "record");
    tomcat.start();
    port = c.getLocalPort();
  }

  int port() {
    return port;
  }

  String origin() {
    return "http://127.0.0.1:" + port;
  }

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  int count() {
    return received.size();
  }

  List<Received> since(int mark) {
    synchronized (received) {
      return List.copyOf(received.subList(mark, received.size()));
    }
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
    // Tomcat set these for the whole JVM: a later server must not take this directory for its own
    restore("catalina.home", previousHome);
    restore("catalina.base", previousBase);
    // twice: Tomcat may still be removing its own work directory during the first pass
    for (int pass = 0; pass < 2 && Files.exists(baseDir); pass++) {
      try (var files = Files.walk(baseDir)) {
        files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.UncheckedIOException e) {
        // a file went away while walking: the next pass sees what is left
      }
    }
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }

  private final class Recorder extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      byte[] body = req.getInputStream().readAllBytes();
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String name : Collections.list(req.getHeaderNames())) {
        headers.put(name.toLowerCase(Locale.ROOT), Collections.list(req.getHeaders(name)));
      }
      String q = req.getQueryString();
      String target = req.getRequestURI() + (q == null ? "" : "?" + q);
      String decoded = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
      if (records()) {
        received.add(new Received(req.getMethod(), target, decoded, headers, body));
      }
      String path = req.getRequestURI();
      if (path.endsWith("/echo")) {
        resp.setContentType("application/octet-stream");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
        return;
      }
      if (path.endsWith("/cookie")) {
        resp.addHeader("Set-Cookie", "JSESSIONID=upstream-session-of-the-bound-user; Path=/");
      }
      if (path.endsWith("/away")) {
        resp.setStatus(302);
        resp.setHeader("Location", "http://elsewhere.example/steal");
        return;
      }
      if (path.endsWith("/self")) {
        resp.setStatus(302);
        resp.setHeader("Location", origin() + "/rest/api/2/issue/KANBAN-1?x=1");
        return;
      }
      byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      resp.setContentType("application/json");
      resp.setContentLength(answer.length);
      resp.getOutputStream().write(answer);
    }
  }
}
