package dev.limitto.cli.token;

import dev.limitto.cli.UsageException;
import dev.limitto.cli.data.DataDirectory;
import dev.limitto.cli.data.SampleUsers;
import dev.limitto.jira.snippet.Snippets;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import java.util.Locale;

/**
 * What a {@code token} subcommand works on: the data directory's settings, keys and token store,
 * through a {@link TokenService} that is not started (no polling; every operation goes to the
 * store, which a running {@code serve} shares).
 *
 * <p>Closing does not shut the database down: while {@code serve} runs this process is only a
 * client of it; when this process opened it, H2 closes it as the JVM exits.
 */
final class AdminSession implements AutoCloseable {

  static final String ERR_BASE_URL = "--base-url must be an absolute http or https URL, was '%s'";

  final DataDirectory data;
  final TokenSettings settings;
  final TokenService tokens;
  private final DataDirectory.OpenStore store;

  private AdminSession(DataDirectory data, TokenSettings settings, DataDirectory.OpenStore store,
      TokenService tokens) {
    this.data = data;
    this.settings = settings;
    this.store = store;
    this.tokens = tokens;
  }

  /**
   * Opens the data directory, which must exist.
   *
   * @param baseUrl the {@code --base-url} option, or null: then the URL the last {@code serve}
   *     recorded, else the settings' base URL
   */
  static AdminSession open(String dataDir, String baseUrl) {
    DataDirectory data = DataDirectory.existing(dataDir);
    TokenSettings fileSettings = data.settings();
    String base = baseUrl != null ? checkBaseUrl(baseUrl)
        : data.servedBaseUrl().orElse(fileSettings.baseUrl());
    TokenSettings settings = fileSettings.toBuilder().baseUrl(base).build();
    DataDirectory.OpenStore store = data.openStore();
    TokenService tokens = TokenService.builder().store(store.store()).keys(data.keys())
        .settings(settings).users(SampleUsers.directory()).build();
    return new AdminSession(data, settings, store, tokens);
  }

  private static String checkBaseUrl(String baseUrl) {
    try {
      Snippets.of(baseUrl, TokenSettings.AuthType.BASIC, null, "x");
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.format(ERR_BASE_URL, baseUrl));
    }
    return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** Who the store records as having made a change: the operating-system user. */
  static String actor() {
    String user = System.getProperty("user.name", "unknown");
    return "cli:" + user.toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    tokens.close();
  }
}
