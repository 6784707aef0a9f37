package dev.limitto.jira.app;

import dev.limitto.jira.servlet.jakarta.LimitToFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * The {@code servlet-filter} module of atlassian-plugin.xml: the adapter's {@link LimitToFilter}
 * around the app's gate. Jira creates it with the plugin's {@link LimitToApp} (constructor
 * autowiring), before its login filter, on {@code /rest/*}.
 */
public final class AppFilter implements Filter {

  private final LimitToFilter filter;

  public AppFilter(LimitToApp app) {
    this.filter = new LimitToFilter(app.gate());
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    filter.init(config);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    filter.doFilter(req, res, chain);
  }

  @Override
  public void destroy() {
    filter.destroy();
  }
}
