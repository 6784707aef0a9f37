package dev.limitto.jira.token;

import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.store.TokenStore;
import dev.limitto.jira.token.crypto.KeyFile.KeyFileException;
import dev.limitto.jira.token.crypto.KeyFile;
import dev.limitto.jira.token.crypto.KeyRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Opens the server key file that belongs to a token store, and refuses one that does not.
 *
 * <p>A new key is made only for a store that was never used: when the store holds a token or
 * records a key, a missing key file is an error (a fresh key would make every token unusable,
 * silently). Each key's check value ({@link KeyRing#checkValue}) is recorded in the store the
 * first time the key is used with it, and compared on every later open, so a key file of another
 * installation or an older backup is refused before a single token is checked against it. For a
 * store that predates the check values, a key is confirmed by decrypting a stored secret made
 * with it, where one exists (standard mode).
 *
 * <pre>{@code
 * KeyRing keys = ServerKeys.open(home.resolve(KeyFile.DEFAULT_NAME), store);
 * TokenService tokens = TokenService.builder().store(store).keys(keys)...build();
 * }</pre>
 */
public final class ServerKeys {

  /** The key file is missing and the store shows that tokens were made with its keys. */
  public static final String ERR_MISSING =
      "server key file %s is missing, but the token store was used with server keys %s (%d"
          + " token(s)); no new key was made, since it would leave every token unusable."
          + " Restore the file from a backup (owner-only: chmod 600); without one, see"
          + " 'Lost or wrong key file' in docs/tokens.md";
  /** A key of the file is not the key of the same id that the store's tokens were made with. */
  public static final String ERR_MISMATCH =
      "server key file %s does not match the token store: its key %d is not the key of that id"
          + " that the store's tokens were made with (a key file of another installation, or an"
          + " older backup?). Restore the right file from a backup; see 'Lost or wrong key file' in"
          + " docs/tokens.md";
  /** The file holds none of the keys the store records. */
  public static final String ERR_NO_KNOWN_KEY =
      "server key file %s does not match the token store: it holds keys %s, but the store's"
          + " tokens were made with keys %s. Restore the right file from a backup; see"
          + " 'Lost or wrong key file' in docs/tokens.md";

  private ServerKeys() {}

  /**
   * The keys of {@code keyFile}, checked against {@code store}; the file is created with one
   * fresh key only when it is missing and the store was never used.
   *
   * @throws KeyFileException when the file is missing although the store was used, does not
   *     match the store, or cannot be read, written or used ({@link KeyFile#load})
   * @throws dev.limitto.jira.db.StoreException when the store cannot be read or written
   */
  public static KeyRing open(Path keyFile, TokenStore store) {
    Map<Integer, byte[]> recorded = store.keyChecks();
    KeyRing keys;
    if (Files.exists(keyFile)) {
      keys = KeyFile.load(keyFile);
    } else {
      List<StoredToken> tokens = store.list();
      if (!tokens.isEmpty() || !recorded.isEmpty()) {
        TreeSet<Integer> used = new TreeSet<>(recorded.keySet());
        tokens.forEach(t -> used.add(t.hashKeyId()));
        throw new KeyFileException(String.format(ERR_MISSING, keyFile, used, tokens.size()));
      }
      keys = KeyFile.loadOrCreate(keyFile);
    }
    verify(keyFile, keys, recorded, store);
    for (int id : keys.keyIds()) {
      if (!recorded.containsKey(id)) {
        store.recordKeyCheck(id, keys.checkValue(id));
      }
    }
    // two processes recording different keys under one id at once: the first one stays, and the
    // second finds out here
    verify(keyFile, keys, store.keyChecks(), null);
    return keys;
  }

  /**
   * Compares every key of the ring with the check value recorded for its id; a key with none is
   * confirmed on a stored secret made with it, when {@code store} is given and holds one.
   */
  private static void verify(Path keyFile, KeyRing keys, Map<Integer, byte[]> recorded,
      TokenStore store) {
    boolean anyKnown = false;
    List<Integer> unrecorded = new ArrayList<>();
    for (int id : keys.keyIds()) {
      byte[] check = recorded.get(id);
      if (check == null) {
        unrecorded.add(id);
      } else if (!KeyRing.hashesEqual(check, keys.checkValue(id))) {
        throw new KeyFileException(String.format(ERR_MISMATCH, keyFile, id));
      } else {
        anyKnown = true;
      }
    }
    if (!anyKnown && !recorded.isEmpty()) {
      throw new KeyFileException(String.format(ERR_NO_KNOWN_KEY, keyFile,
          Arrays.toString(keys.keyIds()), new TreeSet<>(recorded.keySet())));
    }
    if (store == null || unrecorded.isEmpty()) {
      return;
    }
    for (StoredToken t : store.list()) {
      int id = t.hashKeyId();
      if (t.encryptedSecret() != null && unrecorded.remove((Integer) id)) {
        try {
          keys.decrypt(t.id(), t.encryptedSecret());
        } catch (KeyRing.DecryptException e) {
          throw new KeyFileException(String.format(ERR_MISMATCH, keyFile, id));
        }
      }
    }
  }
}
