package dev.limitto.jira.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.TokenEdit;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token administration through the real token service lands in the same audit log. */
class TokenAdminAuditTest {

  static final String IMPORTED_SECRET = "legacyImportedSecretValue_0042";
  static final String RULES = "[get].*/rest/api/2/issue/SECRETPROJECT-1";

  @TempDir Path dir;

  @Test
  void createEditRevokeImportWhenDoneThenEachAuditedOnceWithoutSecretOrValues() throws Exception {
    AuditDispatcher audit =
        AuditDispatcher.builder().writer(JsonLinesAuditWriter.open(dir)).start();
    TokenService tokens = TokenService.builder().store(new InMemoryTokenStore())
        .keys(KeyRing.generate()).settings(TokenSettings.defaults())
        .users(new InMemoryUserDirectory().add("alice", "alice@example.com"))
        .listener(audit).build();
    tokens.start();
    IssuedToken t;
    try {
      t = tokens.create(TokenRequest.builder().owner("alice").label("ci").restrictions(RULES)
          .build(), "admin");
      tokens.edit(t.token().id(), TokenEdit.builder().label("ci 2")
          .restrictions(RULES + "\n[post].*/rest/api/2/issue").build(), "admin");
      tokens.revoke(t.token().id(), "root");
      tokens.importTokens("[{\"label\":\"old\",\"userName\":\"alice\",\"limitTo\":\"" + RULES
          + "\",\"validUntil\":null,\"token\":\"" + IMPORTED_SECRET + "\"}]", "admin");
    } finally {
      tokens.close();
      audit.close();
    }

    List<AuditEntry> entries = new JsonLinesAuditReader(dir).readAll(AuditQuery.all());
    assertThat(entries).extracting(AuditEntry::type).containsOnly(AuditEntry.Type.ADMIN);
    assertThat(entries).extracting(AuditEntry::action)
        .containsExactly("CREATE", "EDIT", "REVOKE", "IMPORT");
    assertThat(entries).extracting(AuditEntry::actor)
        .containsExactly("admin", "admin", "root", "admin");
    assertThat(entries.get(1).changedFields()).containsExactly("label", "restrictions");
    assertThat(entries.get(1).tokenLabel()).isEqualTo("ci 2");
    assertThat(entries.subList(0, 3)).extracting(AuditEntry::tokenId)
        .containsOnly(t.token().id());
    assertThat(new JsonLinesAuditReader(dir).readAll(AuditQuery.all().forToken(t.token().id())))
        .hasSize(3);

    String raw;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "audit-*.jsonl")) {
      StringBuilder sb = new StringBuilder();
      for (Path f : files) {
        sb.append(Files.readString(f));
      }
      raw = sb.toString();
    }
    assertThat(raw).doesNotContain(t.secret()).doesNotContain(IMPORTED_SECRET)
        .doesNotContain("SECRETPROJECT");
    assertThat(raw.lines().collect(Collectors.toList())).hasSize(4);
  }

  @Test
  void ruleLinesWhenRulesHoldCommentsAndBlankLinesThenCountOnlyEffectiveLines() throws Exception {
    AuditDispatcher audit =
        AuditDispatcher.builder().writer(JsonLinesAuditWriter.open(dir)).start();
    TokenService tokens = TokenService.builder().store(new InMemoryTokenStore())
        .keys(KeyRing.generate()).settings(TokenSettings.defaults())
        .users(new InMemoryUserDirectory().add("alice", "alice@example.com"))
        .listener(audit).build();
    try {
      IssuedToken t = tokens.create(TokenRequest.builder().owner("alice").label("ci")
          .restrictions("# reader\n\n" + RULES + "\n# [post].*/rest/api/2/issue\n").build(),
          "admin");
      tokens.edit(t.token().id(), TokenEdit.builder()
          .restrictions(RULES + "\n\n[post].*/rest/api/2/issue\n").build(), "admin");
      tokens.edit(t.token().id(), TokenEdit.builder().unrestricted().build(), "admin");
    } finally {
      tokens.close();
      audit.close();
    }

    assertThat(new JsonLinesAuditReader(dir).readAll(AuditQuery.all()))
        .extracting(AuditEntry::ruleLines).containsExactly(1, 2, 0);
  }
}
