package dev.limitto.cli.gateway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.limitto.jira.db.ConnectionSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where {@code serve} keeps tokens, upstream credentials and the audit when they are shared by
 * several nodes: a PostgreSQL database ({@code --store jdbc:postgresql://...}), reached through a
 * HikariCP pool. The user and password come from options, a password file, or the environment
 * ({@value #USER_ENV}, {@value #PASSWORD_ENV}), never from the URL shown in messages.
 */
public final class StoreConfig {

  public static final String USER_ENV = "LIMITTO_STORE_USER";
  public static final String PASSWORD_ENV = "LIMITTO_STORE_PASSWORD";
  /** Connections of one node's pool. */
  public static final int DEFAULT_POOL_SIZE = 10;

  public static final String ERR_URL =
      "--store must be a PostgreSQL JDBC URL (jdbc:postgresql://HOST[:PORT]/DATABASE), was '%s'";
  public static final String ERR_PASSWORD_IN_URL =
      "--store: give the password with --store-password-file or " + PASSWORD_ENV
          + ", not in the URL";
  public static final String ERR_PASSWORD_FILE = "--store-password-file %s: %s";

  private final String url;
  private final String user;
  private final String password;

  private StoreConfig(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /**
   * Reads the options; the environment fills in what they leave out.
   *
   * @throws IllegalArgumentException with one of the {@code ERR_*} messages
   */
  public static StoreConfig of(String url, String user, Path passwordFile,
      Map<String, String> env) {
    if (url == null || !url.startsWith("jdbc:postgresql://") || url.length() <= 18) {
      throw new IllegalArgumentException(String.format(ERR_URL, url));
    }
    if (url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
      throw new IllegalArgumentException(ERR_PASSWORD_IN_URL);
    }
    String u = user != null ? user : env.get(USER_ENV);
    String p = env.get(PASSWORD_ENV);
    if (passwordFile != null) {
      try {
        p = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException(String.format(ERR_PASSWORD_FILE, passwordFile,
            e.getMessage()));
      }
    }
    return new StoreConfig(url, u, p);
  }

  /** The URL, for messages (it holds no password: {@link #ERR_PASSWORD_IN_URL}). */
  public String url() {
    return url;
  }

  /** A pool of this node: its {@link ConnectionSource} and how to close it. */
  public record Pool(ConnectionSource source, AutoCloseable closer) {}

  /** Opens the pool; the first connection is made at once, so a wrong URL fails here. */
  public Pool open() {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    if (user != null) {
      c.setUsername(user);
    }
    if (password != null) {
      c.setPassword(password);
    }
    c.setMaximumPoolSize(DEFAULT_POOL_SIZE);
    c.setPoolName("limitto-store");
    c.setConnectionTimeout(10_000);
    HikariDataSource ds = new HikariDataSource(c);
    return new Pool(ds::getConnection, ds);
  }

  @Override
  public String toString() {
    return "PostgreSQL " + url + (user == null ? "" : " as " + user);
  }
}
