package dev.limitto.engine.internal.json;

import dev.limitto.engine.HttpRequestView;
import dev.limitto.engine.Limits;
import dev.limitto.engine.internal.match.StringMatcher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Builders shared by the JSON tests: predicates over java.util.regex, bodies, request views. */
final class JsonFixtures {

  private JsonFixtures() {}

  /** A full-match matcher whose toString is the regex, as the engine's own matchers print. */
  record RegexMatcher(Pattern pattern) implements StringMatcher {
    @Override
    public boolean matches(CharSequence input) {
      return pattern.matcher(input).matches();
    }

    @Override
    public String toString() {
      return pattern.pattern();
    }
  }

  static JsonPredicate predicate(String selector, String regex) {
    return new JsonPredicate(
        JsonSelector.parse(selector), new RegexMatcher(Pattern.compile(regex)), regex);
  }

  /** Predicates from alternating selector, regex arguments. */
  static List<JsonPredicate> predicates(String... selectorsAndRegexes) {
    List<JsonPredicate> list = new ArrayList<>();
    for (int i = 0; i < selectorsAndRegexes.length; i += 2) {
      list.add(predicate(selectorsAndRegexes[i], selectorsAndRegexes[i + 1]));
    }
    return List.copyOf(list);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The body with the given bytes (unsigned ints) spliced between two UTF-8 texts. */
  static byte[] bytes(String before, int[] middle, String after) {
    byte[] a = utf8(before);
    byte[] c = utf8(after);
    byte[] out = new byte[a.length + middle.length + c.length];
    System.arraycopy(a, 0, out, 0, a.length);
    for (int i = 0; i < middle.length; i++) {
      out[a.length + i] = (byte) middle[i];
    }
    System.arraycopy(c, 0, out, a.length + middle.length, c.length);
    return out;
  }

  /**
   * Makes this thread's pooled scanner drop its name and value buffers, as a scanner does after a
   * very long name and value: they are back at their initial sizes, as in a new process.
   */
  static void dropGrownBuffers() {
    // one escape each, so that both are decoded; longer than the kept size in bytes and chars
    String name = "n".repeat(JsonScan.KEEP_CHARS + 1);
    String value = "v".repeat(JsonScan.KEEP_CHARS + 1);
    byte[] body = utf8("{\"\\u006e" + name.substring(1) + "\":1,"
        + "\"v\":\"\\u0076" + value.substring(1) + "\"}");
    JsonResult result = JsonBodyCheck.evaluate(body, Limits.defaults(),
        predicates(name, ".*", "v", "v*"));
    if (result.bodyProblem() != null || result.failure(1) != null) {
      throw new AssertionError("the body that drops the buffers was not checked: " + result);
    }
  }

  /** Every char as a {@code \\uXXXX} escape: six bytes each. */
  static String escaped(String text) {
    StringBuilder sb = new StringBuilder(text.length() * 6);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      sb.append("\\u");
      for (int shift = 12; shift >= 0; shift -= 4) {
        sb.append(Character.forDigit((c >> shift) & 0xF, 16));
      }
    }
    return sb.toString();
  }

  /** Evaluates one predicate under the default limits. */
  static JsonResult evaluate(String body, String selector, String regex) {
    return JsonBodyCheck.evaluate(utf8(body), Limits.defaults(), predicates(selector, regex));
  }

  /** The failure of the single predicate as a decision states it, or null when it matched. */
  static String failure(String body, String selector, String regex) {
    return evaluate(body, selector, regex).failure(0);
  }

  /**
   * The failure of the single predicate as an explanation states it (quoting an excerpt of the
   * failing value), or null when it matched.
   */
  static String explained(String body, String selector, String regex) {
    return JsonBodyCheck.evaluate(utf8(body), Limits.defaults(), predicates(selector, regex), true)
        .failure(0);
  }

  /** A request view that only has headers; the body is passed to evaluate directly. */
  static HttpRequestView headers(String... namesAndValues) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return new HttpRequestView() {
      @Override
      public String method() {
        return "POST";
      }

      @Override
      public String rawPath() {
        return "/rest/api/2/issue";
      }

      @Override
      public String rawQuery() {
        return null;
      }

      @Override
      public String header(String name) {
        return headers.get(name);
      }

      @Override
      public byte[] body(int maxBytes) {
        throw new AssertionError("header checks must not read the body");
      }
    };
  }
}
