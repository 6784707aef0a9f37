package dev.limitto.jira.token;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.limitto.engine.RuleIssue;
import dev.limitto.engine.RuleSyntaxException;
import dev.limitto.jira.store.StoredToken;
import dev.limitto.jira.store.TokenControls;
import dev.limitto.jira.token.crypto.KeyRing;
import java.io.IOException;
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

  static final String ERR_JSON = "not valid JSON at line %d, column %d: %s";
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
  static final String ERR_LIMIT_TO_EMPTY =
      "entry [%d]: limitTo has no effective line (only blank lines and comments), so the token"
          + " could make any request; give rule lines, or an empty limitTo for an unrestricted"
          + " token";
  /** Most tokens in one import. */
  static final int MAX_ENTRIES = 10_000;

  private static final Pattern BR = Pattern.compile("(?i)<br\\s*/?>");
  /** A quoted fragment of a JSON parser's message: it may be a piece of a secret. */
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");

  private final TokenService service;

  TokenImporter(TokenService service) {
    this.service = service;
  }

  /** The tokens to insert, or a {@link TokenImportException} with every problem. */
  List<StoredToken> prepare(String json, String actor, Instant now) {
    List<TokenImportException.Problem> problems = new ArrayList<>();
    List<JsonNode> root = new ArrayList<>();
    // line of each entry's opening brace in the text, so that a problem names where it is
    List<Integer> lines = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper();
    mapper.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(16).build());
    try (JsonParser p = mapper.getFactory().createParser(json)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_ARRAY) {
        if (first != null) {
          // a syntax error after a non-array start is still reported as one
          mapper.readTree(p);
        }
        throw TokenImportException.of(problem(-1, 1, ERR_NOT_ARRAY));
      }
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (root.size() == MAX_ENTRIES) {
          throw TokenImportException.of(problem(-1, p.currentTokenLocation().getLineNr(),
              String.format(ERR_TOO_MANY, countAtLeast(p, root.size() + 1), MAX_ENTRIES)));
        }
        lines.add(p.currentTokenLocation().getLineNr());
        root.add(mapper.readTree(p));
      }
      if (p.nextToken() != null) {
        mapper.readTree(p); // trailing content: let the parser name it
        throw TokenImportException.of(problem(-1, p.currentTokenLocation().getLineNr(),
            ERR_NOT_ARRAY));
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int line = at == null ? 0 : at.getLineNr();
      int column = at == null ? 0 : at.getColumnNr();
      throw TokenImportException.of(problem(-1, line,
          String.format(ERR_JSON, line, column, withoutQuotes(e.getOriginalMessage()))));
    } catch (IOException e) {
      // parsing a String reads no I/O; kept for the checked signature
      throw TokenImportException.of(problem(-1, 0, String.format(ERR_JSON, 0, 0, "unreadable")));
    }
    if (root.isEmpty()) {
      throw TokenImportException.of(problem(-1, 1, ERR_EMPTY));
    }
    KeyRing keys = service.keys();
    int keyId = keys.newestKeyId();
    List<StoredToken> out = new ArrayList<>();
    List<byte[]> seen = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode n = root.get(i);
      if (!n.isObject()) {
        problems.add(problem(i, lines.get(i), String.format(ERR_NOT_OBJECT, i)));
        continue;
      }
      List<String> entryProblems = new ArrayList<>();
      String label = text(n, "label", i, entryProblems, true);
      String user = text(n, "userName", i, entryProblems, true);
      String limitTo = text(n, "limitTo", i, entryProblems, false);
      String secret = text(n, "token", i, entryProblems, true);
      Instant validUntil = null;
      JsonNode vu = n.get("validUntil");
      if (vu != null && !vu.isNull()) {
        if (!vu.isIntegralNumber() || !vu.canConvertToLong()) {
          entryProblems.add(String.format(ERR_FIELD_TYPE, i, "validUntil", "number (epoch milliseconds)"));
        } else {
          validUntil = Instant.ofEpochMilli(vu.asLong());
        }
      }
      if (label != null) {
        label = check(() -> TokenService.checkLabel(n.get("label").asText()), "label", i, entryProblems);
      }
      if (user != null) {
        String u = user.strip();
        user = check(() -> service.resolveUser(u), "userName", i, entryProblems);
      }
      // a missing, null or blank limitTo is how the old deployment wrote an unrestricted token
      String restrictions = limitTo == null || limitTo.isBlank() ? "" : normalizeLines(limitTo);
      try {
        if (!restrictions.isEmpty()
            && service.rules().compile(restrictions).lineCount() == 0) {
          entryProblems.add(String.format(ERR_LIMIT_TO_EMPTY, i));
        }
      } catch (RuleSyntaxException e) {
        for (RuleIssue issue : e.issues()) {
          entryProblems.add(String.format(ERR_RULE, i, issue.line(), issue.column(), issue.message()));
        }
      }
      Instant vuFinal = validUntil;
      Instant expiresAt =
          check(() -> service.expiry(vuFinal, null, now, true), "validUntil", i, entryProblems);
      byte[] hash = null;
      if (secret != null) {
        if (secret.startsWith(TokenFormat.PREFIX)) {
          entryProblems.add(String.format(ERR_SECRET_OURS, i));
        } else if (!TokenFormat.isLegacyShaped(secret)) {
          entryProblems.add(String.format(ERR_SECRET_SHAPE, i));
        } else {
          hash = keys.hash(keyId, secret);
          for (int j = 0; j < seen.size(); j++) {
            if (seen.get(j) != null && KeyRing.hashesEqual(seen.get(j), hash)) {
              entryProblems.add(String.format(ERR_SECRET_DUPLICATE, i, j));
            }
          }
          if (alreadyStored(secret)) {
            entryProblems.add(String.format(ERR_SECRET_EXISTS, i));
          }
        }
      }
      seen.add(hash);
      for (String message : entryProblems) {
        problems.add(problem(i, lines.get(i), message));
      }
      if (entryProblems.isEmpty()) {
        String id;
        do {
          id = service.newId(TokenService.IMPORTED_ID_PREFIX);
        } while (!ids.add(id));
        out.add(new StoredToken(id, label, user, actor, now, expiresAt, restrictions, List.of(),
            false, null, 0, null, keyId, hash,
            service.settings().secureMode() ? null : keys.encrypt(id, secret), 1,
            TokenControls.NONE));
      }
    }
    if (!problems.isEmpty()) {
      throw new TokenImportException(problems);
    }
    return out;
  }

  private static TokenImportException.Problem problem(int entry, int line, String message) {
    return new TokenImportException.Problem(entry, line, message);
  }

  /** How many entries the array holds: the rest is skipped, not turned into trees. */
  private static int countAtLeast(JsonParser p, int seen) throws IOException {
    int n = seen;
    p.skipChildren();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      p.skipChildren();
      n++;
    }
    return n;
  }

  /** A parser message with every quoted fragment replaced: it may quote part of a secret. */
  static String withoutQuotes(String message) {
    String m = message == null ? "" : QUOTED.matcher(message).replaceAll("'...'");
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
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

  private static String text(JsonNode n, String field, int i, List<String> problems,
      boolean required) {
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
