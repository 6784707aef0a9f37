package dev.limitto.jira.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The admin web page ({@value AdminApi#PAGE_PATH}) and its assets: static files from the class
 * path, answered with a strict Content-Security-Policy. The page holds no data; everything it
 * shows comes from the REST API ({@value AdminApi#BASE_PATH}), which it calls from the browser
 * with the administrator's login. Servlet-neutral, immutable; {@link AdminApi#handle} answers the
 * page's paths with it after the same checks of the caller as for the API.
 *
 * <p>Only the files listed here are served, by exact name: no path from the request reaches the
 * class path. They are read once, when the API is built, so a missing file fails at start and
 * not in front of an administrator.
 */
final class AdminPage {

  /**
   * No inline script or style, no eval, nothing from another origin, no framing, no form posts:
   * the page's own files and its calls of the API only.
   */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self';"
      + " img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none';"
      + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** The npm package of the chart, as a WebJar on the class path (see docs/admin-guide.md). */
  static final String UPLOT_WEBJAR = "META-INF/resources/webjars/uplot/";
  static final String UPLOT_VERSION_FILE = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
  /** The page's own files, next to this class. */
  static final String PAGE_RESOURCES = "page/";

  private static final String HTML = "text/html;charset=UTF-8";
  private static final String CSS = "text/css;charset=UTF-8";
  private static final String JS = "text/javascript;charset=UTF-8";
  private static final String SVG = "image/svg+xml";

  /** One file: its content type, bytes and a strong ETag over the bytes. */
  record Asset(String contentType, byte[] bytes, String etag) {}

  private final Map<String, Asset> assets;

  AdminPage() {
    String uplot = UPLOT_WEBJAR + uplotVersion() + "/dist/";
    this.assets = Map.of(
        "", own("admin.html", HTML),
        "/admin.css", own("admin.css", CSS),
        "/admin.js", own("admin.js", JS),
        "/favicon.svg", own("favicon.svg", SVG),
        "/vendor/uPlot.min.css", load(uplot + "uPlot.min.css", CSS),
        "/vendor/uPlot.iife.min.js", load(uplot + "uPlot.iife.min.js", JS));
  }

  /** The path below the page's path of every file served ({@code ""} is the page itself). */
  List<String> names() {
    return List.copyOf(new java.util.TreeSet<>(assets.keySet()));
  }

  /**
   * The headers every answer on the page's paths carries, errors included: the policy, no
   * sniffing, no framing, no referrer (the page's URL says nothing, but the habit is cheap).
   */
  static List<Map.Entry<String, String>> securityHeaders() {
    return List.of(
        Map.entry("Content-Security-Policy", CSP),
        Map.entry("X-Content-Type-Options", "nosniff"),
        Map.entry("X-Frame-Options", "DENY"),
        Map.entry("Referrer-Policy", "no-referrer"),
        Map.entry("Cross-Origin-Opener-Policy", "same-origin"));
  }

  /**
   * Answers a GET of the page or one of its files; the caller is an administrator already.
   *
   * @param rest the path after {@value AdminApi#PAGE_PATH}: {@code ""} for the page
   */
  AdminResponse answer(String rest, AdminRequest request) {
    if (rest.equals("/")) {
      // the page's relative links only work from its own URL
      return respond(301, List.of(Map.entry("Location", "../admin")), new byte[0], null);
    }
    Asset a = assets.get(rest);
    if (a == null) {
      throw new ApiError(404, AdminErrors.NOT_FOUND, String.format(AdminErrors.MSG_NOT_FOUND,
          "GET", JsonBody.printable(AdminApi.PAGE_PATH + rest)));
    }
    List<Map.Entry<String, String>> h = new ArrayList<>();
    h.add(Map.entry("ETag", a.etag()));
    // the page itself is never stored; its files are, but asked again each time (a 304 when
    // unchanged), so that an upgrade is seen at once
    h.add(Map.entry("Cache-Control", rest.isEmpty() ? "no-store" : "no-cache"));
    if (!rest.isEmpty() && a.etag().equals(request.header("If-None-Match"))) {
      return respond(304, h, new byte[0], null);
    }
    return respond(200, h, a.bytes(), a.contentType());
  }

  private static AdminResponse respond(int status, List<Map.Entry<String, String>> extra,
      byte[] body, String contentType) {
    List<Map.Entry<String, String>> h = new ArrayList<>();
    if (contentType != null) {
      h.add(Map.entry("Content-Type", contentType));
    }
    h.addAll(securityHeaders());
    h.addAll(extra);
    return new AdminResponse(status, h, body);
  }

  private static String uplotVersion() {
    Properties p = new Properties();
    try (InputStream in = resource(UPLOT_VERSION_FILE)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String v = p.getProperty("version");
    if (v == null || !v.matches("[0-9A-Za-z.\\-]+")) {
      throw new IllegalStateException(UPLOT_VERSION_FILE + " names no version");
    }
    return v;
  }

  private static Asset own(String name, String type) {
    return load(AdminPage.class.getPackageName().replace('.', '/') + "/" + PAGE_RESOURCES + name,
        type);
  }

  private static Asset load(String resource, String type) {
    byte[] bytes;
    try (InputStream in = resource(resource)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return new Asset(type, bytes, "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = AdminPage.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("the admin page's file " + name + " is not on the class path");
    }
    return in;
  }

  @Override
  public String toString() {
    return "AdminPage" + names();
  }
}
