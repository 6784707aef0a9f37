package dev.limitto.jira.token;

import dev.limitto.jira.store.StoredToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * Looks for any trace of secrets in bytes (public so that the store tests can scan their database
 * files too): files of a directory (database files, the key file,
 * captured log output) or every field of stored tokens. A trace is any window of {@value #WINDOW}
 * consecutive characters of a secret, in UTF-8/ASCII, UTF-16LE or UTF-16BE, or the same window in
 * base64 of the secret, so that a secret split across fields, stored in a wide encoding or
 * base64-encoded is still found. 12 base62 characters carry about 71 random bits: a chance match
 * in a few megabytes is out of the question.
 */
public final class SecretScan {

  static final int WINDOW = 12;

  private final List<byte[]> needles = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  public SecretScan(List<String> secrets) {
    Charset[] charsets = {StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE};
    for (int s = 0; s < secrets.size(); s++) {
      String secret = secrets.get(s);
      if (secret.length() < WINDOW) {
        throw new IllegalArgumentException("secret shorter than the scan window");
      }
      // the prefix is public: windows start after it so that "ltk_..." alone is no finding
      int from = secret.startsWith(TokenFormat.PREFIX) ? TokenFormat.PREFIX.length() : 0;
      for (int i = from; i + WINDOW <= secret.length(); i += 1) {
        String w = secret.substring(i, i + WINDOW);
        for (Charset c : charsets) {
          add(w.getBytes(c), "secret " + s + " chars " + i + ".." + (i + WINDOW) + " in " + c);
        }
      }
      String b64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
      for (int i = 8; i + WINDOW <= b64.length() - 4; i += 4) {
        add(b64.substring(i, i + WINDOW).getBytes(StandardCharsets.US_ASCII),
            "secret " + s + " in base64");
      }
    }
  }

  private void add(byte[] needle, String name) {
    needles.add(needle);
    names.add(name);
  }

  /** Findings in one byte array, described with {@code where}. */
  public List<String> scan(byte[] haystack, String where) {
    if (index == null) {
      index = new java.util.HashMap<>();
      for (int n = 0; n < needles.size(); n++) {
        index.computeIfAbsent(needles.get(n).length, k -> new java.util.HashMap<>())
            .putIfAbsent(java.nio.ByteBuffer.wrap(needles.get(n)), names.get(n));
      }
    }
    java.util.Set<String> found = new java.util.LinkedHashSet<>();
    // slide a window of each needle length over the haystack: linear in the haystack size
    for (java.util.Map.Entry<Integer, java.util.Map<java.nio.ByteBuffer, String>> e : index.entrySet()) {
      int len = e.getKey();
      for (int i = 0; i + len <= haystack.length; i++) {
        String name = e.getValue().get(java.nio.ByteBuffer.wrap(haystack, i, len).slice());
        if (name != null) {
          found.add(name + " found in " + where + " at byte " + i);
        }
      }
    }
    return new ArrayList<>(found);
  }

  private java.util.Map<Integer, java.util.Map<java.nio.ByteBuffer, String>> index;

  /** Findings in every regular file under a directory (recursively). */
  public List<String> scanDirectory(Path dir) {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        found.addAll(scan(Files.readAllBytes(f), f.toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** Findings in every field of stored tokens. */
  public List<String> scanTokens(List<StoredToken> tokens) {
    List<String> found = new ArrayList<>();
    for (StoredToken t : tokens) {
      String text = String.join("\u0000", t.id(), t.label(), String.valueOf(t.owner()),
          t.createdBy(), String.valueOf(t.createdAt()), String.valueOf(t.expiresAt()),
          t.restrictions(), String.join(",", t.ipAllowList()), String.valueOf(t.revokedAt()),
          String.valueOf(t.lastUsedAt()), t.toString());
      found.addAll(scan(text.getBytes(StandardCharsets.UTF_8), "text fields of " + t.id()));
      found.addAll(scan(t.secretHash(), "secretHash of " + t.id()));
      if (t.encryptedSecret() != null) {
        found.addAll(scan(t.encryptedSecret(), "encryptedSecret of " + t.id()));
      }
    }
    return found;
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public String toString() {
    return "SecretScan{" + needles.size() + " needles, e.g. " + Arrays.toString(names.stream().limit(1).toArray()) + "}";
  }
}
