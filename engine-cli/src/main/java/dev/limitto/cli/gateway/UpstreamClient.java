package dev.limitto.cli.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * The one HTTP client of a gateway: Apache HttpClient 5 (classic, blocking I/O, which matches
 * the servlet thread that forwards), with a pool of reused connections to the single upstream
 * origin. Everything a general-purpose client does on its own is switched off, because a proxy
 * must hand on exactly what it got: no redirects followed, no retries, no cookies, no
 * authentication caching, no decompression, no proxy from system properties. TLS verifies the
 * upstream's certificate and host name, against the JDK's trust anchors or the configured trust
 * store.
 */
final class UpstreamClient implements AutoCloseable {

  static final String ERR_TRUST_STORE = "--upstream-trust-store %s: %s";

  private final GatewayConfig config;
  private final HttpHost target;
  private final PoolingHttpClientConnectionManager connections;
  private final CloseableHttpClient client;
  private final ScheduledExecutorService deadlines;

  UpstreamClient(GatewayConfig config) {
    this.config = config;
    this.target = new HttpHost(config.scheme(), config.host(), config.port());
    PoolingHttpClientConnectionManagerBuilder cm = PoolingHttpClientConnectionManagerBuilder.create()
        .setMaxConnTotal(config.maxConnections())
        .setMaxConnPerRoute(config.maxConnections())
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(Timeout.of(config.connectTimeout()))
            .setSocketTimeout(Timeout.of(config.readTimeout()))
            .build());
    if (config.scheme().equals("https")) {
      cm.setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(sslContext(config))
          .buildClassic());
    }
    this.connections = cm.build();
    this.client = HttpClients.custom()
        .setConnectionManager(connections)
        .setDefaultRequestConfig(RequestConfig.custom()
            .setRedirectsEnabled(false)
            .setResponseTimeout(Timeout.of(config.readTimeout()))
            .setConnectionRequestTimeout(Timeout.of(config.totalTimeout()))
            .build())
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableAuthCaching()
        .disableContentCompression()
        .disableConnectionState()
        .build();
    this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "limitto-gateway-deadlines");
      t.setDaemon(true);
      return t;
    });
    // started here, outside any request, so that it belongs to no web application
    deadlines.execute(() -> { });
  }

  private static SSLContext sslContext(GatewayConfig config) {
    try {
      if (config.trustStore() == null) {
        return SSLContext.getDefault();
      }
      char[] password = config.trustStorePassword();
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      try (InputStream in = Files.newInputStream(config.trustStore())) {
        store.load(in, password);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(String.format(ERR_TRUST_STORE, config.trustStore(),
          e.getMessage()), e);
    }
  }

  GatewayConfig config() {
    return config;
  }

  HttpHost target() {
    return target;
  }

  CloseableHttpClient client() {
    return client;
  }

  ScheduledExecutorService deadlines() {
    return deadlines;
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
    client.close(CloseMode.GRACEFUL);
    connections.close(CloseMode.GRACEFUL);
  }
}
