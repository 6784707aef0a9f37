package dev.limitto.engine.internal.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Strict UTF-8 well-formedness (RFC 3629, Unicode table 3-7): no overlongs, no surrogates. */
final class Utf8 {

  /** Eight bytes of the body at once, in memory order; byte {@code k} is bits {@code 8k..8k+7}. */
  static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private Utf8() {}

  /** Whether one of the eight bytes of {@code word} is zero (exact: no false positives). */
  static boolean hasZeroByte(long word) {
    return ((word - ONES) & ~word & HIGHS) != 0;
  }

  /**
   * The length of the well-formed multi-byte sequence whose lead byte (not ASCII) is at {@code
   * i}, within {@code b[0..n)}; 0 when it is malformed or truncated.
   */
  static int sequence(byte[] b, int i, int n) {
    int c = b[i] & 0xFF;
    int len;
    int lo = 0x80;
    int hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) {
        lo = 0xA0; // below is overlong
      } else if (c == 0xED) {
        hi = 0x9F; // above is a surrogate
      }
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) {
        lo = 0x90; // below is overlong
      } else if (c == 0xF4) {
        hi = 0x8F; // above is beyond U+10FFFF
      }
    } else {
      return 0; // continuation byte, C0, C1 or F5..FF
    }
    if (i + len > n) {
      return 0;
    }
    int second = b[i + 1] & 0xFF;
    if (second < lo || second > hi) {
      return 0;
    }
    for (int k = 2; k < len; k++) {
      if ((b[i + k] & 0xC0) != 0x80) {
        return 0;
      }
    }
    return len;
  }

  /**
   * The offset of the first byte that does not start a well-formed UTF-8 sequence, or of the
   * first NUL byte (never valid in JSON text, and the mark of UTF-16/32), or -1 when there is none.
   * A truncated sequence reports the offset where it starts.
   */
  static int firstInvalid(byte[] b) {
    int n = b.length;
    int i = 0;
    while (i < n) {
      // JSON is mostly ASCII: skip eight ASCII bytes, none of them NUL, at a time
      while (i + 8 <= n) {
        long word = (long) LONGS.get(b, i);
        if ((word & HIGHS) != 0 || hasZeroByte(word)) {
          break;
        }
        i += 8;
      }
      if (i >= n) {
        break;
      }
      int c = b[i];
      if (c > 0) { // ASCII other than NUL
        i++;
        continue;
      }
      int len = c == 0 ? 0 : sequence(b, i, n);
      if (len == 0) {
        return i;
      }
      i += len;
    }
    return -1;
  }
}
