package dev.limitto.jira.admin;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One administrator who signs in with HTTP Basic ({@code Authorization: Basic
 * base64(NAME:PASSWORD)}), checked against a {@link PasswordHash}: the standalone server's
 * {@code admin} and the password its first start created. Any other credential is anonymous.
 *
 * <p>PBKDF2 is slow on purpose, and a page makes many calls: once a password was verified, a
 * salted SHA-256 of it is kept in memory and later calls with the same password compare against
 * that. Failed checks run one at a time, so guessing costs at most one core.
 */
public final class BasicPasswordAuthenticator implements AdminAuthenticator {

  private final String userName;
  private final PasswordHash hash;
  private final String realm;
  private final byte[] pepper = new byte[32];
  private final Object slowPath = new Object();
  private volatile byte[] verified;

  /**
   * @param userName the administrator's user name (compared ignoring case, as Jira does)
   * @param hash the stored hash of the password
   * @param realm the realm named in the 401 challenge
   */
  public BasicPasswordAuthenticator(String userName, PasswordHash hash, String realm) {
    this.userName = Objects.requireNonNull(userName, "userName");
    this.hash = Objects.requireNonNull(hash, "hash");
    this.realm = Objects.requireNonNull(realm, "realm");
    new SecureRandom().nextBytes(pepper);
  }

  @Override
  public AdminCaller identify(AdminRequest request) {
    List<String> auth = request.headers("Authorization");
    if (auth.size() != 1) {
      return AdminCaller.ANONYMOUS;
    }
    String[] basic = basic(auth.get(0));
    if (basic == null || !basic[0].toLowerCase(Locale.ROOT).equals(userName.toLowerCase(Locale.ROOT))) {
      return AdminCaller.ANONYMOUS;
    }
    String password = basic[1];
    if (password.length() > PasswordHash.MAX_PASSWORD_CHARS) {
      return AdminCaller.ANONYMOUS;
    }
    byte[] digest = digest(password);
    byte[] known = verified;
    if (known != null && MessageDigest.isEqual(known, digest)) {
      return AdminCaller.admin(userName);
    }
    synchronized (slowPath) {
      if (!hash.matches(password)) {
        return AdminCaller.ANONYMOUS;
      }
      verified = digest;
    }
    return AdminCaller.admin(userName);
  }

  @Override
  public String challenge() {
    return "Basic realm=\"" + realm.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** User and password of a Basic credential, or {@code null} when it is not one. */
  static String[] basic(String header) {
    String h = header.trim();
    if (h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(h.substring(6).trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  private byte[] digest(String password) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(pepper);
      return md.digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "BasicPasswordAuthenticator{" + userName + "}";
  }
}
