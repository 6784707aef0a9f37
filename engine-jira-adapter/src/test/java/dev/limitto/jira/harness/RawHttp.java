package dev.limitto.jira.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes requests byte for byte to a loopback socket, so that no client library tidies them, and
 * reads every response the server sends until it closes the connection. Bounded: connect and
 * read time-outs, and a cap on what is read.
 */
public final class RawHttp {

  /** Time-out of a connect and of each read. */
  public static final int TIMEOUT_MILLIS = 10_000;
  private static final int MAX_READ = 4 * 1024 * 1024;

  private RawHttp() {}

  /** One HTTP response as read from the wire. */
  public record Response(int status, List<String[]> headers, byte[] body) {

    /** The first value of a header (case-insensitive), or {@code null}. */
    public String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    /** Every value of a header (case-insensitive), in order. */
    public List<String> headers(String name) {
      List<String> out = new ArrayList<>();
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          out.add(h[1]);
        }
      }
      return out;
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends the bytes to 127.0.0.1:port, half-closes the connection, and parses every response
   * read until the server closes it. A server that resets the connection while the request is
   * still being written (an early refusal of a large body) is tolerated: whatever arrived is
   * parsed.
   */
  public static List<Response> exchange(int port, byte[] request) throws IOException {
    byte[] raw;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        socket.shutdownOutput();
      } catch (IOException e) {
        // the server may refuse and close before it has read everything
      }
      raw = readAll(socket.getInputStream());
    }
    return parse(raw);
  }

  /** Like {@link #exchange}, for exactly one expected response. */
  public static Response send(int port, byte[] request) throws IOException {
    List<Response> responses = exchange(port, request);
    if (responses.isEmpty()) {
      throw new IOException("no response");
    }
    return responses.get(0);
  }

  /** Like {@link #send}, for a request written as ISO-8859-1 text (one char per byte). */
  public static Response send(int port, String request) throws IOException {
    return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] b = new byte[8192];
    try {
      int n;
      while ((n = in.read(b)) >= 0) {
        buf.write(b, 0, n);
        if (buf.size() > MAX_READ) {
          throw new IOException("response larger than " + MAX_READ + " bytes");
        }
      }
    } catch (SocketTimeoutException e) {
      throw new IOException("server did not close the connection within "
          + TIMEOUT_MILLIS + " ms; read so far: " + buf.size() + " bytes", e);
    } catch (IOException e) {
      if (buf.size() == 0) {
        throw e;
      }
      // connection reset after a response: keep what arrived
    }
    return buf.toByteArray();
  }

  static List<Response> parse(byte[] raw) throws IOException {
    List<Response> out = new ArrayList<>();
    int pos = 0;
    while (pos < raw.length) {
      int headEnd = indexOf(raw, pos, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      if (headEnd < 0) {
        throw new IOException("truncated response head: "
            + new String(raw, pos, raw.length - pos, StandardCharsets.ISO_8859_1));
      }
      String head = new String(raw, pos, headEnd - pos, StandardCharsets.ISO_8859_1);
      String[] lines = head.split("\r\n");
      String[] statusLine = lines[0].split(" ", 3);
      int status = Integer.parseInt(statusLine[1]);
      List<String[]> headers = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        int c = lines[i].indexOf(':');
        headers.add(new String[] {lines[i].substring(0, c).trim(), lines[i].substring(c + 1).trim()});
      }
      pos = headEnd + 4;
      String te = null;
      String cl = null;
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase("Transfer-Encoding")) {
          te = h[1].toLowerCase(Locale.ROOT);
        } else if (h[0].equalsIgnoreCase("Content-Length")) {
          cl = h[1];
        }
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if (te != null && te.contains("chunked")) {
        while (true) {
          int lineEnd = indexOf(raw, pos, "\r\n".getBytes(StandardCharsets.ISO_8859_1));
          String sizeLine = new String(raw, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
          int semi = sizeLine.indexOf(';');
          int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
          pos = lineEnd + 2;
          if (size == 0) {
            int trailerEnd = indexOf(raw, pos - 2, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            pos = trailerEnd + 4;
            break;
          }
          body.write(raw, pos, size);
          pos += size + 2;
        }
      } else if (cl != null) {
        int n = Integer.parseInt(cl);
        body.write(raw, pos, Math.min(n, raw.length - pos));
        pos += n;
      } else if (status == 204 || status == 304 || status / 100 == 1) {
        // no body
      } else {
        body.write(raw, pos, raw.length - pos);
        pos = raw.length;
      }
      out.add(new Response(status, List.copyOf(headers), body.toByteArray()));
    }
    return out;
  }

  private static int indexOf(byte[] a, int from, byte[] needle) {
    outer:
    for (int i = Math.max(0, from); i <= a.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (a[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
