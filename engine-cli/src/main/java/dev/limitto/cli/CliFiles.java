package dev.limitto.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens the files named on the command line, turning every way that can fail into a
 * {@link UsageException} with a one-line message that names the file.
 */
public final class CliFiles {

  /**
   * Largest rules file read: well above what the default limits can compile (1,000 lines of 4,096
   * characters), small enough that {@code --rules /dev/zero} cannot exhaust memory.
   */
  public static final int MAX_TEXT_FILE_BYTES = 16 * 1024 * 1024;

  public static final String FILE_NAME_EMPTY = "%s name is empty";
  public static final String FILE_NOT_FOUND = "%s not found: %s";
  public static final String FILE_IS_DIRECTORY = "%s is a directory: %s";
  public static final String FILE_UNREADABLE = "cannot read %s %s: %s";
  public static final String FILE_NOT_UTF8 = "%s %s is not valid UTF-8";
  public static final String FILE_TOO_LARGE = "%s %s is larger than the limit of %d bytes";

  private static final char BOM = '\uFEFF';

  private CliFiles() {}

  /**
   * Reads a whole text file (a rules file) as strict UTF-8. A leading byte order mark is dropped: it is an artefact
   * of some editors, and kept it would silently become part of the first line's URL regex.
   *
   * @param what how messages name the file, e.g. {@code "rules file"}
   * @param name the file name as the user typed it
   */
  public static String readText(String what, String name) {
    Path path = path(what, name);
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(MAX_TEXT_FILE_BYTES + 1);
    } catch (IOException e) {
      throw openFailure(what, name, e);
    }
    if (bytes.length > MAX_TEXT_FILE_BYTES) {
      throw new UsageException(String.format(FILE_TOO_LARGE, what, name, MAX_TEXT_FILE_BYTES));
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new UsageException(String.format(FILE_NOT_UTF8, what, name));
    }
    return !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
  }

  /**
   * Opens a file for streaming.
   *
   * @param what how messages name the file, e.g. {@code "input file"}
   * @param name the file name as the user typed it
   */
  public static InputStream open(String what, String name) {
    Path path = path(what, name);
    try {
      return Files.newInputStream(path);
    } catch (IOException e) {
      throw openFailure(what, name, e);
    }
  }

  private static Path path(String what, String name) {
    if (name.isEmpty()) {
      // Path.of("") is the current directory: say what is wrong instead
      throw new UsageException(String.format(FILE_NAME_EMPTY, what));
    }
    try {
      Path path = Path.of(name);
      if (Files.isDirectory(path)) {
        throw new UsageException(String.format(FILE_IS_DIRECTORY, what, name));
      }
      return path;
    } catch (InvalidPathException e) {
      throw new UsageException(String.format(FILE_NOT_FOUND, what, name));
    }
  }

  private static UsageException openFailure(String what, String name, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new UsageException(String.format(FILE_NOT_FOUND, what, name));
    }
    if (e instanceof AccessDeniedException) {
      return new UsageException(String.format(FILE_UNREADABLE, what, name, "permission denied"));
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new UsageException(String.format(FILE_UNREADABLE, what, name, reason));
  }
}
