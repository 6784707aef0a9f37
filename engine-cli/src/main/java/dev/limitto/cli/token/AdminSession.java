package dev.limitto.cli.token;

import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.TokenAdminEvent;
import dev.limitto.jira.upstream.UpstreamCredential;
import dev.limitto.jira.upstream.UpstreamCredentials;
import java.time.Instant;

import dev.limitto.cli.UsageException;
import dev.limitto.cli.data.DataDirectory;
import dev.limitto.cli.data.SampleUsers;
import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.audit.JsonLinesAuditWriter;
import dev.limitto.jira.snippet.Snippets;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code token} subcommand works on: the data directory's settings, keys and token store,
 * through a {@link TokenService} that is not started (no polling; every operation goes to the
 * store, which a running {@code serve} shares).
 *
 * <p>Token administration is audited (docs/audit.md) in {@code DIR/audit/admin}, a JSON Lines
 * log of its own with its own lock, never in the main log under {@code DIR/audit}: that one
 * belongs to {@code serve}, which must be able to start while a token command runs. The admin
 * log is opened before anything is changed, so a change is never made when it cannot be
 * audited — except a revocation, which only takes access away: it is carried out even when the
 * log cannot be opened, and the command then reports that it was not audited. The events are
 * written (and forced to the device) when the session closes.
 *
 * <p>Closing does not shut the database down: while {@code serve} runs this process is only a
 * client of it; when this process opened it, H2 closes it as the JVM exits.
 */
final class AdminSession implements AutoCloseable {

  static final String ERR_BASE_URL = "--base-url must be an absolute http or https URL, was '%s'";
  static final String ERR_AUDIT_OPEN =
      "cannot open the audit log %s, so nothing was changed: %s";
  static final String ERR_AUDIT_WRITE =
      "the change was made but could not be written to the audit log %s: %s";
  static final String WARN_AUDIT_UNAVAILABLE =
      "warning: cannot open the audit log %s (%s); revoking anyway, unaudited";

  /** How long to wait for another token command to release the admin log's lock. */
  static final long AUDIT_LOCK_WAIT_MILLIS = 10_000;

  final DataDirectory data;
  final TokenSettings settings;
  final TokenService tokens;
  private final DataDirectory.OpenStore store;
  /** The admin log, or null when it could not be opened for a revocation. */
  private final JsonLinesAuditWriter audit;
  /** Why {@link #audit} is null. */
  private final String auditProblem;
  private final Path auditDirectory;
  /** Admin events of this session not yet written; filled by the token service's thread. */
  private final List<AuditEntry> pending;
  private UpstreamCredentials upstream;
  /** The changed field an upstream credential's binding is audited as. */
  static final String UPSTREAM_FIELD = "upstreamCredential";

  private AdminSession(DataDirectory data, TokenSettings settings, DataDirectory.OpenStore store,
      TokenService tokens, JsonLinesAuditWriter audit, String auditProblem,
      List<AuditEntry> pending) {
    this.data = data;
    this.settings = settings;
    this.store = store;
    this.tokens = tokens;
    this.audit = audit;
    this.auditProblem = auditProblem;
    this.auditDirectory = adminAuditDirectory(data.path());
    this.pending = pending;
  }

  /**
   * Opens the data directory, which must exist.
   *
   * @param baseUrl the {@code --base-url} option, or null: then the URL the last {@code serve}
   *     recorded, else the settings' base URL
   */
  static AdminSession open(String dataDir, String baseUrl) {
    return open(dataDir, baseUrl, null);
  }

  /**
   * Opens the data directory for a revocation: like {@link #open(String, String)}, but when the
   * admin log cannot be opened the session goes on without it (a revocation must never be held
   * up by the audit), writes a warning to {@code err}, and fails at {@link #close()} with
   * {@link #ERR_AUDIT_WRITE} once the revocation is made.
   */
  static AdminSession openForRevocation(String dataDir, String baseUrl, PrintWriter err) {
    return open(dataDir, baseUrl, err);
  }

  private static AdminSession open(String dataDir, String baseUrl, PrintWriter revocationErr) {
    DataDirectory data = DataDirectory.existing(dataDir);
    TokenSettings fileSettings = data.settings();
    String base = baseUrl != null ? checkBaseUrl(baseUrl)
        : data.servedBaseUrl().orElse(fileSettings.baseUrl());
    TokenSettings settings = fileSettings.toBuilder().baseUrl(base).build();
    JsonLinesAuditWriter audit = null;
    String auditProblem = null;
    try {
      audit = openAudit(adminAuditDirectory(data.path()));
    } catch (UsageException e) {
      if (revocationErr == null) {
        throw e;
      }
      auditProblem = e.getMessage();
      revocationErr.println(String.format(
          WARN_AUDIT_UNAVAILABLE, adminAuditDirectory(data.path()), auditProblem));
      revocationErr.flush();
    }
    DataDirectory.OpenStore store = null;
    try {
      List<AuditEntry> pending = new ArrayList<>();
      store = data.openStore();
      TokenService tokens = TokenService.builder().store(store.store()).keys(data.keys(store))
          .settings(settings).users(SampleUsers.directory())
          .listener(event -> pending.add(AuditEntry.of(event))).build();
      return new AdminSession(data, settings, store, tokens, audit, auditProblem, pending);
    } catch (RuntimeException e) {
      closeQuietly(audit);
      if (store != null) {
        release(store);
      }
      throw e;
    }
  }

  /**
   * Binds an upstream credential to a token (gateway mode, docs/gateway.md), sealed with the
   * server keys; audited as an edit of the field {@code upstreamCredential}, never with the
   * credential.
   */
  void bindUpstream(StoredToken token, UpstreamCredential credential) {
    upstreamCredentials().bind(token.id(), credential, actor());
    pending.add(AuditEntry.of(new TokenAdminEvent(TokenAdminEvent.Action.EDIT, token.id(),
        token.label(), actor(), Instant.now(), List.of(UPSTREAM_FIELD))));
  }

  /** Removes a token's upstream credential; false when it had none. */
  boolean unbindUpstream(StoredToken token) {
    boolean removed = upstreamCredentials().unbind(token.id());
    if (removed) {
      pending.add(AuditEntry.of(new TokenAdminEvent(TokenAdminEvent.Action.EDIT, token.id(),
          token.label(), actor(), Instant.now(), List.of(UPSTREAM_FIELD))));
    }
    return removed;
  }

  /** The upstream credentials kept next to this store's tokens. */
  UpstreamCredentials upstreamCredentials() {
    if (upstream == null) {
      upstream = UpstreamCredentials.open(store.source(), data.keys(store));
    }
    return upstream;
  }

  /** {@code DIR/audit/admin}: where token commands write their audit events. */
  static Path adminAuditDirectory(Path dataDir) {
    return dataDir.resolve(JsonLinesAuditWriter.DATA_SUBDIRECTORY)
        .resolve(JsonLinesAuditWriter.ADMIN_SUBDIRECTORY);
  }

  /** Opens the admin log, waiting a while for another token command that holds its lock. */
  private static JsonLinesAuditWriter openAudit(Path dir) {
    long deadline = System.nanoTime() + AUDIT_LOCK_WAIT_MILLIS * 1_000_000;
    while (true) {
      try {
        return JsonLinesAuditWriter.open(dir);
      } catch (JsonLinesAuditWriter.LockedException e) {
        // another token command is writing: wait for it, up to the deadline
        if (System.nanoTime() - deadline >= 0) {
          throw new UsageException(String.format(ERR_AUDIT_OPEN, dir, e.getMessage()));
        }
      } catch (IOException e) {
        // not a held lock (a file in the way, no permission): waiting would not help
        throw new UsageException(String.format(ERR_AUDIT_OPEN, dir, e.getMessage()));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UsageException(String.format(ERR_AUDIT_OPEN, dir, "interrupted"));
      }
    }
  }

  private static void closeQuietly(JsonLinesAuditWriter w) {
    if (w == null) {
      return;
    }
    try {
      w.close();
    } catch (IOException | RuntimeException ignored) {
      // either already failing for a reason worth reporting, or after a forced write: nothing
      // is left to lose
    }
  }

  private static String checkBaseUrl(String baseUrl) {
    try {
      Snippets.of(baseUrl, TokenSettings.AuthType.BASIC, null, "x");
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.format(ERR_BASE_URL, baseUrl));
    }
    return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /**
   * Releases the H2 database when this command was the process holding it (no {@code serve}
   * running on the directory), as the end of the JVM would; a failure here changes nothing made.
   */
  private void releaseStore() {
    release(store);
  }

  private static void release(DataDirectory.OpenStore store) {
    try {
      store.store().close();
      store.source().closeIfOpenHere();
    } catch (RuntimeException e) {
      // nothing is lost: the JVM's exit closes the database anyway
    }
  }

  /** Who the store records as having made a change: the operating-system user. */
  static String actor() {
    String user = System.getProperty("user.name", "unknown");
    return "cli:" + user.toLowerCase(Locale.ROOT);
  }

  /**
   * Writes this session's admin events, then releases the store and the audit log. A failed
   * write is reported as an error (the change itself stays made).
   */
  @Override
  public void close() {
    try {
      if (!pending.isEmpty()) {
        if (audit == null) {
          throw new UsageException(
              String.format(ERR_AUDIT_WRITE, auditDirectory, auditProblem));
        }
        audit.write(List.copyOf(pending));
        pending.clear();
      }
    } catch (IOException e) {
      throw new UsageException(String.format(ERR_AUDIT_WRITE, audit.directory(), e.getMessage()));
    } finally {
      try {
        tokens.close();
      } finally {
        try {
          closeQuietly(audit);
        } finally {
          releaseStore();
        }
      }
    }
  }
}
