package dev.limitto.jira.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of an {@link AuditEntry}: one object on one line, fields in a fixed order,
 * {@code null} fields left out. Encoding cannot fail: every string is escaped (control
 * characters, quotes, backslashes, and unpaired surrogates replaced by U+FFFD), so each entry is
 * exactly one line of valid UTF-8 JSON.
 */
public final class AuditJson {

  static final String ERR_NOT_OBJECT = "audit line is not a JSON object";
  static final String ERR_MISSING = "audit line has no '%s' field";
  static final String ERR_BAD_FIELD = "audit line has an invalid '%s' field";
  static final String ERR_TRAILING = "audit line has content after the JSON object";

  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private AuditJson() {}

  /** Appends the entry as one JSON object, without the line break. */
  public static void append(StringBuilder sb, AuditEntry e) {
    sb.append("{\"type\":\"").append(e.type().name()).append('"');
    sb.append(",\"time\":\"").append(e.time()).append('"');
    string(sb, "tokenId", e.tokenId());
    string(sb, "tokenLabel", e.tokenLabel());
    string(sb, "owner", e.owner());
    string(sb, "effectiveUser", e.effectiveUser());
    string(sb, "clientAddress", e.clientAddress());
    string(sb, "method", e.method());
    string(sb, "url", e.url());
    string(sb, "decision", e.decision());
    if (e.type() == AuditEntry.Type.REQUEST) {
      sb.append(",\"line\":").append(e.matchedLine());
    }
    string(sb, "reason", e.reason());
    if (e.type() == AuditEntry.Type.REQUEST) {
      sb.append(",\"status\":").append(e.status());
      sb.append(",\"durationMicros\":").append(e.durationMicros());
      StagedOutcome staged = e.staged();
      if (staged != null) {
        sb.append(",\"staged\":\"").append(staged.verdict().name()).append('"');
        sb.append(",\"stagedLine\":").append(staged.line());
        string(sb, "stagedReason", staged.reason());
      }
    }
    string(sb, "action", e.action());
    string(sb, "actor", e.actor());
    if (e.type() == AuditEntry.Type.ADMIN) {
      sb.append(",\"changedFields\":[");
      List<String> fields = e.changedFields();
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        quoted(sb, fields.get(i));
      }
      sb.append(']');
      if (e.ruleLines() >= 0) {
        sb.append(",\"ruleLines\":").append(e.ruleLines());
      }
    }
    sb.append('}');
  }

  /** The entry as one JSON object, without the line break. */
  public static String toJson(AuditEntry e) {
    StringBuilder sb = new StringBuilder(256);
    append(sb, e);
    return sb.toString();
  }

  /**
   * Reads one line written by {@link #append}. Unknown fields are ignored, so that a newer
   * release's log stays readable.
   *
   * @throws IllegalArgumentException when the line is not a complete audit object
   */
  public static AuditEntry parse(String text) {
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException(ERR_NOT_OBJECT);
      }
      AuditEntry.Type type = null;
      Instant time = null;
      String tokenId = null;
      String tokenLabel = null;
      String owner = null;
      String effectiveUser = null;
      String clientAddress = null;
      String method = null;
      String url = null;
      String decision = null;
      int line = 0;
      String reason = null;
      int status = 0;
      long durationMicros = 0;
      String action = null;
      String actor = null;
      List<String> changedFields = List.of();
      int ruleLines = -1;
      StagedOutcome.Verdict staged = null;
      int stagedLine = 0;
      String stagedReason = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "type" -> type = enumValue(text(p, v, name), name);
          case "time" -> time = instant(text(p, v, name), name);
          case "tokenId" -> tokenId = text(p, v, name);
          case "tokenLabel" -> tokenLabel = text(p, v, name);
          case "owner" -> owner = text(p, v, name);
          case "effectiveUser" -> effectiveUser = text(p, v, name);
          case "clientAddress" -> clientAddress = text(p, v, name);
          case "method" -> method = text(p, v, name);
          case "url" -> url = text(p, v, name);
          case "decision" -> decision = text(p, v, name);
          case "line" -> line = (int) number(p, v, name);
          case "reason" -> reason = text(p, v, name);
          case "status" -> status = (int) number(p, v, name);
          case "durationMicros" -> durationMicros = number(p, v, name);
          case "action" -> action = text(p, v, name);
          case "actor" -> actor = text(p, v, name);
          case "changedFields" -> changedFields = strings(p, v, name);
          case "ruleLines" -> ruleLines = (int) Math.min(number(p, v, name), Integer.MAX_VALUE);
          case "staged" -> staged = stagedVerdict(text(p, v, name), name);
          case "stagedLine" -> stagedLine = (int) Math.max(0,
              Math.min(number(p, v, name), Integer.MAX_VALUE));
          case "stagedReason" -> stagedReason = text(p, v, name);
          default -> p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw new IllegalArgumentException(ERR_NOT_OBJECT);
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException(ERR_TRAILING);
      }
      if (type == null) {
        throw new IllegalArgumentException(String.format(ERR_MISSING, "type"));
      }
      if (time == null) {
        throw new IllegalArgumentException(String.format(ERR_MISSING, "time"));
      }
      return new AuditEntry(type, time, tokenId, tokenLabel, owner, effectiveUser, clientAddress,
          method, url, decision, line, reason, status, durationMicros, action, actor,
          changedFields, ruleLines,
          staged == null ? null : new StagedOutcome(staged, stagedLine, stagedReason));
    } catch (IOException e) {
      throw new IllegalArgumentException(ERR_NOT_OBJECT, e);
    }
  }

  private static String text(JsonParser p, JsonToken v, String name) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException(String.format(ERR_BAD_FIELD, name));
    }
    return p.getText();
  }

  private static long number(JsonParser p, JsonToken v, String name) throws IOException {
    if (v != JsonToken.VALUE_NUMBER_INT) {
      throw new IllegalArgumentException(String.format(ERR_BAD_FIELD, name));
    }
    return p.getLongValue();
  }

  private static List<String> strings(JsonParser p, JsonToken v, String name) throws IOException {
    if (v != JsonToken.START_ARRAY) {
      throw new IllegalArgumentException(String.format(ERR_BAD_FIELD, name));
    }
    List<String> out = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
      out.add(p.getText());
    }
    if (t != JsonToken.END_ARRAY) {
      throw new IllegalArgumentException(String.format(ERR_BAD_FIELD, name));
    }
    return out;
  }

  private static StagedOutcome.Verdict stagedVerdict(String s, String name) {
    StagedOutcome.Verdict v = StagedOutcome.Verdict.parse(s);
    if (v == null) {
      throw new IllegalArgumentException(String.format(ERR_BAD_FIELD, name));
    }
    return v;
  }

  private static AuditEntry.Type enumValue(String s, String name) {
    try {
      return AuditEntry.Type.valueOf(String.valueOf(s));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(String.format(ERR_BAD_FIELD, name), e);
    }
  }

  private static Instant instant(String s, String name) {
    try {
      return Instant.parse(String.valueOf(s));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(String.format(ERR_BAD_FIELD, name), e);
    }
  }

  private static void string(StringBuilder sb, String name, String value) {
    if (value != null) {
      sb.append(",\"").append(name).append("\":");
      quoted(sb, value);
    }
  }

  private static void quoted(StringBuilder sb, String s) {
    sb.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
        sb.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf])
            .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
      } else if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        sb.append('\uFFFD'); // unpaired: would not encode as UTF-8
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }
}
