package dev.limitto.jira.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Jira 11 app bundle in a real OSGi framework (Apache Felix) that exports, beyond the JDK,
 * only the packages Jira 11 provides ({@code limitto.host.packages}, set by the pom): the bundle
 * resolves, its libraries load from inside it, and every class atlassian-plugin.xml names is
 * there, of the type its module needs, and is created the way Jira creates it (constructor
 * autowiring with the plugin's {@link LimitToApp}, started by the app's own wiring on an H2
 * database in place of Jira's).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BundleIT {

  private Path storage;
  private Path data;
  private Felix felix;
  private Bundle bundle;
  private Object app;

  @BeforeAll
  void start() throws Exception {
    storage = Files.createTempDirectory("limit-to-felix");
    data = Files.createTempDirectory("limit-to-app");
    Map<String, Object> config = new HashMap<>();
    config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
    config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
    config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, System.getProperty("limitto.host.packages"));
    felix = new Felix(config);
    felix.start();
    bundle = felix.getBundleContext().installBundle(
        Path.of(System.getProperty("limitto.bundle")).toUri().toString());
    bundle.start();
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      ((AutoCloseable) app).close();
    }
    if (felix != null) {
      felix.stop();
      felix.waitForStop(10_000);
    }
    deleteTree(storage);
    deleteTree(data);
  }

  private Manifest manifest() throws IOException {
    try (JarFile jar = new JarFile(System.getProperty("limitto.bundle"))) {
      return jar.getManifest();
    }
  }

  @Test
  void bundle_resolvesWithOnlyTheHostsPackages() throws Exception {
    assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);
    assertThat(bundle.getSymbolicName()).isEqualTo("dev.limitto.jira");
    var main = manifest().getMainAttributes();
    assertThat(main.getValue("Atlassian-Plugin-Key")).isEqualTo("dev.limitto.jira");
    assertThat(main.getValue("Bundle-ClassPath")).startsWith(".,")
        .contains("lib/engine-core.jar", "lib/re2j.jar", "lib/jackson-databind.jar");
    String imports = main.getValue("Import-Package");
    assertThat(imports).doesNotContain("optional").doesNotContain("dev.limitto")
        .doesNotContain("com.fasterxml").doesNotContain("com.google")
        .doesNotContain("io.github.bucket4j");
    assertThat(main.getValue("DynamicImport-Package")).isNull();
    assertThat(main.getValue("Export-Package")).isNull();
    // every import is wired to the framework: the host, nothing else
    List<BundleWire> wires = bundle.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package");
    assertThat(wires).isNotEmpty();
    for (BundleWire w : wires) {
      assertThat(w.getProvider().getBundle().getBundleId()).as(w.toString()).isZero();
    }
  }

  @Test
  void libraries_loadFromInsideTheBundle_hostApisFromTheHost() throws Exception {
    for (String name : List.of("com.google.re2j.Pattern", "dev.limitto.engine.RuleSet",
        "com.fasterxml.jackson.databind.ObjectMapper", "dev.limitto.jira.gate.Gate",
        "dev.limitto.jira.app.LimitToApp")) {
      ClassLoader cl = bundle.loadClass(name).getClassLoader();
      assertThat(cl).as(name).isInstanceOf(BundleReference.class);
      assertThat(((BundleReference) cl).getBundle()).as(name).isEqualTo(bundle);
    }
    assertThat(bundle.loadClass("org.slf4j.LoggerFactory")).isSameAs(org.slf4j.LoggerFactory.class);
    assertThat(bundle.loadClass("jakarta.servlet.Filter")).isSameAs(jakarta.servlet.Filter.class);
    // the other servlet namespace's binding is not in this bundle
    assertThat(bundle.getEntry("dev/limitto/jira/servlet/" + otherNamespace() + "/LimitToFilter.class"))
        .isNull();
    // the page and its chart library are resources of the bundle
    assertThat(bundle.getResource("dev/limitto/jira/admin/page/admin.js")).isNotNull();
    assertThat(bundle.getResource("dev/limitto/jira/admin/openapi.json")).isNotNull();
  }

  private static String otherNamespace() {
    return jakarta.servlet.Filter.class.getPackageName().startsWith("javax") ? "jak" + "arta" : "javax";
  }

  private static Document descriptor(Bundle b) throws Exception {
    URL url = b.getEntry("atlassian-plugin.xml");
    assertThat(url).as("atlassian-plugin.xml at the bundle's root").isNotNull();
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (InputStream in = url.openStream()) {
      return f.newDocumentBuilder().parse(in);
    }
  }

  private static Element only(Document d, String tag) {
    NodeList l = d.getElementsByTagName(tag);
    assertThat(l.getLength()).as(tag).isEqualTo(1);
    return (Element) l.item(0);
  }

  private static String text(Element e, String tag) {
    return e.getElementsByTagName(tag).item(0).getTextContent().trim();
  }

  @Test
  void descriptor_declaresTheFilterRestModulePageAndMenuItem() throws Exception {
    Document d = descriptor(bundle);
    assertThat(d.getDocumentElement().getAttribute("key")).isEqualTo("dev.limitto.jira");
    Element filter = only(d, "servlet-filter");
    assertThat(filter.getAttribute("location")).isEqualTo("before-login");
    assertThat(text(filter, "url-pattern")).isEqualTo("/rest/*");
    Element rest = only(d, "rest");
    assertThat("/rest" + rest.getAttribute("path") + "/" + rest.getAttribute("version"))
        .isEqualTo(bundle.loadClass("dev.limitto.jira.admin.AdminApi").getField("BASE_PATH").get(null));
    Element servlet = only(d, "servlet");
    String pagePath = (String) bundle.loadClass("dev.limitto.jira.admin.AdminApi")
        .getField("PAGE_PATH").get(null);
    List<String> patterns = new ArrayList<>();
    NodeList p = servlet.getElementsByTagName("url-pattern");
    for (int i = 0; i < p.getLength(); i++) {
      patterns.add("/plugins/servlet" + p.item(i).getTextContent().trim());
    }
    assertThat(patterns).containsExactly(pagePath, pagePath + "/*");
    Element item = only(d, "web-item");
    assertThat(item.getAttribute("section")).isEqualTo("system.admin/security");
    assertThat(text(item, "link")).isEqualTo(pagePath);
    assertThat(d.getElementsByTagName("plugin-info").item(0).getTextContent())
        .doesNotContain("${");
  }

  @Test
  void everyClassTheDescriptorNames_isInTheBundle_ofItsModulesType_andStartsAsJiraCreatesIt()
      throws Exception {
    Document d = descriptor(bundle);
    Class<?> filterClass = bundle.loadClass(only(d, "servlet-filter").getAttribute("class"));
    Class<?> servletClass = bundle.loadClass(only(d, "servlet").getAttribute("class"));
    String restPackage = text(only(d, "rest"), "package");
    List<Class<?>> resources = new ArrayList<>();
    Enumeration<URL> entries = bundle.findEntries(restPackage.replace('.', '/'), "*.class", false);
    for (URL u : entries == null ? Collections.<URL>emptyList() : Collections.list(entries)) {
      String path = u.getPath().substring(1, u.getPath().length() - ".class".length());
      Class<?> c = bundle.loadClass(path.replace('/', '.'));
      if (c.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
        resources.add(c);
      }
    }
    for (Class<?> c : Stream.concat(Stream.of(filterClass, servletClass), resources.stream()).toList()) {
      assertThat(((BundleReference) c.getClassLoader()).getBundle()).as(c.getName()).isEqualTo(bundle);
    }
    assertThat(jakarta.servlet.Filter.class).isAssignableFrom(filterClass);
    assertThat(jakarta.servlet.http.HttpServlet.class).isAssignableFrom(servletClass);
    assertThat(resources).as("JAX-RS resources in " + restPackage).isNotEmpty();

    Object started = app();
    Object filter = autowire(filterClass, started);
    jakarta.servlet.Filter f = (jakarta.servlet.Filter) filter;
    f.init(config(jakarta.servlet.FilterConfig.class));
    f.destroy();
    jakarta.servlet.http.HttpServlet s = (jakarta.servlet.http.HttpServlet) autowire(servletClass, started);
    s.init(config(jakarta.servlet.ServletConfig.class));
    s.destroy();
    for (Class<?> r : resources) {
      assertThat(autowire(r, started)).isNotNull();
    }
  }

  /** The app as the plugin's Spring context makes it: constructed on the host, then started. */
  private Object app() throws Exception {
    if (app == null) {
      Class<?> hostType = bundle.loadClass("dev.limitto.jira.app.AppHost");
      Object host = Proxy.newProxyInstance(hostType.getClassLoader(), new Class<?>[] {hostType},
          (proxy, m, args) -> switch (m.getName()) {
            case "openConnection" -> DriverManager.getConnection("jdbc:h2:mem:limit-to-bundle;DB_CLOSE_DELAY=-1");
            case "dataDirectory" -> data;
            case "baseUrl" -> "http://jira.example.com";
            case "settings" -> new Properties();
            case "clock" -> java.time.Clock.systemUTC();
            case "isActive", "isSystemAdmin" -> "admin".equals(args[0]);
            case "userNameForEmail" -> java.util.Optional.empty();
            case "searchUsers" -> List.of();
            case "bindUser" -> (AutoCloseable) () -> { };
            case "emailOf" -> java.util.Optional.empty();
            case "mailEnabled" -> false;
            case "sendMail", "recordAdminEvent" -> null;
            case "toString" -> "test host";
            case "hashCode" -> 0;
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException(m.getName());
          });
      Object a = bundle.loadClass("dev.limitto.jira.app.LimitToApp").getConstructor(hostType)
          .newInstance(host);
      a.getClass().getMethod("start").invoke(a);
      app = a;
    }
    return app;
  }

  /**
   * Spring's constructor autowiring, as Jira's plugin system creates module classes: the public
   * constructor whose parameters the plugin's context can all supply (here: the app).
   */
  private static Object autowire(Class<?> type, Object app) throws Exception {
    Constructor<?>[] cs = type.getConstructors();
    assertThat(cs).as(type.getName() + " has one public constructor").hasSize(1);
    Class<?>[] params = cs[0].getParameterTypes();
    Object[] args = new Object[params.length];
    for (int i = 0; i < params.length; i++) {
      assertThat(params[i]).as(type.getName() + " parameter " + i).isSameAs(app.getClass());
      args[i] = app;
    }
    return cs[0].newInstance(args);
  }

  /** A FilterConfig or ServletConfig with a servlet context that has no attributes. */
  private static <T> T config(Class<T> type) {
    Object context = Proxy.newProxyInstance(BundleIT.class.getClassLoader(),
        new Class<?>[] {jakarta.servlet.ServletContext.class}, (proxy, m, args) -> switch (m.getName()) {
          case "getInitParameterNames", "getAttributeNames" -> Collections.emptyEnumeration();
          case "log" -> null;
          default -> null;
        });
    return type.cast(Proxy.newProxyInstance(BundleIT.class.getClassLoader(), new Class<?>[] {type},
        (proxy, m, args) -> switch (m.getName()) {
          case "getServletContext" -> context;
          case "getInitParameterNames" -> Collections.emptyEnumeration();
          case "getFilterName", "getServletName" -> "limit-to";
          default -> null;
        }));
  }

  private static void deleteTree(Path p) throws IOException {
    if (p == null || !Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }
}
