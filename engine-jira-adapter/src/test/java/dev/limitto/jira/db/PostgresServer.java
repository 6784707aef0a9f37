package dev.limitto.jira.db;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL server for tests, built from the machine's PostgreSQL binaries: one
 * cluster per test JVM, started on first use ({@link #shared()}) on a free port, stopped and
 * deleted by a shutdown hook. Each test takes a fresh schema ({@link #newSchema()}) or, when it
 * needs one, a fresh database ({@link #newDatabase()}).
 *
 * <p>Binaries: {@value #BINDIR_ENV} if set, else {@code pg_config --bindir}, else the newest
 * {@code /usr/lib/postgresql/N/bin}.
 * PostgreSQL refuses to run as root, so as root the cluster belongs to user {@code postgres} and
 * every command runs through {@code runuser -u postgres}.
 *
 * <p>When the binaries are missing or the server cannot start, tests using it are skipped with
 * the reason (a JUnit assumption) and the reason is printed to standard error; with the
 * environment variable {@code LIMITTO_REQUIRE_POSTGRES=true} (set by {@code .ci/run}) they fail
 * instead, so CI never passes by skipping.
 *
 * <p>Settings are for speed, never for production: {@code initdb --no-sync}, {@code fsync=off},
 * trust authentication on 127.0.0.1 and a socket in the cluster directory.
 */
public final class PostgresServer {

  /** Environment variable that turns "skip" into "fail". */
  public static final String REQUIRE_ENV = "LIMITTO_REQUIRE_POSTGRES";
  /** Environment variable naming the directory of initdb and pg_ctl, ahead of any search. */
  public static final String BINDIR_ENV = "LIMITTO_POSTGRES_BINDIR";
  /** Database holding the schemas of {@link #newSchema()}. */
  static final String SHARED_DATABASE = "limitto_tests";
  /** Superuser created by initdb, whatever the OS user. */
  public static final String USER = "postgres";

  private static final Object LOCK = new Object();
  private static PostgresServer shared;
  private static String unavailable;

  private final Path dataDir;
  private final Path binDir;
  private final boolean asRoot;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresServer(Path binDir, Path dataDir, boolean asRoot, int port) {
    this.binDir = binDir;
    this.dataDir = dataDir;
    this.asRoot = asRoot;
    this.port = port;
  }

  /**
   * The server of this JVM, started on first call. Skips the calling test (or fails it under
   * {@value #REQUIRE_ENV}{@code =true}) when PostgreSQL cannot be started here.
   */
  public static PostgresServer shared() {
    synchronized (LOCK) {
      if (shared == null && unavailable == null) {
        try {
          shared = start();
        } catch (Exception e) {
          unavailable = "PostgreSQL test server unavailable: " + e.getMessage();
        }
      }
      if (shared != null) {
        return shared;
      }
    }
    if ("true".equalsIgnoreCase(System.getenv(REQUIRE_ENV))) {
      throw new IllegalStateException(
          unavailable + "; failing because " + REQUIRE_ENV + "=true forbids skipping");
    }
    String skip = unavailable + "; test skipped (set " + REQUIRE_ENV + "=true to fail instead)";
    System.err.println(skip);
    Assumptions.abort(skip);
    throw new AssertionError("unreachable");
  }

  public int port() {
    return port;
  }

  /** JDBC URL of a database of this server. */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Connections to a database of this server, opened per call through the PostgreSQL driver. */
  public ConnectionSource connectionSource(String database) {
    String url = url(database);
    return () -> DriverManager.getConnection(url, USER, "");
  }

  /**
   * Creates an empty schema in the shared test database and returns its name: isolation as good
   * as a database for tables, sequences and indexes, at a fraction of the cost (a database is a
   * few hundred files to create and delete). Advisory locks are per database, so schemas share
   * them; that only serialises migrations of different tests.
   */
  public String newSchema() {
    String name = "test_s" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url(SHARED_DATABASE), USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + name + ": " + e.getMessage(), e);
    }
    return name;
  }

  /** Connections to a schema made by {@link #newSchema()}, as the schema of unqualified names. */
  public ConnectionSource schemaConnectionSource(String schema) {
    String url = url(SHARED_DATABASE) + "?currentSchema=" + schema;
    return () -> DriverManager.getConnection(url, USER, "");
  }

  /** Creates an empty database and returns its name. */
  public String newDatabase() {
    return createDatabase("test_" + databases.incrementAndGet());
  }

  private String createDatabase(String name) {
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return name;
  }

  private static PostgresServer start() throws IOException, InterruptedException {
    Path bin = findBinDir();
    boolean root = isRoot();
    if (root && !userExists(USER)) {
      throw new IllegalStateException(
          "running as root and there is no OS user '" + USER + "' to run the server as");
    }
    Path dir = Files.createTempDirectory("limitto-pg-");
    if (root) {
      run(List.of("chown", USER + ":", dir.toString()), false, dir);
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    try {
      Path data = dir;
      run(
          List.of(bin.resolve("initdb").toString(), "-A", "trust", "-U", USER, "-E", "UTF8",
              "--locale=C", "--no-sync", "-D", data.toString()),
          root,
          dir);
      IOException last = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        int port = freePort();
        try {
          run(
              List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                  data.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                  "-c listen_addresses=127.0.0.1 -p " + port + " -k " + data
                      + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                      + " -c max_connections=100",
                  "start"),
              root,
              dir);
          PostgresServer server = new PostgresServer(bin, data, root, port);
          try {
            server.createDatabase(SHARED_DATABASE);
          } catch (RuntimeException e) {
            server.stopAndDelete();
            throw e;
          }
          Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndDelete, "postgres-stop"));
          System.err.println(
              "PostgreSQL test server " + bin + " started on 127.0.0.1:" + port + " in " + data);
          return server;
        } catch (IOException e) {
          last = e; // most likely the port was taken between probe and start: try another
        }
      }
      throw last;
    } catch (IOException | RuntimeException | InterruptedException e) {
      deleteTree(dir);
      throw e;
    }
  }

  private void stopAndDelete() {
    try {
      run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m",
              "immediate", "-w", "stop"), asRoot, dataDir);
    } catch (IOException | InterruptedException | RuntimeException e) {
      System.err.println("PostgreSQL test server did not stop cleanly: " + e.getMessage());
    }
    // Thousands of files: deleting them must not hold up the JVM's exit (surefire gives a
    // forked JVM 30 s), so a detached `rm` does it and may outlive this process.
    try {
      new ProcessBuilder("rm", "-rf", "--", dataDir.toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      deleteTree(dataDir);
    }
  }

  static Path findBinDir() throws IOException, InterruptedException {
    List<Path> candidates = new ArrayList<>();
    String chosen = System.getenv(BINDIR_ENV);
    if (chosen != null && !chosen.isBlank()) {
      Path c = Path.of(chosen);
      if (Files.isExecutable(c.resolve("initdb")) && Files.isExecutable(c.resolve("pg_ctl"))) {
        return c;
      }
      throw new IllegalStateException(BINDIR_ENV + "=" + chosen + " holds no initdb and pg_ctl");
    }
    try {
      Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() == 0 && !out.isEmpty()) {
        candidates.add(Path.of(out));
      }
    } catch (IOException noPgConfig) {
      // not installed: fall back to the Debian layout
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        versions
            .map(v -> v.resolve("bin"))
            .sorted(Comparator.comparing(PostgresServer::majorVersion).reversed())
            .forEach(candidates::add);
      }
    }
    for (Path c : candidates) {
      if (Files.isExecutable(c.resolve("initdb")) && Files.isExecutable(c.resolve("pg_ctl"))) {
        return c;
      }
    }
    throw new IllegalStateException(
        "no PostgreSQL binaries (initdb, pg_ctl) found in `pg_config --bindir` or"
            + " /usr/lib/postgresql/*/bin; install them, e.g. `apt-get install postgresql`");
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean isRoot() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return p.waitFor() == 0 && out.equals("0");
  }

  private static boolean userExists(String user) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("id", "-u", user).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0;
  }

  /**
   * Runs a command (through {@code runuser} as root), output to a log file: the server that
   * {@code pg_ctl start} leaves behind inherits it, and a pipe nobody reads would block it.
   */
  private static void run(List<String> command, boolean asPostgres, Path dir)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", USER, "--"));
    }
    full.addAll(command);
    File log = File.createTempFile("limitto-pg-cmd-", ".log");
    try {
      Process p =
          new ProcessBuilder(full)
              .directory(new File("/"))
              .redirectErrorStream(true)
              .redirectOutput(log)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", full) + " timed out");
      }
      if (p.exitValue() != 0) {
        String out = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        String serverLog = "";
        Path server = dir.resolve("server.log");
        if (Files.isReadable(server)) {
          serverLog = "\nserver.log:\n" + Files.readString(server, StandardCharsets.UTF_8);
        }
        throw new IOException(
            String.join(" ", full) + " exited with " + p.exitValue() + ":\n" + out + serverLog);
      }
    } finally {
      Files.deleteIfExists(log.toPath());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
