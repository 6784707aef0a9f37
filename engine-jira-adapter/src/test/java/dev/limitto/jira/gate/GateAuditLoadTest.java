package dev.limitto.jira.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.jira.audit.AuditCounters;
import dev.limitto.jira.audit.AuditDispatcher;
import dev.limitto.jira.audit.AuditEntry;
import dev.limitto.jira.audit.AuditLogWriter;
import dev.limitto.jira.audit.AuditQuery;
import dev.limitto.jira.audit.AuditReader;
import dev.limitto.jira.audit.JsonLinesAuditReader;
import dev.limitto.jira.audit.JsonLinesAuditWriter;
import dev.limitto.jira.store.InMemoryTokenStore;
import dev.limitto.jira.token.IssuedToken;
import dev.limitto.jira.token.TokenRequest;
import dev.limitto.jira.token.TokenService;
import dev.limitto.jira.token.TokenSettings;
import dev.limitto.jira.token.crypto.KeyRing;
import dev.limitto.jira.user.InMemoryUserDirectory;
import dev.limitto.jira.user.UserBinding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token requests from many threads through the real gate (real token service, in-memory store)
 * into the audit dispatcher: every request leaves exactly one event, nothing is lost, nothing
 * secret is written, and a writer that never finishes does not hold up a single request.
 */
class GateAuditLoadTest {

  static final int THREADS = 8;
  static final int PER_THREAD = 25_000;
  /** Every fifth request of a thread is a POST, which the rules refuse. */
  static final int REFUSE_EVERY = 5;
  static final String RULES = "[get].*/rest/api/2/issue/L[0-9]+-[0-9]+";
  static final String QUERY_VALUE = "qv-must-not-be-written-";
  static final Pattern PATH = Pattern.compile(".*/rest/api/2/issue/L(\\d+)-(\\d+)\\?.*");

  @TempDir Path dir;

  private TokenService tokens;
  private AuditDispatcher audit;
  private IssuedToken token;
  private Gate gate;

  @BeforeEach
  void setUp() {
    tokens = null;
  }

  @AfterEach
  void tearDown() {
    if (tokens != null) {
      tokens.close();
    }
    if (audit != null) {
      audit.close();
    }
  }

  private void start(AuditDispatcher dispatcher) {
    audit = dispatcher;
    tokens = TokenService.builder().store(new InMemoryTokenStore()).keys(KeyRing.generate())
        .settings(TokenSettings.defaults())
        .users(new InMemoryUserDirectory().add("alice", "alice@example.com"))
        .listener(dispatcher).build();
    tokens.start(); // keeps the revocation view fresh, as on a running node
    token = tokens.create(TokenRequest.builder().owner("alice").label("load")
        .restrictions(RULES).build(), "admin");
    gate = Gate.builder().authType(TokenSettings.AuthType.BOTH).authenticator(tokens.authenticator())
        .audit(dispatcher).userBinding(UserBinding.container())
        .baseUrl("https://jira.example.com").build();
  }

  @Test
  @Timeout(180)
  void eightThreadsOfTokenRequestsWhenAuditedToFileThenEveryEventOnDiskExactlyOnce()
      throws Exception {
    Path auditDir = dir.resolve("audit");
    start(AuditDispatcher.builder().capacity(1 << 18)
        .writer(JsonLinesAuditWriter.builder(auditDir).maxFileBytes(8L * 1024 * 1024).open())
        .start());

    long t0 = System.nanoTime();
    runRequests(THREADS, PER_THREAD);
    long t1 = System.nanoTime();
    audit.close();
    long t2 = System.nanoTime();

    int total = THREADS * PER_THREAD;
    AuditCounters c = audit.counters();
    assertThat(c.dropped()).isZero();
    assertThat(c.failed()).isZero();
    assertThat(c.queued()).isZero();
    assertThat(c.written()).isEqualTo(total + 1); // + the token's creation
    long t3 = System.nanoTime();
    List<String> lines = allLines(auditDir); // and every file ends with a complete line
    assertThat(lines).hasSize(total + 1);
    // masking: scan the raw text of every line
    List<String> problems = new ArrayList<>();
    String secret = token.secret();
    for (String line : lines) {
      if (line.contains(QUERY_VALUE) || line.contains(secret) || line.contains("request body")) {
        problems.add("secret, query value or body written: " + line);
      }
    }

    // Read back through the reader, which parses each line strictly (one JSON object, nothing
    // after it); plain checks collected into one list, as 200,000 fluent assertions would cost
    // more than the load itself.
    long[] lastSeq = new long[THREADS];
    java.util.Arrays.fill(lastSeq, -1);
    Set<String> seen = new HashSet<>();
    int[] refused = {0};
    int[] admin = {0};
    String tokenId = token.token().id();
    AuditReader.ReadSummary summary = new JsonLinesAuditReader(auditDir).read(AuditQuery.all(),
        e -> {
          if (e.type() == AuditEntry.Type.ADMIN) {
            admin[0]++;
            return;
          }
          long[] ids = threadAndSeq(e.url());
          if (ids == null) {
            problems.add("unexpected url: " + e);
            return;
          }
          int thread = (int) ids[0];
          long seq = ids[1];
          if (!seen.add(e.url())) {
            problems.add("twice: " + e);
          }
          // one writer thread, FIFO queue: each request thread's events stay in its order
          if (seq <= lastSeq[thread]) {
            problems.add("out of order after " + lastSeq[thread] + ": " + e);
          }
          lastSeq[thread] = seq;
          boolean post = seq % REFUSE_EVERY == REFUSE_EVERY - 1;
          boolean ok = tokenId.equals(e.tokenId()) && "alice".equals(e.owner())
              // a refused request never reached the host, so it ran as nobody
              && (post ? e.effectiveUser() == null : "alice".equals(e.effectiveUser()))
              && ("10.0." + thread + ".1").equals(e.clientAddress())
              && (post
                  ? e.refused() && e.status() == 403 && e.reason() != null
                      && e.matchedLine() == 0
                  : AuditEntry.ALLOWED.equals(e.decision()) && e.status() == 200
                      && e.matchedLine() == 1 && e.reason() == null);
          if (!ok) {
            problems.add("wrong fields: " + e);
          }
          if (post) {
            refused[0]++;
          }
        });
    assertThat(problems).isEmpty();
    assertThat(summary).isEqualTo(new AuditReader.ReadSummary(total + 1, 0));
    assertThat(seen).hasSize(total);
    assertThat(refused[0]).isEqualTo(total / REFUSE_EVERY);
    assertThat(admin[0]).isEqualTo(1);

    System.out.printf("audit load: %d requests from %d threads in %d ms, drained %d ms later;"
        + " %d lines on disk, %d refused; counters %s; checked in %d ms%n", total, THREADS,
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, lines.size(), refused[0], c,
        (System.nanoTime() - t3) / 1_000_000);
  }

  @Test
  @Timeout(120)
  void writerThatNeverFinishesWhenRequestsArriveThenEveryRequestCompletesAndLossIsCounted()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<AuditEntry> stored = new ArrayList<>();
    AuditLogWriter stuck = new AuditLogWriter() {
      @Override
      public void write(List<AuditEntry> batch) throws IOException {
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        stored.addAll(batch);
      }

      @Override
      public void close() { }
    };
    int capacity = 1_000;
    int maxBatch = 100;
    start(AuditDispatcher.builder().capacity(capacity).maxBatch(maxBatch).writer(stuck).start());

    int perThread = 2_000;
    runRequests(THREADS, perThread); // returns although no write has finished

    int offered = THREADS * perThread + 1;
    AuditCounters held = audit.counters();
    assertThat(stored).isEmpty();
    assertThat(held.offered()).isEqualTo(offered);
    assertThat(held.written()).isZero();
    assertThat(held.queued()).isEqualTo(capacity);
    // the rest is in the writer's hands (at most one batch) or dropped and counted
    assertThat(held.dropped()).isBetween((long) offered - capacity - maxBatch,
        (long) offered - capacity);

    release.countDown();
    audit.close();
    AuditCounters after = audit.counters();
    assertThat(after.written() + after.dropped()).isEqualTo(offered);
    assertThat(after.written()).isEqualTo(stored.size()).isLessThanOrEqualTo(capacity + maxBatch);
    int[] last = new int[THREADS];
    java.util.Arrays.fill(last, -1);
    for (AuditEntry e : stored) {
      if (e.type() == AuditEntry.Type.REQUEST) {
        Matcher m = PATH.matcher(e.url());
        assertThat(m.matches()).isTrue();
        int thread = Integer.parseInt(m.group(1));
        int seq = Integer.parseInt(m.group(2));
        assertThat(seq).isGreaterThan(last[thread]);
        last[thread] = seq;
      }
    }
  }

  /** Runs {@code perThread} requests on each of {@code threads} threads, started together. */
  private void runRequests(int threads, int perThread) throws Exception {
    String basic = "Basic " + Base64.getEncoder().encodeToString(
        ("alice:" + token.secret()).getBytes(StandardCharsets.UTF_8));
    CyclicBarrier barrier = new CyclicBarrier(threads);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread w = new Thread(() -> {
        try {
          barrier.await();
          for (int i = 0; i < perThread; i++) {
            boolean post = i % REFUSE_EVERY == REFUSE_EVERY - 1;
            FakeGateRequest r = FakeGateRequest.withBody(post ? "POST" : "GET",
                "/rest/api/2/issue/L" + thread + "-" + i + "?secret=" + QUERY_VALUE + i,
                FakeGateRequest.utf8("{\"request body\":1}"))
                .header("Authorization", basic);
            r.clientAddress = "10.0." + thread + ".1";
            GateOutcome o = gate.decide(r);
            int status = o.kind() == GateOutcome.Kind.AUTHENTICATED ? 200 : o.status();
            if (post != (o.kind() == GateOutcome.Kind.REFUSED)) {
              throw new AssertionError("unexpected outcome " + o + " for request " + i);
            }
            gate.complete(o, status);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "load-" + t);
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    if (failure.get() != null) {
      throw new AssertionError("a request thread failed", failure.get());
    }
  }

  /** Thread and sequence number from {@code .../issue/L<thread>-<seq>?...}, or null. */
  static long[] threadAndSeq(String url) {
    int at = url.indexOf("/rest/api/2/issue/L");
    int dash = url.indexOf('-', at + 1);
    int q = url.indexOf('?', dash + 1);
    if (at < 0 || dash < 0 || q < 0) {
      return null;
    }
    try {
      return new long[] {
          Long.parseLong(url.substring(at + "/rest/api/2/issue/L".length(), dash)),
          Long.parseLong(url.substring(dash + 1, q))};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static List<String> allLines(Path auditDir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(auditDir, "audit-*.jsonl")) {
      s.forEach(files::add);
    }
    // write order: day, then the file's number within the day (none = 0)
    files.sort(java.util.Comparator.comparing((Path f) -> f.getFileName().toString()
        .substring(0, "audit-YYYY-MM-DD".length()))
        .thenComparingInt(f -> {
          String[] parts = f.getFileName().toString().split("\\.");
          return parts.length == 3 ? Integer.parseInt(parts[1]) : 0;
        }));
    List<String> lines = new ArrayList<>();
    for (Path f : files) {
      String content = Files.readString(f, StandardCharsets.UTF_8);
      assertThat(content).as("%s ends with a complete line", f).endsWith("\n");
      lines.addAll(content.lines().toList());
    }
    return lines;
  }
}
