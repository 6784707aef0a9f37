package dev.limitto.jira.gate;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A request body read at most once, up to a limit, and handed on byte for byte: the bytes the
 * rules checked are the bytes the host reads, followed by whatever was left unread. Not
 * thread-safe; one per request.
 */
public final class ReplayableBody {

  /** What reading the body found. */
  public enum State {
    /** Nobody asked for the body. */
    NOT_READ,
    /** The whole body was read and is within the limit. */
    COMPLETE,
    /** The body is larger than the limit; only the limit plus one byte was read. */
    EXCEEDED,
    /** Reading failed (client gone, malformed chunking): the body is unknown. */
    FAILED
  }

  private static final byte[] EMPTY = new byte[0];
  /** First size of the buffer a body is read into. */
  static final int INITIAL_BUFFER = 512;

  private final Supplier<InputStream> source;
  private InputStream in;
  private byte[] prefix;
  private int length;
  private State state = State.NOT_READ;

  /** @param source opens the container's body stream; called at most once, on first read */
  public ReplayableBody(Supplier<InputStream> source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /**
   * Reads the body up to {@code maxBytes + 1} bytes (so that an oversized body is told apart
   * from one exactly at the limit) and returns what was read. Later calls return the same bytes
   * without reading again.
   */
  public byte[] read(int maxBytes) {
    if (state != State.NOT_READ) {
      return length == 0 ? EMPTY : Arrays.copyOf(prefix, length);
    }
    int cap = maxBytes < Integer.MAX_VALUE ? maxBytes + 1 : maxBytes;
    // small first: most bodies the rules read are a few hundred bytes; it doubles as it fills
    prefix = new byte[Math.min(cap, INITIAL_BUFFER)];
    try {
      in = source.get();
      while (length < cap) {
        if (length == prefix.length) {
          prefix = Arrays.copyOf(prefix, (int) Math.min(cap, (long) prefix.length * 2));
        }
        int n = in.read(prefix, length, prefix.length - length);
        if (n < 0) {
          break;
        }
        length += n;
      }
      state = length > maxBytes ? State.EXCEEDED : State.COMPLETE;
    } catch (IOException | RuntimeException e) {
      state = State.FAILED;
    }
    return length == 0 ? EMPTY : Arrays.copyOf(prefix, length);
  }

  public State state() {
    return state;
  }

  /** Whether {@link #read} was called, so that the host must read from {@link #replay()}. */
  public boolean consumed() {
    return state != State.NOT_READ;
  }

  /** The bytes read so far (a copy); empty when nothing was read. */
  public byte[] bytesRead() {
    return length == 0 ? EMPTY : Arrays.copyOf(prefix, length);
  }

  /**
   * The whole body as the host must see it: the bytes read, then the rest of the container's
   * stream. Only meaningful after {@link #read}.
   */
  public InputStream replay() {
    InputStream head = new java.io.ByteArrayInputStream(prefix == null ? EMPTY : prefix, 0, length);
    if (in == null || state != State.EXCEEDED) {
      return head;
    }
    return new SequenceInputStream(head, in);
  }
}
