package dev.limitto.jira.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * Writes the audit log as JSON Lines files in one directory (see {@link AuditFiles} for the
 * names): a new file each day (UTC, by the time of writing) and whenever the current file would
 * grow past {@link Builder#maxFileBytes}. One writer per directory: a second one is refused
 * (lock file {@code .lock}).
 *
 * <p>Durability (docs/audit.md): each batch is encoded completely first, then appended with
 * write calls of whole lines; with {@link Durability#FSYNC_EACH_BATCH} (the default) the file is
 * forced to the device before {@link #write} returns. Entries acknowledged by {@code write}
 * therefore survive a crash of the process (both policies) and of the machine (FSYNC_EACH_BATCH).
 * A crash in the middle of a write can leave one unterminated line at the end of the file;
 * readers skip it, and this writer cuts it off when it opens the file again, before appending,
 * so every line in the file is a complete JSON object.
 */
public final class JsonLinesAuditWriter implements AuditLogWriter {

  /** When written entries reach the device. */
  public enum Durability {
    /** {@code fsync} after every batch: acknowledged entries survive a power failure. */
    FSYNC_EACH_BATCH,
    /**
     * Written to the operating system after every batch, flushed to the device when it decides:
     * acknowledged entries survive a crash of the JVM, not of the machine.
     */
    WRITE_EACH_BATCH
  }

  /** Where the audit files live inside a data directory ({@code DIR/audit}). */
  public static final String DATA_SUBDIRECTORY = "audit";
  /**
   * Where token administration done outside the server (the {@code limit-to token} command)
   * is written, inside the audit directory ({@code DIR/audit/admin}): a second directory with
   * its own lock, so that it never competes with the server for the main log's lock.
   * {@link JsonLinesAuditReader} merges it into the main log by time.
   */
  public static final String ADMIN_SUBDIRECTORY = "admin";
  /** Default of {@link Builder#maxFileBytes}: 64 MiB. */
  public static final long DEFAULT_MAX_FILE_BYTES = 64L * 1024 * 1024;
  /** Smallest {@link Builder#maxFileBytes} accepted. */
  public static final long MIN_MAX_FILE_BYTES = 4096;

  /** The audit directory's lock is held by another writer; retrying later may succeed. */
  public static final class LockedException extends IOException {
    private static final long serialVersionUID = 1L;

    LockedException(String message) {
      super(message);
    }
  }

  static final String ERR_LOCKED =
      "audit directory %s is in use by another writer (lock file .lock is held)";
  static final String ERR_MAX_FILE_BYTES =
      "audit maxFileBytes (%d) is below the minimum of %d (from JsonLinesAuditWriter.Builder"
          + ".maxFileBytes)";
  static final String ERR_CLOSED = "audit writer for %s is closed";

  private final Path dir;
  private final long maxFileBytes;
  private final Durability durability;
  private final Clock clock;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final StringBuilder text = new StringBuilder(64 * 1024);

  /** Where a file stood before a batch. */
  private record Position(LocalDate day, int sequence, long size) {}

  /** Where the last batch started, when it failed: rolled back before the next write. */
  private Position failed;
  private FileChannel channel;
  private LocalDate day;
  private int sequence;
  private long size;
  private boolean closed;

  private JsonLinesAuditWriter(Builder b) throws IOException {
    this.dir = b.dir;
    this.maxFileBytes = b.maxFileBytes;
    this.durability = b.durability;
    this.clock = b.clock;
    Files.createDirectories(dir);
    lockChannel = FileChannel.open(dir.resolve(AuditFiles.LOCK_FILE),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null; // held by another writer in this JVM
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
    if (l == null) {
      lockChannel.close();
      throw new LockedException(String.format(ERR_LOCKED, dir));
    }
    lock = l;
  }

  /** A writer for {@code directory} (created when missing) with the defaults. */
  public static JsonLinesAuditWriter open(Path directory) throws IOException {
    return builder(directory).open();
  }

  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** The directory written to. */
  public Path directory() {
    return dir;
  }

  @Override
  public void write(List<AuditEntry> batch) throws IOException {
    if (closed) {
      throw new IOException(String.format(ERR_CLOSED, dir));
    }
    if (failed != null) {
      rollBack(failed);
      failed = null;
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    if (channel == null || !today.equals(day)) {
      switchTo(today);
    }
    Position start = new Position(day, sequence, size);
    try {
      append(batch);
    } catch (IOException | RuntimeException e) {
      // The batch may be partly on disk; the dispatcher retries it whole, so take it back out
      // first (see rollBack) to keep every entry exactly once.
      failed = start;
      closeQuietly();
      throw e;
    }
  }

  private void append(List<AuditEntry> batch) throws IOException {
    text.setLength(0);
    for (AuditEntry e : batch) {
      int mark = text.length();
      AuditJson.append(text, e);
      text.append('\n');
      // Sizes are counted in chars before encoding: audit lines are nearly all ASCII, and the
      // limit is a rotation point, not a hard cap. A line never straddles two files.
      long before = size + mark;
      if (before > 0 && before + (text.length() - mark) > maxFileBytes) {
        String line = text.substring(mark);
        text.setLength(mark);
        flushText();
        nextSegment();
        text.append(line);
      }
    }
    flushText();
    if (durability == Durability.FSYNC_EACH_BATCH) {
      channel.force(false);
    }
  }

  /**
   * Removes what a failed batch left behind: the file it started in is cut back to its size
   * before the batch, and files the batch started are deleted (they hold nothing else: files are
   * only started by writes, and that batch was the last one).
   */
  private void rollBack(Position p) throws IOException {
    closeChannel();
    for (AuditFiles.Segment s : AuditFiles.list(dir)) {
      if (s.day().equals(p.day()) && s.sequence() > p.sequence()) {
        Files.deleteIfExists(s.path());
      }
    }
    Path path = AuditFiles.path(dir, p.day(), p.sequence());
    if (Files.exists(path)) {
      try (FileChannel c = FileChannel.open(path, StandardOpenOption.WRITE)) {
        if (c.size() > p.size()) {
          c.truncate(p.size());
          c.force(false);
        }
      }
    }
  }

  private void closeQuietly() {
    try {
      closeChannel();
    } catch (IOException ignored) {
      // the next write reopens the file
    }
  }

  private void flushText() throws IOException {
    if (text.length() == 0) {
      return;
    }
    ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    text.setLength(0);
    size += bytes.remaining();
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  /** Opens the last file of {@code newDay}, or starts it. */
  private void switchTo(LocalDate newDay) throws IOException {
    closeChannel();
    int last = -1;
    for (AuditFiles.Segment s : AuditFiles.list(dir)) {
      if (s.day().equals(newDay)) {
        last = Math.max(last, s.sequence());
      }
    }
    day = newDay;
    sequence = Math.max(last, 0);
    openSegment();
    if (size >= maxFileBytes) {
      nextSegment();
    }
  }

  private void nextSegment() throws IOException {
    if (durability == Durability.FSYNC_EACH_BATCH) {
      channel.force(false);
    }
    closeChannel();
    sequence++;
    openSegment();
  }

  private void openSegment() throws IOException {
    Path path = AuditFiles.path(dir, day, sequence);
    boolean created = !Files.exists(path);
    channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.READ);
    size = cutUnterminatedTail(channel);
    channel.position(size);
    if (created && durability == Durability.FSYNC_EACH_BATCH) {
      forceDirectory();
    }
  }

  /**
   * Truncates the file after its last line break: what follows is a line a crash left half
   * written. It was never acknowledged, so nothing acknowledged is lost. Returns the new size.
   */
  static long cutUnterminatedTail(FileChannel ch) throws IOException {
    long size = ch.size();
    if (size == 0) {
      return 0;
    }
    ByteBuffer buf = ByteBuffer.allocate(8192);
    long end = size;
    while (end > 0) {
      int n = (int) Math.min(buf.capacity(), end);
      buf.clear().limit(n);
      long from = end - n;
      while (buf.hasRemaining()) {
        if (ch.read(buf, from + buf.position()) < 0) {
          break;
        }
      }
      for (int i = n - 1; i >= 0; i--) {
        if (buf.get(i) == '\n') {
          long keep = from + i + 1;
          if (keep < size) {
            ch.truncate(keep);
            ch.force(false);
          }
          return keep;
        }
      }
      end = from;
    }
    ch.truncate(0);
    ch.force(false);
    return 0;
  }

  /** Makes a new file's name durable too (its directory entry), where the platform allows. */
  private void forceDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can open a directory (Windows): the file's own fsync still happens.
    }
  }

  private void closeChannel() throws IOException {
    if (channel != null) {
      FileChannel c = channel;
      channel = null;
      c.close();
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeChannel();
    } finally {
      try {
        lock.release();
      } finally {
        lockChannel.close();
      }
    }
  }

  @Override
  public String toString() {
    return "JsonLinesAuditWriter{" + dir + ", maxFileBytes=" + maxFileBytes + ", " + durability
        + "}";
  }

  /** Settings of a {@link JsonLinesAuditWriter}; defaults as documented on each method. */
  public static final class Builder {
    private final Path dir;
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private Durability durability = Durability.FSYNC_EACH_BATCH;
    private Clock clock = Clock.systemUTC();

    private Builder(Path dir) {
      this.dir = Objects.requireNonNull(dir, "directory").toAbsolutePath().normalize();
    }

    /**
     * Size after which the next entry starts a new file (default 64 MiB, at least 4096 bytes).
     */
    public Builder maxFileBytes(long bytes) {
      if (bytes < MIN_MAX_FILE_BYTES) {
        throw new IllegalArgumentException(
            String.format(ERR_MAX_FILE_BYTES, bytes, MIN_MAX_FILE_BYTES));
      }
      this.maxFileBytes = bytes;
      return this;
    }

    /** When entries reach the device (default {@link Durability#FSYNC_EACH_BATCH}). */
    public Builder durability(Durability d) {
      this.durability = Objects.requireNonNull(d, "durability");
      return this;
    }

    /** The clock that decides the day of the file (UTC); for tests. */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Opens the writer: creates the directory and takes its lock.
     *
     * @throws IOException when the directory cannot be created or another writer holds it
     */
    public JsonLinesAuditWriter open() throws IOException {
      return new JsonLinesAuditWriter(this);
    }
  }
}
