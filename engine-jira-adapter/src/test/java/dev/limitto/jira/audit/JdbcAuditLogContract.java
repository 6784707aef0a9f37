package dev.limitto.jira.audit;

import dev.limitto.jira.db.ConnectionSource;
import dev.limitto.jira.db.SchemaMigrator;
import dev.limitto.jira.store.JdbcTokenStore;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbcAuditLog} does on every supported database. */
abstract class JdbcAuditLogContract {

  static final Instant T = Instant.parse("2026-03-01T12:00:00.123456Z");

  protected ConnectionSource source;
  protected JdbcAuditLog log;

  /** A fresh, empty database. */
  protected abstract ConnectionSource newDatabase();

  @BeforeEach
  void openLog() {
    source = newDatabase();
    log = JdbcAuditLog.open(source);
  }

  @Test
  void entriesWhenWrittenThenReadBackEqualInTimeOrder() throws IOException {
    List<AuditEntry> entries = List.of(
        request(T.plusSeconds(2), "tok_a", true),
        request(T, "tok_a", false),
        admin(T.plusSeconds(1), "tok_b"));
    log.write(entries);

    assertThat(log.readAll(AuditQuery.all()))
        .containsExactly(entries.get(1), entries.get(2), entries.get(0));
  }

  @Test
  void queryWhenTokenSinceAndRefusedThenOnlyThoseRows() throws IOException {
    List<AuditEntry> entries = List.of(
        request(T, "tok_a", true),
        request(T.plusSeconds(10), "tok_a", true),
        request(T.plusSeconds(20), "tok_a", false),
        request(T.plusSeconds(30), "tok_b", true),
        admin(T.plusSeconds(40), "tok_a"));
    log.write(entries);

    assertThat(log.readAll(AuditQuery.all().forToken("tok_a").since(T.plusSeconds(5))))
        .containsExactly(entries.get(1), entries.get(2), entries.get(4));
    assertThat(log.readAll(AuditQuery.all().forToken("tok_a").onlyRefused()))
        .containsExactly(entries.get(0), entries.get(1));
  }

  @Test
  void textWithNulWhenWrittenThenStoredWithReplacementInsteadOfFailingTheBatch()
      throws IOException {
    AuditEntry e = new AuditEntry(AuditEntry.Type.REQUEST, T, "tok_a", "bad\0label", "alice",
        "alice", "10.0.0.1", "GET", "http://h/x", AuditEntry.REFUSED, 0, "r", 403, 1, null, null,
        List.of());
    log.write(List.of(e));
    assertThat(log.readAll(AuditQuery.all()).get(0).tokenLabel()).isEqualTo("bad\uFFFDlabel");
  }

  @Test
  void auditTableWhenOpenedTwiceThenMigratedOnceBesideTheTokenTables() throws SQLException {
    JdbcTokenStore tokens = JdbcTokenStore.open(source);
    JdbcAuditLog again = JdbcAuditLog.open(source);
    assertThat(again).isNotNull();
    try (Connection c = source.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT component, version FROM "
            + SchemaMigrator.VERSION_TABLE + " ORDER BY component, version")) {
      List<String> rows = new ArrayList<>();
      while (r.next()) {
        rows.add(r.getString(1) + ":" + r.getInt(2));
      }
      assertThat(rows).filteredOn(x -> x.startsWith("audit")).containsExactlyElementsOf(
          JdbcAuditLog.MIGRATIONS.stream().map(m -> "audit:" + m.version()).toList());
    }
    tokens.close();
  }

  @Test
  void stagedOutcomeRoundTripsAndIsNullWhenAbsent() throws Exception {
    AuditEntry refused = new AuditEntry(AuditEntry.Type.REQUEST, T, "tok_a", "ci", "alice",
        "alice", "10.0.0.1", "POST", "http://h/rest/api/2/issue", AuditEntry.ALLOWED, 1, null,
        201, 9, null, null, List.of(), -1, new StagedOutcome(
            StagedOutcome.Verdict.WOULD_REFUSE, 0, "no line allows POST here"));
    AuditEntry allowed = new AuditEntry(AuditEntry.Type.REQUEST, T, "tok_a", "ci", "alice",
        null, "10.0.0.1", "GET", "http://h/x", AuditEntry.REFUSED, 0, "no line", 403, 9, null,
        null, List.of(), -1, new StagedOutcome(StagedOutcome.Verdict.WOULD_ALLOW, 3, null));
    AuditEntry none = new AuditEntry(AuditEntry.Type.REQUEST, T, "tok_b", "ci", "alice",
        "alice", "10.0.0.1", "GET", "http://h/x", AuditEntry.ALLOWED, 1, null, 200, 9, null,
        null, List.of());

    log.write(List.of(refused, allowed, none));

    assertThat(log.readAll(AuditQuery.all())).containsExactly(refused, allowed, none);
  }

  @Test
  void storedRowsWhenScannedThenHoldNoSecretAndNoQueryValue() throws Exception {
    // What the gate hands over: query values already masked; the JDBC log must not add any.
    AuditEntry e = new AuditEntry(AuditEntry.Type.REQUEST, T, "tok_a", "ci", "alice", "alice",
        "10.0.0.1", "GET", "http://h/rest/api/2/search?jql=***", AuditEntry.ALLOWED, 1, null, 200,
        9, null, null, List.of());
    log.write(List.of(e));
    try (Connection c = source.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT * FROM " + JdbcAuditLog.TABLE)) {
      int columns = r.getMetaData().getColumnCount();
      assertThat(r.next()).isTrue();
      StringBuilder all = new StringBuilder();
      for (int i = 1; i <= columns; i++) {
        all.append(r.getString(i)).append('|');
      }
      assertThat(all.toString()).contains("jql=***").doesNotContain("project");
    }
  }

  static AuditEntry request(Instant time, String tokenId, boolean refused) {
    return new AuditEntry(AuditEntry.Type.REQUEST, time, tokenId, "label " + tokenId, "alice",
        "bob", "192.0.2.7", "POST", "https://jira.example.com/rest/api/2/issue?x=***",
        refused ? AuditEntry.REFUSED : AuditEntry.ALLOWED, refused ? 0 : 3,
        refused ? "line 1: method POST not in [GET]" : null, refused ? 403 : 201, 4321, null,
        null, List.of());
  }

  static AuditEntry admin(Instant time, String tokenId) {
    return new AuditEntry(AuditEntry.Type.ADMIN, time, tokenId, "label", null, null, null, null,
        null, null, 0, null, 0, 0, "EDIT", "admin", List.of("expiresAt", "restrictions"), 3);
  }
}
