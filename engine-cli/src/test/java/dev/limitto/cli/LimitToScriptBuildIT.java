package dev.limitto.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code ./limit-to} decides to build, tested on a copy of the script in a scratch project
 * whose {@code mvnw} and {@code java} are stand-ins that record how they were called: no Maven
 * and no JVM run, so every case is fast.
 */
class LimitToScriptBuildIT {

  private static final String BUILD_ARGS =
      "-B -pl engine-cli -am package -Dmaven.test.skip=true";

  @TempDir Path root;
  private Path jdk;
  private Path source;

  private record Result(int exitCode, String out, String err) {}

  @BeforeEach
  void scratchProject() throws IOException {
    String projectDir = System.getProperty("limitto.project.dir");
    if (projectDir == null) {
      throw new IllegalStateException("system property limitto.project.dir is not set");
    }
    Files.copy(Path.of(projectDir, "limit-to"), root.resolve("limit-to"));
    executable(root.resolve("limit-to"));
    // the stand-in Maven wrapper logs its arguments and "builds" the jar, or fails on request
    write(root.resolve("mvnw"), String.join("\n",
        "#!/usr/bin/env bash",
        "echo \"$*\" >> build.log",
        "echo '[INFO] Scanning for projects...'",
        "echo '[INFO] Building Limit-to engine 0.1.0-SNAPSHOT                    [1/3]'",
        "echo '[INFO] --- compiler:3.14.1:compile (default-compile) @ engine-core ---'",
        "echo '[INFO] Building jar: /x/engine-core.jar'",
        "if [ \"${FAKE_BUILD_FAILS:-}\" = 1 ]; then echo '[ERROR] COMPILATION ERROR' >&2; exit 1; fi",
        "echo '[INFO] Building Limit-to command line 0.1.0-SNAPSHOT              [3/3]'",
        "mkdir -p engine-cli/target/lib && touch engine-cli/target/engine-cli.jar",
        ""));
    executable(root.resolve("mvnw"));
    jdk = root.resolve("jdk");
    Files.createDirectories(jdk.resolve("bin"));
    // prints every argument in brackets, so that word splitting would show
    write(jdk.resolve("bin/java"),
        "#!/bin/sh\nprintf java; for a in \"$@\"; do printf ' [%s]' \"$a\"; done; echo\n");
    executable(jdk.resolve("bin/java"));
    write(root.resolve("pom.xml"), "<project/>\n");
    for (String module : List.of("engine-core", "engine-jira-adapter", "engine-cli")) {
      write(root.resolve(module + "/pom.xml"), "<project/>\n");
    }
    source = root.resolve("engine-core/src/main/java/A.java");
    write(source, "class A {}\n");
    ageEverything(Instant.now().minusSeconds(3600));
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void executable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private void ageEverything(Instant when) throws IOException {
    try (var files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.setLastModifiedTime(p, FileTime.from(when));
      }
    }
  }

  private List<String> buildLog() throws IOException {
    Path log = root.resolve("build.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private Result run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(root.resolve("limit-to").toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("limit-to-out", ".txt");
    Path err = Files.createTempFile("limit-to-err", ".txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(command)
          .directory(jdk.toFile())
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      pb.environment().remove("LIMITTO_NO_BUILD");
      pb.environment().remove("LIMITTO_JAVA_OPTS");
      pb.environment().put("JAVA_HOME", jdk.toString());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("limit-to did not finish within 60 s");
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private String expectedJavaCommand(String... args) {
    Path target = root.resolve("engine-cli/target");
    StringBuilder sb = new StringBuilder("java [-cp] [")
        .append(target.resolve("engine-cli.jar")).append(':').append(target.resolve("lib"))
        .append("/*] [dev.limitto.cli.Main]");
    for (String a : args) {
      sb.append(" [").append(a).append(']');
    }
    return sb.append('\n').toString();
  }

  @Test
  void runWhenNeverBuiltThenBuildsQuietlyOnStderrThenRunsMainWithJavaHome() throws Exception {
    Result r = run(Map.of(), "check", "--help");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(expectedJavaCommand("check", "--help"));
    assertThat(r.err()).startsWith("limit-to: building engine-cli");
    assertThat(buildLog()).containsExactly(BUILD_ARGS);
  }

  @Test
  void runWhenBuildingThenOneProgressLinePerModuleAndTheTimeItTookNotMavensChatter()
      throws Exception {
    Result r = run(Map.of(), "--help");

    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.err().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("limit-to: building engine-cli");
    assertThat(lines.subList(1, 3)).containsExactly(
        "limit-to:   Limit-to engine 0.1.0-SNAPSHOT [1/3]",
        "limit-to:   Limit-to command line 0.1.0-SNAPSHOT [3/3]");
    assertThat(lines.get(3)).matches("limit-to: build done in \\d+ s \\(Maven's output: "
        + java.util.regex.Pattern.quote(
            root.resolve("engine-cli/target/limit-to-build.log").toString()) + "\\)\\.");
    assertThat(root.resolve("engine-cli/target/limit-to-build.log"))
        .content().contains("[INFO] Scanning for projects...");
  }

  @Test
  void runWhenBuildIsUpToDateThenDoesNotBuildAgain() throws Exception {
    run(Map.of(), "--help");
    Result r = run(Map.of(), "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo(expectedJavaCommand("--help"));
    assertThat(buildLog()).hasSize(1);
  }

  @Test
  void runWhenMainSourceIsNewerThanJarThenRebuilds() throws Exception {
    run(Map.of(), "--help");
    ageEverything(Instant.now().minusSeconds(600));
    Files.setLastModifiedTime(source, FileTime.from(Instant.now()));
    Result r = run(Map.of(), "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).startsWith("limit-to: building engine-cli");
    assertThat(buildLog()).hasSize(2);
  }

  @Test
  void runWhenBuildFailsThenShowsMavenOutputAndShortMessageOnStderrAndExits2() throws Exception {
    Result r = run(Map.of("FAKE_BUILD_FAILS", "1"), "--help");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).as("nothing runs").isEmpty();
    assertThat(r.err())
        .contains("limit-to:   Limit-to engine 0.1.0-SNAPSHOT [1/3]\n")
        .contains("[INFO] Scanning for projects...\n[INFO] Building Limit-to engine")
        .contains("[ERROR] COMPILATION ERROR\n")
        .endsWith("limit-to: build failed; fix the error above, or run: "
            + "./mvnw -B -pl engine-cli -am package\n");
  }

  @Test
  void runWhenStaleAndBuildingForbiddenThenExits2WithoutBuilding() throws Exception {
    Result r = run(Map.of("LIMITTO_NO_BUILD", "1"), "--help");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("limit-to: engine-cli is not built or out of date, "
        + "and LIMITTO_NO_BUILD=1 forbids building\n");
    assertThat(buildLog()).isEmpty();
  }

  @Test
  void runWhenArgumentsHaveSpacesThenPassesThemUnchanged() throws Exception {
    run(Map.of(), "--help");
    Result r = run(Map.of(), "check", "--rules", "my rules.txt");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo(expectedJavaCommand("check", "--rules", "my rules.txt"));
  }
}
