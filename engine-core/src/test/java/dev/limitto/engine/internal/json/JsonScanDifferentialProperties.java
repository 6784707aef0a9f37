package dev.limitto.engine.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Limits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * The engine's own JSON scanner ({@link JsonScan}) against jackson-core's strict streaming parser
 * ({@link JacksonReference}, the implementation it replaced): for random and adversarial bodies
 * they accept and refuse the same bodies and decide every predicate alike, with the same reasons
 * (for decisions and for explanations). The one intended difference: the scanner stops once every
 * predicate has failed, where the reference reads on and may then find a body problem; the
 * verdicts are the same (every predicate fails either way).
 */
class JsonScanDifferentialProperties {

  private static final Limits LIMITS = Limits.builder().maxBodyBytes(4096).maxJsonDepth(6).build();

  private static final String[] NAMES = {"a", "b", "k", "a.b", "0", "", "é", "a/b", "~"};
  private static final String[] SELECTORS = {"a", "b", "k", "a.b", "a.k", "/a", "/a/0", "/0/a",
    "/a~1b", "/", "b.a.k", "é"};
  private static final String[] REGEXES = {".*", "a", "[ab]*", "1.*", "-?[0-9.eE+-]+",
    "true|false|null", "", "é|\\u0000", "[^x]{0,3}"};
  private static final String[] NUMBERS = {"0", "-0", "1", "10", "1.50", "1e5", "1E+5", "-2e-3",
    "123456789012345678901234567890", "0.0", "-0.0e-0"};
  private static final String[] STRING_PARTS = {"a", "b", "k", "x y", "é", "€", "😀", "\\n",
    "\\u0061", "\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\/", "\\\\", "\\\"", "\\t", "\u007f",
    "aaaaaaaaaaaaaaaa"};

  /** Bytes that break JSON in interesting ways when spliced into a valid body. */
  private static final String[] SPLICES = {"{", "}", "[", "]", ",", ":", "\"", "\\", " ", "\n",
    "\t", "\r", "\u0001", "\u001f", "t", "f", "n", "true", "nul", "0", "01", "-", "+", ".", "e",
    "E", "1.", ".5", "\\u", "\\uZZZZ", "\\x", "/*", "//", "#", "'", "NaN", "Infinity", "\u00a0",
    "\u2028", "é", ",]", ",}", "{}", "[]", "\"\":", "x"};

  @Property(tries = 3000)
  void scanWhenBodyIsValidJsonOrAValidBodyWithSplicedBytesThenAgreesWithJackson(
      @ForAll long seed, @ForAll("predicateLists") List<JsonPredicate> predicates) {
    Random random = new Random(seed);
    StringBuilder sb = new StringBuilder();
    value(random, 0, sb);
    String text = sb.toString();
    int mutations = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      text = mutate(random, text);
    }
    if (random.nextInt(8) == 0) {
      text = " \n" + text + (random.nextBoolean() ? " \t\r\n" : " " + SPLICES[random.nextInt(SPLICES.length)]);
    }
    assertAgree(text.getBytes(StandardCharsets.UTF_8), predicates);
  }

  @Property(tries = 1000)
  void scanWhenBodyIsArbitraryBytesThenAgreesWithJackson(
      @ForAll @Size(max = 40) byte[] body, @ForAll("predicateLists") List<JsonPredicate> predicates) {
    assertAgree(body, predicates);
  }

  @Property(tries = 1000)
  void scanWhenBodyIsShortJsonAlphabetTextThenAgreesWithJackson(
      @ForAll("jsonAlphabet") String body, @ForAll("predicateLists") List<JsonPredicate> predicates) {
    assertAgree(body.getBytes(StandardCharsets.UTF_8), predicates);
  }

  private static void assertAgree(byte[] body, List<JsonPredicate> predicates) {
    // the grammar alone: no predicate, so the scanner never stops early
    String expectedProblem = JacksonReference.evaluate(body, LIMITS, List.of(), false).bodyProblem();
    String actualProblem = JsonBodyCheck.evaluate(body, LIMITS, List.of(), false).bodyProblem();
    String text = new String(body, StandardCharsets.UTF_8);
    assertThat(actualProblem == null).as("accepted? %s: %s", text, actualProblem)
        .isEqualTo(expectedProblem == null);
    if (expectedProblem != null) {
      Statistics.collect("refused");
      // which problem comes first may be worded differently (a root scalar followed by garbage
      // is trailing content here, a syntax error for jackson), but never the decoding or limits
      for (String exact : new String[] {"body is empty", "byte order mark", "NUL byte",
          "not valid UTF-8", "nests deeper"}) {
        assertThat(actualProblem.contains(exact)).as("%s: %s vs %s", text, actualProblem,
            expectedProblem).isEqualTo(expectedProblem.contains(exact));
      }
    } else {
      Statistics.collect("accepted");
    }
    for (boolean quote : new boolean[] {false, true}) {
      JsonResult expected = JacksonReference.evaluate(body, LIMITS, predicates, quote);
      JsonResult actual = JsonBodyCheck.evaluate(body, LIMITS, predicates, quote);
      assertThat(actual.size()).isEqualTo(predicates.size());
      boolean stoppedEarly = actual.bodyProblem() == null && expected.bodyProblem() != null;
      for (int i = 0; i < predicates.size(); i++) {
        String description = predicates.get(i).selector() + "==" + predicates.get(i).regex()
            + " on " + text;
        assertThat(actual.matched(i)).as(description).isEqualTo(expected.matched(i));
        if (stoppedEarly) {
          assertThat(actual.failure(i)).as(description).isNotNull();
        } else if (expected.bodyProblem() == null) {
          assertThat(actual.failure(i)).as(description).isEqualTo(expected.failure(i));
        }
      }
    }
  }

  @Property(tries = 2000)
  void utf8WhenMostlyAsciiBytesThenFirstInvalidAgreesWithTheByteAtATimeCheck(
      @ForAll("mostlyAscii") byte[] body) {
    assertThat(Utf8.firstInvalid(body)).isEqualTo(JacksonReference.firstInvalidUtf8(body));
  }

  @Provide
  Arbitrary<byte[]> mostlyAscii() {
    Arbitrary<byte[]> unit = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(12, Arbitraries.of("a", "0", " ", "\"", "~")),
        net.jqwik.api.Tuple.of(2, Arbitraries.of("é", "€", "😀", "\u007f")),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("\u0000", "\u0001")))
        .map(u -> u.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> bad = Arbitraries.bytes().map(b -> new byte[] {b});
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(20, unit), net.jqwik.api.Tuple.of(1, bad))
        .list().ofMaxSize(40)
        .map(parts -> {
          java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
          parts.forEach(out::writeBytes);
          return out.toByteArray();
        });
  }

  // ---- bodies

  private static void value(Random random, int depth, StringBuilder sb) {
    int kind = depth >= 5 ? random.nextInt(3) : random.nextInt(depth == 0 ? 5 : 6);
    switch (kind) {
      case 0 -> string(random, sb);
      case 1 -> sb.append(NUMBERS[random.nextInt(NUMBERS.length)]);
      case 2 -> sb.append(new String[] {"true", "false", "null"}[random.nextInt(3)]);
      case 3, 5 -> {
        sb.append('{');
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          sb.append(i == 0 ? "" : ",");
          space(random, sb);
          name(random, sb);
          space(random, sb);
          sb.append(':');
          space(random, sb);
          value(random, depth + 1, sb);
          space(random, sb);
        }
        sb.append('}');
      }
      default -> {
        sb.append('[');
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          sb.append(i == 0 ? "" : ",");
          space(random, sb);
          value(random, depth + 1, sb);
          space(random, sb);
        }
        sb.append(']');
      }
    }
  }

  private static void name(Random random, StringBuilder sb) {
    String name = NAMES[random.nextInt(NAMES.length)];
    sb.append('"');
    for (char c : name.toCharArray()) {
      // names compare after unescaping: escape some of their characters
      sb.append(random.nextInt(4) == 0 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    sb.append('"');
  }

  private static void string(Random random, StringBuilder sb) {
    sb.append('"');
    int parts = random.nextInt(4);
    for (int i = 0; i < parts; i++) {
      String part = STRING_PARTS[random.nextInt(STRING_PARTS.length)];
      // long runs too, so that the eight-bytes-at-a-time path meets every kind of byte
      sb.append(random.nextInt(6) == 0 ? part.repeat(1 + random.nextInt(12)) : part);
    }
    sb.append('"');
  }

  private static void space(Random random, StringBuilder sb) {
    if (random.nextInt(4) == 0) {
      sb.append(new String[] {" ", "\n", "\t", "\r", "  "}[random.nextInt(5)]);
    }
  }

  private static String mutate(Random random, String text) {
    int at = random.nextInt(text.length() + 1);
    switch (random.nextInt(3)) {
      case 0: // insert
        return text.substring(0, at) + SPLICES[random.nextInt(SPLICES.length)] + text.substring(at);
      case 1: // delete one char
        return at >= text.length() ? text : text.substring(0, at) + text.substring(at + 1);
      default: // cut the body short
        return text.substring(0, at);
    }
  }

  // ---- predicates

  @Provide
  Arbitrary<List<JsonPredicate>> predicateLists() {
    Arbitrary<JsonPredicate> predicate = Arbitraries.of(SELECTORS).flatMap(selector ->
        Arbitraries.of(REGEXES).map(regex -> JsonFixtures.predicate(selector, regex)));
    return predicate.list().ofMinSize(1).ofMaxSize(4).map(ArrayList::new);
  }

  @Provide
  Arbitrary<String> jsonAlphabet() {
    return Arbitraries.strings().withChars("{}[],:\"\\ tfrueasln0123-+.eE/u".toCharArray())
        .ofMaxLength(24);
  }
}
