package dev.limitto.jira.token.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The server key file: one line {@code key.<id>=<base64url of 32 bytes>} per key, {@code #}
 * comments. Created on first use with owner-only permissions ({@code rw-------} where the file
 * system is POSIX) and always written atomically (a temporary file in the same directory, then an
 * atomic move), so a crash never leaves a half-written key file and there is no moment where the
 * file is readable by others.
 *
 * <p>In a cluster every node must read the same key file (put it in the shared home, or copy it to
 * every node before they start).
 */
public final class KeyFile {

  /** Key file name used under a data directory. */
  public static final String DEFAULT_NAME = "token-keys.properties";

  static final String ERR_READ = "cannot read key file %s: %s";
  static final String ERR_WRITE = "cannot write key file %s: %s";
  static final String ERR_SYNTAX = "%s:%d: expected key.<id>=<base64url of 32 bytes>";
  static final String ERR_DUPLICATE = "%s:%d: key %d appears twice";
  static final String ERR_EMPTY = "key file %s holds no key";
  static final String ERR_PERMISSIONS =
      "key file %s is accessible by group or others (%s); restrict it with: chmod 600 %s";

  private static final String HEADER =
      "# Limit-to server keys: keep this file secret, owner-only (chmod 600).\n"
          + "# The highest id signs new tokens; keep older keys while tokens issued under them live.\n";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private KeyFile() {}

  /**
   * Reads the key file, creating it with one fresh key when it does not exist. When two processes
   * create it at once, exactly one file wins and both read it.
   *
   * @throws KeyFileException when the file cannot be read or written, is malformed, or is
   *     accessible by group or others
   */
  public static KeyRing loadOrCreate(Path file) {
    if (!Files.exists(file)) {
      SortedMap<Integer, byte[]> keys = new TreeMap<>();
      keys.put(KeyRing.MIN_KEY_ID, KeyRing.newMasterKey(new SecureRandom()));
      try {
        write(file, keys, false);
      } catch (FileAlreadyExistsException raced) {
        // another process created it first: use theirs
      } catch (IOException e) {
        throw new KeyFileException(String.format(ERR_WRITE, file, e.getMessage()), e);
      }
    }
    return load(file);
  }

  /**
   * Reads an existing key file.
   *
   * @throws KeyFileException as for {@link #loadOrCreate}
   */
  public static KeyRing load(Path file) {
    checkPermissions(file);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new KeyFileException(String.format(ERR_READ, file, e.getMessage()), e);
    }
    SortedMap<Integer, byte[]> keys = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (!line.startsWith("key.") || eq < 0) {
        throw new KeyFileException(String.format(ERR_SYNTAX, file, i + 1));
      }
      int id;
      byte[] key;
      try {
        id = Integer.parseInt(line.substring(4, eq).strip());
        key = Base64.getUrlDecoder().decode(line.substring(eq + 1).strip());
      } catch (IllegalArgumentException e) {
        throw new KeyFileException(String.format(ERR_SYNTAX, file, i + 1));
      }
      if (id < KeyRing.MIN_KEY_ID || id > KeyRing.MAX_KEY_ID || key.length != KeyRing.KEY_BYTES) {
        throw new KeyFileException(String.format(ERR_SYNTAX, file, i + 1));
      }
      if (keys.put(id, key) != null) {
        throw new KeyFileException(String.format(ERR_DUPLICATE, file, i + 1, id));
      }
    }
    if (keys.isEmpty()) {
      throw new KeyFileException(String.format(ERR_EMPTY, file));
    }
    return KeyRing.of(keys);
  }

  /**
   * Adds a fresh key (id one above the newest) to the key file, atomically. Tokens created from
   * now on use it; tokens issued under older keys keep verifying. Running nodes pick the new key
   * up when they next load the key file (restart them one by one).
   *
   * @return the rotated ring
   */
  public static KeyRing rotate(Path file) {
    KeyRing rotated = load(file).rotate();
    try {
      write(file, rotated.masterKeys(), true);
    } catch (IOException e) {
      throw new KeyFileException(String.format(ERR_WRITE, file, e.getMessage()), e);
    }
    return rotated;
  }

  private static void write(Path file, Map<Integer, byte[]> keys, boolean replace)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    // created with owner-only permissions from the start: never a moment where others may read it
    Path tmp = Files.createTempFile(dir, ".token-keys", ".tmp", attrs);
    try {
      if (!posix) {
        java.io.File f = tmp.toFile();
        f.setReadable(false, false);
        f.setWritable(false, false);
        f.setReadable(true, true);
        f.setWritable(true, true);
      }
      StringBuilder sb = new StringBuilder(HEADER);
      keys.forEach(
          (id, k) ->
              sb.append("key.").append(id).append('=')
                  .append(Base64.getUrlEncoder().withoutPadding().encodeToString(k))
                  .append('\n'));
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
        out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ch.force(true);
      }
      if (replace) {
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } else {
        // no REPLACE_EXISTING: when another process created the file meanwhile, theirs stays
        if (Files.exists(file)) {
          throw new FileAlreadyExistsException(file.toString());
        }
        Files.createLink(file, tmp);
      }
    } catch (UnsupportedOperationException e) {
      // no hard links on this file system: fall back to a move, checked above for existence
      Files.move(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void checkPermissions(Path file) {
    try {
      PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
      if (view == null) {
        return;
      }
      Set<PosixFilePermission> perms = view.readAttributes().permissions();
      Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
      extra.addAll(perms);
      extra.removeAll(
          EnumSet.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE));
      if (!extra.isEmpty()) {
        throw new KeyFileException(
            String.format(ERR_PERMISSIONS, file, PosixFilePermissions.toString(perms), file));
      }
    } catch (IOException e) {
      throw new KeyFileException(String.format(ERR_READ, file, e.getMessage()), e);
    }
  }

  /** The key file cannot be used; the message names the file and what to do. */
  public static final class KeyFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A key file problem found elsewhere, e.g. a key file that does not match the store. */
    public KeyFileException(String message) {
      super(message);
    }

    KeyFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
