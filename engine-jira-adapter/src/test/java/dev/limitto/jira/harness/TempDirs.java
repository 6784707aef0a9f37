package dev.limitto.jira.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes what a test made outside JUnit's own temporary directories. */
public final class TempDirs {

  private TempDirs() {}

  /**
   * Clears {@code catalina.home} and {@code catalina.base}: embedded Tomcat sets them on its first
   * start in a JVM and every later instance then creates the first one's (deleted) directory again.
   * Call after a test's Tomcat is destroyed.
   */
  public static void forgetTomcatDirectories() {
    System.clearProperty("catalina.home");
    System.clearProperty("catalina.base");
  }

  /** Deletes {@code dir} and everything under it; nothing when it is null or already gone. */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
