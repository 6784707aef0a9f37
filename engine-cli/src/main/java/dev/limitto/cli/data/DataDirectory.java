package dev.limitto.cli.data;

import dev.limitto.cli.UsageException;
import dev.limitto.jira.audit.JsonLinesAuditWriter;
import dev.limitto.jira.db.H2ConnectionSource;
import dev.limitto.jira.db.StoreException;
import dev.limitto.jira.store.JdbcTokenStore;
import dev.limitto.jira.token.ServerKeys;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyFile;
import dev.limitto.jira.token.crypto.KeyRing;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The data directory that {@code serve}, {@code token} and {@code audit} share ({@code --data},
 * default {@code ./data}):
 *
 * <pre>
 * jira-config.properties      settings (optional; e.g. extender.token.secure.mode=true)
 * token-keys.properties       server keys (owner-only)
 * limitto-tokens.mv.db        H2 token store (shared with running commands: AUTO_SERVER)
 * admin-password              the sample application's admin password (owner-only)
 * server.properties           base URL of the last serve, for snippets
 * audit/                      JSON Lines audit log
 * </pre>
 *
 * The directory is created owner-only ({@code rwx------}) where the file system is POSIX.
 */
public final class DataDirectory {

  /** The default of {@code --data}. */
  public static final String DEFAULT = "./data";
  public static final String SETTINGS_FILE = "jira-config.properties";
  public static final String ADMIN_PASSWORD_FILE = "admin-password";
  public static final String SERVER_FILE = "server.properties";
  public static final String AUDIT_DIRECTORY = JsonLinesAuditWriter.DATA_SUBDIRECTORY;
  static final String BASE_URL_PROPERTY = "base.url";

  public static final String ERR_NOT_DIRECTORY = "data directory %s is not a directory";
  public static final String ERR_CREATE = "cannot create data directory %s: %s";
  public static final String ERR_MISSING =
      "data directory %s does not exist; start './limit-to serve --data %s' once, or create it";
  public static final String ERR_SETTINGS = "%s: %s";
  public static final String ERR_KEYS = "%s";
  public static final String ERR_STORE = "token store in %s: %s";
  public static final String ERR_WRITE = "cannot write %s: %s";

  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

  private final Path dir;

  private DataDirectory(Path dir) {
    this.dir = dir;
  }

  /**
   * The data directory, created (owner-only) when missing.
   *
   * @throws UsageException when the path is not a directory or cannot be created
   */
  public static DataDirectory create(String name) {
    Path dir = path(name);
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UsageException(String.format(ERR_NOT_DIRECTORY, name));
    }
    if (!Files.exists(dir)) {
      try {
        Files.createDirectories(dir);
        restrict(dir, OWNER_DIR);
      } catch (IOException e) {
        throw new UsageException(String.format(ERR_CREATE, name, e.getMessage()));
      }
    }
    return new DataDirectory(dir);
  }

  /**
   * An existing data directory: the admin commands never create one, so that a mistyped
   * {@code --data} is reported instead of starting an empty store.
   */
  public static DataDirectory existing(String name) {
    Path dir = path(name);
    if (!Files.exists(dir)) {
      throw new UsageException(String.format(ERR_MISSING, name, name));
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException(String.format(ERR_NOT_DIRECTORY, name));
    }
    return new DataDirectory(dir);
  }

  private static Path path(String name) {
    if (name.isEmpty()) {
      throw new UsageException(String.format(ERR_NOT_DIRECTORY, "''"));
    }
    try {
      return Path.of(name).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new UsageException(String.format(ERR_NOT_DIRECTORY, name));
    }
  }

  public Path path() {
    return dir;
  }

  public Path resolve(String name) {
    return dir.resolve(name);
  }

  /**
   * The settings of {@value #SETTINGS_FILE}, defaults when it is missing.
   *
   * @throws UsageException naming the file and line of an invalid or unknown setting
   */
  public TokenSettings settings() {
    Path file = dir.resolve(SETTINGS_FILE);
    try {
      return TokenSettings.load(file);
    } catch (IllegalArgumentException e) {
      // the message names the file, and the line of the key when there is one
      throw new UsageException(e.getMessage());
    }
  }

  /** {@code limitto.token.base.url} when the settings file sets it. */
  public Optional<String> configuredBaseUrl() {
    Path file = dir.resolve(SETTINGS_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      p.load(r);
    } catch (IOException e) {
      throw new UsageException(String.format(ERR_SETTINGS, file, e.getMessage()));
    }
    return Optional.ofNullable(p.getProperty(TokenSettings.BASE_URL)).map(String::strip)
        .filter(v -> !v.isEmpty());
  }

  /**
   * The server keys of this directory's token store, checked against it ({@link ServerKeys}):
   * created only for a store that was never used.
   *
   * @throws UsageException when the key file is missing although the store holds tokens, does
   *     not match the store, or cannot be used
   */
  public KeyRing keys(OpenStore store) {
    try {
      return ServerKeys.open(dir.resolve(KeyFile.DEFAULT_NAME), store.store());
    } catch (KeyFile.KeyFileException e) {
      throw new UsageException(String.format(ERR_KEYS, e.getMessage()));
    } catch (StoreException e) {
      throw new UsageException(String.format(ERR_STORE, dir, e.getMessage()));
    }
  }

  /** H2's system property for the address its TCP servers bind to (read once, at first use). */
  static final String H2_BIND_ADDRESS = "h2.bindAddress";

  /**
   * The H2 token store, shared with other commands on this directory while it is open. H2's
   * automatic mixed mode would serve the database on every interface (it passes
   * {@code -tcpAllowOthers}, relying on a random key in the lock file); the commands here share
   * it only with each other on this machine, so the server binds to the loopback address unless
   * {@value #H2_BIND_ADDRESS} was set explicitly.
   */
  public OpenStore openStore() {
    if (System.getProperty(H2_BIND_ADDRESS) == null) {
      System.setProperty(H2_BIND_ADDRESS, "127.0.0.1");
    }
    try {
      H2ConnectionSource source = H2ConnectionSource.shared(dir);
      return new OpenStore(source, JdbcTokenStore.open(source));
    } catch (StoreException e) {
      throw new UsageException(String.format(ERR_STORE, dir, e.getMessage()));
    }
  }

  /** A store and its connection source. */
  public record OpenStore(H2ConnectionSource source, JdbcTokenStore store) {}

  /** The base URL the last {@code serve} on this directory announced, if any. */
  public Optional<String> servedBaseUrl() {
    Path file = dir.resolve(SERVER_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(p.getProperty(BASE_URL_PROPERTY)).map(String::strip)
        .filter(s -> !s.isEmpty());
  }

  /** Records the base URL {@code serve} runs on, for snippets made by other commands. */
  public void recordServedBaseUrl(String baseUrl) {
    Properties p = new Properties();
    p.setProperty(BASE_URL_PROPERTY, baseUrl);
    Path file = dir.resolve(SERVER_FILE);
    Path tmp = dir.resolve(SERVER_FILE + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "written by ./limit-to serve: the base URL it runs on");
    } catch (IOException e) {
      throw new UsageException(String.format(ERR_WRITE, file, e.getMessage()));
    }
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UsageException(String.format(ERR_WRITE, file, e.getMessage()));
    }
  }

  /**
   * Writes a new owner-only file that must not exist yet: created with its permissions, so
   * that it is never readable by others, not even for a moment.
   *
   * @return false when the file already existed (it is left as it is)
   */
  public boolean writeSecretFile(String name, String content) {
    Path file = dir.resolve(name);
    try {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(file);
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UsageException(String.format(ERR_WRITE, file, e.getMessage()));
    }
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException(String.format(ERR_WRITE, file, e.getMessage()));
    }
    return true;
  }

  /** Reads a file of the directory, trimmed; empty when it does not exist. */
  public Optional<String> readFile(String name) {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new UsageException(String.format(ERR_WRITE, file, e.getMessage()));
    }
  }

  private static void restrict(Path path, Set<PosixFilePermission> perms) throws IOException {
    try {
      Files.setPosixFilePermissions(path, perms);
    } catch (UnsupportedOperationException notPosix) {
      // nothing to restrict with on this file system
    }
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
