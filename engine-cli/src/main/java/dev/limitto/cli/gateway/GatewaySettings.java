package dev.limitto.cli.gateway;

import dev.limitto.jira.token.DurationText;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The gateway's settings in the data directory's settings file ({@code
 * jira-config.properties}), under {@value #PREFIX}: the same names as the {@code serve} options,
 * which win over them. An unknown key under the prefix is refused, naming the known ones.
 */
public final class GatewaySettings {

  public static final String PREFIX = "limitto.gateway.";
  public static final String UPSTREAM = PREFIX + "upstream";
  public static final String PASS_UNAUTHENTICATED = PREFIX + "pass.unauthenticated";
  public static final String CONNECT_TIMEOUT = PREFIX + "connect.timeout";
  public static final String READ_TIMEOUT = PREFIX + "read.timeout";
  public static final String TOTAL_TIMEOUT = PREFIX + "total.timeout";
  public static final String TRUST_STORE = PREFIX + "trust.store";
  public static final String TRUST_STORE_PASSWORD_FILE = PREFIX + "trust.store.password.file";
  static final Set<String> KNOWN = Set.of(UPSTREAM, PASS_UNAUTHENTICATED, CONNECT_TIMEOUT,
      READ_TIMEOUT, TOTAL_TIMEOUT, TRUST_STORE, TRUST_STORE_PASSWORD_FILE);

  public static final String ERR_UNKNOWN = "%s: unknown setting %s (known settings: %s)";
  public static final String ERR_VALUE = "%s: %s: %s";
  public static final String ERR_BOOLEAN = "must be true or false, was '%s'";
  public static final String ERR_READ = "cannot read %s: %s";

  /** What the command line gave; null fields fall back to the settings file, then defaults. */
  public record Options(String upstream, Boolean passUnauthenticated, String connectTimeout,
      String readTimeout, String totalTimeout, Path trustStore, Path trustStorePasswordFile) {}

  private GatewaySettings() {}

  /**
   * The gateway configuration from the options and the settings file, or null when neither
   * names an upstream (serve then runs the sample API).
   *
   * @throws IllegalArgumentException with a message naming the option or the file and key
   */
  public static GatewayConfig resolve(Options o, Path settingsFile) {
    Properties p = new Properties();
    if (Files.isRegularFile(settingsFile)) {
      try (Reader r = Files.newBufferedReader(settingsFile, StandardCharsets.ISO_8859_1)) {
        p.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException(String.format(ERR_READ, settingsFile,
            e.getMessage()));
      }
    }
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith(PREFIX) && !KNOWN.contains(name)) {
        throw new IllegalArgumentException(String.format(ERR_UNKNOWN, settingsFile, name,
            String.join(", ", new TreeSet<>(KNOWN))));
      }
    }
    String upstream = o.upstream() != null ? o.upstream() : value(p, UPSTREAM);
    if (upstream == null) {
      return null;
    }
    URI origin;
    try {
      origin = GatewayConfig.parseOrigin(upstream);
    } catch (IllegalArgumentException e) {
      throw o.upstream() != null ? e : fileError(settingsFile, UPSTREAM, e.getMessage());
    }
    GatewayConfig.Builder b = GatewayConfig.builder(origin);
    Boolean pass = o.passUnauthenticated();
    if (pass == null && value(p, PASS_UNAUTHENTICATED) != null) {
      String v = value(p, PASS_UNAUTHENTICATED).toLowerCase(Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        throw fileError(settingsFile, PASS_UNAUTHENTICATED, String.format(ERR_BOOLEAN, v));
      }
      pass = Boolean.parseBoolean(v);
    }
    b.passUnauthenticated(Boolean.TRUE.equals(pass));
    b.connectTimeout(duration(o.connectTimeout(), "--upstream-connect-timeout", p,
        CONNECT_TIMEOUT, settingsFile, GatewayConfig.DEFAULT_CONNECT_TIMEOUT));
    b.readTimeout(duration(o.readTimeout(), "--upstream-read-timeout", p, READ_TIMEOUT,
        settingsFile, GatewayConfig.DEFAULT_READ_TIMEOUT));
    b.totalTimeout(duration(o.totalTimeout(), "--upstream-total-timeout", p, TOTAL_TIMEOUT,
        settingsFile, GatewayConfig.DEFAULT_TOTAL_TIMEOUT));
    Path trust = o.trustStore() != null ? o.trustStore()
        : value(p, TRUST_STORE) == null ? null : Path.of(value(p, TRUST_STORE));
    Path passwordFile = o.trustStorePasswordFile() != null ? o.trustStorePasswordFile()
        : value(p, TRUST_STORE_PASSWORD_FILE) == null ? null
            : Path.of(value(p, TRUST_STORE_PASSWORD_FILE));
    if (trust != null) {
      char[] password = null;
      if (passwordFile != null) {
        try {
          password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
        } catch (IOException e) {
          throw new IllegalArgumentException(String.format(ERR_READ, passwordFile,
              e.getMessage()));
        }
      }
      b.trustStore(trust, password);
    }
    return b.build();
  }

  private static Duration duration(String option, String optionName, Properties p, String key,
      Path file, Duration fallback) {
    if (option != null) {
      try {
        return DurationText.parse(option);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(optionName + ": " + e.getMessage());
      }
    }
    String v = value(p, key);
    if (v == null) {
      return fallback;
    }
    try {
      return DurationText.parse(v);
    } catch (IllegalArgumentException e) {
      throw fileError(file, key, e.getMessage());
    }
  }

  private static String value(Properties p, String key) {
    String v = p.getProperty(key);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static IllegalArgumentException fileError(Path file, String key, String message) {
    return new IllegalArgumentException(String.format(ERR_VALUE, file, key, message));
  }
}
