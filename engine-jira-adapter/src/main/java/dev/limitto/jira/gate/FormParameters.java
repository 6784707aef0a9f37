package dev.limitto.jira.gate;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request parameters as a servlet container would give them ({@code getParameterMap}): the query
 * string, then an {@code application/x-www-form-urlencoded} body. Used by the filters when the
 * gate has consumed the body, so that the host still sees the form parameters it carried, and
 * to hide parameters that would name a second principal.
 */
final class FormParameters {

  /** Parameters that would let the host log in someone else: never shown with a token. */
  public static final Set<String> CREDENTIAL_PARAMETERS = Set.of("os_username", "os_password");

  private FormParameters() {}

  /**
   * Parses a raw query string and an optional form body.
   *
   * @param rawQuery the raw query string, or {@code null}
   * @param formBody the form body bytes, or {@code null} when the body is not a form
   * @param charset the charset of percent-decoded bytes
   * @return names in first-seen order, each with every value in order; credential parameters
   *     left out
   */
  public static Map<String, String[]> parse(String rawQuery, byte[] formBody, Charset charset) {
    Map<String, List<String>> acc = new LinkedHashMap<>();
    if (rawQuery != null) {
      addPairs(rawQuery, charset, false, acc);
    }
    if (formBody != null && formBody.length > 0) {
      // one char per byte, so that bytes above 0x7F survive to the decoder unchanged
      addPairs(new String(formBody, StandardCharsets.ISO_8859_1), charset, true, acc);
    }
    Map<String, String[]> out = new LinkedHashMap<>();
    acc.forEach((k, v) -> out.put(k, v.toArray(new String[0])));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Whether the raw query string has a parameter of one of the given names, comparing names
   * after percent-decoding as a container would ({@code os%5Fusername} is {@code os_username}).
   */
  /**
   * The number of parameters in a raw query string or form body, counted as the container counts
   * them: the non-empty pieces between {@code &}. Zero for null.
   */
  public static int count(CharSequence raw) {
    if (raw == null) {
      return 0;
    }
    int n = 0;
    int start = 0;
    int len = raw.length();
    for (int i = 0; i <= len; i++) {
      if (i == len || raw.charAt(i) == '&') {
        if (i > start) {
          n++;
        }
        start = i + 1;
      }
    }
    return n;
  }

  /** {@link #count(CharSequence)} over the bytes of a form body (ASCII separators). */
  public static int count(byte[] form) {
    if (form == null) {
      return 0;
    }
    int n = 0;
    int start = 0;
    for (int i = 0; i <= form.length; i++) {
      if (i == form.length || form[i] == '&') {
        if (i > start) {
          n++;
        }
        start = i + 1;
      }
    }
    return n;
  }

  /** Whether a request with this method and content type carries a form body the host parses. */
  public static boolean isForm(String method, String contentType) {
    return "POST".equals(method) && contentType != null
        && contentType.strip().toLowerCase(java.util.Locale.ROOT)
            .startsWith("application/x-www-form-urlencoded");
  }

  public static boolean hasAnyName(String rawQuery, Set<String> names, Charset charset) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return false;
    }
    int start = 0;
    while (start <= rawQuery.length()) {
      int amp = rawQuery.indexOf('&', start);
      int end = amp < 0 ? rawQuery.length() : amp;
      int eq = rawQuery.indexOf('=', start);
      int nameEnd = eq < 0 || eq > end ? end : eq;
      if (nameEnd > start && names.contains(PercentCodec.decode(rawQuery, start, nameEnd, charset, false))) {
        return true;
      }
      if (amp < 0) {
        break;
      }
      start = amp + 1;
    }
    return false;
  }

  private static void addPairs(
      String s, Charset charset, boolean bytes, Map<String, List<String>> acc) {
    int start = 0;
    while (start <= s.length()) {
      int amp = s.indexOf('&', start);
      int end = amp < 0 ? s.length() : amp;
      if (end > start) {
        int eq = s.indexOf('=', start);
        String name;
        String value;
        if (eq < 0 || eq > end) {
          name = PercentCodec.decode(s, start, end, charset, bytes);
          value = "";
        } else {
          name = PercentCodec.decode(s, start, eq, charset, bytes);
          value = PercentCodec.decode(s, eq + 1, end, charset, bytes);
        }
        if (!name.isEmpty() && !CREDENTIAL_PARAMETERS.contains(name)) {
          acc.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
      }
      if (amp < 0) {
        break;
      }
      start = amp + 1;
    }
  }
}
