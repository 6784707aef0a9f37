package dev.limitto.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Load through the gateway: {@value #CONNECTIONS} keep-alive connections for {@value #SECONDS}
 * s, each sending {@code GET /rest/api/2/issue/KANBAN-N} as fast as answers come, first to the
 * recording upstream directly, then through the gateway in front of it (a restricted token, so
 * every request is authenticated, decided, audited and forwarded with the bound credential).
 * Fails on any error; prints throughput and p50/p90/p99 latency of both, and the added latency.
 * Not a unit test (its name is not one surefire picks up); run it on purpose with
 *
 * <pre>
 * ./mvnw -B -pl engine-cli -am test -Dtest=GatewayLoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Results: docs/benchmarks.md, "Gateway overhead".
 */
class GatewayLoadBenchmark {

  static final int CONNECTIONS = 50;
  static final int SECONDS = 20;

  record Result(long requests, long errors, long[] sortedMicros) {
    long percentile(double p) {
      if (sortedMicros.length == 0) {
        return -1;
      }
      return sortedMicros[(int) Math.min(sortedMicros.length - 1,
          Math.floor(p * sortedMicros.length))];
    }
  }

  @Test
  void fiftyConnectionsForTwentySecondsThroughTheGateway() throws Exception {
    Path tmp = Files.createTempDirectory("limit-to-load");
    try (RecordingUpstream upstream = new RecordingUpstream.Quiet()) {
      GatewayFixture gateway = new GatewayFixture(tmp, URI.create(upstream.origin()),
          "[get].*/rest/api/2/issue/KANBAN-[0-9]+", b -> b);
      try {
        // warm up both paths
        run(upstream.port(), null, 3);
        run(gateway.port(), gateway.auth(), 3);
        Result direct = run(upstream.port(), null, SECONDS);
        Result through = run(gateway.port(), gateway.auth(), SECONDS);
        System.out.println(report("upstream directly", direct));
        System.out.println(report("through the gateway", through));
        System.out.printf(Locale.ROOT, "added latency: p50 %d us, p90 %d us, p99 %d us%n",
            through.percentile(0.50) - direct.percentile(0.50),
            through.percentile(0.90) - direct.percentile(0.90),
            through.percentile(0.99) - direct.percentile(0.99));
        assertThat(direct.errors()).isZero();
        assertThat(through.errors()).isZero();
        assertThat(through.requests()).isPositive();
      } finally {
        gateway.close();
      }
    } finally {
      try (Stream<Path> files = Files.walk(tmp)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String report(String what, Result r) {
    return String.format(Locale.ROOT,
        "%-20s %8d requests in %d s (%6.0f/s), %d errors; latency p50 %d us, p90 %d us,"
            + " p99 %d us", what, r.requests(), SECONDS, r.requests() / (double) SECONDS,
        r.errors(), r.percentile(0.50), r.percentile(0.90), r.percentile(0.99));
  }

  private static Result run(int port, String authorization, int seconds) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong errors = new AtomicLong();
    long[][] samples = new long[CONNECTIONS][];
    int[] counts = new int[CONNECTIONS];
    Thread[] threads = new Thread[CONNECTIONS];
    for (int i = 0; i < CONNECTIONS; i++) {
      int me = i;
      threads[i] = new Thread(() -> {
        long[] mine = new long[1 << 16];
        int n = 0;
        while (System.nanoTime() < end) {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(10_000);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            while (System.nanoTime() < end) {
              byte[] req = ("GET /rest/api/2/issue/KANBAN-" + (n % 100) + " HTTP/1.1\r\n"
                  + "Host: localhost\r\n"
                  + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                  + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
              long t0 = System.nanoTime();
              out.write(req);
              out.flush();
              int answer = readResponse(in);
              int status = Math.abs(answer);
              long micros = (System.nanoTime() - t0) / 1_000;
              if (status != 200) {
                errors.incrementAndGet();
              }
              if (n == mine.length) {
                mine = Arrays.copyOf(mine, n * 2);
              }
              mine[n++] = micros;
              if (answer < 0) {
                // the server ends keep-alive after maxKeepAliveRequests (100): reconnect
                break;
              }
            }
          } catch (IOException e) {
            errors.incrementAndGet();
          }
        }
        samples[me] = mine;
        counts[me] = n;
      }, "load-" + i);
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long total = 0;
    for (int c : counts) {
      total += c;
    }
    long[] all = new long[(int) total];
    int at = 0;
    for (int i = 0; i < CONNECTIONS; i++) {
      System.arraycopy(samples[i], 0, all, at, counts[i]);
      at += counts[i];
    }
    Arrays.sort(all);
    return new Result(total, errors.get(), all);
  }

  /**
   * Reads one response with a Content-Length body; returns its status, negative when the server
   * said {@code Connection: close}.
   */
  private static int readResponse(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int status = -1;
    long length = 0;
    boolean close = false;
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c == '\n') {
        String l = line.toString().trim();
        line.setLength(0);
        if (l.isEmpty()) {
          break;
        }
        if (status < 0) {
          status = Integer.parseInt(l.split(" ")[1]);
        } else if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Long.parseLong(l.substring(15).trim());
        } else if (l.equalsIgnoreCase("connection: close")) {
          close = true;
        }
      } else {
        line.append((char) c);
      }
    }
    in.skipNBytes(length);
    return close ? -status : status;
  }
}
