package dev.limitto.engine.internal.json;

import static dev.limitto.engine.internal.json.JsonFixtures.dropGrownBuffers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Limits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    assertAgree(body, LIMITS, predicates, "");
  }

  /**
   * The scanner and jackson accept and refuse the body alike, and decide every predicate alike,
   * for decisions and for explanations; {@code context} starts the description of a difference.
   * Without predicates the scanner decodes nothing, so the predicates' first evaluation is the
   * one that meets the buffers as the bodies before left them.
   */
  private static void assertAgree(byte[] body, Limits limits, List<JsonPredicate> predicates,
      String context) {
    // the grammar alone: no predicate, so the scanner never stops early
    String expectedProblem =
        JacksonReference.evaluate(body, limits, List.of(), false).bodyProblem();
    String actualProblem = JsonBodyCheck.evaluate(body, limits, List.of(), false).bodyProblem();
    String text = context + abbreviated(new String(body, StandardCharsets.UTF_8));
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
      JsonResult expected = JacksonReference.evaluate(body, limits, predicates, quote);
      JsonResult actual = JsonBodyCheck.evaluate(body, limits, predicates, quote);
      assertThat(actual.size()).isEqualTo(predicates.size());
      boolean stoppedEarly = actual.bodyProblem() == null && expected.bodyProblem() != null;
      for (int i = 0; i < predicates.size(); i++) {
        String description = abbreviated(predicates.get(i).selector().toString()) + "=="
            + predicates.get(i).regex() + " on " + text;
        assertThat(actual.matched(i)).as(description).isEqualTo(expected.matched(i));
        if (stoppedEarly) {
          assertThat(actual.failure(i)).as(description).isNotNull();
        } else if (expected.bodyProblem() == null) {
          assertThat(actual.failure(i)).as(description).isEqualTo(expected.failure(i));
        }
      }
    }
  }

  // ---- the scanner's buffers: names and values around every buffer size, one scanner reused

  /** Large enough for names and values far beyond the buffers' kept size. */
  private static final Limits LARGE =
      Limits.builder().maxBodyBytes(1 << 20).maxJsonDepth(6).build();

  /**
   * The sizes in bytes that the name and value buffers start at or double to, up to twice the
   * size they are kept at, and one more than that: a name or value one byte shorter, as long or
   * one byte longer is the last to fit or the first to grow the buffer.
   */
  private static final int[] BUFFER_SIZES = bufferSizes();

  /**
   * Code points of names and string values: no {@code .}, {@code /} or {@code ~}, so that any
   * name can be written as a name selector, a path step or a pointer token.
   */
  private static final int[] ALPHABET = {'a', 'b', 'k', 'é', '€', 0x1F600, '"', '\\', 'A'};

  /** How much of a name or value is written as {@code \\uXXXX} escapes. */
  private static final double[] ESCAPE_RATES = {0, 0.1, 0.5, 1};

  /**
   * A sequence of bodies checked in turn by this thread's pooled scanner, starting from buffers
   * at their initial sizes (as in a new process), agrees with jackson body by body. Their names
   * and string values need decoding (escapes, non-ASCII) and are as long as a buffer size plus or
   * minus a few bytes, as long as a name before (a buffer may have grown to exactly that), short,
   * or far beyond the kept size (the buffer is dropped after that body and grows again); names
   * come back written otherwise (escaped names decoding to a selector's name) or with one
   * character changed (the same length, other text, often more bytes), and the selectors name
   * them.
   */
  @Property(tries = 200)
  void scanWhenOnePooledScannerChecksBodiesWithNamesAroundEveryBufferSizeThenEachAgreesWithJackson(
      @ForAll long seed) {
    Random random = new Random(seed);
    dropGrownBuffers();
    List<Name> names = new ArrayList<>();
    int bodies = 2 + random.nextInt(5);
    for (int k = 1; k <= bodies; k++) {
      int added = 1 + random.nextInt(3);
      int longestAdded = 0;
      for (int a = 0; a < added; a++) {
        names.add(nextName(random, names));
        longestAdded = Math.max(longestAdded, names.get(names.size() - 1).bytes());
      }
      StringBuilder sb = new StringBuilder();
      bufferObject(random, 0, sb, names);
      List<JsonPredicate> predicates = bufferPredicates(random, names);
      Statistics.label("longest new name").collect(bucket(longestAdded));
      assertAgree(sb.toString().getBytes(StandardCharsets.UTF_8), LARGE, predicates,
          "body " + k + " of " + bodies + " on one scanner: ");
    }
  }

  /**
   * A short selected name and, later in the same object, the same name written with escapes so
   * that it is longer in bytes than the name buffer may be: the duplicate is found on the body
   * that grows the buffer and on the same body again. The buffers start at their initial sizes
   * (as in a new process, or after a very long name), sometimes after one more body that grew
   * them to a random size first.
   */
  @Property(tries = 300)
  void scanWhenAnEscapedDuplicateOfASelectedNameGrowsTheBufferThenItAgreesWithJackson(
      @ForAll long seed) {
    Random random = new Random(seed);
    dropGrownBuffers();
    if (random.nextBoolean()) {
      Name warmUp = build(random, nextLength(random, List.of()), 1);
      assertAgree(("{\"" + warmUp.json() + "\":1}").getBytes(StandardCharsets.UTF_8), LARGE,
          List.of(JsonFixtures.predicate(selectorText(warmUp), ".*")), "warm-up: ");
    }
    // as written it fits the initial buffer; all escaped it is up to six times longer
    Name name = build(random, 1 + random.nextInt(JsonScan.NAME_CHARS),
        random.nextInt(4) == 0 ? 0.5 : 0);
    Name duplicate = render(random, name.text(), random.nextInt(4) == 0 ? 0.5 : 1);
    String first = random.nextInt(4) == 0 ? bufferString(random, List.of(name)) : "\"ok\"";
    String second = random.nextInt(4) == 0 ? bufferString(random, List.of(name)) : "\"no\"";
    String body = "{\"f\":{\"" + name.json() + "\":" + first + ",\"" + duplicate.json()
        + "\":" + second + "}}";
    List<JsonPredicate> predicates = List.of(
        JsonFixtures.predicate(selectorText(name), "ok"),
        JsonFixtures.predicate("f." + selectorText(name), ".*"),
        JsonFixtures.predicate("/f/" + selectorText(name), "ok|no"));
    Statistics.label("duplicate bytes").collect(bucket(duplicate.bytes()));
    for (int round = 1; round <= 2; round++) {
      assertAgree(body.getBytes(StandardCharsets.UTF_8), LARGE, predicates,
          "round " + round + ": ");
    }
  }

  /** A name: its decoded text, as written between the quotes in a body, and that many bytes. */
  record Name(String text, String json, int bytes) {}

  private static int[] bufferSizes() {
    List<Integer> sizes = new ArrayList<>();
    for (int start : new int[] {JsonScan.NAME_CHARS, JsonScan.VALUE_CHARS}) {
      for (int size = start; size <= 2 * JsonScan.KEEP_CHARS; size *= 2) {
        sizes.add(size);
      }
    }
    sizes.add(JsonScan.KEEP_CHARS + 1);
    return sizes.stream().distinct().mapToInt(Integer::intValue).toArray();
  }

  /** A length in bytes for the next name or value, given the names so far. */
  private static int nextLength(Random random, List<Name> names) {
    int r = random.nextInt(10);
    if (r < 5) { // around a size a buffer starts at or doubles to
      return Math.max(1, BUFFER_SIZES[random.nextInt(BUFFER_SIZES.length)] + random.nextInt(7) - 3);
    }
    if (r < 7 && !names.isEmpty()) { // around a name before: a buffer may have grown to its size
      return Math.max(1, names.get(random.nextInt(names.size())).bytes() + random.nextInt(7) - 3);
    }
    if (r < 8) { // beyond the kept size, sometimes far: the buffer is dropped after this body
      int beyond = random.nextInt(4) == 0 ? 3 * JsonScan.KEEP_CHARS : JsonScan.KEEP_CHARS / 2;
      return JsonScan.KEEP_CHARS + 1 + random.nextInt(beyond);
    }
    return 1 + random.nextInt(40);
  }

  /** A new name, or one before written otherwise, or with one code point changed. */
  private static Name nextName(Random random, List<Name> names) {
    int r = names.isEmpty() ? 0 : random.nextInt(4);
    double rate = ESCAPE_RATES[random.nextInt(ESCAPE_RATES.length)];
    if (r < 2) {
      return build(random, nextLength(random, names), rate);
    }
    String text = names.get(random.nextInt(names.size())).text();
    if (r == 3) {
      int[] points = text.codePoints().toArray();
      points[random.nextInt(points.length)] = ALPHABET[random.nextInt(ALPHABET.length)];
      text = new String(points, 0, points.length);
    }
    return render(random, text, rate);
  }

  /** Random text written in exactly {@code bytes} bytes, about {@code rate} of it escaped. */
  private static Name build(Random random, int bytes, double rate) {
    StringBuilder text = new StringBuilder();
    StringBuilder json = new StringBuilder();
    int used = 0;
    while (used < bytes) {
      int point = ALPHABET[random.nextInt(ALPHABET.length)];
      String written = write(random, point, random.nextDouble() < rate);
      int length = utf8Length(written);
      if (used + length > bytes) {
        point = 'a' + random.nextInt(2);
        written = String.valueOf((char) point);
        length = 1;
      }
      text.appendCodePoint(point);
      json.append(written);
      used += length;
    }
    return new Name(text.toString(), json.toString(), used);
  }

  /** The text written with about {@code rate} of its code points escaped. */
  private static Name render(Random random, String text, double rate) {
    StringBuilder json = new StringBuilder();
    text.codePoints()
        .forEach(point -> json.append(write(random, point, random.nextDouble() < rate)));
    return new Name(text, json.toString(), utf8Length(json.toString()));
  }

  /** One code point as JSON string content: as it is (quote and backslash escaped) or as \\u. */
  private static String write(Random random, int point, boolean escape) {
    if (escape) {
      // hex digits in either case, as clients write both
      String escaped = JsonFixtures.escaped(new String(Character.toChars(point)));
      return random.nextBoolean() ? escaped : escaped.toUpperCase(Locale.ROOT)
          .replace("\\U", "\\u");
    }
    if (point == '"' || point == '\\') {
      return "\\" + (char) point;
    }
    return new String(Character.toChars(point));
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** A string value as long as a name or a buffer size, or short; often escaped. */
  private static String bufferString(Random random, List<Name> names) {
    int length = random.nextInt(3) == 0 ? 1 + random.nextInt(8) : nextLength(random, names);
    return "\"" + build(random, length, ESCAPE_RATES[random.nextInt(ESCAPE_RATES.length)]).json()
        + "\"";
  }

  /** An object whose names are mostly the long ones, the newest most often. */
  private static void bufferObject(Random random, int depth, StringBuilder sb, List<Name> names) {
    sb.append('{');
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",");
      int r = random.nextInt(6);
      if (r == 0) {
        name(random, sb); // a short one of NAMES
      } else {
        int at = r < 3 ? names.size() - 1 - random.nextInt(Math.min(3, names.size()))
            : random.nextInt(names.size());
        sb.append('"').append(names.get(at).json()).append('"');
      }
      sb.append(':');
      bufferValue(random, depth + 1, sb, names);
    }
    sb.append('}');
  }

  private static void bufferValue(Random random, int depth, StringBuilder sb, List<Name> names) {
    int kind = depth >= 4 ? random.nextInt(3) : random.nextInt(6);
    switch (kind) {
      case 0 -> sb.append(bufferString(random, names));
      case 1 -> sb.append(NUMBERS[random.nextInt(NUMBERS.length)]);
      case 2 -> sb.append(new String[] {"true", "false", "null"}[random.nextInt(3)]);
      case 3, 4 -> bufferObject(random, depth, sb, names);
      default -> {
        sb.append('[');
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
          sb.append(i == 0 ? "" : ",");
          bufferValue(random, depth + 1, sb, names);
        }
        sb.append(']');
      }
    }
  }

  /** One to four predicates, mostly naming the long names (any depth, paths, pointers). */
  private static List<JsonPredicate> bufferPredicates(Random random, List<Name> names) {
    List<JsonPredicate> predicates = new ArrayList<>();
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      String a = selectorText(names.get(names.size() - 1 - random.nextInt(names.size())));
      String b = selectorText(names.get(random.nextInt(names.size())));
      String selector = switch (random.nextInt(6)) {
        case 0, 1 -> a;
        case 2 -> a + "." + b;
        case 3 -> "/" + a + "/" + b;
        case 4 -> "/" + a;
        default -> SELECTORS[random.nextInt(SELECTORS.length)];
      };
      String regex = random.nextBoolean() ? ".*" : REGEXES[random.nextInt(REGEXES.length)];
      predicates.add(JsonFixtures.predicate(selector, regex));
    }
    return predicates;
  }

  /** The name as a selector names it: its decoded text (the alphabet needs no pointer escape). */
  private static String selectorText(Name name) {
    return name.text();
  }

  private static String bucket(int bytes) {
    return bytes <= JsonScan.NAME_CHARS ? "up to the initial size"
        : bytes <= JsonScan.KEEP_CHARS ? "beyond the initial size" : "beyond the kept size";
  }

  /** Long texts cut in the middle, so that a counterexample stays readable. */
  private static String abbreviated(String text) {
    if (text.length() <= 400) {
      return text;
    }
    return text.substring(0, 200) + " ...(" + (text.length() - 300) + " chars)... "
        + text.substring(text.length() - 100);
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
