package dev.limitto.cli.check;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads an input stream line by line as bytes, so that one bad line (not UTF-8, or longer than
 * the limit) is reported for that line alone and the run goes on, and so that a stream without
 * line breaks cannot fill the memory. Lines end at {@code \n}; a {@code \r} before it is dropped.
 * Not thread-safe.
 */
final class LineReader implements Closeable {

  static final String NOT_UTF8 = "not valid UTF-8";
  static final String TOO_LONG = "longer than the limit of %d bytes";

  private static final char BOM = '\uFEFF';

  /** One line: its 1-based number and either its text or why it cannot be read. */
  record Line(long number, String text, String error) {}

  private final InputStream in;
  private final int maxLineBytes;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private boolean eof;
  private byte[] line = new byte[1024];
  private long number;

  LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next line, or {@code null} at the end of the input. */
  Line next() throws IOException {
    int len = 0;
    boolean tooLong = false;
    boolean sawAny = false;
    while (true) {
      if (pos == limit && !fill()) {
        if (!sawAny) {
          return null;
        }
        break; // last line without a line break
      }
      sawAny = true;
      int start = pos;
      int nl = -1;
      for (int i = pos; i < limit; i++) {
        if (buf[i] == '\n') {
          nl = i;
          break;
        }
      }
      int end = nl < 0 ? limit : nl;
      pos = nl < 0 ? limit : nl + 1;
      if (!tooLong) {
        int n = end - start;
        // one byte of slack so that a line of exactly the limit plus a dropped \r still fits
        if (len + n > maxLineBytes + 1) {
          tooLong = true;
        } else {
          ensureCapacity(len + n);
          System.arraycopy(buf, start, line, len, n);
          len += n;
        }
      }
      if (nl >= 0) {
        break;
      }
    }
    number++;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    if (tooLong || len > maxLineBytes) {
      return new Line(number, null, String.format(TOO_LONG, maxLineBytes));
    }
    try {
      String text = decoder.reset().decode(ByteBuffer.wrap(line, 0, len)).toString();
      if (number == 1 && !text.isEmpty() && text.charAt(0) == BOM) {
        text = text.substring(1); // editors on some systems start files with a byte order mark
      }
      return new Line(number, text, null);
    } catch (CharacterCodingException e) {
      return new Line(number, null, NOT_UTF8);
    }
  }

  /**
   * Whether the next line can be read without waiting for the producer: when not, the caller
   * flushes its output so that an interactive user sees every answer at once.
   */
  boolean hasBufferedInput() {
    if (pos < limit) {
      return true;
    }
    try {
      return !eof && in.available() > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buf);
    if (n < 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private void ensureCapacity(int needed) {
    if (needed > line.length) {
      line = Arrays.copyOf(line, Math.max(needed, Math.min(line.length * 2, maxLineBytes + 1)));
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
