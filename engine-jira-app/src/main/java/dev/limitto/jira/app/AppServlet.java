package dev.limitto.jira.app;

import dev.limitto.jira.servlet.jakarta.AdminServlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;

/**
 * The {@code servlet} module of atlassian-plugin.xml: the admin page at {@code
 * /plugins/servlet/limit-to/admin} and its files, answered by the app's admin API through the
 * adapter's {@link AdminServlet} (which serves the page's paths after the same checks of the
 * caller as the API's). Jira creates it with the plugin's {@link LimitToApp}.
 */
public final class AppServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient AdminServlet servlet;

  public AppServlet(LimitToApp app) {
    this.servlet = new AdminServlet(app.adminApi());
  }

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    servlet.init(config);
  }

  @Override
  public void service(ServletRequest req, ServletResponse res)
      throws ServletException, IOException {
    servlet.service(req, res);
  }

  @Override
  public void destroy() {
    servlet.destroy();
  }
}
