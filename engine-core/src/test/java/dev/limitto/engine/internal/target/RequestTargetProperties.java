package dev.limitto.engine.internal.target;

import static dev.limitto.engine.internal.target.TestViews.ORIGIN;
import static dev.limitto.engine.internal.target.TestViews.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Limits;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Size;

class RequestTargetProperties {

  /** Pieces that exercise every branch of the path and query rules, in any order. */
  private static final String[] SOUP = {
    "/", "/", "/", "a", "Z", "0", "-", ".", "..", "+", "=", "&", "?", ";", "\\", "#", " ", "%",
    "%2", "%2F", "%2f", "%2E", "%2e", "%25", "%3B", "%5C", "%00", "%0A", "%7F", "%20", "%41",
    "%2B", "%C3%A9", "%c3%a9", "%C3", "%A9", "%E2%82%AC", "%F0%9F%98%80", "%ED%A0%80", "%C0%AF",
    "%E0%80%AF", "%F4%90%80%80", "%C2%85", "%zz", "%G1", "\u0000", "\t", "\u007F", "\u00E9",
    "%EF%BC%8F", "%ef%bc%8e", "%E2%80%A4", "%E2%88%95", "%E2%80%8B", "%EF%BB%BF", "%F3%A0%81%81",
    "\u0085", "\uD800", "\uDC00", "\uD83D\uDE00", "\uFF0E", "_method", "jql"
  };

  /** Pieces a path may hold, so that mixtures with a few of {@link #SOUP} are often accepted. */
  private static final String[] GOOD = {
    "/", "/", "a", "Z", "0", "-", ".", "+", "=", "&", "%20", "%41", "%2B", "%C3%A9", "%c3%a9",
    "%E2%82%AC", "%F0%9F%98%80", "%C2%A0", "%EF%BF%BF"
  };

  private static final Limits LIMITS = Limits.defaults();

  /** Mostly acceptable path pieces with an occasional hostile one. */
  @Provide
  Arbitrary<String> mostlyGoodPath() {
    Arbitrary<String> piece =
        Arbitraries.frequencyOf(
            Tuple.of(12, Arbitraries.of(GOOD)), Tuple.of(1, Arbitraries.of(SOUP)));
    return piece.list().ofMaxSize(16).map(parts -> "/" + String.join("", parts));
  }

  @Provide
  Arbitrary<String> soup() {
    return Arbitraries.of(SOUP).list().ofMaxSize(16).map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<String> soupPath() {
    return soup().map(s -> "/" + s);
  }

  /** Paths that are mostly accepted: ordinary segments, some encoded. */
  @Provide
  Arbitrary<String> plausiblePath() {
    Arbitrary<String> segment =
        Arbitraries.oneOf(
            Arbitraries.strings().withCharRange('a', 'z').withChars("-_~+:@!$&'()*,=").ofMinLength(1)
                .ofMaxLength(8),
            Arbitraries.of("%20", "%C3%A9", "%E2%82%AC", "%F0%9F%98%80", "%41", "%2B", "%7E", "..."),
            Arbitraries.strings().all().ofMinLength(1).ofMaxLength(3).map(RequestTargetProperties::encodeAll));
    return segment.list().ofMinSize(0).ofMaxSize(6)
        .map(segments -> "/" + String.join("/", segments));
  }

  @Property(tries = 2000)
  void parseNeverThrowsForArbitraryPathAndQuery(
      @ForAll String path, @ForAll String query) {
    RequestTarget t = RequestTarget.parse(view(path, query), ORIGIN, LIMITS);
    assertConsistent(t);
  }

  @Property(tries = 3000)
  void parseNeverThrowsForPercentSoup(
      @ForAll("soupPath") String path, @ForAll("soup") String query) {
    RequestTarget t = RequestTarget.parse(view(path, query), ORIGIN, LIMITS);
    assertConsistent(t);
    RequestTarget.methodOverrideRejection(view(path, query), t);
  }

  @Property(tries = 1000)
  void parseNeverThrowsForSurrogatesAndControls(
      @ForAll @CharRange(from = '\u0000', to = '\u00FF') @CharRange(from = '\uD7F0', to = '\uE010')
          @Size(max = 40)
          String tail) {
    RequestTarget t = RequestTarget.parse(view("/" + tail, tail), ORIGIN, LIMITS);
    assertConsistent(t);
  }

  @Property(tries = 3000)
  void acceptedCanonicalPathNeverContainsARejectedForm(@ForAll("mostlyGoodPath") String path) {
    assertNoRejectedForm(path);
  }

  @Property(tries = 2000)
  void acceptedCanonicalPathOfPlausiblePathNeverContainsARejectedForm(
      @ForAll("plausiblePath") String path) {
    assertNoRejectedForm(path);
  }

  @Property(tries = 3000)
  void canonicalPathReEncodedMinimallyParsesToItself(@ForAll("mostlyGoodPath") String path) {
    assertReEncodingIsStable(path);
  }

  @Property(tries = 2000)
  void canonicalPathOfPlausiblePathReEncodedMinimallyParsesToItself(
      @ForAll("plausiblePath") String path) {
    assertReEncodingIsStable(path);
  }

  @Property(tries = 2000)
  void canonicalPathEqualsAStrictJdkDecodingOfTheRawPath(@ForAll("plausiblePath") String path) {
    RequestTarget t = RequestTarget.parse(view(path, null), ORIGIN, LIMITS);
    String reference = strictDecode(path);
    Statistics.label("outcome").collect(t.isRejected() ? "rejected" : "accepted");
    Statistics.label("outcome").coverage(c -> c.check("accepted").percentage(p -> p > 30));
    Statistics.label("outcome").coverage(c -> c.check("rejected").percentage(p -> p > 5));
    if (t.isRejected()) {
      // only the rules beyond plain decoding may reject what the JDK decodes
      assertThat(t.rejectionRule())
          .isIn(Rejections.PATH_ENCODED_SLASH, Rejections.PATH_ENCODED_BACKSLASH,
              Rejections.PATH_ENCODED_DOT, Rejections.PATH_ENCODED_PERCENT,
              Rejections.PATH_ENCODED_SEMICOLON, Rejections.PATH_ENCODED_QUESTION_MARK,
              Rejections.PATH_ENCODED_HASH, Rejections.PATH_ENCODED_CONTROL,
              Rejections.PATH_LOOK_ALIKE, Rejections.PATH_FORMAT_CHARACTER,
              Rejections.PATH_DOUBLE_SLASH, Rejections.PATH_DOT_SEGMENT);
    } else {
      assertThat(reference).as("JDK decoding of %s", path).isNotNull();
      assertThat(t.canonicalPath()).isEqualTo(reference);
    }
  }

  @Property(tries = 2000)
  void queryValuesRoundTripWhatAFormEncoderWrote(
      @ForAll("parameters") List<Tuple.Tuple2<String, String>> parameters) {
    StringBuilder q = new StringBuilder();
    for (Tuple.Tuple2<String, String> p : parameters) {
      if (q.length() > 0) {
        q.append('&');
      }
      q.append(URLEncoder.encode(p.get1(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(p.get2(), StandardCharsets.UTF_8));
    }
    RequestTarget t = RequestTarget.parse(view("/s", q.toString()), ORIGIN, LIMITS);
    assertThat(t.isRejected()).as("rejected: %s", t.rejection()).isFalse();
    Statistics.label("parameters").collect(parameters.isEmpty() ? "none" : "some");
    Statistics.label("parameters").coverage(c -> c.check("some").percentage(p -> p > 50));
    for (Tuple.Tuple2<String, String> p : parameters) {
      List<String> expected = new ArrayList<>();
      for (Tuple.Tuple2<String, String> other : parameters) {
        if (other.get1().equals(p.get1())) {
          expected.add(other.get2());
        }
      }
      assertThat(t.hasQueryParam(p.get1())).isTrue();
      assertThat(t.queryValues(p.get1())).containsExactlyElementsOf(expected);
    }
  }

  @Provide
  Arbitrary<List<Tuple.Tuple2<String, String>>> parameters() {
    Arbitrary<String> names =
        Arbitraries.oneOf(Arbitraries.of("jql", "a", "a b", "é", "%", "+", "&", "="), wellFormed(1, 6));
    return Combinators.combine(names, wellFormed(0, 12)).as(Tuple::of).list().ofMaxSize(6);
  }

  /** Strings without unpaired surrogates, which no encoder can write as UTF-8. */
  private static Arbitrary<String> wellFormed(int min, int max) {
    return Arbitraries.strings().all().ofMinLength(min).ofMaxLength(max)
        .filter(s -> StandardCharsets.UTF_8.newEncoder().canEncode(s));
  }

  // --- checks ---

  private static void assertConsistent(RequestTarget t) {
    if (t.isRejected()) {
      assertThat(t.rejectionRule()).isNotNull();
      assertThat(t.rejection()).isNotBlank();
      // the rejection text is safe to log: printable ASCII only
      assertThat(t.rejection().chars().allMatch(c -> c >= 0x20 && c < 0x7F)).isTrue();
      assertThat(t.canonicalPath()).isNull();
      assertThat(t.canonicalUrl()).isNull();
    } else {
      assertThat(t.rejection()).isNull();
      assertThat(t.canonicalUrl()).isEqualTo(ORIGIN + t.canonicalPath());
    }
    t.queryValues("a");
    t.hasQueryParam("_method");
  }

  private static void assertNoRejectedForm(String path) {
    RequestTarget t = RequestTarget.parse(view(path, null), ORIGIN, LIMITS);
    Statistics.label("decoded").collect(!t.isRejected() && t.canonicalPath() != path);
    Statistics.label("decoded").coverage(c -> c.check(true).percentage(p -> p > 10));
    Assume.that(!t.isRejected());
    String c = t.canonicalPath();
    assertThat(c).startsWith("/").doesNotContain("//", ";", "\\", "#", "?", "%");
    for (String segment : c.substring(1).split("/", -1)) {
      assertThat(segment).isNotEqualTo(".").isNotEqualTo("..");
    }
    assertThat(c.chars().noneMatch(ch -> ch < 0x20 || (ch >= 0x7F && ch <= 0x9F))).isTrue();
    // no look-alike and no format character, so compatibility normalization adds no '/' or '.'
    assertThat(c.codePoints().noneMatch(cp -> cp >= 0x80 && LookAlikes.rule(cp) != null)).isTrue();
    assertThat(Normalizer.normalize(c, Normalizer.Form.NFKC).chars()
            .filter(ch -> "/\\.;%?#".indexOf(ch) >= 0).count())
        .isEqualTo(c.chars().filter(ch -> "/\\.;%?#".indexOf(ch) >= 0).count());
    assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(c)).isTrue();
  }

  private static void assertReEncodingIsStable(String path) {
    RequestTarget t = RequestTarget.parse(view(path, null), ORIGIN, LIMITS);
    Assume.that(!t.isRejected());
    String reEncoded = encodeMinimally(t.canonicalPath());
    RequestTarget again = RequestTarget.parse(view(reEncoded, null), ORIGIN, LIMITS);
    assertThat(again.isRejected()).as("rejected: %s", again.rejection()).isFalse();
    assertThat(again.canonicalPath()).isEqualTo(t.canonicalPath());
  }

  // --- reference encoders and decoders (test only; the hot path uses none of them) ---

  /** Percent-encodes only what a raw path may not hold: space and non-ASCII, as UTF-8. */
  private static String encodeMinimally(String canonical) {
    StringBuilder b = new StringBuilder();
    for (byte x : canonical.getBytes(StandardCharsets.UTF_8)) {
      int u = x & 0xFF;
      if (u == ' ' || u >= 0x80) {
        b.append('%').append(String.format("%02X", u));
      } else {
        b.append((char) u);
      }
    }
    return b.toString();
  }

  /** Percent-encodes every UTF-8 byte of {@code s}; lone surrogates become '?' by the JDK. */
  private static String encodeAll(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      b.append('%').append(String.format("%02x", x & 0xFF));
    }
    return b.toString();
  }

  /** %XX to bytes, then a REPORTing UTF-8 decoder; {@code null} when either step fails. */
  private static String strictDecode(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        try {
          bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        } catch (NumberFormatException e) {
          return null;
        }
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        return null;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
