package dev.limitto.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.cli.data.DataDirectory;
import dev.limitto.jira.admin.PasswordHash;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin password of {@code serve}: made on first start and kept only as a hash, owner-only;
 * a password in clear left by an earlier version is hashed in place and keeps working; deleting
 * the file makes a new one without a second demo token.
 */
@Timeout(120)
class AdminPasswordFileTest {

  @TempDir Path tmp;

  private Path file() {
    return tmp.resolve("data").resolve(DataDirectory.ADMIN_PASSWORD_FILE);
  }

  private StandaloneServer start() {
    StandaloneServer s = new StandaloneServer(DataDirectory.create(tmp.resolve("data").toString()));
    s.start(BindAddress.resolve("127.0.0.1"), 0, null);
    return s;
  }

  private static int adminGet(StandaloneServer s, String password) throws Exception {
    return admin(s, password, "/tokens").statusCode();
  }

  private static HttpResponse<String> admin(StandaloneServer s, String password, String path)
      throws Exception {
    String auth = "Basic " + Base64.getEncoder()
        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(s.baseUrl() + "/rest/limit-to/1.0" + path)).header("Authorization", auth)
        .build(), HttpResponse.BodyHandlers.ofString());
    return r;
  }

  @Test
  void firstStart_keepsOnlyAnOwnerOnlyHashOfTheShownPassword() throws Exception {
    StandaloneServer s = start();
    try {
      String password = s.firstStart().orElseThrow().adminPassword();
      String stored = Files.readString(file()).strip();
      assertThat(stored).startsWith(PasswordHash.SCHEME + "$").doesNotContain(password);
      assertThat(PasswordHash.parse(stored).matches(password)).isTrue();
      assertThat(Files.getPosixFilePermissions(file()))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(adminGet(s, password)).isEqualTo(200);
      assertThat(adminGet(s, password + "x")).isEqualTo(401);
    } finally {
      s.stop();
    }
  }

  @Test
  void passwordInClearFromAnEarlierVersion_isHashedInPlaceAndStillAccepted() throws Exception {
    DataDirectory data = DataDirectory.create(tmp.resolve("data").toString());
    assertThat(data.writeSecretFile(DataDirectory.ADMIN_PASSWORD_FILE, "OldClearPassword42\n"))
        .isTrue();
    StandaloneServer s = start();
    try {
      assertThat(s.firstStart()).isEmpty();
      String stored = Files.readString(file()).strip();
      assertThat(stored).startsWith(PasswordHash.SCHEME + "$").doesNotContain("OldClearPassword42");
      assertThat(Files.getPosixFilePermissions(file()))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(adminGet(s, "OldClearPassword42")).isEqualTo(200);
    } finally {
      s.stop();
    }
    assertThat(Files.exists(file().resolveSibling(DataDirectory.ADMIN_PASSWORD_FILE + ".new")))
        .isFalse();
  }

  @Test
  void deletedFile_givesANewPasswordAndNoSecondDemoToken() throws Exception {
    StandaloneServer first = start();
    String old = first.firstStart().orElseThrow().adminPassword();
    first.stop();
    Files.delete(file());
    StandaloneServer second = start();
    try {
      String fresh = second.firstStart().orElseThrow().adminPassword();
      assertThat(fresh).isNotEqualTo(old);
      assertThat(adminGet(second, old)).isEqualTo(401);
      assertThat(adminGet(second, fresh)).isEqualTo(200);
      assertThat(admin(second, fresh, "/tokens?label=demo&owner=demo").body())
          .contains("\"total\":1,");
    } finally {
      second.stop();
    }
    StandaloneServer third = start();
    try {
      assertThat(third.firstStart()).isEmpty();
    } finally {
      third.stop();
    }
  }
}
