package dev.limitto.jira.db;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Connections to the embedded H2 token database in a data directory: file
 * {@code <dir>/limitto-tokens.mv.db}. The H2 driver is not part of the adapter; it must be on the
 * class path of whoever uses this (the standalone server and its tests have it), and is found
 * through {@link DriverManager} by URL alone.
 *
 * <p>URL settings, each for a reason: {@code DB_CLOSE_DELAY=-1} keeps the database open between
 * operations (each borrows a connection), {@code WRITE_DELAY=0} writes every commit to the file at
 * once so that a revocation survives a crash of the process, and {@code LOCK_TIMEOUT} lets writers
 * queue behind the change-sequence row lock instead of failing after H2's default one second.
 *
 * <p>H2 in file mode lets one process at a time open the database. {@link #shared} lifts that
 * with H2's automatic mixed mode ({@code AUTO_SERVER=TRUE}): the first process to open the
 * database serves it to the others over a TCP port that it writes, with a random key, into
 * {@code limitto-tokens.lock.db}, so the standalone server and the {@code token} command can use
 * one data directory at once. H2 listens on every interface unless the system property
 * {@code h2.bindAddress} names one (the command line sets it to 127.0.0.1). Keep the directory
 * owner-only: whoever can read that lock file and reach the port can connect.
 */
public final class H2ConnectionSource implements ConnectionSource, AutoCloseable {

  /** File name, without H2's {@code .mv.db} suffix, inside the data directory. */
  public static final String FILE_NAME = "limitto-tokens";
  static final String SETTINGS = ";DB_CLOSE_DELAY=-1;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
  /** Added by {@link #shared}. */
  static final String SHARED_SETTINGS = ";AUTO_SERVER=TRUE";
  static final String ERR_DIRECTORY =
      "H2 data directory %s cannot be used: the path must not contain ';' (it would be read as"
          + " database settings)";
  static final String ERR_CREATE = "H2 data directory %s cannot be created";

  private final String url;

  private H2ConnectionSource(String url) {
    this.url = url;
  }

  /**
   * The token database in {@code dataDirectory}, which is created if missing (readable by the
   * current user only).
   *
   * @throws StoreException when the directory cannot be created or its path cannot be put in
   *     an H2 URL safely
   */
  public static H2ConnectionSource inDirectory(Path dataDirectory) {
    return new H2ConnectionSource(fileUrl(dataDirectory) + SETTINGS);
  }

  /**
   * The token database in {@code dataDirectory} (created if missing), open to other processes on
   * this machine while this one has it open ({@code AUTO_SERVER=TRUE}). H2 closes the database
   * from its own shutdown hook when the JVM exits (it does not allow {@code DB_CLOSE_ON_EXIT=FALSE}
   * here), so a process that writes to the store while it stops must do so before the JVM begins
   * to exit.
   *
   * @throws StoreException when the directory cannot be created or its path cannot be put in
   *     an H2 URL safely
   */
  public static H2ConnectionSource shared(Path dataDirectory) {
    return new H2ConnectionSource(fileUrl(dataDirectory) + SETTINGS + SHARED_SETTINGS);
  }

  private static String fileUrl(Path dataDirectory) {
    Path dir = dataDirectory.toAbsolutePath().normalize();
    String path = dir.toString().replace('\\', '/');
    // A ';' would start H2 settings such as INIT=RUNSCRIPT: refuse rather than escape.
    if (path.indexOf(';') >= 0) {
      throw new StoreException(String.format(ERR_DIRECTORY, dir));
    }
    try {
      if (!Files.isDirectory(dir)) {
        if (dir.getParent() != null) {
          Files.createDirectories(dir.getParent());
        }
        // A new data directory is for the server's user alone; an existing one is left as the
        // admin set it up.
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
          Files.createDirectory(
              dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectory(dir);
        }
      }
    } catch (IOException e) {
      throw new StoreException(String.format(ERR_CREATE, dir), e);
    }
    return "jdbc:h2:file:" + path + "/" + FILE_NAME;
  }

  /** The JDBC URL (no credentials in it). */
  public String url() {
    return url;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return DriverManager.getConnection(url, "sa", "");
  }

  /**
   * Closes the database so its file is released (it stays open between operations otherwise).
   * Other sources on the same directory in this JVM lose it too.
   */
  @Override
  public void close() {
    try (Connection c = getConnection();
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw Jdbc.failure("shutdown", e);
    }
  }

  /**
   * Closes the database only when this process holds it (an embedded session, not a client of
   * another process's {@link #shared} database): what the JVM's exit would do, done when the work
   * is over, so that a command run inside a longer-lived JVM (a test) releases the files. A
   * database served by another process, such as a running {@code serve}, is left alone.
   */
  public void closeIfOpenHere() {
    try (Connection c = getConnection();
        Statement s = c.createStatement()) {
      boolean here;
      try (ResultSet r = s.executeQuery(
          "SELECT SERVER FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID = SESSION_ID()")) {
        // a client of another process's database has the server's address here; ours has none
        here = r.next() && r.getString(1) == null;
      }
      if (here) {
        s.execute("SHUTDOWN");
      }
    } catch (SQLException e) {
      throw Jdbc.failure("shutdown", e);
    }
  }

  @Override
  public String toString() {
    return "H2ConnectionSource{" + url + "}";
  }
}
