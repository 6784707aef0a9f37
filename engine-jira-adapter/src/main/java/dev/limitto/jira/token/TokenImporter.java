package dev.limitto.jira.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.limitto.engine.RuleIssue;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.token.crypto.KeyRing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an export of an existing "Limit to" deployment and turns it into tokens to store; writes
 * nothing itself.
 *
 * <pre>
 * [{"label": "...", "userName": "...", "limitTo": "line\nline", "validUntil": 1767225600000,
 *   "token": "the existing secret"}]
 * </pre>
 */
final class TokenImporter {

  static final String ERR_JSON = "not valid JSON: %s";
  static final String ERR_NOT_ARRAY = "expected a JSON array of tokens";
  static final String ERR_EMPTY = "the array holds no token";
  static final String ERR_TOO_MANY = "the array holds %d tokens, more than the limit of %d";
  static final String ERR_NOT_OBJECT = "entry [%d]: expected an object";
  static final String ERR_FIELD_MISSING = "entry [%d]: %s is missing";
  static final String ERR_FIELD_TYPE = "entry [%d]: %s must be a %s";
  static final String ERR_FIELD = "entry [%d]: %s: %s";
  static final String ERR_RULE = "entry [%d]: limitTo line %d:%d: %s";
  static final String ERR_SECRET_OURS =
      "entry [%d]: token already has this adapter's format (" + TokenFormat.PREFIX
          + "...); only secrets of the old deployment can be imported";
  static final String ERR_SECRET_SHAPE =
      "entry [%d]: token must be " + TokenFormat.LEGACY_MIN_LENGTH + " to "
          + TokenFormat.LEGACY_MAX_LENGTH + " characters of A-Z a-z 0-9 "
          + TokenFormat.LEGACY_PUNCTUATION;
  static final String ERR_SECRET_DUPLICATE = "entry [%d]: token is the same secret as entry [%d]";
  static final String ERR_SECRET_EXISTS = "entry [%d]: token is already in the store";
  /** Most tokens in one import. */
  static final int MAX_ENTRIES = 10_000;

  private static final Pattern BR = Pattern.compile("(?i)<br\\s*/?>");

  private final TokenService service;

  TokenImporter(TokenService service) {
    this.service = service;
  }

  /** The tokens to insert, or a {@link TokenImportException} with every problem. */
  List<StoredToken> prepare(String json, String actor, Instant now) {
    List<String> problems = new ArrayList<>();
    JsonNode root;
    try {
      ObjectMapper mapper = new ObjectMapper();
      mapper.getFactory().setStreamReadConstraints(
          StreamReadConstraints.builder().maxNestingDepth(16).build());
      root = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new TokenImportException(List.of(String.format(ERR_JSON, e.getOriginalMessage())));
    }
    if (root == null || !root.isArray()) {
      throw new TokenImportException(List.of(ERR_NOT_ARRAY));
    }
    if (root.isEmpty()) {
      throw new TokenImportException(List.of(ERR_EMPTY));
    }
    if (root.size() > MAX_ENTRIES) {
      throw new TokenImportException(List.of(String.format(ERR_TOO_MANY, root.size(), MAX_ENTRIES)));
    }
    KeyRing keys = service.keys();
    int keyId = keys.newestKeyId();
    List<StoredToken> out = new ArrayList<>();
    List<byte[]> seen = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode n = root.get(i);
      if (!n.isObject()) {
        problems.add(String.format(ERR_NOT_OBJECT, i));
        continue;
      }
      int before = problems.size();
      String label = text(n, "label", i, problems, true);
      String user = text(n, "userName", i, problems, true);
      String limitTo = text(n, "limitTo", i, problems, false);
      String secret = text(n, "token", i, problems, true);
      Instant validUntil = null;
      JsonNode vu = n.get("validUntil");
      if (vu != null && !vu.isNull()) {
        if (!vu.isIntegralNumber() || !vu.canConvertToLong()) {
          problems.add(String.format(ERR_FIELD_TYPE, i, "validUntil", "number (epoch milliseconds)"));
        } else {
          validUntil = Instant.ofEpochMilli(vu.asLong());
        }
      }
      if (label != null) {
        label = check(() -> TokenService.checkLabel(n.get("label").asText()), "label", i, problems);
      }
      if (user != null) {
        String u = user.strip();
        user = check(() -> service.resolveUser(u), "userName", i, problems);
      }
      String restrictions = limitTo == null ? "" : normalizeLines(limitTo);
      try {
        service.auth().compileRules(restrictions);
      } catch (RuleSyntaxException e) {
        for (RuleIssue issue : e.issues()) {
          problems.add(String.format(ERR_RULE, i, issue.line(), issue.column(), issue.message()));
        }
      }
      Instant vuFinal = validUntil;
      Instant expiresAt =
          check(() -> service.expiry(vuFinal, null, now, true), "validUntil", i, problems);
      byte[] hash = null;
      if (secret != null) {
        if (secret.startsWith(TokenFormat.PREFIX)) {
          problems.add(String.format(ERR_SECRET_OURS, i));
        } else if (!TokenFormat.isLegacyShaped(secret)) {
          problems.add(String.format(ERR_SECRET_SHAPE, i));
        } else {
          hash = keys.hash(keyId, secret);
          for (int j = 0; j < seen.size(); j++) {
            if (seen.get(j) != null && KeyRing.hashesEqual(seen.get(j), hash)) {
              problems.add(String.format(ERR_SECRET_DUPLICATE, i, j));
            }
          }
          if (alreadyStored(secret)) {
            problems.add(String.format(ERR_SECRET_EXISTS, i));
          }
        }
      }
      seen.add(hash);
      if (problems.size() == before) {
        String id;
        do {
          id = service.newId(TokenService.IMPORTED_ID_PREFIX);
        } while (!ids.add(id));
        out.add(new StoredToken(id, label, user, actor, now, expiresAt, restrictions, List.of(),
            false, null, 0, null, keyId, hash,
            service.settings().secureMode() ? null : keys.encrypt(id, secret), 1));
      }
    }
    if (!problems.isEmpty()) {
      throw new TokenImportException(problems);
    }
    return out;
  }

  /** Whether a secret is already stored under any key of the ring. */
  private boolean alreadyStored(String secret) {
    KeyRing keys = service.keys();
    for (int keyId : keys.keyIds()) {
      if (service.store().findBySecretHash(keyId, keys.hash(keyId, secret)).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The old deployment wrote line breaks as real new lines, as the two characters {@code \n}, or
   * as {@code <br>}; all become new lines. A rule that needs a literal backslash followed by
   * {@code n} cannot be imported as is (none of the rule language's URL regexes needs one).
   */
  static String normalizeLines(String limitTo) {
    String s = limitTo.replace("\r\n", "\n").replace("\\n", "\n");
    return BR.matcher(s).replaceAll("\n");
  }

  private static String text(JsonNode n, String field, int i, List<String> problems, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        problems.add(String.format(ERR_FIELD_MISSING, i, field));
      }
      return null;
    }
    if (!v.isTextual()) {
      problems.add(String.format(ERR_FIELD_TYPE, i, field, "string"));
      return null;
    }
    return v.asText();
  }

  private static <T> T check(java.util.function.Supplier<T> s, String field, int i, List<String> problems) {
    try {
      return s.get();
    } catch (TokenAdminException e) {
      problems.add(String.format(ERR_FIELD, i, field, e.getMessage()));
      return null;
    }
  }
}
